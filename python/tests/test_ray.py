"""examples/ray_digest.py on a local Ray cluster (2 CPUs, 2 actors) over RisingNews
pseudo-articles written to a temporary directory, checked against the Rust pipeline (the
`digest` example with `--json`) on the same input and model."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
from pathlib import Path

import pytest

import bengali_digest

from conftest import REPO, need

ARTICLES = 8
MALFORMED = {
    "bad-number": {"id": "bad-number", "text": 42},
    "bad-null": {"id": "bad-null", "text": None},
    "bad-missing": {"id": "bad-missing"},
}
NOT_JSON = '{"id": "bad-json", "text": "unterminated'


def load_example():
    path = need(REPO / "examples" / "ray_digest.py")
    spec = importlib.util.spec_from_file_location("ray_digest", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def corpus(tmp_path_factory, risingnews_lines: list[str]) -> tuple[Path, dict[str, str]]:
    """8 pseudo-articles of 2-3 RisingNews sentences (2 paragraphs) + 4 malformed rows."""
    articles: dict[str, str] = {}
    at = 0
    for i in range(ARTICLES):
        n = 2 + i % 2
        lines = risingnews_lines[at : at + n]
        at += n
        articles[f"rn-{i:02d}"] = " ".join(lines[:-1]) + "\n" + lines[-1] + "\n"
    path = tmp_path_factory.mktemp("corpus") / "articles.jsonl"
    with path.open("w", encoding="utf-8") as f:
        for i, text in articles.items():
            f.write(json.dumps({"id": i, "text": text}, ensure_ascii=False) + "\n")
            if i == "rn-03":
                f.write(NOT_JSON + "\n")
                for row in MALFORMED.values():
                    f.write(json.dumps(row) + "\n")
    return path, articles


@pytest.fixture(scope="module")
def ray_output(corpus, translator: Path, tmp_path_factory) -> tuple[list[dict], dict]:
    import ray

    example = load_example()
    out = tmp_path_factory.mktemp("out") / "digests"
    args = example.parse_args(
        [
            str(corpus[0]),
            str(out),
            "--translator",
            str(translator),
            "--actors",
            "2",
            "--threads-per-actor",
            "1",
            "--articles-per-batch",
            "2",
        ]
    )
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    try:
        stats = example.run(args)
    finally:
        ray.shutdown()
    rows = []
    for f in sorted(out.iterdir()):
        rows += [json.loads(line) for line in f.read_text(encoding="utf-8").splitlines() if line]
    return rows, stats


@pytest.fixture(scope="module")
def digest_example() -> Path:
    """The Rust `digest` example, built as `cargo test` builds it: with the repository's own
    ORT_DYLIB_PATH (.cargo/config.toml), since ort's build script reruns when that variable
    changes and would rebuild the crate."""
    env = {k: v for k, v in os.environ.items() if k != "ORT_DYLIB_PATH"}
    r = subprocess.run(
        ["cargo", "build", "--quiet", "--example", "digest", "--message-format", "json"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert r.returncode == 0, r.stderr
    exe = [
        m["executable"]
        for m in map(json.loads, r.stdout.splitlines())
        if m.get("reason") == "compiler-artifact"
        and m.get("executable")
        and m["target"]["name"] == "digest"
    ]
    assert exe, r.stdout[-2000:]
    return Path(exe[-1])


def rust_digest(exe: Path, article: str, translator: Path, tmp_path: Path) -> dict:
    """The Rust pipeline's digest of `article` (the `digest` example, `--json`), run with the
    ONNX Runtime library the bindings use."""
    f = tmp_path / "article.txt"
    f.write_text(article, encoding="utf-8")
    r = subprocess.run(
        [str(exe), str(f), "--model", str(translator), "--json", "--quiet"],
        env=dict(os.environ),
        capture_output=True,
        text=True,
        check=False,
    )
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


def test_every_article_comes_out_once_with_its_id(ray_output, corpus):
    rows, stats = ray_output
    _, articles = corpus
    n_in = ARTICLES + len(MALFORMED) + 1
    assert len(rows) == n_in
    assert stats["articles"] == n_in and stats["failed"] == len(MALFORMED) + 1
    ids = [r["id"] for r in rows]
    assert sorted(i for i in ids if i is not None) == sorted([*articles, *MALFORMED])
    # The line that is not JSON has no id to keep; it is still a row, with its error.
    assert ids.count(None) == 1


def test_malformed_articles_are_reported_with_their_error(ray_output):
    rows, _ = ray_output
    by_id = {r["id"]: r for r in rows}
    assert by_id["bad-number"]["error_kind"] == "TypeError"
    assert by_id["bad-null"]["error_kind"] == "TypeError"
    assert by_id["bad-missing"]["error_kind"] == "KeyError"
    assert by_id[None]["error_kind"] == "JSONDecodeError"
    for r in (by_id[i] for i in [*MALFORMED, None]):
        assert r["ok"] is False and r["error"] and r["translation"] is None
        assert r["digest"] is None and r["key_points"] == []


def test_results_equal_the_rust_pipeline(
    ray_output, corpus, translator: Path, tmp_path: Path, digest_example: Path
):
    rows, _ = ray_output
    _, articles = corpus
    by_id = {r["id"]: r for r in rows}
    for i, text in articles.items():
        r = by_id[i]
        assert r["ok"] is True and r["error_kind"] is None, r
        ours = json.loads(r["digest"])
        rust = rust_digest(digest_example, text, translator, tmp_path)
        assert r["translation"] == rust["translation"], i
        assert r["key_points"] == [k["text"] for k in rust["key_points"]], i
        assert ours["sentences"] == rust["sentences"], i
        assert ours["key_points"] == rust["key_points"], i
        assert r["sentences"] == len(rust["sentences"]) >= 2


def test_the_bindings_found_onnxruntime():
    # Set by `import bengali_digest` (the onnxruntime wheel) unless given by the environment.
    assert bengali_digest is not None
    assert Path(os.environ["ORT_DYLIB_PATH"]).is_file()
