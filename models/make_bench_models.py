#!/usr/bin/env python
"""Build full-size random-weight benchmark models (not committed; written under .cache/bench).

Usage: /root/.venvs/bd/bin/python models/make_bench_models.py [--out .cache/bench] [--no-quantize]

marian-base: opus-mt-bn-en shape (d_model 512, 6+6 layers, 8 heads, ffn 2048) with a real-size
Unigram tokenizer built deterministically from the pieces/scores of
/work/shared/data/risingnews/bn.spm.model (no trainer). Weights: torch.manual_seed(0).
Exported with `optimum-cli export onnx --task text2text-generation-with-past`; the saved HF
checkpoint is kept in `<out>/marian-base-hf` (for PyTorch / CTranslate2 peers).
Optionally adds `*_quantized.onnx` (onnxruntime dynamic int8, per-channel off).
"""
import argparse
import shutil
import subprocess
import sys
from pathlib import Path

import torch
from tokenizers import Tokenizer, AddedToken, models, normalizers, pre_tokenizers, processors, decoders
from transformers import PreTrainedTokenizerFast, GenerationConfig, MarianConfig, MarianMTModel

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SPM = Path("/work/shared/data/risingnews/bn.spm.model")
MAXPOS = 512


def spm_pieces(path):
    from sentencepiece import sentencepiece_model_pb2 as pb
    m = pb.ModelProto()
    m.ParseFromString(path.read_bytes())
    out = []
    for p in m.pieces:
        # type 1 = NORMAL, 4 = USER_DEFINED, 6 = BYTE; skip UNKNOWN(2)/CONTROL(3)/UNUSED(5)
        if p.type in (1, 4, 6):
            out.append((p.piece, p.score))
    return out


def build_tokenizer():
    pieces = spm_pieces(SPM)
    vocab = [("</s>", 0.0), ("<unk>", 0.0)]
    seen = {"</s>", "<unk>", "<pad>"}
    for piece, score in pieces:
        if piece not in seen:
            vocab.append((piece, score))
            seen.add(piece)
    vocab.append(("<pad>", 0.0))
    tok = Tokenizer(models.Unigram(vocab, unk_id=1, byte_fallback=False))
    tok.normalizer = normalizers.NFKC()
    tok.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always")
    tok.decoder = decoders.Metaspace(replacement="▁", prepend_scheme="always")
    tok.add_special_tokens([AddedToken(s, special=True, normalized=False) for s in ("</s>", "<unk>", "<pad>")])
    tok.post_processor = processors.TemplateProcessing(
        single="$A </s>", pair="$A $B </s>", special_tokens=[("</s>", 0)])
    fast = PreTrainedTokenizerFast(tokenizer_object=tok, model_max_length=MAXPOS,
                                   model_input_names=["input_ids", "attention_mask"],
                                   eos_token="</s>", unk_token="<unk>", pad_token="<pad>")
    assert len(fast) == len(vocab), (len(fast), len(vocab))
    return fast, len(vocab)


def make_marian(hf_dir):
    tok, n = build_tokenizer()
    pad, eos = n - 1, 0
    cfg = MarianConfig(vocab_size=n, decoder_vocab_size=n, d_model=512, encoder_layers=6, decoder_layers=6,
                       encoder_attention_heads=8, decoder_attention_heads=8, encoder_ffn_dim=2048,
                       decoder_ffn_dim=2048, activation_function="swish", max_position_embeddings=MAXPOS,
                       pad_token_id=pad, eos_token_id=eos, decoder_start_token_id=pad,
                       forced_eos_token_id=eos, scale_embedding=True, share_encoder_decoder_embeddings=True,
                       init_std=0.02)
    torch.manual_seed(0)
    model = MarianMTModel(cfg).eval()
    model.generation_config = GenerationConfig(
        bad_words_ids=[[pad]], decoder_start_token_id=pad, eos_token_id=eos, pad_token_id=pad,
        forced_eos_token_id=eos, max_length=MAXPOS, num_beams=4)
    if hf_dir.exists():
        shutil.rmtree(hf_dir)
    model.save_pretrained(hf_dir)
    tok.save_pretrained(hf_dir)
    print(f"marian-base: vocab {n}, params {sum(p.numel() for p in model.parameters()) / 1e6:.1f}M", flush=True)


def export(src, out):
    if out.exists():
        shutil.rmtree(out)
    cmd = [str(Path(sys.executable).parent / "optimum-cli"), "export", "onnx", "--model", str(src),
           "--task", "text2text-generation-with-past", str(out)]
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"export failed:\n{r.stdout}\n{r.stderr}")
    print(f"exported {out}", flush=True)


def quantize(out):
    from onnxruntime.quantization import quantize_dynamic, QuantType
    for name in ("encoder_model", "decoder_model", "decoder_with_past_model", "decoder_model_merged"):
        src = out / f"{name}.onnx"
        if not src.exists():
            continue
        dst = out / f"{name}_quantized.onnx"
        try:
            quantize_dynamic(str(src), str(dst), weight_type=QuantType.QInt8)
            print(f"quantized {dst.name}", flush=True)
        except Exception as e:  # the merged (If-node) graph may not quantize everywhere
            print(f"quantize {name} failed: {e}", flush=True)
            dst.unlink(missing_ok=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", type=Path, default=ROOT / ".cache" / "bench")
    ap.add_argument("--no-quantize", action="store_true")
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    hf = args.out / "marian-base-hf"
    onnx_dir = args.out / "marian-base"
    make_marian(hf)
    export(hf, onnx_dir)
    if not args.no_quantize:
        quantize(onnx_dir)


if __name__ == "__main__":
    main()
