#!/usr/bin/env python
"""Generation throughput and peak memory: this crate vs Optimum ORT (same ONNX files), CTranslate2
and PyTorch, on the benchmark models of models/make_bench_models.py, at batch 1, 8 and 16, greedy
and beam 4, each peer set up the way its own documentation advises.

Usage (the project venv's python; build the models first, run under `nice` on a shared machine):
    python scripts/compare.py [--shape marian|nllb|all] [--quick] [--batches 1,8,16] [--beams 1,4]
        [--threads 2] [--select-reps 1] [--min-reps 3] [--max-reps 6] [--spread 0.10] [--engines crate-int8,...]
        [--optimum-mode nospin|torch1|nospin-torch1] [--digest-rss]

Shapes: marian-base (opus-mt-bn-en shape, `.cache/bench/marian-base`) and nllb-600m
(NLLB-200-distilled-600M shape, `.cache/bench/nllb-600m`), random weights.

Workload: the first `--lines` lines of RisingNews.test.bn plus the seed article split into
sentences by the crate's own segmenter (`cargo run --release --example segment -- --json`), so
every engine gets the same sentence list, in the same order. Random weights decode to arbitrary
lengths, so the work is fixed: each sentence asks for n = min(ceil(1.3 × T), cap) new tokens (at
least 1; T = its token count without special tokens; `--factor`, `--cap`). At batch size B the
sentences go in consecutive groups of B (the last may be shorter), one generate call per group,
with min_new_tokens = max_new_tokens = the largest n of the group for every row of it (at B = 1
each sentence's own n). Generated tokens are counted the same way for all engines: decoder steps
per row including a forced language token and a final EOS (HF: output length − 1; CTranslate2:
hypothesis with target prefix and end token). NLLB: source `[ben_Beng] ids </s>` as the HF
tokenizer builds them, target language eng_Latn forced at the first step (HF forced_bos_token_id,
CTranslate2 target_prefix, crate forced_bos_token_id). Rows of a group are right-padded with the
pad id and masked (HF, crate); CTranslate2 takes the token lists.

Engines (each in its own subprocess; peak RSS = GNU time's %M = the child's ru_maxrss):
  crate-fp32, crate-int8     target/release/examples/bench_generate, fp32 / `*_quantized.onnx`
                             (`--serve`; blocks schedule: one process per batch size)
  crate-int8-sl              the same int8 files with the opt-in vocabulary shortlist
                             (`shortlist.json`: models/shortlist.py --latin); only when present
  optimum-fp32, optimum-int8 ORTModelForSeq2SeqLM on the same files (merged decoder). No thread
                             oversubscription (`--optimum-mode`, default nospin-torch1: ONNX
                             Runtime's `session.intra_op.allow_spinning=0` and torch at 1 thread —
                             torch only runs the logits processors and beam scoring there)
  ct2-<type>-mkl<0|1>[-avx512] CTranslate2 from the same HF checkpoint (converted int8 for the
                             int8 compute types, float32 for float32), compute_type int8 /
                             int8_float32 / float32, `CT2_USE_MKL` 0 and 1; inter_threads 1,
                             intra_threads = --threads (its docs' CPU advice); `-avx512`:
                             CT2_FORCE_CPU_ISA=AVX512 (only on CPUs with AVX-512 F/CD/VL/DQ/BW;
                             CTranslate2's own dispatch stops at AVX2)
  ct2-int8-vmap-mkl<0|1>     int8 with `use_vmap` on a `vmap.txt` whose always-allowed entry is
                             the crate's shortlist (only when crate-int8-sl runs)
  pytorch-fp32               transformers generate on the HF checkpoint, torch at --threads
Every engine gets the same intra-op thread count (`--threads`, default 2). Every cell (batch,
beams) warms up once, then times every group.
Schedule `--schedule interleaved` (default): each engine is loaded once, in its own subprocess kept
running (`--serve`: it reads `BATCH NUM_BEAMS` lines and answers each with the cell's timing), the
loads one after another; then each rep runs cell by cell, every engine back to back on the same
cell in an order rotated by rep and cell, `--pause` seconds of idle between two engines. A slow
spell of the machine then lands on all engines of a cell alike rather than on one engine's whole
rep. After `--min-reps` a cell is re-run only while some engine's spread (max − min) / median in
it is ≥ `--spread`, up to `--max-reps`. Besides the medians, each cell reports the paired ratio:
per rep, the crate's best variant over the best peer variant of that rep's cell.
Selection (`--select-reps K`, default 1, interleaved only): the first K reps run every variant on
every cell and only choose, per cell, each peer's variant with the best median there (and its
best at each precision the crate runs, fp32 / int8 — int8_float32 counts as int8 — for the
like-for-like headline ratios); the reps after (`--min-reps`…`--max-reps`, the medians and
paired ratios reported) run the crate and the chosen variants. The best of N noisy medians,
taken over the same reps it is compared on, sits above the best variant's real speed (selection
bias); choosing on reps of its own removes that.
The selection reps' numbers are printed in their own table, with the crate / best variant ratio
they give. `--select-reps 0`: every variant in every rep, the best median as the yardstick.
`--schedule blocks`: one subprocess per (engine, rep) runs all its cells (the crate one per batch
size); reps interleaved (A B C … then … C B A), re-run per engine while some cell's spread is ≥
`--spread`. Both report the median tokens/s and the spread of every cell.
Peak RSS of the Python engines includes their imports (torch, transformers, onnxruntime; measured
separately and printed as `import baseline`).

Output: per shape one table (rows = engines, columns = batch × search, tok/s and spread), then per
cell the crate's best variant vs the best peer variant (shortlist rows only against peers that
restrict their vocabulary too), the CPU (lscpu model name and SIMD flags) and library versions in
the header. Lines near the end: `ratio_vs_optimum_ort=X.XX ratio_vs_ct2_int8=Y.YY` (batch 1
greedy, first shape: crate-fp32 / optimum-fp32, crate-int8 / best ct2 int8 compute type), and as
the LAST line `ratio_vs_best_peer=X.XX`: the smallest over the cells of every shape of (crate's
best non-shortlist variant tok/s) / (best peer variant tok/s).

`--quick`: marian-base only, batch 1 and 8, greedy and beam 4, 16 sentences (12 RisingNews lines +
4 seed sentences: two groups at batch 8), cap 32, 2–3 reps after the selection rep; no shortlist rows.
`--nllb-sentences K`, `--nllb-engines`: nllb-600m on the first K sentences only, with its own engine
list (its decoder steps cost about 5× Marian's).
`--digest-rss`: also the peak RSS of `examples/digest` on the seed article with nllb-600m int8.
"""
import argparse
import json
import math
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "models"))
from onnx_files import external_data_files  # noqa: E402
BENCH = ROOT / ".cache" / "bench"
DATA = Path(os.environ.get("BD_SHARED_DATA", ROOT.parent / "shared" / "data"))
RISING = DATA / "risingnews" / "RisingNews.test.bn"
SEED = DATA / "seed-article.bn.txt"
ORT_LIB = ROOT / ".ort" / "libonnxruntime.so.1.31.0"
RUST_BIN = ROOT / "target" / "release" / "examples"
SHAPES = {
    "marian": {"name": "marian-base", "src_lang": None, "tgt_lang": None},
    "nllb": {"name": "nllb-600m", "src_lang": "ben_Beng", "tgt_lang": "eng_Latn"},
}
# Per-run scratch (job files, Optimum views): concurrent runs must not share it.
RUN_DIR = BENCH / "runs" / str(os.getpid())
CT2_TYPES = ["int8", "int8_float32", "float32"]
# `-avx512`: CT2_FORCE_CPU_ISA=AVX512 (CTranslate2 leaves AVX-512 out of its automatic ISA
# dispatch, src/cpu/cpu_isa.cc; the variable is its documented switch), for its own kernels —
# its GEMMs (oneDNN / MKL) pick their ISA themselves.
CT2_ENGINES = [f"ct2-{t}-mkl{m}{isa}" for t in CT2_TYPES for m in (0, 1) for isa in ("", "-avx512")]
VMAP_ENGINES = [f"ct2-int8-vmap-mkl{m}" for m in (0, 1)]
ENGINES = (["crate-fp32", "crate-int8", "crate-int8-sl", "optimum-fp32", "optimum-int8"] + CT2_ENGINES
           + VMAP_ENGINES + ["pytorch-fp32"])
# Peers: each one's best variant competes; shortlist rows only against vocabulary-restricting ones.
PEERS = {"optimum": ["optimum-fp32", "optimum-int8"], "ct2": CT2_ENGINES, "pytorch": ["pytorch-fp32"]}
CRATE = ["crate-fp32", "crate-int8"]
ALL_PEERS = [e for v in PEERS.values() for e in v]
# Every file that can hold a graph's external data (optimum/onnx.save: `.onnx_data`, ORT 1.31
# quantize_dynamic: `.onnx.data`, older tools `_data`): read from the graph's own references.


def log(*a):
    print(*a, file=sys.stderr, flush=True)


def groups(sents, batch):
    """Consecutive groups of `batch` sentences, each with its new-token count (the group's max n)."""
    out = []
    for i in range(0, len(sents), batch):
        g = sents[i:i + batch]
        out.append((g, max(s["n"] for s in g)))
    return out


def expected_tokens(sents, batch):
    return sum(len(g) * n for g, n in groups(sents, batch))


def ct2_kind(engine):
    """ct2-int8_float32-mkl0 -> (compute type, use_vmap, mkl); `ct2_isa` reads the ISA suffix."""
    m = re.fullmatch(r"ct2-(int8_float32|int8|float32)(-vmap)?-mkl([01])(-avx512)?", engine)
    return m.group(1), bool(m.group(2)), m.group(3)


def precision(engine):
    """"fp32" or "int8" (CTranslate2's int8_float32 included): the weights an engine computes with."""
    if engine.startswith("ct2-"):
        return "fp32" if ct2_kind(engine)[0] == "float32" else "int8"
    return "fp32" if engine.endswith("fp32") else "int8"


def ct2_isa(engine):
    """CT2_FORCE_CPU_ISA for a CTranslate2 engine: AVX512 for `-avx512` rows, else None (its own
    dispatch: AVX2 on any AVX2 CPU)."""
    return "AVX512" if engine.endswith("-avx512") else None


# ----------------------------------------------------------------------------- workers
def worker(engine, job_path, serve=False):
    """Runs in a child process: load `engine`, then one JSON line per (batch, beams) on stdout
    (`serve`: per `BATCH NUM_BEAMS` line read from stdin)."""
    job = json.loads(Path(job_path).read_text(encoding="utf-8"))
    threads, sents = job["threads"], job["sentences"]
    hf_dir = Path(job["hf_dir"])
    forced_bos, tgt_lang, pad = job["forced_bos"], job["tgt_lang"], job["pad_token_id"]
    if engine.startswith("import-"):  # RSS of the imports alone
        if engine == "import-ct2":
            import ctranslate2  # noqa: F401
        else:
            import onnxruntime  # noqa: F401
            import torch  # noqa: F401
            import transformers  # noqa: F401
            from optimum.onnxruntime import ORTModelForSeq2SeqLM  # noqa: F401
        return
    t_load = time.perf_counter()
    if engine.startswith("ct2-"):
        import ctranslate2
        ctype, vmap, _ = ct2_kind(engine)
        model_dir = job["ct2_dirs"]["float32" if ctype == "float32" else "int8"]
        tr = ctranslate2.Translator(model_dir, device="cpu", compute_type=ctype, inter_threads=1,
                                    intra_threads=threads)

        def gen(group, n, beams):
            res = tr.translate_batch([s["tokens"] for s in group], beam_size=beams, num_hypotheses=1,
                                     target_prefix=[[tgt_lang]] * len(group) if tgt_lang else None,
                                     min_decoding_length=n, max_decoding_length=n,
                                     return_end_token=True, use_vmap=vmap, max_batch_size=0)
            return sum(len(r.hypotheses[0]) for r in res)
    else:
        import torch
        mode = job["optimum_mode"]
        torch.set_num_threads(1 if engine.startswith("optimum-") and "torch1" in mode else threads)
        if engine.startswith("optimum-"):
            import onnxruntime as ort
            from optimum.onnxruntime import ORTModelForSeq2SeqLM
            so = ort.SessionOptions()
            so.intra_op_num_threads = threads
            so.inter_op_num_threads = 1
            if "nospin" in mode:
                # ONNX Runtime's threading advice: no spinning when something else needs the cores
                # between runs (here torch's logits processing and beam scoring).
                so.add_session_config_entry("session.intra_op.allow_spinning", "0")
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

        def gen(group, n, beams):
            width = max(len(s["ids"]) for s in group)
            ids = torch.tensor([s["ids"] + [pad] * (width - len(s["ids"])) for s in group], dtype=torch.long)
            mask = torch.tensor([[1] * len(s["ids"]) + [0] * (width - len(s["ids"])) for s in group],
                                dtype=torch.long)
            with torch.inference_mode():
                out = model.generate(input_ids=ids, attention_mask=mask, num_beams=beams, do_sample=False,
                                     min_new_tokens=n, max_new_tokens=n, **extra)
            return out.shape[0] * (out.shape[1] - 1)  # rows start with the decoder start token
    print(json.dumps({"load_seconds": time.perf_counter() - t_load}), flush=True)

    def cell(batch, beams):
        work = groups(sents, batch)
        gen(work[0][0], work[0][1], beams)  # warm-up
        tokens, t0 = 0, time.perf_counter()
        for g, n in work:
            tokens += gen(g, n, beams)
        secs = time.perf_counter() - t0
        print(json.dumps({"batch_size": batch, "num_beams": beams, "tokens": tokens, "seconds": secs}),
              flush=True)

    if serve:  # one `BATCH NUM_BEAMS` line per cell on stdin (see Live)
        for line in sys.stdin:
            batch, beams = map(int, line.split())
            cell(batch, beams)
        return
    for batch in job["batches"]:
        for beams in job["beams"]:
            cell(batch, beams)


def run_child(cmd, env=None):
    """Runs `cmd` under GNU time; returns (stdout, stderr, exit code, peak RSS MB of the child).

    Not wait4's ru_maxrss of a direct child: Linux carries the forking parent's high-water mark
    across exec into it, so every child would report at least this (large) Python process."""
    with tempfile.NamedTemporaryFile("r", suffix=".rss") as f:
        p = subprocess.run(["/usr/bin/time", "-o", f.name, "-f", "%M"] + cmd, cwd=ROOT, capture_output=True,
                           text=True, env=env)
        rss_mb = time_rss_mb(f.name)
    return p.stdout, p.stderr, p.returncode, rss_mb


def time_rss_mb(path):
    """Peak RSS in MB from a GNU time `-f %M` output file (%M is in KiB); NaN when absent."""
    lines = [ln for ln in Path(path).read_text().split() if ln.isdigit()]
    return int(lines[-1]) / 1024 if lines else float("nan")


def ct2_backend_info(stderr):
    """CTranslate2's CT2_VERBOSE lines about the CPU, ISA and GEMM backends, log prefixes cut."""
    return "; ".join(re.sub(r"^(\[[^]]*\]\s*)+-?\s*", "", ln).strip() for ln in stderr.splitlines()
                     if "CPU" in ln or "ISA" in ln or "MKL" in ln or "GEMM" in ln)


def crate_has_batch_flag(binary):
    r = subprocess.run([str(binary), "--help"], capture_output=True, text=True)
    return "--batch-size" in r.stdout


def engine_cmds(engine, job_path, shape, args, serve=False):
    """[(batch sizes the command covers, command)]: one per batch size for the crate (its
    `--batch-size`), one for all batch sizes for the Python engines; `serve`: one command for
    all cells, which reads them from stdin (see Live)."""
    if not engine.startswith("crate-"):
        return [(args.batch_list, [sys.executable, str(Path(__file__).resolve()), "--worker", engine,
                                   "--job", str(job_path)] + (["--serve"] if serve else []))]
    variant = "quantized" if engine.startswith("crate-int8") else "fp32"
    base = [str(args.crate_bin), "--model", str(BENCH / shape["name"]),
            "--input", str(job_path.with_suffix(".txt")), "--lines", "0",
            "--new-tokens-factor", str(args.factor), "--new-tokens-cap", str(args.cap),
            "--num-beams", ",".join(map(str, args.beam_list)), "--threads", str(args.threads),
            "--variant", variant]
    if engine.endswith("-sl"):
        base.append("--shortlist")
    if shape["src_lang"]:
        base += ["--src-lang", shape["src_lang"], "--tgt-lang", shape["tgt_lang"]]
    if args.crate_batch_flag is None:  # checked at first use: the binary may be built meanwhile
        args.crate_batch_flag = crate_has_batch_flag(args.crate_bin)
        log(f"{args.crate_bin}: --batch-size {'yes' if args.crate_batch_flag else 'no: crate rows at batch 1 only'}")
    if serve:
        return [(args.batch_list, base + ["--serve"])]
    out = []
    for b in args.batch_list:
        if args.crate_batch_flag:
            out.append(([b], base + ["--batch-size", str(b)]))
        elif b == 1:
            out.append(([1], base))
    return out


def child_env(engine, threads):
    env = dict(os.environ)
    env.setdefault("ORT_DYLIB_PATH", str(ORT_LIB))
    env["OMP_NUM_THREADS"] = str(threads)
    env["TOKENIZERS_PARALLELISM"] = "false"
    if engine.startswith("ct2-"):
        env["CT2_USE_MKL"] = ct2_kind(engine)[2]
        isa = ct2_isa(engine)
        if isa:
            env["CT2_FORCE_CPU_ISA"] = isa
        env["CT2_VERBOSE"] = "1"  # logs the ISA and GEMM backend it picked
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


def build_job(shape, texts, args, run_dir=None):
    """The job file (sentences with ids and new-token counts, engine paths) and its `.txt` of
    source lines, written under `run_dir` (default: this run's RUN_DIR)."""
    run_dir = run_dir or RUN_DIR
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
           "threads": args.threads, "beams": args.beam_list, "batches": args.batch_list, "tgt_lang": tgt,
           "forced_bos": tok.convert_tokens_to_ids(tgt) if tgt else None, "pad_token_id": tok.pad_token_id,
           "optimum_mode": args.optimum_mode,
           "ct2_dirs": {q: str(BENCH / f"{shape['name']}-ct2-{q}") for q in ("int8", "float32")},
           "sentences": sents}
    job["optimum_views"] = {}
    for v in ("fp32", "int8"):
        if f"optimum-{v}" in args.engine_list:
            job["optimum_views"][f"optimum-{v}"] = str(optimum_view(model_dir, v, run_dir))
    path = run_dir / f"job-{shape['name']}.json"
    path.write_text(json.dumps(job, ensure_ascii=False), encoding="utf-8")
    path.with_suffix(".txt").write_text("\n".join(texts) + "\n", encoding="utf-8")
    return path, job


def optimum_view(model_dir, variant, run_dir):
    """The directory Optimum loads for `variant`. fp32: the model directory itself (standard names;
    with use_merged and no file names Optimum loads only encoder_model.onnx and
    decoder_model_merged.onnx). int8: `<run dir>/view-<model>-int8/` with symlinks named
    encoder_model.onnx / decoder_model_merged.onnx to the `*_quantized.onnx` files (+ JSON configs).
    Passing decoder_file_name instead would make Optimum also load a decoder_with_past*.onnx it
    finds and run split. ONNX Runtime refuses symlinked or hard-linked external data ("escapes
    model directory"), so a graph with external data is copied under the view name together with
    every data file it names, each keeping its own name (the graph refers to it by that name)."""
    if variant == "fp32":
        return model_dir
    view = run_dir / f"view-{model_dir.name}-{variant}"
    shutil.rmtree(view, ignore_errors=True)
    view.mkdir(parents=True)
    graphs = {"encoder_model_quantized.onnx": "encoder_model.onnx",
              "decoder_model_merged_quantized.onnx": "decoder_model_merged.onnx"}
    for src, dst in graphs.items():
        if not (model_dir / src).exists():
            continue
        data = external_data_files(model_dir / src)
        if not data:
            (view / dst).symlink_to((model_dir / src).resolve())
            continue
        shutil.copyfile(model_dir / src, view / dst)
        for f in data:
            if not (view / f.name).exists():
                shutil.copyfile(f, view / f.name)
    for f in model_dir.glob("*.json"):
        (view / f.name).symlink_to(f.resolve())
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


def write_vmap(model_dir, ct2_dir):
    """`vmap.txt` for CTranslate2's use_vmap: one line with the empty n-gram, whose targets are
    always candidates (CTranslate2 VocabularyMap) = the crate's shortlist ids as tokens."""
    from tokenizers import Tokenizer
    ids = json.loads((model_dir / "shortlist.json").read_text(encoding="utf-8"))["ids"]
    tok = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
    pieces = [tok.id_to_token(i) for i in ids]
    pieces = [p for p in pieces if p and not any(c.isspace() for c in p)]
    (ct2_dir / "vmap.txt").write_text("\t" + " ".join(pieces) + "\n", encoding="utf-8")
    return len(pieces)


# ----------------------------------------------------------------------------- benchmark
def spread(v):
    return (max(v) - min(v)) / statistics.median(v) if len(v) > 1 and statistics.median(v) > 0 else float("nan")


def run_engine(e, job_path, shape, args, expect, rates, rss, info, rep):
    """One rep of engine `e` (all its batch sizes); False when it failed."""
    for batches, cmd in engine_cmds(e, job_path, shape, args):
        out, err, rc, rss_mb = run_child(cmd, child_env(e, args.threads))
        if rc != 0:
            log(f"{e} failed (exit {rc}): {err.strip()[-1500:]}")
            return False
        if e.startswith("ct2-") and e not in info:
            info[e] = ct2_backend_info(err)
        for b in batches:
            rss[(e, b)] = max(rss.get((e, b), 0.0), rss_mb)
        for line in out.strip().splitlines():
            res = json.loads(line)
            if "load_seconds" in res:
                continue
            b, beams = res.get("batch_size", batches[0]), res["num_beams"]
            if res["tokens"] != expect[b]:
                log(f"warning: {e} batch {b} beam {beams} generated {res['tokens']} tokens, expected {expect[b]}")
            rates[(e, b, beams)].append(res["tokens"] / res["seconds"])
            log(f"{shape['name']} rep {rep + 1} b{b:<2d} beam {beams} {e:20s} "
                f"{res['tokens'] / res['seconds']:8.1f} tok/s  ({res['seconds']:.1f} s, RSS {rss_mb:.0f} MB)")
    return True


class Live:
    """One engine loaded once in its own subprocess (`--serve`), timing the cells it is sent one
    at a time (`BATCH NUM_BEAMS` on stdin, one JSON line back). Peak RSS: GNU time's %M at exit."""

    def __init__(self, engine, cmd, env):
        self.engine = engine
        self.rss_file = tempfile.NamedTemporaryFile("r", suffix=".rss")
        self.err_file = tempfile.TemporaryFile("w+")
        self.p = subprocess.Popen(["/usr/bin/time", "-o", self.rss_file.name, "-f", "%M"] + cmd, cwd=ROOT,
                                  env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.err_file,
                                  text=True, bufsize=1)
        self.load_seconds = self._read()["load_seconds"]

    def _read(self):
        line = self.p.stdout.readline()
        if not line:
            raise RuntimeError(f"{self.engine} exited: {self.stderr().strip()[-1500:]}")
        return json.loads(line)

    def ask(self, batch, beams):
        try:
            self.p.stdin.write(f"{batch} {beams}\n")
            self.p.stdin.flush()
        except OSError as exc:
            raise RuntimeError(f"{self.engine}: {exc}: {self.stderr().strip()[-1500:]}") from exc
        return self._read()

    def stderr(self):
        self.err_file.seek(0)
        return self.err_file.read()

    def close(self):
        """Ends the subprocess; its peak RSS in MB."""
        try:
            self.p.stdin.close()
        except OSError:
            pass
        self.p.wait()
        rss_mb = time_rss_mb(self.rss_file.name)
        self.rss_file.close()
        return rss_mb


def run_interleaved(engines, job_path, shape, args, expect, rates, rss, info, paired, sel_rates, chosen):
    """Every engine loaded once; per rep, cell by cell, all engines back to back in an order
    rotated by rep and cell. After `--min-reps` a cell is re-run only while some engine's spread
    in it is ≥ `--spread`, up to `--max-reps`. Returns (failed engines, reps run).

    With `--select-reps K` the first K reps only choose: every engine runs every cell (into
    `sel_rates`), then per cell each peer's variant with the best median there is kept
    (`chosen[(b, m)]`, with the crate's engines) and only those run in the measured reps (into
    `rates`), so a peer's yardstick in a cell is not the luckiest of its variants' medians over
    the same reps it is compared on (max of N noisy medians is biased upward)."""
    live, failed = {}, set()
    for e in engines:  # loaded one at a time: loads do not overlap each other or a timed cell
        try:
            live[e] = Live(e, engine_cmds(e, job_path, shape, args, serve=True)[0][1], child_env(e, args.threads))
            log(f"{shape['name']}: {e} loaded in {live[e].load_seconds:.1f} s")
        except Exception as exc:
            log(f"{e} failed to load: {exc}")
            failed.add(e)
        if e.startswith("ct2-") and e in live:
            info[e] = ct2_backend_info(live[e].stderr())
    cells = [(b, m) for b in args.batch_list for m in args.beam_list]
    pending, rep, sel = list(cells), 0, args.select_reps
    try:
        while pending and rep < args.max_reps + sel:
            selecting = rep < sel
            for ci, (b, m) in enumerate(cells):
                if (b, m) not in pending:
                    continue
                order = [e for e in engines if e in live and (selecting or e in chosen[(b, m)])]
                k = (rep + ci) % len(order) if order else 0
                order = order[k:] + order[:k]
                got = {}
                for e in order:
                    try:
                        res = live[e].ask(b, m)
                    except Exception as exc:
                        log(f"{e} failed: {exc}")
                        failed.add(e)
                        live.pop(e).close()
                        continue
                    if res["tokens"] != expect[b]:
                        log(f"warning: {e} batch {b} beam {m} generated {res['tokens']} tokens, expected {expect[b]}")
                    got[e] = res["tokens"] / res["seconds"]
                    (sel_rates if selecting else rates)[(e, b, m)].append(got[e])
                    log(f"{shape['name']} {'selection rep' if selecting else 'rep'} {rep + 1 - (0 if selecting else sel)} "
                        f"b{b:<2d} beam {m} {e:20s} {got[e]:8.1f} tok/s ({res['seconds']:.1f} s)")
                    time.sleep(args.pause)
                c = max((v for e, v in got.items() if e in CRATE), default=None)
                p = max((v for e, v in got.items() if e in ALL_PEERS), default=None)
                if c and p and not selecting:
                    paired[(b, m)].append(c / p)
            rep += 1
            if sel and rep == sel:
                for b, m in cells:
                    keep = {e for e in engines if e in CRATE or e == "crate-int8-sl"}
                    crate_precisions = sorted({precision(e) for e in keep})
                    # Per peer, its best variant, and its best at each precision the crate runs
                    # (so the fp32 headline, crate-fp32 / optimum-fp32, keeps its like-for-like pair).
                    for names in list(PEERS.values()) + [VMAP_ENGINES]:
                        for prec in [None] + crate_precisions:
                            got = [(statistics.median(sel_rates[(e, b, m)]), e) for e in names
                                   if e in live and sel_rates.get((e, b, m)) and prec in (None, precision(e))]
                            if got:
                                keep.add(max(got)[1])
                    chosen[(b, m)] = keep
                    log(f"{shape['name']} b{b} beam {m}: measured reps run {sorted(keep)}")
            if rep >= args.min_reps + sel:
                pending = [(b, m) for b, m in pending
                           if any(len(rates[(e, b, m)]) > 1 and spread(rates[(e, b, m)]) >= args.spread
                                  for e in live)]
                if pending and rep < args.max_reps + sel:
                    log(f"rep {rep - sel}: spread ≥ {args.spread:.0%} in cells {pending}: again")
                elif pending:
                    log(f"rep {rep - sel}: spread ≥ {args.spread:.0%} in cells {pending}: --max-reps reached")
    finally:
        for e, lv in live.items():
            mb = lv.close()
            for b in args.batch_list:
                rss[(e, b)] = mb
    return failed, rep - sel


def bench_shape(key, texts, args):
    shape = SHAPES[key]
    model_dir = BENCH / shape["name"]
    if not (model_dir / "encoder_model.onnx").exists():
        log(f"{model_dir} missing: run models/make_bench_models.py --only {key}")
        return None
    engines = list(args.engine_list)
    if not (model_dir / "encoder_model_quantized.onnx").exists():
        engines = [e for e in engines if "int8" not in e]
    if not (model_dir / "shortlist.json").exists() or "crate-int8-sl" not in engines:
        if "crate-int8-sl" in engines:
            log(f"{model_dir}/shortlist.json missing (models/shortlist.py --latin): no shortlist rows")
        engines = [e for e in engines if e != "crate-int8-sl" and "-vmap" not in e]
    args.engine_list = engines
    job_path, job = build_job(shape, texts, args)
    for q in ("int8", "float32"):
        users = [e for e in engines if e.startswith("ct2-") and (ct2_kind(e)[0] == "float32") == (q == "float32")]
        if not users:
            continue
        try:
            ct2_convert(Path(job["hf_dir"]), Path(job["ct2_dirs"][q]), q)
            if q == "int8" and any("-vmap" in e for e in users):
                log(f"vmap.txt: {write_vmap(model_dir, Path(job['ct2_dirs'][q]))} always-allowed pieces")
        except Exception as exc:
            log(f"ct2 {q} unavailable: {exc}")
            engines = [e for e in engines if e not in users]
    expect = {b: expected_tokens(job["sentences"], b) for b in args.batch_list}
    src_total = sum(len(s["ids"]) for s in job["sentences"])
    log(f"== {shape['name']}: {len(texts)} sentences (source {src_total} tokens), new tokens per setting "
        f"{expect}, engines {engines}")
    rates = {(e, b, m): [] for e in engines for b in args.batch_list for m in args.beam_list}
    rss, info, failed = {}, {}, set()
    paired = {(b, m): [] for b in args.batch_list for m in args.beam_list}
    sel_rates = {(e, b, m): [] for e in engines for b in args.batch_list for m in args.beam_list}
    chosen = {(b, m): set(engines) for b in args.batch_list for m in args.beam_list}
    pending, rep = list(engines), 0
    if args.schedule == "interleaved":
        failed, rep = run_interleaved(engines, job_path, shape, args, expect, rates, rss, info, paired,
                                      sel_rates, chosen)
        pending = []
    while pending and rep < args.max_reps:
        for e in (pending if rep % 2 == 0 else pending[::-1]):
            if not run_engine(e, job_path, shape, args, expect, rates, rss, info, rep):
                failed.add(e)
        rep += 1
        pending = [e for e in pending if e not in failed]
        if rep >= args.min_reps:
            pending = [e for e in pending
                       if any(len(v) > 1 and spread(v) >= args.spread for (x, _, _), v in rates.items() if x == e)]
            if pending:
                log(f"rep {rep}: spread ≥ {args.spread:.0%} in some cell of {pending}: again")
    med = {k: (statistics.median(v), spread(v), len(v)) for k, v in rates.items() if v}
    sel = {k: (statistics.median(v), spread(v), len(v)) for k, v in sel_rates.items() if v}
    return {"shape": shape["name"], "engines": [e for e in engines if e not in failed], "med": med,
            "rss": rss, "n_sent": len(texts), "expect": expect, "info": info, "reps": rep, "paired": paired,
            "sel": sel}


def rate(res, e, b, m, table="med"):
    v = res[table].get((e, b, m))
    return v[0] if v else None


def best_of(res, names, b, m, table="med"):
    """(tok/s, engine) of the fastest of `names` in cell (b, m), or (None, None); `table`: "med"
    (the measured reps) or "sel" (the selection reps)."""
    got = [(rate(res, e, b, m, table), e) for e in names if rate(res, e, b, m, table)]
    return max(got) if got else (None, None)


def cell_ratios(res, args):
    """Per cell: crate best, best peer, ratio; shortlist row vs vocabulary-restricting peers."""
    out = []
    for b in args.batch_list:
        for m in args.beam_list:
            c, ce = best_of(res, CRATE, b, m)
            p, pe = best_of(res, [e for v in PEERS.values() for e in v], b, m)
            s, se = best_of(res, ["crate-int8-sl"], b, m)
            v, ve = best_of(res, VMAP_ENGINES, b, m)
            out.append({"b": b, "m": m, "crate": (c, ce), "peer": (p, pe),
                        "ratio": c / p if c and p else None,
                        "sl_ratio": s / v if s and v else None, "sl": (s, se), "vmap": (v, ve)})
    return out


def cpu_model_flags():
    """(lscpu's model name, its flag list); the platform's processor string and no flags when
    lscpu is absent."""
    model, flags = platform.processor() or "?", []
    try:
        out = subprocess.run(["lscpu"], capture_output=True, text=True).stdout
        for ln in out.splitlines():
            k, _, v = ln.partition(":")
            if k.strip() == "Model name":
                model = v.strip()
            elif k.strip() == "Flags":
                flags = v.split()
    except OSError:
        pass
    return model, flags


def cpu_header():
    model, flags = cpu_model_flags()
    simd = [f for f in flags if re.match(r"(sse4|avx|fma|f16c|amx|vnni|bf16)", f)]
    absent = [f for f in ("avx512f", "avx512_vnni", "avx_vnni", "amx_int8") if f not in flags]
    return (f"CPU: {model}, {os.cpu_count()} logical CPUs; SIMD flags: {' '.join(simd)}"
            + (f"; absent: {' '.join(absent)}" if absent else ""))


def versions():
    out = []
    for mod in ("onnxruntime", "ctranslate2", "torch", "transformers", "optimum"):
        try:
            from importlib.metadata import version
            out.append(f"{mod} {version(mod)}")
        except Exception:
            pass
    return ", ".join(out)


def report(res, args, baselines):
    cells = [(b, m) for b in args.batch_list for m in args.beam_list]
    name = lambda b, m: f"b{b} {'greedy' if m == 1 else f'beam{m}'}"  # noqa: E731
    print(f"\n## {res['shape']}: {res['n_sent']} sentences, new tokens per setting by batch size "
          f"{res['expect']} (n = min(ceil({args.factor} × source tokens), {args.cap}), group max), "
          f"{args.threads} threads, median of {args.min_reps}–{args.max_reps} reps (spread = (max − min) / median)")
    print(cpu_header())
    print(f"{versions()}; optimum mode {args.optimum_mode}; load average at start {args.loadavg}")
    hdr = f"| engine | " + " | ".join(f"{name(b, m)} tok/s (spread, reps)" for b, m in cells) + " | peak RSS MB |"
    print(hdr)
    print("|---|" + "---:|" * (len(cells) + 1))
    fmt = lambda v: (f"{v[0]:.1f} ({v[1]:.0%}, {v[2]})" if v[2] > 1 else f"{v[0]:.1f} (—, 1)") if v else "—"  # noqa: E731
    for e in res["engines"]:
        row = [fmt(res["med"].get((e, b, m))) for b, m in cells]
        peak = max((v for (x, _), v in res["rss"].items() if x == e), default=float("nan"))
        print(f"| {e} | " + " | ".join(row) + f" | {peak:.0f} |")
    if res.get("sel"):
        k = max(v[2] for v in res["sel"].values())
        print(f"\nSelection rep{'s' if k > 1 else ''} ({k}, not in the medians above): every variant on every "
              f"cell; per cell each peer's best variant there is the one measured above (— = not chosen)")
        print(hdr)
        print("|---|" + "---:|" * (len(cells) + 1))
        for e in res["engines"]:
            row = [fmt(res["sel"].get((e, b, m))) for b, m in cells]
            print(f"| {e} | " + " | ".join(row) + " | |")
    if baselines:
        print("Peak RSS of the Python engines includes their imports: import baseline "
              + ", ".join(f"{k} {v:.0f} MB" for k, v in baselines.items()))
    info = {v for v in res["info"].values() if v}
    for v in sorted(info):
        print(f"CTranslate2 backend: {v}")
    print(f"\n| cell | crate best | best peer | crate / best peer | paired: median (min–max, reps) "
          f"| shortlist / vmap peer | selection rep: crate / best variant |")
    print("|---|---|---|---:|---:|---:|---:|")
    for c in cell_ratios(res, args):
        cr = f"{c['crate'][1]} {c['crate'][0]:.1f}" if c["crate"][0] else "—"
        pr = f"{c['peer'][1]} {c['peer'][0]:.1f}" if c["peer"][0] else "—"
        r = f"{c['ratio']:.2f}" if c["ratio"] else "—"
        s = f"{c['sl_ratio']:.2f}" if c["sl_ratio"] else "—"
        pv = res.get("paired", {}).get((c["b"], c["m"])) or []
        pr2 = (f"{statistics.median(pv):.2f} ({min(pv):.2f}–{max(pv):.2f}, {len(pv)})" if pv else "—")
        sc, _ = best_of(res, CRATE, c["b"], c["m"], "sel")
        sp, _ = best_of(res, ALL_PEERS, c["b"], c["m"], "sel")
        sr = f"{sc / sp:.2f}" if sc and sp else "—"
        print(f"| {name(c['b'], c['m'])} | {cr} | {pr} | {r} | {pr2} | {s} | {sr} |")
    if any(res.get("paired", {}).values()):
        print("paired = per rep, the crate's best variant over the best peer variant of the same cell, "
              "run back to back (interleaved schedule; with --select-reps: measured reps, the chosen variants)")
    for peer, names in PEERS.items():
        rs = []
        for b, m in cells:
            c, _ = best_of(res, CRATE, b, m)
            p, _ = best_of(res, names, b, m)
            rs.append(f"{name(b, m).replace(' ', '-')}={c / p:.2f}" if c and p else f"{name(b, m).replace(' ', '-')}=—")
        print(f"ratio {res['shape']} crate-best/{peer}-best: {' '.join(rs)}")


def import_baselines(job_path, args):
    out = {}
    for e, label in (("import-optimum", "torch+transformers+onnxruntime+optimum"), ("import-ct2", "ctranslate2")):
        cmd = [sys.executable, str(Path(__file__).resolve()), "--worker", e, "--job", str(job_path)]
        _, err, rc, rss_mb = run_child(cmd, child_env(e, args.threads))
        if rc == 0:
            out[label] = rss_mb
    return out


def digest_rss(args):
    model = args.digest_model
    subprocess.run(["cargo", "build", "--release", "-q", "--example", "digest"], cwd=ROOT, check=True)
    cmd = [str(RUST_BIN / "digest"), str(SEED), "--model", str(model), "--quantized", "--quiet"]
    t0 = time.time()
    out, err, rc, rss_mb = run_child(cmd, child_env("crate", args.threads))
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
    ap.add_argument("--batches", default="1,8,16")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--min-reps", type=int, help="default 3 (--quick: 2)")
    ap.add_argument("--max-reps", type=int, help="default 6 (--quick: 3)")
    ap.add_argument("--spread", type=float, default=0.10, help="re-run while (max-min)/median ≥ this")
    ap.add_argument("--engines", default=",".join(ENGINES))
    ap.add_argument("--optimum-mode", choices=["nospin", "torch1", "nospin-torch1", "spin"],
                    default="nospin-torch1",
                    help="nospin: ORT intra-op spinning off; torch1: torch at 1 thread; spin: the "
                         "oversubscribed setup (ORT spinning + torch at --threads), for reference")
    ap.add_argument("--quick", action="store_true",
                    help="marian-base, batch 1 and 8, 16 sentences, cap 32, 2–3 reps after the selection rep")
    ap.add_argument("--digest-rss", action="store_true")
    ap.add_argument("--digest-model", type=Path, default=BENCH / "nllb-600m")
    ap.add_argument("--crate-bin", type=Path, default=RUST_BIN / "bench_generate",
                    help="the crate's bench_generate binary (default: the release example, built first)")
    ap.add_argument("--nllb-sentences", type=int, default=0,
                    help="nllb-600m gets only the first K sentences of the workload (0 = all): its steps "
                         "cost ~5× Marian's; keep K ≥ the largest batch size")
    ap.add_argument("--nllb-engines", help="engines for nllb-600m (default: --engines)")
    ap.add_argument("--no-torch", action="store_true")
    ap.add_argument("--no-ct2", action="store_true")
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    ap.add_argument("--job", help=argparse.SUPPRESS)
    ap.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--schedule", choices=["interleaved", "blocks"], default="interleaved",
                    help="interleaved (default): every engine loaded once and kept running; each rep runs "
                         "cell by cell, all engines back to back in rotating order, so machine drift hits "
                         "every engine of a cell alike. blocks: one subprocess per (engine, rep) runs all "
                         "its cells (the crate: one per batch size)")
    ap.add_argument("--select-reps", type=int, default=1,
                    help="interleaved: reps that only choose each peer's best variant per cell (every "
                         "variant runs); the medians come from the reps after, which run the crate and the "
                         "chosen variants (0 = every variant in every rep, the best median is the yardstick)")
    ap.add_argument("--pause", type=float, default=0.5,
                    help="seconds of idle between two engines' runs (interleaved; lets thread pools go quiet)")
    args = ap.parse_args()
    if args.worker:
        return worker(args.worker, args.job, args.serve)
    args.loadavg = " ".join(f"{x:.1f}" for x in os.getloadavg())
    args.beam_list = [int(b) for b in args.beams.split(",")]
    args.batch_list = [int(b) for b in args.batches.split(",")]
    has_avx512 = {"avx512f", "avx512cd", "avx512vl", "avx512dq", "avx512bw"} <= set(cpu_model_flags()[1])
    engines = [e for e in args.engines.split(",") if e in ENGINES and (has_avx512 or not ct2_isa(e))
               and not (args.no_torch and e.startswith("pytorch"))
               and not (args.no_ct2 and e.startswith("ct2"))]
    log("building bench_generate and segment (release) ...")
    subprocess.run(["cargo", "build", "--release", "-q", "--example", "bench_generate", "--example", "segment"],
                   cwd=ROOT, check=True)
    args.crate_batch_flag = None
    seed = [] if args.no_seed else seed_sentences()
    if args.quick:
        texts, args.cap = rising_lines(12) + seed[:4], 32
        args.batch_list, args.shape = [b for b in args.batch_list if b in (1, 8)] or [1, 8], "marian"
        args.min_reps, args.max_reps = args.min_reps or 2, args.max_reps or 3
        engines = [e for e in engines if e != "crate-int8-sl" and "-vmap" not in e]
    else:
        texts = rising_lines(args.lines) + seed
        args.min_reps, args.max_reps = args.min_reps or 3, args.max_reps or 6
    args.max_reps = max(args.max_reps, args.min_reps)
    if args.schedule == "blocks" and args.select_reps:
        log("--select-reps applies to the interleaved schedule only: every variant runs every rep")
        args.select_reps = 0
    keys = ["marian", "nllb"] if args.shape == "all" else [args.shape]
    results = {}
    RUN_DIR.mkdir(parents=True, exist_ok=True)
    try:
        for k in keys:
            args.engine_list = list(engines)
            shape_texts = texts
            if k == "nllb":
                if args.nllb_engines:
                    args.engine_list = [e for e in args.nllb_engines.split(",") if e in engines]
                if args.nllb_sentences:
                    shape_texts = texts[:args.nllb_sentences]
            res = bench_shape(k, shape_texts, args)
            if res:
                base = import_baselines(RUN_DIR / f"job-{res['shape']}.json", args)
                results[k] = res
                report(res, args, base)
    finally:
        shutil.rmtree(RUN_DIR, ignore_errors=True)
    if args.digest_rss:
        digest_rss(args)
    main_res = results.get("marian") or results.get("nllb")
    r_opt = r_ct2 = float("nan")
    if main_res:
        c, _ = best_of(main_res, ["crate-fp32"], 1, 1)
        o, _ = best_of(main_res, ["optimum-fp32"], 1, 1)
        i, _ = best_of(main_res, ["crate-int8"], 1, 1)
        t, _ = best_of(main_res, [e for e in CT2_ENGINES if ct2_kind(e)[0].startswith("int8")], 1, 1)
        r_opt = c / o if c and o else r_opt
        r_ct2 = i / t if i and t else r_ct2
        print(f"\nheadline: batch 1 greedy, {main_res['shape']}")
    print(f"ratio_vs_optimum_ort={r_opt:.2f} ratio_vs_ct2_int8={r_ct2:.2f}")
    ratios = [(c["ratio"], res["shape"], c["b"], c["m"]) for res in results.values()
              for c in cell_ratios(res, args) if c["ratio"]]
    missing = [(res["shape"], c["b"], c["m"]) for res in results.values()
               for c in cell_ratios(res, args) if not c["ratio"]]
    if missing:
        print("cells without a crate/peer ratio (not in the minimum): "
              + ", ".join(f"{s} b{b} beam{m}" for s, b, m in missing))
    worst = min(ratios) if ratios else None
    if worst:
        print(f"worst cell: {worst[1]} batch {worst[2]} {'greedy' if worst[3] == 1 else f'beam {worst[3]}'}")
    print(f"ratio_vs_best_peer={worst[0] if worst else float('nan'):.2f}")


if __name__ == "__main__":
    main()
