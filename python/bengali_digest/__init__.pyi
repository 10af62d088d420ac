"""Type stubs of ``bengali_digest`` (the PyO3 module ``bengali_digest._native``).

Dicts are the serde JSON of the Rust types (``Digest``, ``ParagraphDigest``,
``StreamSummary``), described here as ``TypedDict``s.
"""

import os
from collections.abc import Callable, Iterator, Sequence
from typing import Any, Literal, TypedDict, overload

__version__: str

class Span(TypedDict):
    """Byte range in the original article (Rust ``Range<usize>``)."""

    start: int
    end: int

class Warning(TypedDict, total=False):
    """A typed warning; ``kind`` names it (``number_missing``, ``split``, ``length``, ...);
    the other keys depend on the kind (``sentence``, ``key_point``, ``value``, ``source``...)."""

    kind: str
    sentence: int
    key_point: int

class SentenceDigest(TypedDict):
    id: int
    paragraph: int
    source: str
    span: Span
    english: str
    warnings: list[dict[str, Any]]

class KeyPoint(TypedDict):
    text: str
    sentences: list[int]
    warnings: list[dict[str, Any]]

class Timings(TypedDict):
    """Wall time per stage, milliseconds."""

    text_ms: float
    translate_ms: float
    key_points_ms: float

class _ModelsBase(TypedDict):
    translator: str
    key_points: str

class Models(_ModelsBase, total=False):
    shortlist: int

class Digest(TypedDict):
    translation: str
    sentences: list[SentenceDigest]
    key_points: list[KeyPoint]
    models: Models
    timings: Timings

class ParagraphDigest(TypedDict):
    paragraph: int
    continues: bool
    sentences: list[SentenceDigest]

class StreamSummary(TypedDict):
    bytes: int
    sentences: int
    paragraphs: int
    key_points: list[KeyPoint]
    models: Models
    timings: Timings

ErrorKind = Literal[
    "InvalidInput",
    "InvalidSetting",
    "Io",
    "ModelDir",
    "MissingFile",
    "Config",
    "InputTooLong",
    "UnknownLanguage",
    "TokenOutOfVocabulary",
    "Onnx",
    "Download",
    "MissingInRepo",
    "Runtime",
]

class BengaliDigestError(Exception):
    """Any error of the Rust crate. ``kind``: the ``bengali_digest::Error`` variant name
    (a variant added later keeps its own name, hence ``str``); ``message``: its text."""

    kind: ErrorKind | str
    message: str

class DigestStream(Iterator[ParagraphDigest]):
    """Paragraph digests of a file in order, each as soon as its window is translated."""

    def __iter__(self) -> DigestStream: ...
    def __next__(self) -> ParagraphDigest: ...
    def finish(self) -> StreamSummary:
        """Key points over the whole file, counts, models, timings. Paragraphs not yet
        iterated are digested and discarded first. Raises ``BengaliDigestError``."""

class Pipeline:
    """A loaded translator (+ optional summarizer). Thread-safe; inference releases the GIL.

    ``translator`` / ``summarizer``: a model directory (Hugging Face ONNX export) or a Hub id
    (Hub ids need the crate's ``hub`` feature). Options left at ``None`` take the model's
    own ``generation_config.json`` / the crate's defaults (batch 8, 5 key points, 64 KiB
    window). Raises ``BengaliDigestError`` (``InvalidSetting``, ``ModelDir``,
    ``MissingFile``, ``Config``, ``UnknownLanguage``, ``Onnx``, ``Runtime``, ...).
    """

    def __init__(
        self,
        translator: str | os.PathLike[str],
        summarizer: str | os.PathLike[str] | None = None,
        *,
        src_lang: str | None = None,
        tgt_lang: str | None = None,
        num_beams: int | None = None,
        max_new_tokens: int | None = None,
        batch_size: int | None = None,
        threads: int | None = None,
        key_points: int | None = None,
        prefer_quantized: bool = False,
        shortlist: bool = False,
        window_bytes: int | None = None,
        progress: Callable[[int, int], object] | None = None,
    ) -> None: ...
    def digest(self, text: str) -> Digest:
        """Translation, sentences, key points of one article (the serde ``Digest``)."""

    @overload
    def translate(self, text: str) -> list[tuple[str, str]]:
        """An article → ``(source sentence, English)`` pairs, sentence-aligned."""

    @overload
    def translate(self, text: Sequence[str]) -> list[str]:
        """Sentences → one English string each (each item translated on its own)."""

    def stream(self, path: str | os.PathLike[str]) -> DigestStream:
        """Digest a UTF-8 file window by window, in bounded memory."""
