#!/usr/bin/env python
"""Generation throughput: this crate vs Optimum ORT (same ONNX files) [+ PyTorch, CTranslate2].

Usage (venv python; build the benchmark models first with models/make_bench_models.py):
    /root/.venvs/bd/bin/python scripts/compare.py [--quick] [--threads 2] [--no-torch] [--no-ct2]

Workload: first K lines of RisingNews.test.bn, batch 1, exactly N new tokens per line (EOS
suppressed until N: min_new_tokens = max_new_tokens = N), greedy and beam 4. Engines are run
interleaved (A B A B ...) `--reps` times; the median tokens/s is reported. The Rust side is
`cargo run --release --example bench_generate` (built before timing; it times only generate,
after one warm-up). Python peers are loaded once, warmed up once per beam setting, then timed
the same way.

The LAST line is `ratio_vs_optimum_ort=X.XX ratio_vs_ct2_int8=Y.YY`: geometric mean over the beam
settings of (crate tokens/s) / (peer tokens/s). vs Optimum: both fp32 on the same files. vs CT2
int8: the crate's `*_quantized.onnx` variant when present, else fp32. `nan` = not measured.
"""
import argparse
import json
import math
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = Path("/work/shared/data/risingnews/RisingNews.test.bn")
ORT_LIB = ROOT / ".ort" / "libonnxruntime.so.1.31.0"


def log(*a):
    print(*a, file=sys.stderr, flush=True)


def read_lines(k):
    out = []
    for line in DATA.read_text(encoding="utf-8").splitlines():
        line = line.rstrip("\r")
        if line.strip():
            out.append(line)
        if len(out) == k:
            break
    return out


# ----------------------------------------------------------------------------- engines
class RustEngine:
    def __init__(self, model_dir, variant, lines_file, k, n, threads):
        self.name = f"crate-{variant}"
        self.args = ["--model", str(model_dir), "--input", str(lines_file), "--lines", str(k),
                     "--new-tokens", str(n), "--threads", str(threads), "--variant", variant]

    def run(self, beams):
        cmd = ["cargo", "run", "--release", "-q", "--example", "bench_generate", "--"] + self.args + [
            "--num-beams", str(beams)]
        env = dict(os.environ)
        env.setdefault("ORT_DYLIB_PATH", str(ORT_LIB))
        r = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, env=env)
        if r.returncode != 0:
            raise RuntimeError(f"bench_generate failed: {r.stderr.strip()}")
        res = json.loads(r.stdout.strip().splitlines()[-1])
        return res["tokens"], res["seconds"]


class PyEngine:
    """Common timing loop: warm-up once per beam setting, then time all lines one at a time."""

    def __init__(self, lines, n):
        self.lines, self.n, self.warm = lines, n, set()

    def run(self, beams):
        if beams not in self.warm:
            self.gen_one(self.lines[0], beams)
            self.warm.add(beams)
        tokens = 0
        t0 = time.perf_counter()
        for line in self.lines:
            tokens += self.gen_one(line, beams)
        return tokens, time.perf_counter() - t0


class HFEngine(PyEngine):
    def __init__(self, name, model, tok, lines, n):
        super().__init__(lines, n)
        self.name, self.model, self.tok = name, model, tok

    def gen_one(self, line, beams):
        import torch
        enc = self.tok(line, return_tensors="pt")
        with torch.inference_mode():
            out = self.model.generate(**enc, num_beams=beams, do_sample=False,
                                      min_new_tokens=self.n, max_new_tokens=self.n)
        return out.shape[1] - 1  # rows start with the decoder start token


def optimum_engine(model_dir, tok, lines, n, threads):
    import onnxruntime as ort
    from optimum.onnxruntime import ORTModelForSeq2SeqLM
    so = ort.SessionOptions()
    so.intra_op_num_threads = threads
    so.inter_op_num_threads = 1
    model = ORTModelForSeq2SeqLM.from_pretrained(
        model_dir, use_merged=True, use_cache=True, session_options=so,
        encoder_file_name="encoder_model.onnx", decoder_file_name="decoder_model_merged.onnx",
        provider="CPUExecutionProvider")
    return HFEngine("optimum-ort-fp32", model, tok, lines, n)


def torch_engine(hf_dir, tok, lines, n, threads):
    import torch
    from transformers import AutoModelForSeq2SeqLM
    torch.set_num_threads(threads)
    model = AutoModelForSeq2SeqLM.from_pretrained(hf_dir).eval()
    return HFEngine("pytorch-fp32", model, tok, lines, n)


class CT2Engine(PyEngine):
    def __init__(self, name, ct2_dir, tok, lines, n, threads):
        super().__init__(lines, n)
        import ctranslate2
        self.name, self.tok = name, tok
        self.tr = ctranslate2.Translator(str(ct2_dir), device="cpu", inter_threads=1, intra_threads=threads)

    def gen_one(self, line, beams):
        src = self.tok.convert_ids_to_tokens(self.tok(line).input_ids)
        res = self.tr.translate_batch([src], beam_size=beams, num_hypotheses=1,
                                      min_decoding_length=self.n, max_decoding_length=self.n)
        return len(res[0].hypotheses[0])


def ct2_convert(hf_dir, out, quant):
    if (out / "model.bin").exists():
        return out
    conv = Path(sys.executable).parent / "ct2-transformers-converter"
    cmd = [str(conv), "--model", str(hf_dir), "--output_dir", str(out), "--quantization", quant, "--force"]
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        raise RuntimeError(f"ct2 conversion failed: {r.stderr.strip()[-800:]}")
    return out


# ----------------------------------------------------------------------------- main
def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", type=Path, default=ROOT / ".cache" / "bench" / "marian-base")
    ap.add_argument("--hf", type=Path, default=ROOT / ".cache" / "bench" / "marian-base-hf")
    ap.add_argument("--lines", type=int, default=16)
    ap.add_argument("--new-tokens", type=int, default=64)
    ap.add_argument("--beams", default="1,4")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--quick", action="store_true", help="reduced workload (< 5 min)")
    ap.add_argument("--no-torch", action="store_true")
    ap.add_argument("--no-ct2", action="store_true")
    args = ap.parse_args()
    if args.quick:
        args.lines, args.new_tokens = 4, 32
    beams = [int(b) for b in args.beams.split(",")]
    lines = read_lines(args.lines)
    lines_file = ROOT / ".cache" / "bench" / f"lines-{len(lines)}.bn.txt"
    lines_file.parent.mkdir(parents=True, exist_ok=True)
    lines_file.write_text("\n".join(lines) + "\n", encoding="utf-8")

    log("building bench_generate (release) ...")
    subprocess.run(["cargo", "build", "--release", "-q", "--example", "bench_generate"], cwd=ROOT, check=True)

    from transformers import AutoTokenizer
    tok = AutoTokenizer.from_pretrained(args.model)
    engines = [RustEngine(args.model, "fp32", lines_file, len(lines), args.new_tokens, args.threads)]
    has_q = (args.model / "decoder_model_merged_quantized.onnx").exists() and (
        args.model / "encoder_model_quantized.onnx").exists()
    if has_q:
        engines.append(RustEngine(args.model, "quantized", lines_file, len(lines), args.new_tokens, args.threads))
    try:
        engines.append(optimum_engine(args.model, tok, lines, args.new_tokens, args.threads))
    except Exception as e:
        log(f"optimum unavailable: {e}")
    if not args.no_ct2:
        try:
            import ctranslate2  # noqa: F401
            for quant in ("int8", "float32"):
                d = ct2_convert(args.hf, args.hf.parent / f"marian-base-ct2-{quant}", quant)
                engines.append(CT2Engine(f"ct2-{quant}", d, tok, lines, args.new_tokens, args.threads))
        except Exception as e:
            log(f"ctranslate2 unavailable: {e}")
    if not args.no_torch:
        try:
            engines.append(torch_engine(args.hf, tok, lines, args.new_tokens, args.threads))
        except Exception as e:
            log(f"pytorch unavailable: {e}")

    rates = {(e.name, b): [] for e in engines for b in beams}
    for rep in range(args.reps):
        for b in beams:
            for e in engines:  # interleaved A B C A B C ...
                tokens, secs = e.run(b)
                expect = len(lines) * args.new_tokens
                if tokens != expect:
                    log(f"warning: {e.name} beam {b} generated {tokens} tokens, expected {expect}")
                rates[(e.name, b)].append(tokens / secs)
                log(f"rep {rep + 1} beam {b} {e.name:18s} {tokens / secs:8.1f} tok/s")

    med = {k: statistics.median(v) for k, v in rates.items()}
    print(f"\nworkload: {len(lines)} lines, {args.new_tokens} new tokens each, batch 1, "
          f"{args.threads} threads, median of {args.reps}; model {args.model.name}")
    hdr = f"{'engine':20s}" + "".join(f"{'beam ' + str(b) + ' tok/s':>16s}" for b in beams)
    print(hdr)
    print("-" * len(hdr))
    for e in engines:
        print(f"{e.name:20s}" + "".join(f"{med[(e.name, b)]:16.1f}" for b in beams))

    def ratio(mine, peer):
        if any((mine, b) not in med or (peer, b) not in med for b in beams):
            return float("nan")
        return math.exp(statistics.mean(math.log(med[(mine, b)] / med[(peer, b)]) for b in beams))

    r_opt = ratio("crate-fp32", "optimum-ort-fp32")
    r_ct2 = ratio("crate-quantized" if has_q else "crate-fp32", "ct2-int8")
    print(f"ratio_vs_optimum_ort={r_opt:.2f} ratio_vs_ct2_int8={r_ct2:.2f}")


if __name__ == "__main__":
    main()
