#!/usr/bin/env python
"""Goldens for the slow (SentencePiece-only) tokenizers: every line of RisingNews test, both sides.

Usage: /root/.venvs/bd/bin/python models/make_tokenizer_goldens.py

For each tokenizer folder below, loads transformers' own slow class
(MarianTokenizer, M2M100Tokenizer, T5Tokenizer `.from_pretrained(dir)` on a copy of the slow
files only) and writes `models/fixtures/tokenizers/<name>.jsonl`, one object per RisingNews test
line and side (1000 Bengali + 1000 English lines):

  {"side": "bn", "line": 0, "ids": [...], "decoded": "=" | "<text>",
   "target_ids": [...], "target_decoded": ...}   # target_*: Marian only (text_target=)

- `ids`: `tokenizer(text).input_ids` (M2M100 with `tokenizer.src_lang` = the line's language).
- `decoded`: `tokenizer.decode(ids, skip_special_tokens=True)`; "=" when it equals the line
  (the corpus, CC BY-NC-SA, is not copied into the repository).
- `target_ids` / `target_decoded`: Marian's target side (`tokenizer(text_target=text)`), decoded
  with `target.spm` as generated ids are.

The Rust test `tests/tokenizer_slow.rs` reads the same lines from ../shared and must produce the
same ids and texts.
"""
import json
import shutil
import sys
import tempfile
from pathlib import Path

from transformers import M2M100Tokenizer, MarianTokenizer, T5Tokenizer

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SHARED = ROOT.parent / "shared"
OUT = HERE / "fixtures" / "tokenizers"
DATA = SHARED / "data" / "risingnews"

# name -> (folder, files to copy, language codes per side or None, transformers' slow class)
FOLDERS = {
    # Real Hub files of a Marian model (no Bengali in its source.spm: a stress test of unknowns).
    "opus-mt-zh-en": (SHARED / "hub-files" / "Helsinki-NLP--opus-mt-zh-en",
                      ["source.spm", "target.spm", "vocab.json", "tokenizer_config.json"], None,
                      MarianTokenizer),
    # Real Hub files of M2M100 (slow-only on the Hub).
    "m2m100_418M": (SHARED / "hub-files" / "facebook--m2m100_418M",
                    ["sentencepiece.bpe.model", "vocab.json", "added_tokens.json",
                     "tokenizer_config.json", "special_tokens_map.json"], {"bn": "bn", "en": "en"},
                    M2M100Tokenizer),
    # Real t5-small spiece.model, without its tokenizer.json: the slow T5Tokenizer path.
    "t5-small": (SHARED / "hub-files" / "google-t5--t5-small",
                 ["spiece.model", "tokenizer_config.json", "special_tokens_map.json"], None,
                 T5Tokenizer),
    # The fixtures' own slow-only folders (BanglaNMT spm models in the Marian / T5 layouts).
    "opus-mt-bn-en": (HERE / "fixtures" / "opus-mt-bn-en",
                      ["source.spm", "target.spm", "vocab.json", "tokenizer_config.json",
                       "special_tokens_map.json"], None, MarianTokenizer),
    "banglat5": (HERE / "fixtures" / "banglat5",
                 ["spiece.model", "tokenizer_config.json", "special_tokens_map.json"], None,
                 T5Tokenizer),
}


def lines(side):
    return (DATA / f"RisingNews.test.{side}").read_text(encoding="utf-8").split("\n")[:1000]


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    only = sys.argv[1:]
    for name, (folder, files, langs, cls) in FOLDERS.items():
        if only and name not in only:
            continue
        if not folder.is_dir():
            print(f"[{name}] skipped: {folder} does not exist yet", file=sys.stderr)
            continue
        with tempfile.TemporaryDirectory() as tmp:
            for f in files:
                if (folder / f).is_file():
                    shutil.copy(folder / f, tmp)
            tok = cls.from_pretrained(tmp)
            is_marian = type(tok).__name__ == "MarianTokenizer"
            rows = []
            for side in ("bn", "en"):
                for i, text in enumerate(lines(side)):
                    if langs:
                        tok.src_lang = langs[side]
                    ids = tok(text).input_ids
                    dec = tok.decode(ids, skip_special_tokens=True)
                    row = {"side": side, "line": i, "ids": ids, "decoded": "=" if dec == text else dec}
                    if is_marian:
                        tids = tok(text_target=text).input_ids
                        tdec = tok.decode(tids, skip_special_tokens=True)
                        row["target_ids"] = tids
                        row["target_decoded"] = "=" if tdec == text else tdec
                    rows.append(row)
            meta = {"name": name, "class": type(tok).__name__, "files": files,
                    "folder": str(folder.relative_to(ROOT.parent)), "langs": langs,
                    "len": len(tok), "vocab_size": tok.vocab_size}
            with open(OUT / f"{name}.jsonl", "w", encoding="utf-8") as fh:
                fh.write(json.dumps(meta, ensure_ascii=False) + "\n")
                for r in rows:
                    fh.write(json.dumps(r, ensure_ascii=False, separators=(",", ":")) + "\n")
            same = sum(1 for r in rows if r["decoded"] == "=")
            print(f"[{name}] {type(tok).__name__}: {len(rows)} lines, {same} decode to the input")


if __name__ == "__main__":
    main()
