"""The Python bindings on the repository's fixture models (tiny random weights: the English is
meaningless, structure and agreement with the Rust API are what is tested)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

import bengali_digest
from bengali_digest import BengaliDigestError, Pipeline

# Short outputs keep the random-weight decoder fast; the Ray test runs the model defaults.
MAX_NEW_TOKENS = 16


@pytest.fixture(scope="module")
def pipeline(translator: Path, summarizer: Path) -> Pipeline:
    return Pipeline(
        translator,
        summarizer,
        max_new_tokens=MAX_NEW_TOKENS,
        key_points=3,
        threads=1,
        src_lang="ben_Beng",
        tgt_lang="eng_Latn",
    )


@pytest.fixture(scope="module")
def seed_digest(pipeline: Pipeline, seed: str) -> dict:
    return pipeline.digest(seed)


def without_timings(d: dict) -> dict:
    return {k: v for k, v in d.items() if k != "timings"}


def test_digest_is_the_serde_digest_as_plain_python_data(seed_digest: dict, seed: str):
    d = seed_digest
    assert set(d) == {"translation", "sentences", "key_points", "models", "timings"}
    # Plain data: JSON round trip gives it back unchanged.
    assert json.loads(json.dumps(d)) == d
    # tests/text_segment.rs hand-checked count for the seed article.
    assert len(d["sentences"]) == 24
    for i, s in enumerate(d["sentences"]):
        assert s["id"] == i
        assert set(s["span"]) == {"start", "end"}
        assert s["english"], f"sentence {i} has a translation"
        assert isinstance(s["warnings"], list)
        # The span is a byte range of the original article.
        assert seed.encode()[s["span"]["start"] : s["span"]["end"]].decode()
    assert 1 <= len(d["key_points"]) <= 3
    assert "bart" in d["models"]["key_points"]
    assert "nllb-200" in d["models"]["translator"]
    assert set(d["timings"]) == {"text_ms", "translate_ms", "key_points_ms"}
    for k in d["key_points"]:
        assert all(0 <= i < 24 for i in k["sentences"])
        for w in k["warnings"]:
            assert isinstance(w["kind"], str)


def test_digest_is_deterministic(pipeline: Pipeline, seed: str, seed_digest: dict):
    assert without_timings(pipeline.digest(seed)) == without_timings(seed_digest)


def test_translate_article_mirrors_the_rust_method(
    pipeline: Pipeline, seed: str, seed_digest: dict
):
    pairs = pipeline.translate(seed)
    assert pairs == [(s["source"], s["english"]) for s in seed_digest["sentences"]]


def test_translate_sentences_gives_one_english_per_item(pipeline: Pipeline, seed_digest: dict):
    sources = [s["source"] for s in seed_digest["sentences"][:3]]
    english = pipeline.translate(sources)
    assert english == [s["english"] for s in seed_digest["sentences"][:3]]
    assert pipeline.translate([]) == []
    with pytest.raises(TypeError):
        pipeline.translate(42)  # type: ignore[call-overload]


def test_stream_gives_the_digest_paragraph_by_paragraph(
    pipeline: Pipeline, seed: str, seed_digest: dict, tmp_path: Path
):
    path = tmp_path / "seed.txt"
    path.write_text(seed, encoding="utf-8")
    stream = pipeline.stream(path)
    paragraphs = list(stream)
    summary = stream.finish()
    assert [p["paragraph"] for p in paragraphs] == list(range(len(paragraphs)))
    assert all(not p["continues"] for p in paragraphs)
    sentences = [s for p in paragraphs for s in p["sentences"]]
    assert sentences == seed_digest["sentences"]
    assert summary["sentences"] == 24
    assert summary["paragraphs"] == len(paragraphs)
    assert summary["bytes"] == len(seed.encode())
    assert summary["key_points"] == seed_digest["key_points"]
    assert summary["models"] == seed_digest["models"]
    with pytest.raises(BengaliDigestError):
        stream.finish()


def test_stream_finish_before_iterating_digests_the_whole_file(
    pipeline: Pipeline, seed: str, seed_digest: dict, tmp_path: Path
):
    path = tmp_path / "seed.txt"
    path.write_text(seed, encoding="utf-8")
    summary = pipeline.stream(str(path)).finish()
    assert summary["sentences"] == 24
    assert summary["key_points"] == seed_digest["key_points"]


def test_stream_errors_carry_their_kind(pipeline: Pipeline, tmp_path: Path):
    with pytest.raises(BengaliDigestError) as e:
        pipeline.stream(tmp_path / "absent.txt")
    assert e.value.kind == "Io"
    assert "absent.txt" in e.value.message and str(e.value) == e.value.message
    bad = tmp_path / "bad.txt"
    bad.write_bytes("ভালো।\n".encode() + b"\xff\xfe broken\n")
    with pytest.raises(BengaliDigestError) as e:
        list(pipeline.stream(bad))
    assert e.value.kind == "InvalidInput"
    assert "UTF-8" in e.value.message


def test_empty_article_gives_an_empty_digest(pipeline: Pipeline):
    d = pipeline.digest("  \n\n ")
    assert d["sentences"] == [] and d["key_points"] == [] and d["translation"] == ""


def test_non_string_text_is_a_type_error(pipeline: Pipeline):
    with pytest.raises(TypeError):
        pipeline.digest(None)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        pipeline.digest(b"bytes")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "kwargs, kind",
    [
        ({"num_beams": 0}, "InvalidSetting"),
        ({"max_new_tokens": 0}, "InvalidSetting"),
        ({"window_bytes": 10}, "InvalidSetting"),
        ({"tgt_lang": "xx_Nope"}, "UnknownLanguage"),
        # The NLLB fixture has no shortlist.json.
        ({"shortlist": True}, "MissingFile"),
    ],
)
def test_builder_errors_carry_the_variant_name(translator: Path, kwargs: dict, kind: str):
    with pytest.raises(BengaliDigestError) as e:
        Pipeline(translator, **kwargs)
    assert e.value.kind == kind, e.value.message
    assert isinstance(e.value, Exception)


def test_missing_model_directory(tmp_path: Path):
    with pytest.raises(BengaliDigestError) as e:
        Pipeline(tmp_path / "no-such-model")
    assert e.value.kind == "MissingFile"


def test_negative_option_is_a_python_error(translator: Path):
    with pytest.raises(OverflowError):
        Pipeline(translator, batch_size=-1)


def test_progress_callback(translator: Path, seed: str):
    calls: list[tuple[int, int]] = []
    p = Pipeline(translator, max_new_tokens=4, progress=lambda d, t: calls.append((d, t)))
    p.digest(seed)
    assert calls and calls[-1][0] == calls[-1][1] >= 24
    assert all(d <= t for d, t in calls)


def test_inference_releases_the_gil(pipeline: Pipeline, seed: str):
    """A pure-Python loop keeps running while another thread digests: the GIL is released
    during inference (held throughout, the loop would stall until the digest returns)."""
    done = threading.Event()
    result: list[dict] = []

    def work():
        result.append(pipeline.digest(seed))
        done.set()

    t = threading.Thread(target=work)
    start = time.perf_counter()
    t.start()
    ticks = 0
    while not done.is_set():
        ticks += 1
        time.sleep(0)
    t.join()
    elapsed = time.perf_counter() - start
    assert result and len(result[0]["sentences"]) == 24
    # Under a held GIL the loop gets a tick per switch interval (5 ms) at most.
    assert ticks > 10 * (elapsed / 0.005), (ticks, elapsed)


def test_one_pipeline_serves_threads(pipeline: Pipeline, seed_digest: dict):
    sources = [s["source"] for s in seed_digest["sentences"][:6]]
    out: dict[int, list[str]] = {}

    def work(i: int):
        out[i] = pipeline.translate(sources[i::2])

    threads = [threading.Thread(target=work, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    expected = [s["english"] for s in seed_digest["sentences"][:6]]
    assert out[0] == expected[0::2] and out[1] == expected[1::2]


def test_onnxruntime_comes_from_the_wheel(translator: Path):
    """In a fresh process without ORT_DYLIB_PATH, importing the package points the crate at
    the onnxruntime wheel's library, and a pipeline loads with it."""
    env = {k: v for k, v in os.environ.items() if k != "ORT_DYLIB_PATH"}
    code = (
        "import os, bengali_digest, onnxruntime, pathlib;"
        "lib = pathlib.Path(os.environ['ORT_DYLIB_PATH']);"
        "assert lib.is_file(), lib;"
        "assert lib.parent == pathlib.Path(onnxruntime.__file__).parent / 'capi', lib;"
        f"bengali_digest.Pipeline({str(translator)!r}, max_new_tokens=2);"
        "print(lib.name)"
    )
    r = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("libonnxruntime")


def test_runtime_error_kind_for_a_missing_library(translator: Path):
    env = dict(os.environ, ORT_DYLIB_PATH="/nonexistent/libonnxruntime.so")
    code = (
        "import bengali_digest\n"
        "try:\n"
        f"    bengali_digest.Pipeline({str(translator)!r})\n"
        "except bengali_digest.BengaliDigestError as e:\n"
        "    print(e.kind)\n"
    )
    r = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "Runtime"


def test_package_ships_type_stubs():
    root = Path(bengali_digest.__file__).parent
    assert (root / "py.typed").is_file()
    stub = (root / "__init__.pyi").read_text(encoding="utf-8")
    for name in (
        "class Pipeline",
        "def digest",
        "def translate",
        "def stream",
        "class BengaliDigestError",
    ):
        assert name in stub
