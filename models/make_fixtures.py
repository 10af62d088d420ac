#!/usr/bin/env python
"""Build tiny random-weight seq2seq ONNX fixtures + generation goldens.

Usage: /root/.venvs/bd/bin/python models/make_fixtures.py [--arch marian m2m100 ...]

Everything is built locally (no HF Hub): a deterministic WordLevel tokenizer
(no trainer), a tiny config, torch.manual_seed(0) weights (scaled up so argmax
varies), `optimum-cli export onnx --task text2text-generation-with-past`, and
goldens from PyTorch generate() cross-checked against ORTModelForSeq2SeqLM
(merged and split decoders). Only cases where all three agree exactly are kept.
"""
import argparse
import collections
import copy
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unicodedata
from pathlib import Path

import torch
from tokenizers import Tokenizer, AddedToken, models, normalizers, pre_tokenizers, processors, decoders
from transformers import PreTrainedTokenizerFast, GenerationConfig

HERE = Path(__file__).resolve().parent
FIXTURES = HERE / "fixtures"
SEED_TEXT = Path("/work/shared/data/seed-article.bn.txt")
ALL_ARCHS = ["marian", "m2m100", "bart", "t5", "mbart"]

ENGLISH = ("the a an of to in and is was on for with that by at from as it his her "
           "north korea korean russia russian war leader kim security meeting state media "
           "said president united states ukraine support troops army talks peace day year "
           "people country government new first two after before will would").split()

D_MODEL, FFN, HEADS, LAYERS, MAXPOS = 32, 64, 4, 2, 64
N_WORDS = 380  # Bengali+punct pieces taken from the seed article (by frequency)


# ----------------------------------------------------------------------------- tokenizer
def pretok():
    return pre_tokenizers.Sequence([pre_tokenizers.WhitespaceSplit(),
                                    pre_tokenizers.Punctuation(behavior="isolated")])


def corpus_words():
    text = unicodedata.normalize("NFC", SEED_TEXT.read_text(encoding="utf-8"))
    pt = pretok()
    counts = collections.Counter()
    for line in text.splitlines():
        for w, _ in pt.pre_tokenize_str(line):
            counts[w] += 1
    # deterministic: frequency desc, then codepoint order
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return [w for w, _ in ranked[:N_WORDS]]


def build_tokenizer(head_specials, tail_specials, template_single, template_pair, special_map, extra_special=()):
    """head_specials go first (ids 0..), then words, then tail_specials (lang codes, <mask>, <pad> for marian)."""
    vocab = []
    for t in head_specials:
        vocab.append(t)
    seen = set(vocab) | set(tail_specials)
    for w in corpus_words() + ENGLISH:
        if w not in seen:
            vocab.append(w)
            seen.add(w)
    vocab.extend(tail_specials)
    v = {t: i for i, t in enumerate(vocab)}
    tok = Tokenizer(models.WordLevel(vocab=v, unk_token=special_map["unk_token"]))
    tok.normalizer = normalizers.NFC()
    tok.pre_tokenizer = pretok()
    tok.decoder = None  # WordLevel decode joins tokens with single spaces
    specials = list(head_specials) + list(tail_specials)
    tok.add_special_tokens([AddedToken(s, special=True, normalized=False) for s in specials])
    spec_ids = sorted({(s, v[s]) for s in specials if s in template_single + " " + template_pair})
    tok.post_processor = processors.TemplateProcessing(
        single=template_single, pair=template_pair, special_tokens=spec_ids)
    fast = PreTrainedTokenizerFast(tokenizer_object=tok, model_max_length=MAXPOS,
                                   model_input_names=["input_ids", "attention_mask"],
                                   additional_special_tokens=list(extra_special), **special_map)
    assert len(fast) == len(vocab), (len(fast), len(vocab))
    return fast, v


# ----------------------------------------------------------------------------- archs
def spec_marian():
    from transformers import MarianConfig, MarianMTModel
    # Marian (opus-mt): </s>=0, <unk>=1, <pad> is the LAST id.
    tok, v = build_tokenizer(["</s>", "<unk>"], ["<pad>"], "$A </s>", "$A $B </s>",
                             dict(eos_token="</s>", unk_token="<unk>", pad_token="<pad>"))
    pad, eos = v["<pad>"], v["</s>"]
    cfg = MarianConfig(vocab_size=len(v), decoder_vocab_size=len(v), d_model=D_MODEL,
                       encoder_layers=LAYERS, decoder_layers=LAYERS, encoder_attention_heads=HEADS,
                       decoder_attention_heads=HEADS, encoder_ffn_dim=FFN, decoder_ffn_dim=FFN,
                       max_position_embeddings=MAXPOS, pad_token_id=pad, eos_token_id=eos,
                       decoder_start_token_id=pad, forced_eos_token_id=eos, scale_embedding=True,
                       share_encoder_decoder_embeddings=True, init_std=0.02)
    gen = GenerationConfig(bad_words_ids=[[pad]], decoder_start_token_id=pad, eos_token_id=eos,
                           pad_token_id=pad, forced_eos_token_id=eos, max_length=MAXPOS, num_beams=4)
    return tok, cfg, MarianMTModel, gen, 20.0


def spec_m2m100():
    from transformers import M2M100Config, M2M100ForConditionalGeneration
    langs = ["ben_Beng", "eng_Latn", "hin_Deva", "fra_Latn"]
    tok, v = build_tokenizer(["<s>", "<pad>", "</s>", "<unk>"], langs + ["<mask>"],
                             "ben_Beng $A </s>", "ben_Beng $A $B </s>",
                             dict(bos_token="<s>", eos_token="</s>", unk_token="<unk>", pad_token="<pad>",
                                  mask_token="<mask>"), extra_special=langs)
    cfg = M2M100Config(vocab_size=len(v), d_model=D_MODEL, encoder_layers=LAYERS, decoder_layers=LAYERS,
                       encoder_attention_heads=HEADS, decoder_attention_heads=HEADS, encoder_ffn_dim=FFN,
                       decoder_ffn_dim=FFN, max_position_embeddings=MAXPOS, pad_token_id=1, bos_token_id=0,
                       eos_token_id=2, decoder_start_token_id=2, scale_embedding=True, init_std=0.02,
                       tokenizer_class="NllbTokenizer")
    gen = GenerationConfig(bos_token_id=0, pad_token_id=1, eos_token_id=2, decoder_start_token_id=2,
                           forced_bos_token_id=v["eng_Latn"], max_length=MAXPOS)
    return tok, cfg, M2M100ForConditionalGeneration, gen, 20.0


def spec_bart():
    from transformers import BartConfig, BartForConditionalGeneration
    tok, v = build_tokenizer(["<s>", "<pad>", "</s>", "<unk>"], ["<mask>"],
                             "<s> $A </s>", "<s> $A </s> </s> $B </s>",
                             dict(bos_token="<s>", eos_token="</s>", unk_token="<unk>", pad_token="<pad>",
                                  mask_token="<mask>"))
    cfg = BartConfig(vocab_size=len(v), d_model=D_MODEL, encoder_layers=LAYERS, decoder_layers=LAYERS,
                     encoder_attention_heads=HEADS, decoder_attention_heads=HEADS, encoder_ffn_dim=FFN,
                     decoder_ffn_dim=FFN, max_position_embeddings=MAXPOS, pad_token_id=1, bos_token_id=0,
                     eos_token_id=2, decoder_start_token_id=2, forced_bos_token_id=0, forced_eos_token_id=2,
                     init_std=0.02)
    # like sshleifer/distilbart-cnn-12-6 (scaled down lengths)
    gen = GenerationConfig(bos_token_id=0, pad_token_id=1, eos_token_id=2, decoder_start_token_id=2,
                           forced_bos_token_id=0, forced_eos_token_id=2, no_repeat_ngram_size=3,
                           num_beams=4, length_penalty=2.0, min_length=8, max_length=32, early_stopping=True)
    return tok, cfg, BartForConditionalGeneration, gen, 10.0


def spec_t5():
    from transformers import T5Config, T5ForConditionalGeneration
    tok, v = build_tokenizer(["<pad>", "</s>", "<unk>"], [], "$A </s>", "$A </s> $B </s>",
                             dict(eos_token="</s>", unk_token="<unk>", pad_token="<pad>"))
    # like real T5 (32128 vs 32100), config vocab is larger than the tokenizer
    cfg = T5Config(vocab_size=len(v) + 6, d_model=D_MODEL, d_kv=D_MODEL // HEADS, d_ff=FFN,
                   num_layers=LAYERS, num_decoder_layers=LAYERS, num_heads=HEADS,
                   relative_attention_num_buckets=8, relative_attention_max_distance=32,
                   feed_forward_proj="relu", pad_token_id=0, eos_token_id=1, decoder_start_token_id=0,
                   initializer_factor=1.0)
    gen = GenerationConfig(pad_token_id=0, eos_token_id=1, decoder_start_token_id=0, max_length=MAXPOS)
    return tok, cfg, T5ForConditionalGeneration, gen, 6.0


def spec_mbart():
    from transformers import MBartConfig, MBartForConditionalGeneration
    langs = ["bn_IN", "en_XX", "hi_IN", "fr_XX"]
    tok, v = build_tokenizer(["<s>", "<pad>", "</s>", "<unk>"], langs + ["<mask>"],
                             "bn_IN $A </s>", "bn_IN $A $B </s>",
                             dict(bos_token="<s>", eos_token="</s>", unk_token="<unk>", pad_token="<pad>",
                                  mask_token="<mask>"), extra_special=langs)
    cfg = MBartConfig(vocab_size=len(v), d_model=D_MODEL, encoder_layers=LAYERS, decoder_layers=LAYERS,
                      encoder_attention_heads=HEADS, decoder_attention_heads=HEADS, encoder_ffn_dim=FFN,
                      decoder_ffn_dim=FFN, max_position_embeddings=MAXPOS, pad_token_id=1, bos_token_id=0,
                      eos_token_id=2, decoder_start_token_id=2, forced_eos_token_id=2, scale_embedding=True,
                      init_std=0.02, tokenizer_class="MBart50Tokenizer")
    gen = GenerationConfig(bos_token_id=0, pad_token_id=1, eos_token_id=2, decoder_start_token_id=2,
                           forced_bos_token_id=v["en_XX"], forced_eos_token_id=2, max_length=MAXPOS)
    return tok, cfg, MBartForConditionalGeneration, gen, 20.0


SPECS = dict(marian=spec_marian, m2m100=spec_m2m100, bart=spec_bart, t5=spec_t5, mbart=spec_mbart)


# ----------------------------------------------------------------------------- inputs / cases
def sentences(n_words):
    text = unicodedata.normalize("NFC", SEED_TEXT.read_text(encoding="utf-8"))
    out = []
    for line in text.splitlines():
        for s in line.replace("।", "।\n").splitlines():
            s = s.strip()
            if s:
                out.append(" ".join(s.split()[:n_words]))
    return out


def case_list(gen):
    s = sentences(12)
    a, b, c = s[0], " ".join(s[1].split()[:6]), " ".join(s[2].split()[:9])
    G = dict(num_beams=1, do_sample=False)
    # When generation_config.json sets beam/ngram defaults (bart), the greedy-ish cases
    # override them explicitly so each case tests one thing.
    if gen.no_repeat_ngram_size:
        G["no_repeat_ngram_size"] = 0
    cases = [
        ("greedy", [a], dict(G, max_new_tokens=12)),
        ("greedy_batch3_padded", [a, b, c], dict(G, max_new_tokens=12)),
        ("max_new_tokens_5", [b], dict(G, max_new_tokens=5)),
        ("max_new_tokens_20", [a], dict(G, max_new_tokens=20)),
        ("beam4", [a], dict(num_beams=4, do_sample=False, max_new_tokens=12)),
        ("beam4_lp0.5", [c], dict(num_beams=4, do_sample=False, length_penalty=0.5, max_new_tokens=12)),
        ("beam4_lp2.0", [c], dict(num_beams=4, do_sample=False, length_penalty=2.0, max_new_tokens=12)),
        ("beam4_batch3_padded", [a, b, c], dict(num_beams=4, do_sample=False, max_new_tokens=10)),
        ("no_repeat_ngram_2", [a], dict(G, no_repeat_ngram_size=2, max_new_tokens=20)),
        ("repetition_penalty_1.5", [a], dict(G, repetition_penalty=1.5, max_new_tokens=20)),
        ("min_new_tokens_15", [b], dict(G, min_new_tokens=15, max_new_tokens=18)),
        ("generation_config_defaults", [b], dict(max_new_tokens=16)),
    ]
    return cases, s


def effective(gen, kw):
    g = copy.deepcopy(gen)
    g.update(**kw)
    keys = ["decoder_start_token_id", "bos_token_id", "eos_token_id", "pad_token_id", "forced_bos_token_id",
            "forced_eos_token_id", "bad_words_ids", "num_beams", "do_sample", "length_penalty", "early_stopping",
            "no_repeat_ngram_size", "repetition_penalty", "min_length", "min_new_tokens", "max_length",
            "max_new_tokens"]
    return {k: getattr(g, k, None) for k in keys}


def run_generate(model, enc, kw):
    with torch.no_grad():
        out = model.generate(input_ids=enc["input_ids"], attention_mask=enc["attention_mask"], **kw)
    return out.tolist()


# ----------------------------------------------------------------------------- main per arch
def build(arch, work):
    torch.manual_seed(0)
    tok, cfg, cls, gen, scale = SPECS[arch]()
    model = cls(cfg).eval()
    with torch.no_grad():
        for p in model.parameters():
            if p.requires_grad:
                p.mul_(scale)
    model.generation_config = gen
    src = work / "src"
    model.save_pretrained(src)
    tok.save_pretrained(src)
    return src


def export(src, out):
    if out.exists():
        shutil.rmtree(out)
    cmd = [str(Path(sys.executable).parent / "optimum-cli"), "export", "onnx", "--model", str(src),
           "--task", "text2text-generation-with-past", str(out)]
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        print(r.stdout[-3000:], r.stderr[-5000:])
        raise SystemExit(f"export failed for {src}")
    for f in os.listdir(src):
        if f.endswith(".json") and not (out / f).exists():
            shutil.copy(src / f, out / f)
    for f in ("config.json", "generation_config.json"):
        shutil.copy(src / f, out / f)


def io_names(path):
    import onnx
    m = onnx.load(str(path), load_external_data=False)
    return [i.name for i in m.graph.input], [o.name for o in m.graph.output]


def goldens(arch, src, out):
    from transformers import AutoModelForSeq2SeqLM, AutoTokenizer
    from optimum.onnxruntime import ORTModelForSeq2SeqLM
    tok = AutoTokenizer.from_pretrained(out)
    pt = AutoModelForSeq2SeqLM.from_pretrained(src).eval()  # reloaded = exactly what was exported
    ort_m = ORTModelForSeq2SeqLM.from_pretrained(out, use_merged=True)
    ort_s = ORTModelForSeq2SeqLM.from_pretrained(out, use_merged=False)
    gen = pt.generation_config
    cases, sents = case_list(gen)
    kept, dropped = [], []

    def one(name, inputs, kw):
        enc = tok(inputs, return_tensors="pt", padding=True)
        unk = (enc["input_ids"] == tok.unk_token_id).sum().item()
        o_pt = run_generate(pt, enc, kw)
        o_m = run_generate(ort_m, enc, kw)
        o_s = run_generate(ort_s, enc, kw)
        rec = {"name": name, "inputs": inputs, "input_ids": enc["input_ids"].tolist(),
               "attention_mask": enc["attention_mask"].tolist(), "generate_kwargs": kw,
               "effective_generation_config": effective(gen, kw),
               "output_ids": o_pt, "decoded": tok.batch_decode(o_pt, skip_special_tokens=True),
               "n_unk_input_tokens": unk}
        if o_pt == o_m == o_s:
            return rec, None
        return None, {"name": name, "reason": "pytorch/ort-merged/ort-split disagree",
                      "pytorch": o_pt, "ort_merged": o_m, "ort_split": o_s}

    for name, inputs, kw in cases:
        rec, drop = one(name, inputs, kw)
        (kept.append(rec) if rec else dropped.append(drop))
        if name == "min_new_tokens_15" and rec:
            assert len(rec["output_ids"][0]) - 1 >= 15
    # EOS-early case: search candidate inputs for greedy output ending in eos before the limit
    eos = gen.eos_token_id
    found = False
    kw = dict(num_beams=1, do_sample=False, max_new_tokens=20)
    if gen.no_repeat_ngram_size:
        kw["no_repeat_ngram_size"] = 0
    for n in (3, 5, 8, 12):
        for s in sentences(n)[:40]:
            enc = tok([s], return_tensors="pt")
            o = run_generate(pt, enc, kw)[0]
            if eos in o[1:] and len(o) - 1 < 20:
                rec, drop = one("eos_early", [s], kw)
                if rec:
                    kept.append(rec)
                    found = True
                    break
        if found:
            break
    if not found:
        dropped.append({"name": "eos_early", "reason": "no candidate input reached EOS before max_new_tokens "
                                                       "with all backends agreeing"})
    names = {f: io_names(out / f) for f in sorted(os.listdir(out)) if f.endswith(".onnx")}
    doc = {"arch": arch, "model_type": pt.config.model_type,
           "note": "output_ids are full HF generate() outputs: they start with decoder_start_token_id. "
                   "generate_kwargs are passed on top of generation_config.json; "
                   "effective_generation_config shows the merged values.",
           "tokenizer_len": len(tok), "config_vocab_size": pt.config.vocab_size,
           "onnx_io": {k: {"inputs": v[0], "outputs": v[1]} for k, v in names.items()},
           "cases": kept, "dropped": dropped}
    (out / "goldens.json").write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"[{arch}] kept {len(kept)} dropped {len(dropped)}: {[d['name'] for d in dropped]}")
    for c in kept[:3]:
        print("   ", c["name"], c["output_ids"][0][:20], "unk:", c["n_unk_input_tokens"])
    return kept, dropped


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--arch", nargs="+", default=ALL_ARCHS, choices=ALL_ARCHS)
    args = ap.parse_args()
    FIXTURES.mkdir(parents=True, exist_ok=True)
    for arch in args.arch:
        with tempfile.TemporaryDirectory() as td:
            src = build(arch, Path(td))
            out = FIXTURES / arch
            export(src, out)
            goldens(arch, src, out)


if __name__ == "__main__":
    main()
