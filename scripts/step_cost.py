#!/usr/bin/env python
"""Per-call and per-step cost of each engine on one cell: a generate call's time split into a fixed
part (tokenize-free: encoder, first decoder step, set-up) and a per-decoder-step part, from the same
sentences run with two different numbers of forced new tokens.

Every engine is loaded twice (`--serve`, one process per cap), then the reps alternate over all
(engine, cap) processes in a rotating order, so a slow spell of the machine lands on both caps and
every engine alike. With s_lo < s_hi decoder steps per call (the largest n of the group, as in
`compare.py`) and median call times t_lo, t_hi:
    per step = (t_hi − t_lo) / (s_hi − s_lo),    fixed = t_lo − per step × s_lo.
At batch B the sentences go in groups of B as in `compare.py`; with more than one group the call
time is their sum, so "fixed" is per cell (all its groups), not per group.

Usage (the project venv's python; bench models and CTranslate2 conversions as for compare.py):
    python scripts/step_cost.py --shape nllb --sentences 12 --batch 16 --beams 1 --caps 4,48 \\
        --reps 5 --engines crate-int8,ct2-int8-mkl1,ct2-int8-mkl1-avx512
"""
import argparse
import shutil
import statistics
from pathlib import Path

import compare as C  # scripts/ is on sys.path when this runs as a script


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shape", choices=list(C.SHAPES), default="nllb")
    ap.add_argument("--sentences", type=int, default=12, help="the first K RisingNews test lines")
    ap.add_argument("--caps", default="4,48", help="two new-token caps, low,high")
    ap.add_argument("--factor", type=float, default=1.3)
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--beams", type=int, default=1)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--engines", default="crate-int8,ct2-int8-mkl1")
    a = ap.parse_args()
    caps = [int(c) for c in a.caps.split(",")]
    if len(caps) != 2 or caps[0] >= caps[1]:
        raise SystemExit("--caps takes two caps, low,high")
    engines = a.engines.split(",")
    shape = C.SHAPES[a.shape]
    texts = C.rising_lines(a.sentences)
    live, steps = {}, {}
    C.RUN_DIR.mkdir(parents=True, exist_ok=True)
    try:
        for cap in caps:
            args = argparse.Namespace(factor=a.factor, cap=cap, threads=a.threads, beam_list=[a.beams],
                                      batch_list=[a.batch], optimum_mode="nospin-torch1", engine_list=engines,
                                      crate_bin=C.RUST_BIN / "bench_generate", crate_batch_flag=True)
            sub = C.RUN_DIR / f"cap{cap}"
            sub.mkdir(exist_ok=True)
            job_path, job = C.build_job(shape, texts, args, sub)
            for q in {"float32" if C.precision(e) == "fp32" else "int8" for e in engines if e.startswith("ct2-")}:
                C.ct2_convert(Path(job["hf_dir"]), Path(job["ct2_dirs"][q]), q)  # no-op when converted
            steps[cap] = sum(n for _, n in C.groups(job["sentences"], a.batch))
            for e in engines:
                cmd = C.engine_cmds(e, job_path, shape, args, serve=True)[0][1]
                live[(e, cap)] = C.Live(e, cmd, C.child_env(e, a.threads))
                C.log(f"{e} (cap {cap}, {steps[cap]} decoder steps per cell) loaded")
        keys = list(live)
        t = {k: [] for k in keys}
        for r in range(a.reps):
            k0 = r % len(keys)
            for k in keys[k0:] + keys[:k0]:
                t[k].append(live[k].ask(a.batch, a.beams)["seconds"])
    finally:
        for lv in live.values():
            lv.close()
        shutil.rmtree(C.RUN_DIR, ignore_errors=True)
    print(C.cpu_header())
    print(f"{shape['name']}, {len(texts)} sentences, batch {a.batch}, "
          f"{'greedy' if a.beams == 1 else f'beam {a.beams}'}, {a.threads} threads, medians of {a.reps}")
    print(f"| engine | cell s ({steps[caps[0]]} steps) | cell s ({steps[caps[1]]} steps) | per step ms | fixed ms |")
    print("|---|---:|---:|---:|---:|")
    for e in engines:
        lo, hi = (statistics.median(t[(e, c)]) for c in caps)
        per = (hi - lo) / (steps[caps[1]] - steps[caps[0]])
        fixed = lo - per * steps[caps[0]]
        print(f"| {e} | {lo:.3f} | {hi:.3f} | {per * 1000:.1f} | {fixed * 1000:.0f} |")


if __name__ == "__main__":
    main()
