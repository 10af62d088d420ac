"""Shared paths: the repository's fixture models and data. Missing files fail the tests (an
assertion), they never skip them."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "models" / "fixtures"
# The real-file NLLB-200 fixture (real tokenizer_config / special tokens, tiny random weights)
# and the summarizer tests/pipeline.rs uses for abstractive key points.
TRANSLATOR = FIXTURES / "nllb-200"
SUMMARIZER = FIXTURES / "bart"
SEED = REPO / "data" / "seed-article.bn.txt"
# RisingNews (CC BY-NC-SA): read at test time, never copied into the repository.
RISINGNEWS = REPO.parent / "shared" / "data" / "risingnews" / "RisingNews.test.bn"


def need(path: Path) -> Path:
    assert path.exists(), f"test data missing: {path}"
    return path


@pytest.fixture(scope="session")
def translator() -> Path:
    need(TRANSLATOR / "config.json")
    return TRANSLATOR


@pytest.fixture(scope="session")
def summarizer() -> Path:
    need(SUMMARIZER / "config.json")
    return SUMMARIZER


@pytest.fixture(scope="session")
def seed() -> str:
    return need(SEED).read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def risingnews_lines() -> list[str]:
    lines = need(RISINGNEWS).read_text(encoding="utf-8").splitlines()
    assert len(lines) >= 100, f"{RISINGNEWS}: {len(lines)} lines"
    return lines
