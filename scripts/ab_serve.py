#!/usr/bin/env python
"""Paired A/B of two builds of the crate's `bench_generate` (e.g. before and after a change), the
way `compare.py` pairs engines: both binaries are loaded once (`--serve`), then every rep runs
cell by cell, A and B back to back on the same cell in an order alternated by rep and cell, so a
slow spell of the machine lands on both sides of a pair. Prints per cell the medians and the
paired ratio B/A: median (min–max) over the reps, and the CPU (model and SIMD flags) it ran on.

Usage (build each side first, e.g. `git stash; cargo build --release --example bench_generate;
cp target/release/examples/bench_generate /tmp/bg_a; git stash pop; cargo build ...`):
    python scripts/ab_serve.py --a /tmp/bg_a --b target/release/examples/bench_generate \\
        --model .cache/bench/marian-base --cells 1x1,1x4,8x1,8x4,16x1,16x4 --reps 6

Workload: the first `--lines` lines of RisingNews.test.bn (Bengali source; for NLLB the crate
forces eng_Latn), n = min(ceil(`--factor` × source tokens), `--cap`) new tokens per line, int8
files (`--variant quantized`), `--threads` intra-op threads on both sides.
"""
import argparse
import json
import os
import statistics
import subprocess
import time
from pathlib import Path

# scripts/ is on sys.path when this runs as a script: the harness's paths and CPU header.
from compare import DATA, ORT_LIB, ROOT, cpu_header


def start(binary, args):
    env = dict(os.environ)
    env.setdefault("ORT_DYLIB_PATH", str(ORT_LIB))
    cmd = [str(binary), "--model", str(args.model), "--variant", "quantized",
           "--input", str(args.input), "--lines", str(args.lines),
           "--new-tokens-factor", str(args.factor), "--new-tokens-cap", str(args.cap),
           "--threads", str(args.threads), "--serve"]
    p = subprocess.Popen(cmd, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         stderr=subprocess.DEVNULL, text=True)
    first = p.stdout.readline()
    if not first:
        raise SystemExit(f"{binary}: exited before loading (run it by hand to see why)")
    return p


def cell(p, batch, beams):
    p.stdin.write(f"{batch} {beams}\n")
    p.stdin.flush()
    line = p.stdout.readline()
    if not line:
        raise SystemExit("a bench_generate process ended early")
    return json.loads(line)["tokens_per_s"]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--a", type=Path, required=True, help="bench_generate binary A (baseline)")
    ap.add_argument("--b", type=Path, required=True, help="bench_generate binary B (the change)")
    ap.add_argument("--model", type=Path, default=ROOT / ".cache" / "bench" / "marian-base")
    ap.add_argument("--input", type=Path, default=DATA / "risingnews" / "RisingNews.test.bn")
    ap.add_argument("--lines", type=int, default=40)
    ap.add_argument("--factor", type=float, default=1.3)
    ap.add_argument("--cap", type=int, default=48)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--cells", default="1x1,1x4,8x1,8x4,16x1,16x4", help="BATCHxBEAMS, comma-separated")
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--pause", type=float, default=0.3, help="seconds idle between two runs")
    args = ap.parse_args()
    cells = []
    for c in args.cells.split(","):
        b, k = c.lower().split("x")
        cells.append((int(b), int(k)))
    procs = [start(args.a, args), start(args.b, args)]
    res = {(c, i): [] for c in cells for i in (0, 1)}
    for r in range(args.reps):
        for ci, c in enumerate(cells):
            for i in ((0, 1) if (r + ci) % 2 == 0 else (1, 0)):
                res[(c, i)].append(cell(procs[i], *c))
                time.sleep(args.pause)
    for p in procs:
        p.stdin.close()
        p.wait()
    print(cpu_header())
    print(f"model {args.model.name}, {args.lines} lines, cap {args.cap}, {args.threads} threads, "
          f"{args.reps} reps")
    print("| cell | A tok/s (median) | B tok/s (median) | B/A paired: median (min–max) |")
    print("|---|---:|---:|---:|")
    for c in cells:
        a, b = res[(c, 0)], res[(c, 1)]
        ratios = [y / x for x, y in zip(a, b) if x > 0]
        print(f"| b{c[0]} × beam {c[1]} | {statistics.median(a):.1f} | {statistics.median(b):.1f} | "
              f"{statistics.median(ratios):.3f} ({min(ratios):.2f}–{max(ratios):.2f}) |")


if __name__ == "__main__":
    main()
