#!/usr/bin/env python
"""Build full-size random-weight benchmark models (not committed; written under .cache/bench).

Usage: /root/.venvs/bd/bin/python models/make_bench_models.py [--out .cache/bench]
           [--only marian|nllb] [--force] [--no-quantize] [--keep-split]

Each model is skipped when its ONNX directory is already complete (`--force` rebuilds it).

marian-base (`<out>/marian-base`, HF checkpoint `<out>/marian-base-hf`): opus-mt-bn-en shape
(d_model 512, 6+6 layers, 8 heads, ffn 2048, swish, 512 positions) with a shared source/target
Unigram vocabulary like real Marian: `</s> <unk>` + the pieces of bn.spm.model and en.spm.model
(deduplicated, with their scores) + `<pad>` last = 63,923 entries (opus-mt-bn-en: ~60k).

nllb-600m (`<out>/nllb-600m`, HF checkpoint `<out>/nllb-600m-hf`): NLLB-200-distilled-600M shape
(M2M100ForConditionalGeneration: d_model 1024, 12+12 layers, 16 heads, ffn 4096, relu, 1024
positions, scaled and tied embeddings, vocab 256,206; bos 0, pad 1, eos = decoder start 2, unk 3).
Tokenizer (NllbTokenizerFast, src_lang ben_Beng, tgt_lang eng_Latn): `<s> <pad> </s> <unk>`, the
bn + en spm pieces, filler pieces (private-use characters, score -100) up to id 256,002, then the
202 FLORES-200 language codes (special added tokens, ben_Beng = 256,028, eng_Latn = 256,049) and
`<mask>` = 256,205. The caller forces the target language (forced_bos_token_id); the generation
config does not.

Weights: torch.manual_seed(0), init_std 0.02. Export: `optimum-cli export onnx --task
text2text-generation-with-past --no-post-process` (post-processing crashes on >2 GB graphs), then
- fp32 `decoder_model_merged.onnx` = optimum's merge_decoders(strict=False) of the two split
  decoders (ONNX external data `<file>.onnx_data` when > 2 GB),
- int8 `{encoder_model,decoder_model,decoder_with_past_model}_quantized.onnx` with
  onnxruntime.quantization.quantize_dynamic (QInt8 weights, per_channel off; weights external in
  `<file>.onnx.data` when the fp32 input is > 4 × 300 MB or has external data — ORT 1.31's
  naming), and `decoder_model_merged_quantized.onnx` merged from the two quantized decoders
  (quantizing the merged graph would leave the `If` branches fp32); the merged graph keeps its
  weights external (`<file>.onnx_data`) when the two inputs total > 300 MB (nllb-600m: ONNX
  Runtime memory-maps them, lower peak RSS).
`--int8-external-data` stores the int8 encoder and merged decoder weights in `.onnx_data` files
(ONNX Runtime then memory-maps them: lower peak RSS; the default embeds small ones like real
exports).
External data is found from the graphs' own `location` entries, so sizes count it and rebuilds
delete it under any naming (`.onnx_data`, `.onnx.data`, `_data`); the final listing flags data
files no graph names. For nllb-600m the split decoders (fp32 ~2.9 GB each, int8) are deleted
after merging unless `--keep-split`. Stale CTranslate2 conversions (`<out>/<name>-ct2-*`, made by
scripts/compare.py) are deleted when a model is rebuilt.
"""
import argparse
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

from onnx_files import external_data_files

import torch
from tokenizers import AddedToken, Tokenizer, decoders, models, normalizers, pre_tokenizers, processors
from transformers import (GenerationConfig, M2M100Config, M2M100ForConditionalGeneration, MarianConfig,
                          MarianMTModel, NllbTokenizerFast, PreTrainedTokenizerFast)

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SPM_DIR = ROOT.parent / "shared" / "data" / "risingnews"
TWO_GB = 2**31


def log(msg):
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"[{time.strftime('%H:%M:%S')} maxrss {rss:.0f} MB] {msg}", flush=True)


def spm_pieces(path):
    from sentencepiece import sentencepiece_model_pb2 as pb
    m = pb.ModelProto()
    m.ParseFromString(path.read_bytes())
    # type 1 = NORMAL, 4 = USER_DEFINED, 6 = BYTE; skip UNKNOWN(2)/CONTROL(3)/UNUSED(5)
    return [(p.piece, p.score) for p in m.pieces if p.type in (1, 4, 6)]


def bn_en_pieces(exclude):
    """bn.spm.model then en.spm.model pieces, deduplicated, in file order (deterministic)."""
    seen, out = set(exclude), []
    for name in ("bn.spm.model", "en.spm.model"):
        for piece, score in spm_pieces(SPM_DIR / name):
            if piece not in seen:
                seen.add(piece)
                out.append((piece, score))
    return out


def unigram(vocab, unk_id):
    tok = Tokenizer(models.Unigram(vocab, unk_id=unk_id, byte_fallback=False))
    tok.normalizer = normalizers.NFKC()
    tok.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always")
    tok.decoder = decoders.Metaspace(replacement="▁", prepend_scheme="always")
    return tok


# External-data names the tools write beside `<name>.onnx`: optimum and onnx.save here
# `<name>.onnx_data`, onnxruntime.quantization (1.31) `<name>.onnx.data`, older scripts `<stem>_data`.
DATA_NAMES = ("{name}_data", "{name}.data", "{stem}_data", "{stem}.data")


def file_size(path):
    """Bytes of the graph plus every external-data file it names."""
    p = Path(path)
    return p.stat().st_size + sum(f.stat().st_size for f in external_data_files(p) if f.exists())


def remove_onnx(path):
    """Deletes the graph at `path`, the data files it names and any file with one of DATA_NAMES
    (so no stale weights survive a rebuild under another naming)."""
    p = Path(path)
    stale = set(external_data_files(p))
    stale.update(p.with_name(n.format(name=p.name, stem=p.stem)) for n in DATA_NAMES)
    for f in [p, *sorted(stale)]:
        if f.exists():
            f.unlink()


def drop_ct2(out, name):
    for d in out.glob(f"{name}-ct2-*"):
        shutil.rmtree(d)
        log(f"removed stale {d}")


# ----------------------------------------------------------------------------- marian-base
MARIAN_MAXPOS = 512


def marian_tokenizer():
    vocab = [("</s>", 0.0), ("<unk>", 0.0)] + bn_en_pieces({"</s>", "<unk>", "<pad>"}) + [("<pad>", 0.0)]
    tok = unigram(vocab, unk_id=1)
    tok.add_special_tokens([AddedToken(s, special=True, normalized=False) for s in ("</s>", "<unk>", "<pad>")])
    tok.post_processor = processors.TemplateProcessing(
        single="$A </s>", pair="$A $B </s>", special_tokens=[("</s>", 0)])
    fast = PreTrainedTokenizerFast(tokenizer_object=tok, model_max_length=MARIAN_MAXPOS,
                                   model_input_names=["input_ids", "attention_mask"],
                                   eos_token="</s>", unk_token="<unk>", pad_token="<pad>")
    assert len(fast) == len(vocab), (len(fast), len(vocab))
    return fast, len(vocab)


def make_marian(hf_dir):
    tok, n = marian_tokenizer()
    pad, eos = n - 1, 0
    cfg = MarianConfig(vocab_size=n, decoder_vocab_size=n, d_model=512, encoder_layers=6, decoder_layers=6,
                       encoder_attention_heads=8, decoder_attention_heads=8, encoder_ffn_dim=2048,
                       decoder_ffn_dim=2048, activation_function="swish", max_position_embeddings=MARIAN_MAXPOS,
                       pad_token_id=pad, eos_token_id=eos, decoder_start_token_id=pad,
                       forced_eos_token_id=eos, scale_embedding=True, share_encoder_decoder_embeddings=True,
                       init_std=0.02)
    torch.manual_seed(0)
    model = MarianMTModel(cfg).eval()
    model.generation_config = GenerationConfig(
        bad_words_ids=[[pad]], decoder_start_token_id=pad, eos_token_id=eos, pad_token_id=pad,
        forced_eos_token_id=eos, max_length=MARIAN_MAXPOS, num_beams=4)
    if hf_dir.exists():
        shutil.rmtree(hf_dir)
    model.save_pretrained(hf_dir)
    tok.save_pretrained(hf_dir)
    log(f"marian-base: vocab {n}, params {sum(p.numel() for p in model.parameters()) / 1e6:.1f}M")


# ----------------------------------------------------------------------------- nllb-600m
NLLB_VOCAB = 256206
NLLB_MAXPOS = 1024


def nllb_tokenizer():
    from transformers.models.nllb.tokenization_nllb import FAIRSEQ_LANGUAGE_CODES as LANGS
    specials = ["<s>", "<pad>", "</s>", "<unk>"]
    vocab = [(s, 0.0) for s in specials] + bn_en_pieces(set(specials) | set(LANGS) | {"<mask>"})
    n_fill = NLLB_VOCAB - len(vocab) - len(LANGS) - 1
    assert n_fill >= 0, n_fill
    # Private-use character pairs: never produced by the normalizer from real text.
    for i in range(n_fill):
        vocab.append((chr(0xE000 + i // 4096) + chr(0xF000 + i % 4096), -100.0))
    vocab += [(lang, 0.0) for lang in LANGS] + [("<mask>", 0.0)]
    assert len(vocab) == NLLB_VOCAB and len({p for p, _ in vocab}) == NLLB_VOCAB
    tok = unigram(vocab, unk_id=3)
    tok.add_special_tokens([AddedToken(s, special=True, normalized=False) for s in specials])
    fast = NllbTokenizerFast(tokenizer_object=tok, src_lang="ben_Beng", tgt_lang="eng_Latn",
                             model_max_length=NLLB_MAXPOS, legacy_behaviour=False)
    assert len(fast) == NLLB_VOCAB, len(fast)
    ids = {s: fast.convert_tokens_to_ids(s) for s in specials + ["ben_Beng", "eng_Latn", "<mask>"]}
    assert [ids[s] for s in specials] == [0, 1, 2, 3], ids
    assert ids["<mask>"] == NLLB_VOCAB - 1, ids
    return fast, ids


def make_nllb(hf_dir):
    tok, ids = nllb_tokenizer()
    log(f"nllb tokenizer: {len(tok)} entries, {ids}")
    cfg = M2M100Config(vocab_size=NLLB_VOCAB, d_model=1024, encoder_layers=12, decoder_layers=12,
                       encoder_attention_heads=16, decoder_attention_heads=16, encoder_ffn_dim=4096,
                       decoder_ffn_dim=4096, activation_function="relu", max_position_embeddings=NLLB_MAXPOS,
                       scale_embedding=True, tie_word_embeddings=True, dropout=0.1, attention_dropout=0.1,
                       activation_dropout=0.0, encoder_layerdrop=0, decoder_layerdrop=0, init_std=0.02,
                       pad_token_id=1, bos_token_id=0, eos_token_id=2, decoder_start_token_id=2,
                       tokenizer_class="NllbTokenizer", use_cache=True)
    torch.manual_seed(0)
    model = M2M100ForConditionalGeneration(cfg).eval()
    model.generation_config = GenerationConfig(bos_token_id=0, decoder_start_token_id=2, eos_token_id=2,
                                               pad_token_id=1, max_length=200)
    if hf_dir.exists():
        shutil.rmtree(hf_dir)
    model.save_pretrained(hf_dir)
    tok.save_pretrained(hf_dir)
    log(f"nllb-600m: params {sum(p.numel() for p in model.parameters()) / 1e6:.1f}M")
    del model


# ----------------------------------------------------------------------------- export / quantize
def export(src, out, post_process):
    if out.exists():
        shutil.rmtree(out)
    cmd = [str(Path(sys.executable).parent / "optimum-cli"), "export", "onnx", "--model", str(src),
           "--task", "text2text-generation-with-past"]
    if not post_process:
        cmd.append("--no-post-process")
    t0 = time.time()
    r = subprocess.run(cmd + [str(out)], capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"export failed:\n{r.stdout[-3000:]}\n{r.stderr[-3000:]}")
    log(f"exported {out} in {time.time() - t0:.0f} s")


EXTERNAL_FROM = 300_000_000  # bytes of weights from which files keep them in `.onnx_data`


def save_external(model, save_path):
    """Stand-in for optimum's check_and_save_model on > 2 GB graphs: that one calls
    `model.ByteSize()` first, which raises `EncodeError: Failed to serialize proto` past protobuf's
    2 GB limit. Writes `<name>.onnx` + `<name>.onnx_data` (tensors ≥ 100 bytes) without checking."""
    import onnx
    save_path = Path(save_path)
    onnx.save(model, str(save_path), save_as_external_data=True, all_tensors_to_one_file=True,
              location=save_path.name + "_data", size_threshold=100, convert_attribute=True)


def merge(decoder, with_past, dst):
    import optimum.onnx.graph_transformations as gt
    t0 = time.time()
    # Weights in `.onnx_data` beside the graph past 2 GB (protobuf's limit) and also past
    # EXTERNAL_FROM: ONNX Runtime memory-maps external data, so loading does not hold the
    # serialized model and its tensors at once (NLLB-600M int8: 1.95 GB → 1.38 GB peak RSS).
    big = file_size(decoder) + file_size(with_past) > EXTERNAL_FROM
    remove_onnx(dst)
    saver = gt.check_and_save_model
    if big:
        gt.check_and_save_model = save_external
    try:
        gt.merge_decoders(decoder, with_past, save_path=str(dst), strict=False)
    finally:
        gt.check_and_save_model = saver
    log(f"merged {dst.name} ({file_size(dst) / 1e6:.0f} MB) in {time.time() - t0:.0f} s")


def quantize(out):
    from onnxruntime.quantization import QuantType, quantize_dynamic
    sys.path.insert(0, str(HERE))
    from untie_lm_head import untie
    for name in ("encoder_model", "decoder_model", "decoder_with_past_model"):
        src = out / f"{name}.onnx"
        dst = out / f"{name}_quantized.onnx"
        t0 = time.time()
        # Tied LM heads are `MatMul(h, Transpose(shared))`: give them their own initializer first,
        # or quantize_dynamic leaves a per-step DequantizeLinear of the whole head (see
        # models/untie_lm_head.py). Values are unchanged.
        tmp = src
        if name != "encoder_model":
            tmp = out / f"{name}.untied.onnx"
            log(f"{name}: {untie(src, tmp)} LM head(s) untied")
        remove_onnx(dst)
        # Writes `<dst>.onnx.data` when external (ORT 1.31; forced when the input has external data).
        quantize_dynamic(str(tmp), str(dst), weight_type=QuantType.QInt8, per_channel=False,
                         use_external_data_format=file_size(tmp) / 4 > EXTERNAL_FROM)
        if tmp != src:
            remove_onnx(tmp)
        log(f"quantized {dst.name} ({file_size(dst) / 1e6:.0f} MB) in {time.time() - t0:.0f} s")
    merge(out / "decoder_model_quantized.onnx", out / "decoder_with_past_model_quantized.onnx",
          out / "decoder_model_merged_quantized.onnx")


def int8_to_external(out):
    """Re-saves the loaded int8 files with their weights as ONNX external data (`.onnx_data`).
    ONNX Runtime memory-maps external initializers instead of copying them out of the parsed
    protobuf: peak RSS of loading nllb-600m int8 drops from ~1.95 GB to ~1.37 GB."""
    import onnx
    for name in ("encoder_model_quantized", "decoder_model_merged_quantized"):
        path = out / f"{name}.onnx"
        if [f.name for f in external_data_files(path)] == [f"{name}.onnx_data"]:
            continue
        model = onnx.load(str(path))  # loads any external data, whatever its name
        remove_onnx(path)
        onnx.save(model, str(path), save_as_external_data=True, all_tensors_to_one_file=True,
                  location=f"{name}.onnx_data", size_threshold=1024)
        log(f"{name}.onnx: weights moved to {name}.onnx_data")


def remove_split(out):
    for stem in ("decoder_model", "decoder_with_past_model"):
        for suffix in ("", "_quantized"):
            remove_onnx(out / f"{stem}{suffix}.onnx")
    log(f"removed split decoders from {out}")


def complete(onnx_dir, quant):
    need = ["encoder_model.onnx", "decoder_model_merged.onnx", "tokenizer.json", "config.json"]
    if quant:
        need += ["encoder_model_quantized.onnx", "decoder_model_merged_quantized.onnx"]
    return all((onnx_dir / f).exists() for f in need)


def build(name, out, args):
    hf, onnx_dir = out / f"{name}-hf", out / name
    if not args.force and complete(onnx_dir, not args.no_quantize):
        if args.int8_external_data:
            int8_to_external(onnx_dir)
        log(f"{name}: present in {onnx_dir}, skipped (--force to rebuild)")
        list_files(onnx_dir)
        return
    t_all = time.time()
    drop_ct2(out, name)
    split = [onnx_dir / f for f in ("encoder_model.onnx", "decoder_model.onnx", "decoder_with_past_model.onnx")]
    if not args.force and (hf / "config.json").exists() and all(f.exists() for f in split):
        log(f"{name}: reusing the checkpoint and split export in {onnx_dir} (an earlier run stopped)")
    elif name == "marian-base":
        make_marian(hf)
        export(hf, onnx_dir, post_process=True)
    else:
        make_nllb(hf)
        export(hf, onnx_dir, post_process=False)
    if not (onnx_dir / "decoder_model_merged.onnx").exists():
        merge(onnx_dir / "decoder_model.onnx", onnx_dir / "decoder_with_past_model.onnx",
              onnx_dir / "decoder_model_merged.onnx")
    if not args.no_quantize:
        quantize(onnx_dir)
        if args.int8_external_data:
            int8_to_external(onnx_dir)
    if name == "nllb-600m" and not args.keep_split:
        remove_split(onnx_dir)
    log(f"{name}: done in {time.time() - t_all:.0f} s")
    list_files(onnx_dir)


def list_files(onnx_dir):
    """Logs every graph with its total size (graph + the data files it names), then any data file
    no graph names (stale)."""
    named = set()
    for f in sorted(onnx_dir.glob("*.onnx")):
        data = external_data_files(f)
        named.update(data)
        log(f"  {f.name:45s} {file_size(f) / 1e6:9.1f} MB" + (f"  (+ {', '.join(d.name for d in data)})" if data else ""))
    for f in sorted(onnx_dir.iterdir()):
        if f.suffix != ".onnx" and f not in named and any(k in f.name for k in ("_data", ".data")):
            log(f"  stale data file {f.name} ({f.stat().st_size / 1e6:.1f} MB)")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", type=Path, default=ROOT / ".cache" / "bench")
    ap.add_argument("--only", choices=["marian", "nllb"])
    ap.add_argument("--force", action="store_true", help="rebuild even when present")
    ap.add_argument("--no-quantize", action="store_true")
    ap.add_argument("--int8-external-data", action="store_true",
                    help="store the int8 encoder/merged decoder weights as .onnx_data (mmapped by ORT)")
    ap.add_argument("--keep-split", action="store_true", help="keep nllb-600m's split decoder files")
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    for name in ("marian-base", "nllb-600m"):
        if args.only is None or name.startswith(args.only):
            build(name, args.out, args)


if __name__ == "__main__":
    main()
