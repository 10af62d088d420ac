#!/usr/bin/env python3
"""Sentence-boundary P/R/F1 of this crate and of indic-nlp-library on the same text.

One command (from the repository root):

    /root/.venvs/seg/bin/python scripts/segment_eval.py

(the venv: `python3 -m venv /root/.venvs/seg && /root/.venvs/seg/bin/pip install indic-nlp-library`).

The documents come from `cargo run --release --example segment_eval -- --dump` (RisingNews
pseudo-articles, the same with '.' for the final '।', and the tricky-case tables of
`data/segment_tricky.tsv`; see that example's docs), with their right boundaries and the crate's.
indic-nlp-library's `sentence_split(text, lang="bn")` runs on the same texts. A boundary is where
a sentence other than the first starts, counted in characters before it other than whitespace,
quotes and brackets, so both systems are scored the same way whatever they do with spaces, and
a closing quote put at the start of the next sentence is not held against a system. The script also runs the example's
own scoring and checks it agrees with the crate's row here.
"""

import argparse
import collections
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


QUOTES_AND_BRACKETS = "\"'“”‘’«»‹›()[]{}"


def solid(s, strict=False):
    """Characters that count for a boundary's position (as in examples/segment_eval.rs)."""
    return sum(1 for c in s if not c.isspace() and (strict or c not in QUOTES_AND_BRACKETS))


def boundaries(sentences, strict):
    """Start positions of all sentences but the first. A "sentence" of only quotes or brackets
    (a closing quote split off at the end) adds no boundary of its own."""
    total = solid("".join(sentences), strict)
    out, at = [], 0
    for s in sentences[:-1]:
        at += solid(s, strict)
        if 0 < at < total and (not out or out[-1] != at):
            out.append(at)
    return out


class Score:
    def __init__(self):
        self.docs = self.exact = self.tp = self.gold = self.pred = 0

    def add(self, gold, pred):
        self.docs += 1
        self.exact += gold == pred
        g = set(gold)
        self.tp += sum(1 for p in pred if p in g)
        self.gold += len(gold)
        self.pred += len(pred)

    def prf(self):
        p = self.tp / max(self.pred, 1)
        r = self.tp / max(self.gold, 1)
        f = 2 * p * r / (p + r) if p + r else 0.0
        return p, r, f


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--lines", type=int, default=10, help="lines per pseudo-article")
    ap.add_argument("--strict", action="store_true",
                    help="count quotes and brackets in boundary positions (a closing quote moved to the next sentence is an error)")
    ap.add_argument("--show-errors", type=int, default=0, help="print N documents each system gets wrong")
    args = ap.parse_args()

    try:
        from indicnlp.tokenize import sentence_tokenize
    except ImportError:
        sys.exit("indic-nlp-library is not installed: /root/.venvs/seg/bin/pip install indic-nlp-library")

    cargo = ["cargo", "run", "-q", "--release", "--example", "segment_eval", "--", "--lines", str(args.lines)]
    if args.strict:
        cargo.append("--strict")
    own = subprocess.run(cargo, cwd=ROOT, check=True, capture_output=True, text=True).stdout
    dump = subprocess.run(cargo + ["--dump"], cwd=ROOT, check=True, capture_output=True, text=True).stdout
    docs = [json.loads(l) for l in dump.splitlines() if l.strip()]
    if not docs:
        sys.exit("segment_eval --dump gave no documents")

    systems = ("bengali-digest", "indic-nlp-library")
    scores = collections.defaultdict(lambda: {s: Score() for s in systems})
    errors = {s: [] for s in systems}
    lost = 0
    for d in docs:
        text = d["text"]
        sents = sentence_tokenize.sentence_split(text, lang="bn")
        if solid("".join(sents)) != solid(text):
            lost += 1
        preds = {"bengali-digest": d["crate"], "indic-nlp-library": boundaries(sents, args.strict)}
        groups = [d["set"]] + (["tricky (all)"] if d["set"].startswith("tricky/") else [])
        for s in systems:
            for g in groups:
                scores[g][s].add(d["gold"], preds[s])
            if preds[s] != d["gold"]:
                errors[s].append((d["set"], text, d["gold"], preds[s]))

    strict = ", strict" if args.strict else ""
    print(f"Sentence-boundary scores on the same text ({args.lines} lines per pseudo-article{strict})")
    print(f"{'set':<24} {'docs':>5} {'bounds':>6}   {'bengali-digest P/R/F1':>22} {'exact':>7}   {'indic-nlp-library P/R/F1':>24} {'exact':>7}")
    order = sorted(k for k in scores if k.startswith("risingnews")) + sorted(
        k for k in scores if k.startswith("tricky/")) + ["tricky (all)"]
    for g in order:
        row = scores[g]
        a, b = row[systems[0]], row[systems[1]]
        pa, ra, fa = a.prf()
        pb, rb, fb = b.prf()
        print(f"{g:<24} {a.docs:>5} {a.gold:>6}   {pa:6.3f} {ra:6.3f} {fa:6.3f}  {a.exact:>3}/{a.docs:<3}   "
              f"{pb:6.3f} {rb:6.3f} {fb:6.3f}    {b.exact:>3}/{b.docs:<3}")
    if lost:
        print(f"note: indic-nlp-library changed the non-space text of {lost} documents")

    # The example's own scores must agree with the crate's row here (same definition).
    for line in own.splitlines():
        parts = line.split()
        if parts and parts[0] in scores and len(parts) >= 6:
            f_own = float(parts[5])
            f_here = scores[parts[0]][systems[0]].prf()[2]
            if abs(f_own - f_here) > 5e-4:
                sys.exit(f"disagreement on {parts[0]}: example F1 {f_own} vs {f_here:.3f}")
    for s in systems:
        for set_, text, gold, pred in errors[s][: args.show_errors]:
            print(f"\n[{s}] {set_}: gold {gold} pred {pred}\n  {text}")


if __name__ == "__main__":
    main()
