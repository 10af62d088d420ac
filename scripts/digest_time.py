#!/usr/bin/env python
"""Wall time of digesting the seed article with the NLLB-600M-shape int8 bench model at its
default settings, beside the same sentences through CTranslate2 int8, in one run.

Usage (the project venv's python; build the model first with models/make_bench_models.py --only nllb):
    python scripts/digest_time.py [--model .cache/bench/nllb-600m] [--reps 2]
        [--ct2-compute-type int8_float32] [--threads 2]

Three rows, each the median of `--reps` runs, alternated:
  1. `examples/digest <seed> --model <model> --quantized --json --quiet`: the whole user call
     (process start, model load, segmentation, translation, key points), wall seconds, plus the
     digest's own `timings` and what its integrity checks did. Random weights never emit EOS, so
     every piece runs to the model's `max_length` (generation_config.json: 200) and the pipeline
     re-splits and retries as it would on a real model that loops: more decoder work than row 2.
  2. CTranslate2 (`ctranslate2.Translator`, compute type `--ct2-compute-type`, intra_threads =
     `--threads`, converted from the same HF checkpoint) on the digest's sentences: greedy,
     `max_batch_size` 8 (the pipeline's batch size), eng_Latn as target prefix,
     `max_decoding_length` 199 (the same 200-token limit counting the decoder start token): wall
     seconds of load (imports included) + translation, and the tokens it generated.
  3. Like for like: the crate (`examples/bench_generate`) and CTranslate2 on the same sentences,
     batch 8, greedy, exactly 199 new tokens each (min = max), tokens/s of the generate calls.
The CPU (lscpu model name and SIMD flags) is printed first.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
from compare import BENCH, ORT_LIB, RUST_BIN, SEED, cpu_header, ct2_convert  # noqa: E402

SRC, TGT, MAX_NEW = "ben_Beng", "eng_Latn", 199


def env(threads):
    e = dict(os.environ)
    e.setdefault("ORT_DYLIB_PATH", str(ORT_LIB))
    e["OMP_NUM_THREADS"] = str(threads)
    e["TOKENIZERS_PARALLELISM"] = "false"
    return e


def timed(cmd, threads):
    t0 = time.perf_counter()
    p = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, env=env(threads))
    secs = time.perf_counter() - t0
    if p.returncode != 0:
        raise RuntimeError(f"{cmd[0]} failed (exit {p.returncode}): {p.stderr.strip()[-1500:]}")
    return p.stdout, secs


def ct2_child(args):
    """Runs in a child process: the CT2 side of rows 2 and 3; prints one JSON object."""
    t0 = time.perf_counter()
    import ctranslate2
    from transformers import AutoTokenizer
    job = json.loads(Path(args.job).read_text(encoding="utf-8"))
    tok = AutoTokenizer.from_pretrained(job["model"], src_lang=SRC)
    tr = ctranslate2.Translator(job["ct2_dir"], device="cpu", compute_type=job["compute_type"],
                                inter_threads=1, intra_threads=job["threads"])
    batch = [tok.convert_ids_to_tokens(tok(s).input_ids) for s in job["sentences"]]
    prefix = [[TGT]] * len(batch)
    t1 = time.perf_counter()
    res = tr.translate_batch(batch, beam_size=1, max_batch_size=8, target_prefix=prefix,
                             max_decoding_length=MAX_NEW, return_end_token=True)
    t2 = time.perf_counter()
    tokens = sum(len(r.hypotheses[0]) for r in res)
    t3 = time.perf_counter()
    fixed = tr.translate_batch(batch, beam_size=1, max_batch_size=8, target_prefix=prefix,
                               min_decoding_length=MAX_NEW, max_decoding_length=MAX_NEW,
                               return_end_token=True)
    t4 = time.perf_counter()
    print(json.dumps({"load_s": t1 - t0, "translate_s": t2 - t1, "tokens": tokens,
                      "fixed_tokens": sum(len(r.hypotheses[0]) for r in fixed), "fixed_s": t4 - t3}))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", type=Path, default=BENCH / "nllb-600m")
    ap.add_argument("--reps", type=int, default=2)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--ct2-compute-type", default="int8_float32",
                    choices=["int8", "int8_float32", "float32"])
    ap.add_argument("--ct2-child", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--job", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.ct2_child:
        return ct2_child(args)
    subprocess.run(["cargo", "build", "--release", "-q", "--example", "digest", "--example", "bench_generate"],
                   cwd=ROOT, check=True)
    quant = "float32" if args.ct2_compute_type == "float32" else "int8"
    ct2_dir = BENCH / f"{args.model.name}-ct2-{quant}"
    ct2_convert(BENCH / f"{args.model.name}-hf", ct2_dir, quant)
    print(cpu_header())
    digest_cmd = [str(RUST_BIN / "digest"), str(SEED), "--model", str(args.model), "--quantized",
                  "--json", "--quiet"]
    with tempfile.TemporaryDirectory() as tmp:
        out, _ = timed(digest_cmd, args.threads)  # warm-up (page cache), and the sentence list
        d = json.loads(out)
        sentences = [" ".join(s["source"].split()) for s in d["sentences"]]
        lines = Path(tmp) / "sentences.txt"
        lines.write_text("\n".join(sentences) + "\n", encoding="utf-8")
        job = Path(tmp) / "job.json"
        job.write_text(json.dumps({"model": str(args.model), "ct2_dir": str(ct2_dir), "threads": args.threads,
                                   "compute_type": args.ct2_compute_type, "sentences": sentences},
                                  ensure_ascii=False), encoding="utf-8")
        ct2_cmd = [sys.executable, str(Path(__file__).resolve()), "--ct2-child", "--job", str(job)]
        bench_cmd = [str(RUST_BIN / "bench_generate"), "--model", str(args.model), "--input", str(lines),
                     "--lines", "0", "--new-tokens", str(MAX_NEW), "--variant", "quantized",
                     "--batch-size", "8", "--threads", str(args.threads), "--src-lang", SRC, "--tgt-lang", TGT]
        rows = {"digest": [], "ct2": [], "bench": []}
        for rep in range(args.reps):
            order = [("digest", digest_cmd), ("ct2", ct2_cmd), ("bench", bench_cmd)]
            for name, cmd in (order if rep % 2 == 0 else order[::-1]):
                out, secs = timed(cmd, args.threads)
                if name == "digest":
                    dd = json.loads(out)
                    rows[name].append((secs, dd["timings"]))
                elif name == "ct2":
                    rows[name].append((secs, json.loads(out)))
                else:
                    rows[name].append((secs, [json.loads(x) for x in out.splitlines() if "tokens_per_s" in x][-1]))
                print(f"rep {rep + 1} {name}: {secs:.1f} s", file=sys.stderr, flush=True)
    kinds = {}
    for s in d["sentences"]:
        for w in s.get("warnings", []):
            kinds[w["kind"]] = kinds.get(w["kind"], 0) + 1
    med = lambda xs: statistics.median(xs)  # noqa: E731
    dig_wall = med([r[0] for r in rows["digest"]])
    dig_tr = med([r[1]["translate_ms"] for r in rows["digest"]]) / 1000
    # The child also runs row 3's fixed-length call: its wall is load + the first translation.
    ct2_wall = med([r[1]["load_s"] + r[1]["translate_s"] for r in rows["ct2"]])
    ct2_tr = med([r[1]["translate_s"] for r in rows["ct2"]])
    ct2_load = med([r[1]["load_s"] for r in rows["ct2"]])
    ct2_tokens = rows["ct2"][0][1]["tokens"]
    b_rate = med([r[1]["tokens_per_s"] for r in rows["bench"]])
    c_rate = med([r[1]["fixed_tokens"] / r[1]["fixed_s"] for r in rows["ct2"]])
    print(f"\n## Seed article ({len(sentences)} sentences), {args.model.name} int8, {args.threads} threads, "
          f"median of {args.reps}")
    print("| run | wall s | translation s | notes |\n|---|---:|---:|---|")
    print(f"| crate `digest --quantized` (whole call) | {dig_wall:.1f} | {dig_tr:.1f} | "
          f"warnings by kind: {json.dumps(kinds)} |")
    print(f"| CTranslate2 {args.ct2_compute_type}, same sentences (imports + load + translate) | {ct2_wall:.1f} | "
          f"{ct2_tr:.1f} | load {ct2_load:.1f} s, {ct2_tokens} tokens, no re-split or retry |")
    print("\n| like for like: batch 8, greedy, 199 new tokens per sentence | tok/s |\n|---|---:|")
    print(f"| crate int8 (`bench_generate`) | {b_rate:.1f} |\n| CTranslate2 {args.ct2_compute_type} | {c_rate:.1f} |")
    print(f"ratio_crate_vs_ct2_fixed={b_rate / c_rate:.2f}")


if __name__ == "__main__":
    main()
