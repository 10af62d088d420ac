#!/usr/bin/env python3
"""Digest a corpus of Bengali news articles with Ray Data: one `bengali_digest.Pipeline` per
actor (the models load once per actor), `map_batches` over an actor pool.

Input: JSON Lines (`{"id": ..., "text": ...}` per line) or Parquet (columns `id`, `text`).
Output: one row per input article, always, with its id:

    id, ok, error_kind, error, sentences, translation, key_points, digest

`digest` is the full serde `Digest` as a JSON string; `error_kind` is the crate's error variant
(`InvalidInput`, `Onnx`, ...) or the Python exception's name (`TypeError` for a non-string
text, `JSONDecodeError` for a line that is not JSON, `KeyError` for a missing field).

    pip install bengali-digest "ray[data]" pyarrow
    python examples/ray_digest.py corpus.jsonl out/ --translator DIR --actors 2 \
        --threads-per-actor 1

On a cluster: `--ray-address auto` (or set RAY_ADDRESS), model directories on storage every
node can read at the same path (see python/README.md, "Scale out with Ray").
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from typing import Any

OUTPUT_COLUMNS = (
    "id",
    "ok",
    "error_kind",
    "error",
    "sentences",
    "translation",
    "key_points",
    "digest",
)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        description="Digest a corpus of Bengali articles (JSON Lines or Parquet) with Ray Data",
    )
    p.add_argument("input", help="corpus: a .jsonl/.json file or a .parquet file / directory")
    p.add_argument("output", help="output directory (created)")
    p.add_argument(
        "--input-format",
        choices=["auto", "jsonl", "parquet"],
        default="auto",
        help="default: from the input's extension (.parquet or a directory -> parquet)",
    )
    p.add_argument("--output-format", choices=["jsonl", "parquet"], default="jsonl")
    m = p.add_argument_group("model (bengali_digest.Pipeline options)")
    m.add_argument("--translator", required=True, help="model directory (or Hub id)")
    m.add_argument("--summarizer", help="English summarizer directory (abstractive key points)")
    m.add_argument("--src-lang")
    m.add_argument("--tgt-lang")
    m.add_argument("--num-beams", type=int)
    m.add_argument("--max-new-tokens", type=int)
    m.add_argument("--batch-size", type=int, help="sentences per model call (default 8)")
    m.add_argument("--key-points", type=int, help="key points per article (default 5)")
    m.add_argument("--quantized", action="store_true", help="prefer *_quantized.onnx files")
    m.add_argument("--shortlist", action="store_true", help="use the vocabulary shortlist")
    r = p.add_argument_group("Ray")
    r.add_argument("--actors", type=int, default=1, help="Pipeline actors (default 1)")
    r.add_argument(
        "--threads-per-actor",
        type=int,
        default=1,
        help="ONNX Runtime intra-op threads per actor, also the CPUs Ray reserves for each",
    )
    r.add_argument(
        "--articles-per-batch", type=int, default=4, help="articles per map_batches call"
    )
    r.add_argument("--ray-address", help="existing cluster (`auto`); default: a local one")
    r.add_argument("--num-cpus", type=int, help="CPUs of the local cluster (default: all)")
    return p.parse_args(argv)


def pipeline_kwargs(args: argparse.Namespace) -> dict[str, Any]:
    """`bengali_digest.Pipeline` keyword arguments from the command line."""
    kw: dict[str, Any] = {
        "translator": args.translator,
        "summarizer": args.summarizer,
        "threads": args.threads_per_actor,
        "prefer_quantized": args.quantized,
        "shortlist": args.shortlist,
    }
    for name in ("src_lang", "tgt_lang", "num_beams", "max_new_tokens", "batch_size", "key_points"):
        value = getattr(args, name)
        if value is not None:
            kw[name] = value
    return kw


def error_of(e: BaseException) -> tuple[str, str]:
    """(kind, message): the crate's error variant, else the Python exception's class name."""
    kind = getattr(e, "kind", None)
    if isinstance(kind, str):
        return kind, getattr(e, "message", str(e))
    return type(e).__name__, str(e)


def digest_row(pipeline: Any, article: Any) -> dict[str, Any]:
    """One output row for one input article (a dict, or a JSON Lines line); never raises."""
    row: dict[str, Any] = {c: None for c in OUTPUT_COLUMNS}
    row.update(ok=False, sentences=0, key_points=[])
    try:
        if isinstance(article, str):
            article = json.loads(article)
        if not isinstance(article, dict):
            raise TypeError(
                f"an article is an object with id and text, got {type(article).__name__}"
            )
        row["id"] = None if article.get("id") is None else str(article.get("id"))
        d = pipeline.digest(article["text"])
    except Exception as e:  # noqa: BLE001 -- every failure becomes a row, none is dropped
        row["error_kind"], row["error"] = error_of(e)
        return row
    row.update(
        ok=True,
        sentences=len(d["sentences"]),
        translation=d["translation"],
        key_points=[k["text"] for k in d["key_points"]],
        digest=json.dumps(d, ensure_ascii=False),
    )
    return row


class Digester:
    """A Ray Data actor: one Pipeline, loaded once, serving every batch sent to it."""

    def __init__(self, kwargs: dict[str, Any]):
        from bengali_digest import Pipeline

        self.pipeline = Pipeline(**kwargs)

    def __call__(self, batch: dict[str, Any]) -> dict[str, list[Any]]:
        if "line" in batch:  # JSON Lines, parsed here so a malformed line is a row too
            articles = list(batch["line"])
        else:
            ids, texts = batch["id"], batch["text"]
            articles = [{"id": i, "text": t} for i, t in zip(ids, texts)]
        rows = [digest_row(self.pipeline, a) for a in articles]
        return {c: [r[c] for r in rows] for c in OUTPUT_COLUMNS}


def read_corpus(args: argparse.Namespace):
    import ray.data

    fmt = args.input_format
    if fmt == "auto":
        fmt = "parquet" if args.input.endswith(".parquet") or os.path.isdir(args.input) else "jsonl"
    # Reading is I/O: its tasks reserve no CPU, so that actors x threads may take every core
    # (with a CPU each, the read waits for a core the actors hold and the job never starts).
    if fmt == "parquet":
        return ray.data.read_parquet(args.input, columns=["id", "text"], num_cpus=0)
    # Lines as text, parsed per row in the actor: pyarrow's JSON reader would fail the whole
    # file on one malformed line or a `text` that is not a string.
    ds = ray.data.read_text(args.input, drop_empty_lines=True, num_cpus=0)
    return ds.rename_columns({"text": "line"})


def run(args: argparse.Namespace) -> dict[str, Any]:
    """Runs the job (Ray must be initialised): one streaming pass read -> digest -> write;
    returns counts and throughput, read back from the written rows."""
    import ray.data

    ds = read_corpus(args)
    out = ds.map_batches(
        Digester,
        fn_constructor_kwargs={"kwargs": pipeline_kwargs(args)},
        batch_size=args.articles_per_batch,
        batch_format="numpy",
        compute=ray.data.ActorPoolStrategy(size=args.actors),
        num_cpus=args.threads_per_actor,
    )
    t0 = time.perf_counter()
    # Writing is I/O too: no CPU reserved (see read_corpus).
    if args.output_format == "parquet":
        out.write_parquet(args.output, ray_remote_args={"num_cpus": 0})
    else:
        out.write_json(args.output, ray_remote_args={"num_cpus": 0}, force_ascii=False)
    seconds = time.perf_counter() - t0
    stats = {"articles": 0, "failed": 0, "sentences": 0}
    for row in read_output(args.output, args.output_format):
        stats["articles"] += 1
        stats["failed"] += 0 if row["ok"] else 1
        stats["sentences"] += row["sentences"] or 0
    stats["seconds"] = seconds
    stats["articles_per_s"] = stats["articles"] / seconds if seconds > 0 else 0.0
    stats["sentences_per_s"] = stats["sentences"] / seconds if seconds > 0 else 0.0
    return stats


def read_output(path: str, fmt: str):
    """The `ok` and `sentences` of every written row (driver side, column by column)."""
    import pyarrow.parquet as pq

    for name in sorted(os.listdir(path)):
        f = os.path.join(path, name)
        if fmt == "parquet" and name.endswith(".parquet"):
            table = pq.read_table(f, columns=["ok", "sentences"])
            yield from table.to_pylist()
        elif fmt == "jsonl" and name.endswith(".json"):
            with open(f, encoding="utf-8") as lines:
                for line in lines:
                    if line.strip():
                        row = json.loads(line)
                        yield {"ok": row["ok"], "sentences": row["sentences"]}


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    import ray

    ray.init(address=args.ray_address, num_cpus=args.num_cpus, include_dashboard=False)
    try:
        stats = run(args)
    finally:
        ray.shutdown()
    print(json.dumps(stats), file=sys.stderr)
    print(
        f"{stats['articles']} articles ({stats['failed']} failed), {stats['sentences']} sentences "
        f"in {stats['seconds']:.1f} s: {stats['articles_per_s']:.2f} articles/s, "
        f"{stats['sentences_per_s']:.2f} sentences/s -> {args.output}",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
