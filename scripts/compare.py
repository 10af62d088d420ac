#!/usr/bin/env python
"""Generation throughput and peak memory: this crate vs Optimum ORT (same ONNX files), CTranslate2
and PyTorch, on the benchmark models of models/make_bench_models.py.

Usage (venv python; build the models first):
    /root/.venvs/bd/bin/python scripts/compare.py [--shape marian|nllb|all] [--quick]
        [--threads 2] [--reps 3] [--engines crate-fp32,ct2-int8,...] [--digest-rss]

Shapes: marian-base (opus-mt-bn-en shape, `.cache/bench/marian-base`) and nllb-600m
(NLLB-200-distilled-600M shape, `.cache/bench/nllb-600m`), random weights.

Workload (issue #5): the first 200 lines of RisingNews.test.bn plus the seed article split into
sentences by the crate's own segmenter (`cargo run --release --example segment -- --json`), so
every engine gets the same sentence list. Batch 1 (one sentence per generate call). Random weights
decode to arbitrary lengths, so the work is fixed per sentence: min_new_tokens = max_new_tokens =
N = min(ceil(1.3 × T), cap), at least 1, with T = the sentence's token count without special
tokens and cap = 128 (`--factor`, `--cap`). Generated tokens are counted the same way for all
engines: decoder steps including a forced language token and a final EOS (HF: output length − 1;
CTranslate2: hypothesis with target prefix and end token). NLLB: source `[ben_Beng] ids </s>` as
the HF tokenizer builds them, target language eng_Latn forced at the first step (HF
forced_bos_token_id, CTranslate2 target_prefix, crate forced_bos_token_id). Greedy and beam 4.

Engines (each in its own subprocess; peak RSS = GNU time's %M = the child's ru_maxrss):
  crate-fp32, crate-int8     target/release/examples/bench_generate, fp32 / `*_quantized.onnx`
  crate-int8-sl              the same int8 files with the opt-in vocabulary shortlist
                             (`shortlist.json`: Latin-script pieces, models/shortlist.py --latin)
  optimum-fp32, optimum-int8 ORTModelForSeq2SeqLM on the same files (merged decoder)
  ct2-int8, ct2-float32      CTranslate2 converted from the same HF checkpoint
  pytorch-fp32               transformers generate on the HF checkpoint
Every engine gets the same intra-op thread count (`--threads`, default 2). One subprocess per
(engine, rep) loads the model once, warms up once per beam setting, then times every sentence per
beam setting. Reps are interleaved (A B C … then … C B A) and the median tokens/s is reported.

Output: one table per shape (tok/s greedy, tok/s beam 4, peak RSS MB), the per-shape ratios
(crate / peer tokens/s, greedy and beam 4), and as the LAST line
`ratio_vs_optimum_ort=X.XX ratio_vs_ct2_int8=Y.YY`: greedy, marian-base shape (nllb-600m when
only that shape ran): crate-fp32 / optimum-fp32 on the same files, crate-int8 / ct2-int8.

`--quick`: 6 sentences (first 4 RisingNews lines + first 2 seed sentences), cap 12, 1 rep, both
shapes — a smoke run of every engine (~5 min on a quiet machine, mostly model loads; single-rep
ratios are noisy).
`--digest-rss`: also the peak RSS of `examples/digest` on the seed article with nllb-600m int8.
"""
import argparse
import json
import math
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / ".cache" / "bench"
RISING = Path("/work/shared/data/risingnews/RisingNews.test.bn")
SEED = Path("/work/shared/data/seed-article.bn.txt")
ORT_LIB = ROOT / ".ort" / "libonnxruntime.so.1.31.0"
RUST_BIN = ROOT / "target" / "release" / "examples"
SHAPES = {
    "marian": {"name": "marian-base", "src_lang": None, "tgt_lang": None},
    "nllb": {"name": "nllb-600m", "src_lang": "ben_Beng", "tgt_lang": "eng_Latn"},
}
# Per-run scratch (job files, Optimum views): concurrent runs must not share it.
RUN_DIR = BENCH / "runs" / str(os.getpid())
ENGINES = ["crate-fp32", "crate-int8", "crate-int8-sl", "optimum-fp32", "optimum-int8", "ct2-int8", "ct2-float32", "pytorch-fp32"]


def log(*a):
    print(*a, file=sys.stderr, flush=True)


# ----------------------------------------------------------------------------- workers
def worker(engine, job_path):
    """Runs in a child process: load `engine`, then one JSON line per beam setting on stdout."""
    job = json.loads(Path(job_path).read_text(encoding="utf-8"))
    threads, sents = job["threads"], job["sentences"]
    model_dir, hf_dir = Path(job["model_dir"]), Path(job["hf_dir"])
    forced_bos, tgt_lang = job["forced_bos"], job["tgt_lang"]
    t_load = time.perf_counter()
    if engine.startswith("ct2-"):
        import ctranslate2
        tr = ctranslate2.Translator(job["ct2_dirs"][engine], device="cpu", inter_threads=1,
                                    intra_threads=threads)

        def gen_one(s, beams):
            res = tr.translate_batch([s["tokens"]], beam_size=beams, num_hypotheses=1,
                                     target_prefix=[[tgt_lang]] if tgt_lang else None,
                                     min_decoding_length=s["n"], max_decoding_length=s["n"],
                                     return_end_token=True)
            return len(res[0].hypotheses[0])
    else:
        import torch
        torch.set_num_threads(threads)
        if engine.startswith("optimum-"):
            import onnxruntime as ort
            from optimum.onnxruntime import ORTModelForSeq2SeqLM
            so = ort.SessionOptions()
            so.intra_op_num_threads = threads
            so.inter_op_num_threads = 1
            # Only the encoder and the merged decoder (see optimum_view): given a decoder_file_name,
            # Optimum also loads any decoder_with_past*.onnx it finds and then runs split.
            model = ORTModelForSeq2SeqLM.from_pretrained(
                job["optimum_views"][engine], use_merged=True, use_cache=True, session_options=so,
                provider="CPUExecutionProvider")
            assert model.decoder_with_past is None, "Optimum loaded a separate decoder_with_past"
        else:
            from transformers import AutoModelForSeq2SeqLM
            model = AutoModelForSeq2SeqLM.from_pretrained(hf_dir).eval()
        extra = {"forced_bos_token_id": forced_bos} if forced_bos is not None else {}

        def gen_one(s, beams):
            ids = torch.tensor([s["ids"]], dtype=torch.long)
            with torch.inference_mode():
                out = model.generate(input_ids=ids, attention_mask=torch.ones_like(ids), num_beams=beams,
                                     do_sample=False, min_new_tokens=s["n"], max_new_tokens=s["n"], **extra)
            return out.shape[1] - 1  # rows start with the decoder start token
    print(json.dumps({"load_seconds": time.perf_counter() - t_load}), flush=True)
    for beams in job["beams"]:
        gen_one(sents[0], beams)  # warm-up
        tokens, t0 = 0, time.perf_counter()
        for s in sents:
            tokens += gen_one(s, beams)
        secs = time.perf_counter() - t0
        print(json.dumps({"num_beams": beams, "tokens": tokens, "seconds": secs}), flush=True)
    hwm = [ln.split()[1] for ln in Path("/proc/self/status").read_text().splitlines() if ln.startswith("VmHWM")]
    print(json.dumps({"vmhwm_mb": int(hwm[0]) / 1024 if hwm else None}), flush=True)


def run_child(cmd, env=None):
    """Runs `cmd` under GNU time; returns (stdout, stderr, exit code, peak RSS MB of the child).

    Not wait4's ru_maxrss of a direct child: Linux carries the forking parent's high-water mark
    across exec into it, so every child would report at least this (large) Python process."""
    with tempfile.NamedTemporaryFile("r", suffix=".rss") as f:
        p = subprocess.run(["/usr/bin/time", "-o", f.name, "-f", "%M"] + cmd, cwd=ROOT, capture_output=True,
                           text=True, env=env)
        lines = [ln for ln in Path(f.name).read_text().split() if ln.isdigit()]
    rss_mb = int(lines[-1]) / 1024 if lines else float("nan")  # %M is in KiB
    return p.stdout, p.stderr, p.returncode, rss_mb


def engine_cmd(engine, job_path, shape, args):
    if engine.startswith("crate-"):
        variant = "quantized" if engine.startswith("crate-int8") else "fp32"
        cmd = [str(RUST_BIN / "bench_generate"), "--model", str(BENCH / shape["name"]),
               "--input", str(job_path.with_suffix(".txt")), "--lines", "0",
               "--new-tokens-factor", str(args.factor), "--new-tokens-cap", str(args.cap),
               "--num-beams", ",".join(map(str, args.beam_list)), "--threads", str(args.threads),
               "--variant", variant]
        if engine.endswith("-sl"):
            cmd.append("--shortlist")
        if shape["src_lang"]:
            cmd += ["--src-lang", shape["src_lang"], "--tgt-lang", shape["tgt_lang"]]
        return cmd
    return [sys.executable, str(Path(__file__).resolve()), "--worker", engine, "--job", str(job_path)]


def child_env(threads):
    env = dict(os.environ)
    env.setdefault("ORT_DYLIB_PATH", str(ORT_LIB))
    env["OMP_NUM_THREADS"] = str(threads)
    env["TOKENIZERS_PARALLELISM"] = "false"
    return env


# ----------------------------------------------------------------------------- workload
def rising_lines(k):
    out = []
    for line in RISING.read_text(encoding="utf-8").splitlines():
        line = line.rstrip("\r")
        if line.strip():
            out.append(line)
        if len(out) == k:
            break
    return out


def seed_sentences():
    r = subprocess.run(["cargo", "run", "--release", "-q", "--example", "segment", "--", "--json"],
                       cwd=ROOT, input=SEED.read_text(encoding="utf-8"), capture_output=True, text=True)
    if r.returncode != 0:
        raise RuntimeError(f"segment failed: {r.stderr.strip()}")
    return [" ".join(s["text"].split()) for s in json.loads(r.stdout)["sentences"]]


def build_job(shape, texts, args):
    from transformers import AutoTokenizer
    model_dir = BENCH / shape["name"]
    tok = AutoTokenizer.from_pretrained(model_dir)
    if shape["src_lang"]:
        tok.src_lang = shape["src_lang"]
    sents = []
    for t in texts:
        ids = tok(t).input_ids
        count = len(tok(t, add_special_tokens=False).input_ids)
        n = max(1, min(math.ceil(args.factor * count), args.cap))
        sents.append({"text": t, "ids": ids, "tokens": tok.convert_ids_to_tokens(ids), "n": n})
    tgt = shape["tgt_lang"]
    job = {"shape": shape["name"], "model_dir": str(model_dir), "hf_dir": str(BENCH / f"{shape['name']}-hf"),
           "threads": args.threads, "beams": args.beam_list, "tgt_lang": tgt,
           "forced_bos": tok.convert_tokens_to_ids(tgt) if tgt else None,
           "ct2_dirs": {f"ct2-{q}": str(BENCH / f"{shape['name']}-ct2-{q}") for q in ("int8", "float32")},
           "sentences": sents}
    job["optimum_views"] = {f"optimum-{v}": str(optimum_view(model_dir, v)) for v in ("fp32", "int8")}
    path = RUN_DIR / f"job-{shape['name']}.json"
    path.write_text(json.dumps(job, ensure_ascii=False), encoding="utf-8")
    path.with_suffix(".txt").write_text("\n".join(texts) + "\n", encoding="utf-8")
    return path, job


def optimum_view(model_dir, variant):
    """The directory Optimum loads for `variant`. fp32: the model directory itself (standard names;
    with use_merged and no file names Optimum loads only encoder_model.onnx and
    decoder_model_merged.onnx). int8: `<run dir>/view-<model>-int8/` with symlinks named
    encoder_model.onnx / decoder_model_merged.onnx to the `*_quantized.onnx` files (+ JSON configs;
    copies when they have external data).
    Passing decoder_file_name instead would make Optimum also load a decoder_with_past*.onnx it
    finds and run split. (ORT refuses symlinked or hard-linked external data, so fp32 cannot use a
    view; int8 files with external data are copied, the data file keeping its name.)"""
    if variant == "fp32":
        return model_dir
    view = RUN_DIR / f"view-{model_dir.name}-{variant}"
    view.mkdir(parents=True, exist_ok=True)
    links = {"encoder_model_quantized.onnx": "encoder_model.onnx",
             "decoder_model_merged_quantized.onnx": "decoder_model_merged.onnx"}
    copies = {}
    for src, dst in list(links.items()):
        if (model_dir / (src + "_data")).exists():  # ORT refuses linked external data: copy
            # The graph names its data file: it keeps its own name in the view.
            copies[src], copies[src + "_data"] = links.pop(src), src + "_data"
    for f in model_dir.glob("*.json"):
        links[f.name] = f.name
    for src, dst in links.items():
        if (model_dir / src).exists():
            (view / dst).symlink_to((model_dir / src).resolve())
    for src, dst in copies.items():
        shutil.copyfile(model_dir / src, view / dst)
    return view


def ct2_convert(hf_dir, out, quant):
    if (out / "model.bin").exists():
        return
    conv = Path(sys.executable).parent / "ct2-transformers-converter"
    t0 = time.time()
    cmd = [str(conv), "--model", str(hf_dir), "--output_dir", str(out), "--quantization", quant, "--force"]
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        raise RuntimeError(f"ct2 conversion failed: {r.stderr.strip()[-800:]}")
    log(f"converted {out.name} in {time.time() - t0:.0f} s")


# ----------------------------------------------------------------------------- benchmark
def bench_shape(key, texts, args):
    shape = SHAPES[key]
    model_dir = BENCH / shape["name"]
    if not (model_dir / "encoder_model.onnx").exists():
        log(f"{model_dir} missing: run models/make_bench_models.py --only {key}")
        return None
    job_path, job = build_job(shape, texts, args)
    expect = sum(s["n"] for s in job["sentences"])
    src_total = sum(len(s["ids"]) for s in job["sentences"])
    engines = [e for e in args.engine_list]
    if not (model_dir / "encoder_model_quantized.onnx").exists():
        engines = [e for e in engines if not e.endswith("int8")]
    for e in [e for e in engines if e.startswith("ct2-")]:
        try:
            ct2_convert(Path(job["hf_dir"]), Path(job["ct2_dirs"][e]), e[4:])
        except Exception as exc:
            log(f"{e} unavailable: {exc}")
            engines.remove(e)
    log(f"== {shape['name']}: {len(texts)} sentences, {expect} new tokens per beam setting "
        f"(source {src_total} tokens), engines {engines}")
    rates = {(e, b): [] for e in engines for b in args.beam_list}
    rss, failed = {}, set()
    env = child_env(args.threads)
    for rep in range(args.reps):
        order = engines if rep % 2 == 0 else engines[::-1]
        for e in order:
            if e in failed:
                continue
            out, err, rc, rss_mb = run_child(engine_cmd(e, job_path, shape, args), env)
            if rc != 0:
                log(f"{e} failed (exit {rc}): {err.strip()[-1500:]}")
                failed.add(e)
                continue
            rss[e] = max(rss.get(e, 0.0), rss_mb)
            info = {}
            for line in out.strip().splitlines():
                res = json.loads(line)
                if "load_seconds" in res or "vmhwm_mb" in res:
                    info.update(res)
                    continue
                b = res["num_beams"]
                if res["tokens"] != expect:
                    log(f"warning: {e} beam {b} generated {res['tokens']} tokens, expected {expect}")
                if "source_tokens" in res and res["source_tokens"] != src_total:
                    log(f"warning: {e} encoded {res['source_tokens']} source tokens, HF {src_total}")
                rates[(e, b)].append(res["tokens"] / res["seconds"])
                log(f"{shape['name']} rep {rep + 1} beam {b} {e:13s} {res['tokens'] / res['seconds']:8.1f} tok/s"
                    f"  ({res['seconds']:.1f} s)")
            extra = "".join(f" {k}={v:.1f}" for k, v in info.items() if v is not None)
            log(f"{shape['name']} rep {rep + 1} {e:13s} peak RSS {rss_mb:7.0f} MB{extra}")
    med = {k: statistics.median(v) for k, v in rates.items() if v}
    return {"shape": shape["name"], "engines": [e for e in engines if e not in failed], "med": med,
            "rss": rss, "n_sent": len(texts), "expect": expect}


def ratio(res, mine, peer, b):
    m, p = res["med"].get((mine, b)), res["med"].get((peer, b))
    return m / p if m and p else float("nan")


def report(res, args):
    beams = args.beam_list
    print(f"\n## {res['shape']}: {res['n_sent']} sentences, {res['expect']} new tokens per beam setting "
          f"(N = min(ceil({args.factor} × source tokens), {args.cap})), batch 1, {args.threads} threads, "
          f"median of {args.reps}")
    bname = {1: "greedy"}
    hdr = f"{'engine':14s}" + "".join(f"{'tok/s ' + bname.get(b, f'beam{b}'):>14s}" for b in beams) + f"{'peak RSS MB':>13s}"
    print(hdr)
    print("-" * len(hdr))
    for e in res["engines"]:
        cells = "".join(f"{res['med'].get((e, b), float('nan')):14.1f}" for b in beams)
        print(f"{e:14s}{cells}{res['rss'].get(e, float('nan')):13.0f}")
    pairs = [("crate-fp32", "optimum-fp32"), ("crate-int8", "optimum-int8"), ("crate-int8", "ct2-int8"),
             ("crate-int8-sl", "optimum-int8"), ("crate-int8-sl", "ct2-int8"),
             ("crate-fp32", "ct2-float32"), ("crate-fp32", "pytorch-fp32")]
    for mine, peer in pairs:
        cells = " ".join(f"{bname.get(b, f'beam{b}')}={ratio(res, mine, peer, b):.2f}" for b in beams)
        print(f"ratio {res['shape']} {mine}/{peer}: {cells}")


def digest_rss(args):
    model = args.digest_model
    subprocess.run(["cargo", "build", "--release", "-q", "--example", "digest"], cwd=ROOT, check=True)
    cmd = [str(RUST_BIN / "digest"), str(SEED), "--model", str(model), "--quantized", "--quiet"]
    t0 = time.time()
    out, err, rc, rss_mb = run_child(cmd, child_env(args.threads))
    secs = time.time() - t0
    if rc != 0:
        print(f"digest failed (exit {rc}): {err.strip()[-1500:]}")
        return
    print(f"\ndigest peak RSS (seed article, {model.name} int8, `digest --quantized`): {rss_mb:.0f} MB "
          f"in {secs:.0f} s (target ≤ 1536 MB)")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shape", choices=["marian", "nllb", "all"], default="all")
    ap.add_argument("--lines", type=int, default=200, help="RisingNews lines (plus the seed article)")
    ap.add_argument("--no-seed", action="store_true", help="leave out the seed article")
    ap.add_argument("--factor", type=float, default=1.3)
    ap.add_argument("--cap", type=int, default=128)
    ap.add_argument("--beams", default="1,4")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--engines", default=",".join(ENGINES))
    ap.add_argument("--quick", action="store_true", help="6 sentences, cap 12, 1 rep")
    ap.add_argument("--digest-rss", action="store_true")
    ap.add_argument("--digest-model", type=Path, default=BENCH / "nllb-600m")
    ap.add_argument("--no-torch", action="store_true")
    ap.add_argument("--no-ct2", action="store_true")
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    ap.add_argument("--job", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker:
        return worker(args.worker, args.job)
    args.beam_list = [int(b) for b in args.beams.split(",")]
    args.engine_list = [e for e in args.engines.split(",") if e in ENGINES
                        and not (args.no_torch and e.startswith("pytorch"))
                        and not (args.no_ct2 and e.startswith("ct2"))]
    seed = [] if args.no_seed else seed_sentences()
    if args.quick:
        texts, args.cap, args.reps = rising_lines(4) + seed[:2], 12, 1
    else:
        texts = rising_lines(args.lines) + seed
    log("building bench_generate (release) ...")
    subprocess.run(["cargo", "build", "--release", "-q", "--example", "bench_generate"], cwd=ROOT, check=True)
    keys = ["marian", "nllb"] if args.shape == "all" else [args.shape]
    results = {}
    RUN_DIR.mkdir(parents=True, exist_ok=True)
    try:
        for k in keys:
            res = bench_shape(k, texts, args)
            if res:
                results[k] = res
                report(res, args)
    finally:
        shutil.rmtree(RUN_DIR, ignore_errors=True)
    if args.digest_rss:
        digest_rss(args)
    main_res = results.get("marian") or results.get("nllb")
    r_opt = ratio(main_res, "crate-fp32", "optimum-fp32", 1) if main_res else float("nan")
    r_ct2 = ratio(main_res, "crate-int8", "ct2-int8", 1) if main_res else float("nan")
    if main_res:
        print(f"\nheadline: greedy, {main_res['shape']}")
    print(f"ratio_vs_optimum_ort={r_opt:.2f} ratio_vs_ct2_int8={r_ct2:.2f}")


if __name__ == "__main__":
    main()
