#!/usr/bin/env python
"""Tiny random-weight seq2seq fixtures whose NON-WEIGHT files are the real published Hub files.

Usage: /root/.venvs/bd/bin/python models/make_hub_fixtures.py [--family NAME ...]

Families (output dir models/fixtures/<name>/):
  nllb-200 m2m100-418m opus-mt-bn-en mbart-50 distilbart-cnn-6-6 t5-small banglat5

For every family the script
  1. stages the non-weight files: real files from ../shared/hub-files copied byte for byte, real
     config.json with only the model dims shrunk (and the vocab keys a family documents), and the files
     that are missing on hub-files written by the transformers tokenizer class (SentencePiece models are
     trained deterministically on RisingNews, num_threads=1, no shuffling, fixed seed);
  2. builds the model from that config.json with torch.manual_seed(0), scales every parameter up so
     argmax varies (as make_fixtures.py does), saves model.safetensors next to the staged files;
  3. exports with `optimum-cli export onnx --task text2text-generation-with-past`, keeps only the .onnx
     files from the export and puts the staged files back (optimum re-saves configs / tokenizers);
  4. writes goldens.json: user-call cases (exactly as the model card calls the model), explicit-kwarg
     cases, summarization pipeline cases, and tokenizer_cases. A case is kept only if PyTorch generate(),
     Optimum ORTModelForSeq2SeqLM merged AND split decoders agree exactly;
  5. writes SOURCE.md (per file: real / written / edited) and updates fixtures/HUB_FIXTURES_STATUS.md.
Nothing here touches the HF Hub.

Size: the real vocabularies (m2m100 128112, opus-mt 63923, distilbart 50264, t5 32128) dominate, so those
families use d_model 5-8 and keep only encoder_model.onnx + decoder_model_merged.onnx (the split decoders are
exported, used for the ORT split cross-check, then deleted); mbart-50 also drops its split decoders. nllb-200
and banglat5 keep all four graphs. Total of the seven dirs stays under 45 MB. d_model / heads / weight scale
per family were picked (among small sizes) for outputs that depend on the input.
ONNX bytes differ between export runs (see ../shared/notes/toolchain.md): commit the fixtures, do not
regenerate them in CI.
"""
import argparse
import copy
import datetime
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import warnings
from pathlib import Path

import torch

HERE = Path(__file__).resolve().parent
FIXTURES = HERE / "fixtures"
HUB = HERE.parent.parent / "shared" / "hub-files"
RN = HERE.parent.parent / "shared" / "data" / "risingnews"
STATUS = FIXTURES / "HUB_FIXTURES_STATUS.md"
ALL = ["nllb-200", "m2m100-418m", "opus-mt-bn-en", "mbart-50", "distilbart-cnn-6-6", "t5-small", "banglat5"]
ONNX_SPLIT = ("decoder_model.onnx", "decoder_with_past_model.onnx")


# ----------------------------------------------------------------------------- data
def rn_lines(lang):
    return [l.strip() for l in (RN / f"RisingNews.test.{lang}").read_text(encoding="utf-8").splitlines() if l.strip()]


def short_bn(n=3, max_words=24, start=0):
    out = []
    for l in rn_lines("bn")[start:]:
        if len(l.split()) < max_words and l not in out:
            if not out or all(abs(len(l.split()) - len(o.split())) >= 2 for o in out):
                out.append(l)
        if len(out) == n:
            break
    return out


def train_spm(model_type, vocab_size, **kw):
    """Deterministic SentencePiece training on RisingNews bn+en (2000 lines)."""
    import sentencepiece as spm
    lines = rn_lines("bn") + rn_lines("en")
    spm.set_random_generator_seed(1234)
    buf = io.BytesIO()
    spm.SentencePieceTrainer.train(sentence_iterator=iter(lines), model_writer=buf, model_type=model_type,
                                   vocab_size=vocab_size, num_threads=1, shuffle_input_sentence=False,
                                   character_coverage=1.0, minloglevel=2, **kw)
    return buf.getvalue()


SPM_OPTS = ("model_type={mt}, vocab_size={n}, character_coverage=1.0, num_threads=1, shuffle_input_sentence=false, "
            "sentencepiece.set_random_generator_seed(1234), input = RisingNews.test.bn + RisingNews.test.en (all 2000 lines)")


# ----------------------------------------------------------------------------- file helpers
class Stage:
    """The non-weight files of one fixture + their provenance for SOURCE.md."""

    def __init__(self, root):
        self.root = Path(root)
        self.root.mkdir(parents=True, exist_ok=True)
        self.prov = {}  # file -> (kind, text)

    def real(self, hub_folder, name, dest=None):
        dest = dest or name
        shutil.copyfile(HUB / hub_folder / name, self.root / dest)
        self.prov[dest] = ("real", f"byte-for-byte copy of `hub-files/{hub_folder}/{name}`")

    def edited(self, hub_folder, name, updates, why, add=None):
        """Real JSON with `updates` replacing values in place (key order kept); `add` appends new keys."""
        src = json.loads((HUB / hub_folder / name).read_text(encoding="utf-8"))
        changed = []
        for k, v in updates.items():
            if k not in src:
                raise KeyError(f"{name} has no key {k}")
            if src[k] != v:
                changed.append(f"`{k}` {json.dumps(src[k])} → {json.dumps(v)}")
            src[k] = v
        for k, v in (add or {}).items():
            assert k not in src, k
            src[k] = v
            changed.append(f"`{k}` added: {json.dumps(v)}")
        (self.root / name).write_text(json.dumps(src, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        self.prov[name] = ("edited", f"`hub-files/{hub_folder}/{name}` re-dumped with `json.dumps(indent=2)` "
                                     f"(key order kept); changed: {'; '.join(changed) or 'nothing'}. Why: {why}")
        return src

    def written(self, name, text):
        self.prov[name] = ("written", text)

    def files(self):
        return sorted(p.name for p in self.root.iterdir() if p.is_file())


def shrink_bart_like(d, layers, heads, ffn):
    return dict(d_model=d, encoder_layers=layers, decoder_layers=layers, num_hidden_layers=layers,
                encoder_attention_heads=heads, decoder_attention_heads=heads, encoder_ffn_dim=ffn,
                decoder_ffn_dim=ffn)


def shrink_t5(d, layers, heads, ffn):
    return dict(d_model=d, d_kv=d // heads, d_ff=ffn, num_layers=layers, num_decoder_layers=layers, num_heads=heads)


DIMS_WHY = "tiny random-weight fixture: only the model dimensions are shrunk; every token id / generation key is the real one"


# ----------------------------------------------------------------------------- families
def fam_nllb(st):
    from transformers import NllbTokenizer, NllbTokenizerFast
    H = "facebook--nllb-200-distilled-600M"
    for f in ("generation_config.json", "tokenizer_config.json", "special_tokens_map.json"):
        st.real(H, f)
    spm_bytes = train_spm("bpe", 4000)
    tmp = Path(tempfile.mkdtemp())
    (tmp / "sentencepiece.bpe.model").write_bytes(spm_bytes)
    shutil.copy(tmp / "sentencepiece.bpe.model", st.root / "sentencepiece.bpe.model")
    st.written("sentencepiece.bpe.model", "SentencePiece BPE model trained here (the real 4.8 MB one is missing on "
               "hub-files): " + SPM_OPTS.format(mt="bpe", n=4000) + ". unk 0, bos 1, eos 2, no pad (spm defaults, "
               "as the real NLLB spm; NllbTokenizer maps it with fairseq offset 1).")
    tc = json.loads((HUB / H / "tokenizer_config.json").read_text())
    sm = json.loads((HUB / H / "special_tokens_map.json").read_text())
    from transformers import AddedToken
    m = tc["mask_token"]
    kw = dict(bos_token=tc["bos_token"], eos_token=tc["eos_token"], sep_token=tc["sep_token"], cls_token=tc["cls_token"],
              unk_token=tc["unk_token"], pad_token=tc["pad_token"],
              mask_token=AddedToken(m["content"], lstrip=m["lstrip"], rstrip=m["rstrip"], normalized=m["normalized"],
                                    single_word=m["single_word"], special=True),
              src_lang=tc["src_lang"], tgt_lang=tc["tgt_lang"], model_max_length=tc["model_max_length"],
              sp_model_kwargs=tc["sp_model_kwargs"], additional_special_tokens=sm["additional_special_tokens"])
    # transformers 4.57 adds special tokens in the order bos, eos, unk, sep, pad, cls, MASK, additional..., which
    # would put <mask> at N+1 before the language codes. The Hub layout (codes at N+1.., <mask> last, as its
    # tokenizer.json has it) is pinned with an explicit added_tokens_decoder.
    import sentencepiece as _spm
    n_sp = len(_spm.SentencePieceProcessor(model_file=str(tmp / "sentencepiece.bpe.model")))
    atd = {i: AddedToken(t, special=True, normalized=False) for i, t in enumerate(["<s>", "<pad>", "</s>", "<unk>"])}
    for i, c in enumerate(sm["additional_special_tokens"]):
        atd[n_sp + 1 + i] = AddedToken(c, special=True, normalized=False)
    atd[n_sp + 1 + len(sm["additional_special_tokens"])] = kw["mask_token"]
    kw["added_tokens_decoder"] = atd
    slow = NllbTokenizer(vocab_file=str(tmp / "sentencepiece.bpe.model"), **kw)
    fast = NllbTokenizerFast(vocab_file=str(tmp / "sentencepiece.bpe.model"), tokenizer_file=None, from_slow=True, **kw)
    assert len(slow) == len(fast), (len(slow), len(fast))
    codes = sm["additional_special_tokens"]
    n_sp = len(slow.sp_model)
    for i, c in enumerate(codes):
        assert slow.convert_tokens_to_ids(c) == fast.convert_tokens_to_ids(c) == n_sp + 1 + i, c
    assert slow.convert_tokens_to_ids("<mask>") == fast.convert_tokens_to_ids("<mask>") == n_sp + 1 + len(codes)
    assert len(fast) == n_sp + 2 + len(codes)
    out = tmp / "fast"
    fast.save_pretrained(out)
    shutil.copy(out / "tokenizer.json", st.root / "tokenizer.json")
    st.written("tokenizer.json", "written by `NllbTokenizerFast(vocab_file=sentencepiece.bpe.model, from_slow=True, "
               "<the real tokenizer_config.json values: special tokens, mask_token AddedToken(lstrip=True, normalized=True), "
               "model_max_length 1024, src_lang/tgt_lang None>, additional_special_tokens=<the 202 codes of the real "
               "special_tokens_map.json, in order>, added_tokens_decoder=<codes at N+1.., <mask> last: needed because "
               "transformers 4.57 otherwise adds <mask> before the codes>).save_pretrained()` (only tokenizer.json kept). "
               f"Layout as on the Hub: spm piece i → id i+1, language code k → {n_sp + 1}+k, `<mask>` = {n_sp + 203}, "
               f"len = {len(fast)}; its post-processor bakes in the default src_lang eng_Latn, like the Hub file.")
    vocab = len(fast) + 2
    st.edited(H, "config.json", dict(shrink_bart_like(16, 2, 4, 32), vocab_size=vocab),
              DIMS_WHY + f"; vocab_size = len(tokenizer) + 2 = {len(fast)} + 2, as the real 256206 = 256204 + 2.")
    call = dict(src_lang="ben_Beng", tgt_lang="eng_Latn",
                forced_bos_token_id=fast.convert_tokens_to_ids("eng_Latn"))
    return dict(model="M2M100ForConditionalGeneration", scale=20.0, keep_split=True, kind="translate", call=call,
                slow_cls=NllbTokenizer, src_lang="ben_Beng",
                notes=[f"ben_Beng = {fast.convert_tokens_to_ids('ben_Beng')}, eng_Latn = {call['forced_bos_token_id']}, "
                       f"<mask> = {fast.convert_tokens_to_ids('<mask>')} (Hub: 256026 / 256047 / 256203)"])


def fam_m2m100(st):
    from transformers import M2M100Tokenizer
    H = "facebook--m2m100_418M"
    for f in ("sentencepiece.bpe.model", "vocab.json", "added_tokens.json", "tokenizer_config.json",
              "special_tokens_map.json", "generation_config.json"):
        st.real(H, f)
    st.edited(H, "config.json", shrink_bart_like(5, 2, 1, 32),
              DIMS_WHY + "; vocab_size 128112 kept, so d_model is 5 (1 head) to keep the ONNX files small "
                         "(d_model 5 / scale 10 gave the most input-dependent outputs of the small sizes tried).")
    tok = M2M100Tokenizer.from_pretrained(st.root)
    call = dict(src_lang="bn", tgt_lang="en", forced_bos_token_id=tok.get_lang_id("en"))
    assert tok.get_lang_id("bn") == 128012 and call["forced_bos_token_id"] == 128022
    return dict(model="M2M100ForConditionalGeneration", scale=10.0, keep_split=False, kind="translate", call=call,
                slow_cls=M2M100Tokenizer, src_lang="bn", notes=["__bn__ = 128012, __en__ = 128022 (real files)"])


def marian_vocab(src_spm, tgt_spm):
    """Joint vocab the way transformers' Marian conversion lays it out: `</s>` 0, `<unk>` 1, then the pieces of
    the (Marian) vocab, `<pad>` appended last (convert_marian_to_pytorch.add_special_tokens_to_vocab). The
    Marian yml vocab (marian-vocab) orders pieces by corpus frequency: we count pieces of RisingNews bn (source
    spm) + en (target spm), order by (-count, piece), then append the never-seen pieces of source then target
    spm in spm-id order."""
    import sentencepiece as spm
    import collections
    s = spm.SentencePieceProcessor(model_file=str(src_spm))
    t = spm.SentencePieceProcessor(model_file=str(tgt_spm))
    cnt = collections.Counter()
    for l in rn_lines("bn"):
        cnt.update(s.encode(l, out_type=str))
    for l in rn_lines("en"):
        cnt.update(t.encode(l, out_type=str))
    vocab = ["</s>", "<unk>"]
    seen = set(vocab)
    ctrl = {"<s>", "</s>", "<unk>", "<pad>"}
    for p, _ in sorted(cnt.items(), key=lambda kv: (-kv[1], kv[0])):
        if p not in seen and p not in ctrl:
            vocab.append(p)
            seen.add(p)
    for sp in (s, t):
        for i in range(len(sp)):
            p = sp.id_to_piece(i)
            if p not in seen and p not in ctrl and not sp.is_control(i):
                vocab.append(p)
                seen.add(p)
    vocab.append("<pad>")
    return {p: i for i, p in enumerate(vocab)}


def fam_marian(st):
    from transformers import MarianTokenizer, MarianConfig, GenerationConfig
    H = "Helsinki-NLP--opus-mt-zh-en"
    tmp = Path(tempfile.mkdtemp())
    v = marian_vocab(RN / "bn.spm.model", RN / "en.spm.model")
    (tmp / "vocab.json").write_text(json.dumps(v, ensure_ascii=False, indent=2), encoding="utf-8")
    tok = MarianTokenizer(source_spm=str(RN / "bn.spm.model"), target_spm=str(RN / "en.spm.model"),
                          vocab=str(tmp / "vocab.json"), source_lang="bn", target_lang="en")
    tok.save_pretrained(st.root)
    for f in st.files():
        st.written(f, f"written by `MarianTokenizer(source_spm, target_spm, vocab, source_lang='bn', "
                      f"target_lang='en').save_pretrained()`")
    st.prov["source.spm"] = ("written", "RisingNews `bn.spm.model` (the real BanglaNMT Bengali SentencePiece model, "
                             "standing in for the missing opus-mt-bn-en source.spm), copied by MarianTokenizer.save_pretrained")
    st.prov["target.spm"] = ("written", "RisingNews `en.spm.model` (real BanglaNMT English SentencePiece model, "
                             "standing in for target.spm), copied by MarianTokenizer.save_pretrained")
    st.prov["vocab.json"] = ("written", "joint vocabulary built here as transformers' Marian conversion lays it out "
                             "(see hub-files/Helsinki-NLP--opus-mt-zh-en/vocab.json): `</s>` 0, `<unk>` 1, pieces of "
                             "both spm models ordered by RisingNews frequency (-count, piece) then the unseen pieces "
                             f"of source then target spm in id order, `<pad>` last ({len(v)} entries); "
                             "re-dumped by MarianTokenizer.save_pretrained")
    if "tokenizer_config.json" in st.prov:
        st.prov["tokenizer_config.json"] = ("written", "as `MarianTokenizer(...).save_pretrained()` writes it (chosen "
                                            "over the 2-key real zh-en file {\"target_lang\", \"source_lang\"}); "
                                            "source_lang bn, target_lang en")
    pad = v["<pad>"]
    cfg = st.edited(H, "config.json",
                    dict(shrink_bart_like(5, 2, 1, 32), vocab_size=len(v), pad_token_id=pad,
                         decoder_start_token_id=pad, bad_words_ids=[[pad]], extra_pos_embeddings=len(v)),
                    DIMS_WHY + f"; vocab keys set to the new joint vocab ({len(v)} entries, pad = decoder_start = "
                    f"bad word = {pad}, the last id; extra_pos_embeddings is an old key that equals vocab_size in "
                    "real opus-mt configs). forced_eos_token_id 0 added on purpose (the 2022-07 zh-en file has "
                    "none): it reproduces the real-world shape config.json WITH forced_eos_token_id 0 + "
                    "generation_config.json WITHOUT it.",
                    add=dict(forced_eos_token_id=0))
    mc = MarianConfig.from_pretrained(st.root)
    gc = GenerationConfig.from_model_config(mc)
    assert gc.forced_eos_token_id == 0
    gc.forced_eos_token_id = None
    gc.save_pretrained(st.root)
    # NOTE: from_model_config marks the file `_from_model_config: true`. With that flag transformers 4.57.6 takes its
    # legacy path in generate(): it re-derives the generation config from config.json (so forced_eos 0 IS applied,
    # with a deprecation warning) while Optimum's ORTModelForSeq2SeqLM does not -> PyTorch and ORT disagree on every
    # case. The flag is dropped so the file really is the one that wins (both backends: no forced eos).
    gj = json.loads((st.root / "generation_config.json").read_text())
    gj.pop("_from_model_config", None)
    (st.root / "generation_config.json").write_text(json.dumps(gj, indent=2, sort_keys=True) + "\n")
    st.written("generation_config.json", "written by `GenerationConfig.from_model_config(MarianConfig(config.json))` "
               "with `forced_eos_token_id` removed, then `.save_pretrained()`, then the `_from_model_config: true` "
               "marker deleted (with it, transformers 4.57.6 generate() re-derives the settings from config.json and "
               "applies forced_eos 0 while Optimum ORT does not). config.json HAS forced_eos_token_id 0, this file "
               "LACKS it, so no forced EOS applies.")
    call = dict(src_lang="bn", tgt_lang="en", forced_bos_token_id=None)
    return dict(model="MarianMTModel", scale=14.0, keep_split=False, kind="translate", call=call,
                slow_cls=MarianTokenizer, src_lang="bn",
                notes=[f"vocab {len(v)}: `</s>` 0, `<unk>` 1, `<pad>` {pad}"])


def fam_mbart(st):
    from transformers import MBart50Tokenizer, MBart50TokenizerFast, AddedToken
    H = "facebook--mbart-large-50-many-to-many-mmt"
    for f in ("generation_config.json", "tokenizer_config.json", "special_tokens_map.json"):
        st.real(H, f)
    tmp = Path(tempfile.mkdtemp())
    (tmp / "sentencepiece.bpe.model").write_bytes(train_spm("bpe", 4000))
    shutil.copy(tmp / "sentencepiece.bpe.model", st.root / "sentencepiece.bpe.model")
    st.written("sentencepiece.bpe.model", "SentencePiece BPE model trained here (the real 5 MB one is missing on "
               "hub-files): " + SPM_OPTS.format(mt="bpe", n=4000) + " (the same bytes as nllb-200's).")
    tc = json.loads((HUB / H / "tokenizer_config.json").read_text())
    sm = json.loads((HUB / H / "special_tokens_map.json").read_text())
    m = tc["mask_token"]
    kw = dict(bos_token=tc["bos_token"], eos_token=tc["eos_token"], sep_token=tc["sep_token"], cls_token=tc["cls_token"],
              unk_token=tc["unk_token"], pad_token=tc["pad_token"], src_lang=tc["src_lang"], tgt_lang=tc["tgt_lang"],
              mask_token=AddedToken(m["content"], lstrip=m["lstrip"], rstrip=m["rstrip"], normalized=m["normalized"],
                                    single_word=m["single_word"], special=True),
              additional_special_tokens=sm["additional_special_tokens"])
    slow = MBart50Tokenizer(vocab_file=str(tmp / "sentencepiece.bpe.model"), **kw)
    fast = MBart50TokenizerFast(vocab_file=str(tmp / "sentencepiece.bpe.model"), tokenizer_file=None, **kw)
    assert len(slow) == len(fast)
    n_sp = len(slow.sp_model)
    for i, c in enumerate(sm["additional_special_tokens"]):
        assert slow.convert_tokens_to_ids(c) == fast.convert_tokens_to_ids(c) == n_sp + 1 + i, c
    assert fast.convert_tokens_to_ids("<mask>") == len(fast) - 1
    fast.save_pretrained(tmp / "fast")
    shutil.copy(tmp / "fast" / "tokenizer.json", st.root / "tokenizer.json")
    st.written("tokenizer.json", "written by `MBart50TokenizerFast(vocab_file=sentencepiece.bpe.model, <real "
               "tokenizer_config.json special tokens, mask AddedToken(lstrip=True)>, additional_special_tokens=<the 52 "
               "codes of the real special_tokens_map.json>).save_pretrained()` (only tokenizer.json kept). Layout as "
               f"on the Hub: language code k → {n_sp + 1}+k, `<mask>` = {len(fast) - 1} = len-1.")
    st.edited(H, "config.json", dict(shrink_bart_like(16, 2, 4, 32), vocab_size=len(fast)),
              DIMS_WHY + f"; vocab_size = len(tokenizer) = {len(fast)}, as the real 250054 = len(tokenizer).")
    call = dict(src_lang="bn_IN", tgt_lang="en_XX", forced_bos_token_id=fast.lang_code_to_id["en_XX"])
    return dict(model="MBartForConditionalGeneration", scale=20.0, keep_split=False, kind="translate", call=call,
                slow_cls=MBart50Tokenizer, src_lang="bn_IN",
                notes=[f"bn_IN = {fast.convert_tokens_to_ids('bn_IN')}, en_XX = {call['forced_bos_token_id']} "
                       "(Hub: 250028 / 250004)"])


def fam_distilbart(st):
    H = "Xenova--distilbart-cnn-6-6"
    for f in ("generation_config.json", "tokenizer.json", "tokenizer_config.json"):
        st.real(H, f)
    st.edited(H, "config.json", shrink_bart_like(5, 2, 1, 32),
              DIMS_WHY + "; vocab_size 50264 kept (tokenizer has 50265, `<mask>` = 50264 is past the embedding, as on "
                         "the Hub); d_model 5 (1 head) keeps the 50k-row embedding small.")
    return dict(model="BartForConditionalGeneration", scale=20.0, keep_split=False, kind="summarize", call=None,
                slow_cls=None, src_lang=None, notes=[])


def fam_t5small(st):
    H = "google-t5--t5-small"
    for f in ("spiece.model", "tokenizer.json", "tokenizer_config.json", "special_tokens_map.json",
              "generation_config.json"):
        st.real(H, f)
    st.edited(H, "config.json", shrink_t5(8, 2, 2, 16),
              DIMS_WHY + "; vocab_size 32128 kept (tokenizer 32100), task_specific_params kept.")
    from transformers import T5Tokenizer
    return dict(model="T5ForConditionalGeneration", scale=6.0, keep_split=False, kind="summarize", call=None,
                slow_cls=T5Tokenizer, src_lang=None, notes=[])


def fam_banglat5(st):
    from transformers import T5Tokenizer, T5Config
    tmp = Path(tempfile.mkdtemp())
    (tmp / "spiece.model").write_bytes(train_spm("unigram", 4000, pad_id=0, eos_id=1, unk_id=2, bos_id=-1))
    tok = T5Tokenizer(vocab_file=str(tmp / "spiece.model"), extra_ids=100)
    tok.save_pretrained(st.root)
    for f in ("tokenizer.json", "added_tokens.json"):
        if (st.root / f).exists():
            (st.root / f).unlink()
    for f in st.files():
        st.written(f, "written by `T5Tokenizer(vocab_file=spiece.model, extra_ids=100).save_pretrained()` "
                      "(slow files only; no tokenizer.json)")
    st.prov["spiece.model"] = ("written", "SentencePiece Unigram model trained here (BanglaT5's is not available): "
                               + SPM_OPTS.format(mt="unigram", n=4000) + "; pad_id 0, eos_id 1, unk_id 2, bos_id -1 "
                               "(the T5 layout); copied by T5Tokenizer.save_pretrained")
    cfg = T5Config(vocab_size=len(tok), d_model=16, d_kv=4, d_ff=32, num_layers=2, num_decoder_layers=2, num_heads=4,
                   relative_attention_num_buckets=32, relative_attention_max_distance=128, dropout_rate=0.1,
                   feed_forward_proj="gated-gelu", tie_word_embeddings=False, pad_token_id=0, eos_token_id=1,
                   decoder_start_token_id=0, architectures=["T5ForConditionalGeneration"])
    cfg.save_pretrained(st.root)
    if (st.root / "generation_config.json").exists():
        (st.root / "generation_config.json").unlink()
    c = json.loads((st.root / "config.json").read_text())
    assert "max_length" not in c
    st.written("config.json", f"written by `T5Config(vocab_size=len(tokenizer)={len(tok)}, feed_forward_proj='gated-gelu', "
               "tie_word_embeddings=False (T5 v1.1 style, like BanglaT5), pad 0, eos 1, decoder_start 0, tiny dims)"
               ".save_pretrained()`. No max_length anywhere, and no generation_config.json (old Hub repos have none).")
    call = dict(src_lang="bn", tgt_lang="en", forced_bos_token_id=None)
    return dict(model="T5ForConditionalGeneration", scale=6.0, keep_split=True, kind="translate", call=call,
                slow_cls=T5Tokenizer, src_lang=None, notes=[f"len(tokenizer) = config vocab_size = {len(tok)}"])


FAMS = {"nllb-200": fam_nllb, "m2m100-418m": fam_m2m100, "opus-mt-bn-en": fam_marian, "mbart-50": fam_mbart,
        "distilbart-cnn-6-6": fam_distilbart, "t5-small": fam_t5small, "banglat5": fam_banglat5}


# ----------------------------------------------------------------------------- model + export
def build_weights(stage, meta, src):
    import transformers
    from transformers import AutoConfig
    for f in stage.files():
        shutil.copy(stage.root / f, src / f)
    cfg = AutoConfig.from_pretrained(src)
    torch.manual_seed(0)
    model = getattr(transformers, meta["model"])(cfg).eval()
    with torch.no_grad():
        for p in model.parameters():
            if p.requires_grad:
                p.mul_(meta["scale"])
    # only model.safetensors is taken from this save; neutralise generation keys that make save_pretrained's
    # validation fail (m2m100's re-saved config.json has early_stopping/num_beams/max_length null)
    from transformers import GenerationConfig
    for k, v in GenerationConfig().to_dict().items():
        if hasattr(model.config, k) and getattr(model.config, k) is None and v is not None:
            setattr(model.config, k, v)
    model.generation_config = GenerationConfig()
    w = src / "_w"
    model.save_pretrained(w, safe_serialization=True)
    shutil.copy(w / "model.safetensors", src / "model.safetensors")
    shutil.rmtree(w)


def export(src, out):
    tmp = out.parent / (out.name + ".export")
    if tmp.exists():
        shutil.rmtree(tmp)
    cmd = [str(Path(sys.executable).parent / "optimum-cli"), "export", "onnx", "--model", str(src),
           "--task", "text2text-generation-with-past", str(tmp)]
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        print(r.stdout[-3000:], r.stderr[-5000:])
        raise SystemExit(f"export failed for {src}")
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    for f in sorted(os.listdir(tmp)):
        if f.endswith(".onnx") or f.endswith(".onnx_data"):
            shutil.move(str(tmp / f), out / f)
    shutil.rmtree(tmp)
    for f in os.listdir(src):
        if f != "model.safetensors" and (src / f).is_file():
            shutil.copy(src / f, out / f)


def io_names(path):
    import onnx
    m = onnx.load(str(path), load_external_data=False)
    return [i.name for i in m.graph.input], [o.name for o in m.graph.output]


# ----------------------------------------------------------------------------- generation
GEN_KEYS = ["decoder_start_token_id", "bos_token_id", "eos_token_id", "pad_token_id", "forced_bos_token_id",
            "forced_eos_token_id", "bad_words_ids", "num_beams", "do_sample", "length_penalty", "early_stopping",
            "no_repeat_ngram_size", "repetition_penalty", "min_length", "min_new_tokens", "max_length",
            "max_new_tokens"]


def simple(v):
    if isinstance(v, torch.Tensor):
        return v.tolist()
    if isinstance(v, (int, float, str, bool)) or v is None:
        return v
    if isinstance(v, (list, tuple)) and all(isinstance(x, (int, float, str, bool, list)) for x in v):
        return list(v)
    return None


class Capture:
    """Wraps a model's generate internals to record the generation config actually used (after
    _prepare_generated_length: max_length as generate resolved it) and the logits processors."""

    def __init__(self, model):
        self.last = {}
        o_len, o_lp = model._prepare_generated_length, model._get_logits_processor

        def pgl(*a, **k):
            r = o_len(*a, **k)
            self.last["gc"] = copy.deepcopy(r)
            return r

        def glp(*a, **k):
            r = o_lp(*a, **k)
            procs = []
            for p in r:
                d = {"class": type(p).__name__}
                for kk, vv in vars(p).items():
                    s = simple(vv)
                    if s is not None and not kk.startswith("_") and not (isinstance(s, list) and len(s) > 16):
                        d[kk] = s
                procs.append(d)
            self.last["procs"] = procs
            return r

        model._prepare_generated_length = pgl
        model._get_logits_processor = glp

    def effective(self):
        gc = self.last["gc"]
        return {k: getattr(gc, k, None) for k in GEN_KEYS}


class Runner:
    def __init__(self, src, out, fam):
        from transformers import AutoModelForSeq2SeqLM
        from optimum.onnxruntime import ORTModelForSeq2SeqLM
        import onnxruntime
        self.pt = AutoModelForSeq2SeqLM.from_pretrained(src).eval()  # what a user loads: same files + weights
        self.cap = Capture(self.pt)
        so = onnxruntime.SessionOptions()
        so.intra_op_num_threads = so.inter_op_num_threads = 1
        self.ort_m = ORTModelForSeq2SeqLM.from_pretrained(out, use_merged=True, session_options=so)
        self.ort_s = ORTModelForSeq2SeqLM.from_pretrained(out, use_merged=False, session_options=so)
        self.fam = fam

    def gen(self, m, args, kw):
        with torch.no_grad():
            return m.generate(**args, **kw).tolist()

    def three(self, args, kw):
        o_pt = self.gen(self.pt, args, kw)
        eff, procs = self.cap.effective(), self.cap.last["procs"]
        o_m = self.gen(self.ort_m, args, kw)
        o_s = self.gen(self.ort_s, args, kw)
        return o_pt, o_m, o_s, eff, procs


def safe_decode(tok, rows, **kw):
    try:
        return tok.batch_decode(rows, **kw)
    except Exception as e:  # ids past the tokenizer (e.g. T5's 32100..32127) can make slow decoders raise
        return f"ERROR {type(e).__name__}: {e}"


def translator_cases(R, tok, meta, fam):
    """User-call cases exactly as the model card calls the model, plus explicit-kwarg cases."""
    call = meta["call"]
    fb = call.get("forced_bos_token_id")
    base = {} if fb is None else {"forced_bos_token_id": fb}
    lines = short_bn(3)
    batch = lines  # 3 lines of different lengths
    cases = []
    for i, l in enumerate(lines):
        cases.append((f"user_call_{i}", [l], dict(base), True))
    cases.append(("user_call_batch3", batch, dict(base), True))
    G = dict(num_beams=1, do_sample=False)
    cases += [
        ("greedy_max_new_12", [lines[0]], dict(base, **G, max_new_tokens=12), False),
        ("greedy_batch3_max_new_12", batch, dict(base, **G, max_new_tokens=12), False),
        ("beam4_max_new_12", [lines[1]], dict(base, num_beams=4, do_sample=False, max_new_tokens=12), False),
        ("beam4_batch3_max_new_10", batch, dict(base, num_beams=4, do_sample=False, max_new_tokens=10), False),
        ("no_repeat_ngram_2", [lines[0]], dict(base, **G, no_repeat_ngram_size=2, max_new_tokens=20), False),
    ]
    kept, dropped = [], []
    for name, inputs, kw, user in cases:
        enc = tok(inputs, return_tensors="pt", padding=True)
        if fam == "banglat5" and len(inputs) == 1:
            args = {"input_ids": enc["input_ids"]}  # model card: model.generate(input_ids)
            call_txt = "input_ids = tokenizer(text, return_tensors='pt').input_ids; model.generate(input_ids)"
        else:
            args = {"input_ids": enc["input_ids"], "attention_mask": enc["attention_mask"]}
            call_txt = CALL_TXT[fam]
        o_pt, o_m, o_s, eff, procs = R.three(args, kw)
        rec = {"name": name, "inputs": inputs, "input_ids": enc["input_ids"].tolist(),
               # banglat5 singles pass no attention_mask (model card); generate() then derives all ones, which is
               # what the tokenizer's mask is for an unpadded row
               "attention_mask": enc["attention_mask"].tolist(), "attention_mask_passed": "attention_mask" in args,
               "generate_kwargs": kw, "effective_generation_config": eff, "logits_processors": procs,
               "output_ids": o_pt, "decoded": safe_decode(tok, o_pt, skip_special_tokens=True),
               "n_unk_input_tokens": int((enc["input_ids"] == tok.unk_token_id).sum()),
               "src_lang": meta["src_lang"],
               "call": dict(call, how=call_txt, user_call=user)}
        if fam == "banglat5":
            rec["decoded_as_card"] = safe_decode(tok, o_pt)  # card: tokenizer.batch_decode(generated_tokens)
        if o_pt == o_m == o_s:
            kept.append(rec)
        else:
            dropped.append({"name": name, "reason": "pytorch/ort-merged/ort-split disagree", "pytorch": o_pt,
                            "ort_merged": o_m, "ort_split": o_s})
    return kept, dropped


CALL_TXT = {
    "nllb-200": "tokenizer = AutoTokenizer.from_pretrained(dir, src_lang='ben_Beng'); inputs = tokenizer(texts, "
                "return_tensors='pt', padding=True); model.generate(**inputs, forced_bos_token_id="
                "tokenizer.convert_tokens_to_ids('eng_Latn'))",
    "m2m100-418m": "tokenizer.src_lang = 'bn'; inputs = tokenizer(texts, return_tensors='pt', padding=True); "
                   "model.generate(**inputs, forced_bos_token_id=tokenizer.get_lang_id('en'))",
    "mbart-50": "tokenizer = AutoTokenizer.from_pretrained(dir, src_lang='bn_IN'); inputs = tokenizer(texts, "
                "return_tensors='pt', padding=True); model.generate(**inputs, forced_bos_token_id="
                "tokenizer.lang_code_to_id['en_XX'])",
    "opus-mt-bn-en": "model.generate(**tokenizer(texts, return_tensors='pt', padding=True))",
    "banglat5": "inputs = tokenizer(texts, return_tensors='pt', padding=True); model.generate(**inputs)",
}


def load_tokenizers(out, fam, meta):
    """(user tokenizer as the model card loads it, slow tokenizer or None, fast tokenizer or None)."""
    from transformers import AutoTokenizer
    kw = {}
    if fam in ("nllb-200", "mbart-50"):
        kw["src_lang"] = meta["src_lang"]
    user = AutoTokenizer.from_pretrained(out, **kw)
    if fam == "m2m100-418m":
        user.src_lang = "bn"
    slow = fast = None
    if meta["slow_cls"] is not None:
        slow = meta["slow_cls"].from_pretrained(out, **kw)
        if fam == "m2m100-418m":
            slow.src_lang = "bn"
    if (out / "tokenizer.json").exists():
        fast = AutoTokenizer.from_pretrained(out, use_fast=True, **kw)
        assert fast.is_fast
    elif user.is_fast:
        fast = user  # no tokenizer.json: AutoTokenizer converted the slow files to a fast tokenizer on the fly
    if fam == "distilbart-cnn-6-6":
        # the folder has tokenizer.json only; a slow BartTokenizer can only be built from the vocab.json+merges.txt
        # of hub-files/sshleifer--distilbart-cnn-12-6 (same BART vocab) - used for comparison only
        from transformers import BartTokenizer
        d = HUB / "sshleifer--distilbart-cnn-12-6"
        slow = BartTokenizer(vocab_file=str(d / "vocab.json"), merges_file=str(d / "merges.txt"))
    return user, slow, fast


def tokenizer_cases(fam, meta, user, slow, fast, gen_rows, has_tj):
    lang = "bn" if meta["kind"] == "translate" else "en"
    lines = rn_lines(lang)[100:120]
    prefix = None
    enc = []
    for l in lines:
        r = {"text": l}
        for lab, t in (("slow", slow), ("fast", fast)):
            if t is not None:
                r[f"{lab}_input_ids"] = t(l)["input_ids"]
        if slow is not None and fast is not None:
            r["equal"] = r["slow_input_ids"] == r["fast_input_ids"]
        enc.append(r)
    g = torch.Generator().manual_seed(7)
    n = len(user)
    special = [i for i in user.all_special_ids if i < n]
    seqs = [list(r) for r in gen_rows[:8]]
    while len(seqs) < 20:
        L = int(torch.randint(5, 25, (1,), generator=g))
        ids = torch.randint(0, n, (L,), generator=g).tolist()
        if special and len(seqs) % 2 == 0:
            ids[0] = special[len(seqs) % len(special)]
            ids[-1] = special[(len(seqs) * 7) % len(special)]
        seqs.append(ids)
    dec = []
    for ids in seqs:
        r = {"ids": ids}
        for lab, t in (("slow", slow), ("fast", fast)):
            if t is not None:
                r[lab] = safe_decode(t, [ids], skip_special_tokens=True)
                r[lab] = r[lab][0] if isinstance(r[lab], list) else r[lab]
        if slow is not None and fast is not None:
            r["equal"] = r["slow"] == r["fast"]
        dec.append(r)
    doc = {"lines": f"RisingNews.test.{lang} non-empty lines 100..119", "src_lang": meta["src_lang"],
           "slow_class": type(slow).__name__ if slow is not None else None,
           "fast_class": type(fast).__name__ if fast is not None else None,
           "note": "input_ids = tokenizer(text)['input_ids'] (source encoding, src_lang set as in the user call); "
                   "decode = batch_decode(skip_special_tokens=True) with the tokenizer_config's own "
                   "clean_up_tokenization_spaces. The first decode sequences are generated output rows.",
           "encode": enc, "decode": dec}
    if fast is not None and not has_tj:
        doc["fast_class"] += " (no tokenizer.json in the folder: AutoTokenizer converted the slow files on load)"
    if fam == "distilbart-cnn-6-6":
        doc["slow_class"] += " (built from hub-files/sshleifer--distilbart-cnn-12-6 vocab.json+merges.txt; NOT in the folder)"
    if slow is not None and fast is not None:
        doc["n_encode_differ"] = sum(not r["equal"] for r in enc)
        doc["n_decode_differ"] = sum(not r["equal"] for r in dec)
    return doc


def summarizer_texts():
    en = rn_lines("en")
    return [("short_a", " ".join(en[0:3])), ("short_b", " ".join(en[3:6])), ("long", " ".join(en[6:24])),
            ("short_c", " ".join(en[24:28]))]


def summarizer_cases(R, tok, meta, fam):
    from transformers import pipeline
    kept, dropped = [], []
    pipe = pipeline("summarization", model=R.pt, tokenizer=tok, framework="pt", device=-1)
    model_gc = R.pt.generation_config.to_dict()
    pipe_gc = pipe.generation_config.to_dict()
    applied = {k: v for k, v in pipe_gc.items() if not k.startswith("_") and k != "transformers_version"
               and model_gc.get(k, None) != v}
    prefix = pipe.prefix or ""
    tsp = (R.pt.config.task_specific_params or {}).get("summarization", {})
    naive = {k: v for k, v in tsp.items() if k != "prefix"}
    pcases = []
    for name, text in summarizer_texts():
        summary = pipe(text)[0]["summary_text"]
        ids_pipe = pipe(text, return_tensors=True)[0]["summary_token_ids"].tolist()
        enc = tok(prefix + text, return_tensors="pt")
        args = {"input_ids": enc["input_ids"], "attention_mask": enc["attention_mask"]}
        o_pt, o_m, o_s, eff, procs = R.three(args, applied)
        o_pt = o_pt[0]
        assert o_pt == ids_pipe, (name, o_pt[:20], ids_pipe[:20])
        dec = tok.decode(o_pt, skip_special_tokens=True, clean_up_tokenization_spaces=False)
        assert dec == summary, (dec, summary)
        naive_ids = R.gen(R.pt, args, naive)[0]
        rec = {"name": f"pipeline_{name}", "text": text, "prefix": prefix, "summary_text": summary,
               "input_ids": enc["input_ids"].tolist()[0], "output_ids": o_pt,
               "generate_kwargs_applied": applied, "task_specific_params": tsp,
               "effective_generation_config": eff, "logits_processors": procs,
               "pipeline_postprocess": "tokenizer.decode(ids, skip_special_tokens=True, clean_up_tokenization_spaces=False)",
               "decoded_with_tokenizer_cleanup": tok.decode(o_pt, skip_special_tokens=True),
               "naive_repro_task_params_only_equal": naive_ids == o_pt,
               "n_new_tokens": len(o_pt) - 1}
        if o_pt == o_m[0] == o_s[0]:
            pcases.append(rec)
        else:
            dropped.append({"name": rec["name"], "reason": "pytorch/ort-merged/ort-split disagree", "pytorch": [o_pt],
                            "ort_merged": o_m, "ort_split": o_s})
    # plain generate cases (coverage)
    en = rn_lines("en")
    a, b, c = en[0], en[1], en[2]
    G = dict(num_beams=1, do_sample=False)
    if R.pt.generation_config.no_repeat_ngram_size:
        G["no_repeat_ngram_size"] = 0
    plain = [("greedy_max_new_12", [a], dict(G, max_new_tokens=12)),
             ("greedy_batch3_max_new_12", [a, b, c], dict(G, max_new_tokens=12)),
             ("beam4_max_new_12", [b], dict(num_beams=4, do_sample=False, max_new_tokens=12)),
             ("beam4_batch3_max_new_10", [a, b, c], dict(num_beams=4, do_sample=False, max_new_tokens=10)),
             ("no_repeat_ngram_2", [a], dict(G, no_repeat_ngram_size=2, max_new_tokens=20)),
             ("generation_config_defaults", [b], {})]
    for name, inputs, kw in plain:
        enc = tok(inputs, return_tensors="pt", padding=True)
        args = {"input_ids": enc["input_ids"], "attention_mask": enc["attention_mask"]}
        o_pt, o_m, o_s, eff, procs = R.three(args, kw)
        rec = {"name": name, "inputs": inputs, "input_ids": enc["input_ids"].tolist(),
               "attention_mask": enc["attention_mask"].tolist(), "generate_kwargs": kw,
               "effective_generation_config": eff, "logits_processors": procs, "output_ids": o_pt,
               "decoded": safe_decode(tok, o_pt, skip_special_tokens=True),
               "n_unk_input_tokens": int((enc["input_ids"] == tok.unk_token_id).sum()),
               "call": {"how": "tokenizer(texts, return_tensors='pt', padding=True); model.generate(**inputs, **generate_kwargs)"}}
        if o_pt == o_m == o_s:
            kept.append(rec)
        else:
            dropped.append({"name": name, "reason": "pytorch/ort-merged/ort-split disagree", "pytorch": o_pt,
                            "ort_merged": o_m, "ort_split": o_s})
    return kept, pcases, dropped, {"prefix": prefix, "pipeline_generation_config_diff_vs_model": applied}


def dump_compact(doc):
    """indent=1 JSON, but lists of scalars / lists of scalar lists on one line (id rows stay readable)."""
    def flat(x):
        return isinstance(x, list) and all(not isinstance(y, (dict, list)) or
                                           (isinstance(y, list) and all(not isinstance(z, (dict, list)) for z in y))
                                           for y in x)

    def enc(x, ind):
        pad = " " * ind
        if isinstance(x, dict):
            if not x:
                return "{}"
            items = [f"{pad} {json.dumps(k, ensure_ascii=False)}: {enc(v, ind + 1)}" for k, v in x.items()]
            return "{\n" + ",\n".join(items) + "\n" + pad + "}"
        if isinstance(x, list) and not flat(x):
            items = [f"{pad} {enc(v, ind + 1)}" for v in x]
            return "[\n" + ",\n".join(items) + "\n" + pad + "]"
        return json.dumps(x, ensure_ascii=False)
    s = enc(doc, 0)
    assert json.loads(s) == json.loads(json.dumps(doc))
    return s


def marian_from_model_config_check(src, out, tok):
    """Evidence for the note in fam_marian: the same fixture with `_from_model_config: true` put back into
    generation_config.json. Returns what PyTorch and Optimum ORT (merged) do for one greedy call."""
    from transformers import AutoModelForSeq2SeqLM
    from optimum.onnxruntime import ORTModelForSeq2SeqLM
    res = {}
    with tempfile.TemporaryDirectory() as td:
        td = Path(td)
        for d, name in ((src, "src"), (out, "out")):
            shutil.copytree(d, td / name)
            g = json.loads((td / name / "generation_config.json").read_text())
            g["_from_model_config"] = True
            (td / name / "generation_config.json").write_text(json.dumps(g, indent=2, sort_keys=True) + "\n")
        pt = AutoModelForSeq2SeqLM.from_pretrained(td / "src").eval()
        cap = Capture(pt)
        ort = ORTModelForSeq2SeqLM.from_pretrained(td / "out", use_merged=True)
        enc = tok([short_bn(1)[0]], return_tensors="pt")
        kw = dict(num_beams=1, max_new_tokens=6)
        with warnings.catch_warnings(record=True) as w:
            warnings.simplefilter("always")
            o_pt = pt.generate(**enc, **kw).tolist()
        res["pytorch_output_ids"] = o_pt
        res["pytorch_logits_processors"] = [p["class"] for p in cap.last["procs"]]
        res["pytorch_effective_forced_eos_token_id"] = cap.last["gc"].forced_eos_token_id
        res["pytorch_warnings"] = sorted({str(x.message)[:160] for x in w if "generation" in str(x.message)})
        res["ort_merged_output_ids"] = ort.generate(**enc, **kw).tolist()
        res["generate_kwargs"] = kw
    return res


# ----------------------------------------------------------------------------- SOURCE.md / status
def sha(p):
    return hashlib.sha256(p.read_bytes()).hexdigest()


def write_source(out, fam, st, meta, doc):
    rows = []
    for f in sorted(os.listdir(out)):
        p = out / f
        if f in ("SOURCE.md",):
            continue
        if f.endswith(".onnx"):
            kind, text = "exported", "`optimum-cli export onnx --task text2text-generation-with-past` of the tiny " \
                                     "random-weight model (torch.manual_seed(0), every parameter × " \
                                     f"{meta['scale']})"
        elif f == "goldens.json":
            kind, text = "written", "goldens written by make_hub_fixtures.py (transformers 4.57.6 / optimum-onnx 0.1.0 / onnxruntime 1.31.0)"
        else:
            kind, text = st.prov.get(f, ("?", "?"))
        rows.append(f"| `{f}` | {p.stat().st_size} | {kind} | {text} | `{sha(p)[:16]}` |")
    dropped_split = "" if meta["keep_split"] else (
        "\n**Split decoders not kept**: `decoder_model.onnx` / `decoder_with_past_model.onnx` were exported and "
        "used for the ORT split cross-check of every golden, then deleted to stay within the size budget "
        "(large vocabulary). Only `encoder_model.onnx` + `decoder_model_merged.onnx` are here.\n")
    txt = f"""# fixtures/{fam} — provenance of every file

Tiny random-weight model; every NON-WEIGHT file is a real Hub file where one exists on
`../shared/hub-files` (copied byte for byte), a real file with only the model dims shrunk, or written
by the transformers class named below. Built by `models/make_hub_fixtures.py --family {fam}`
(transformers 4.57.6, torch 2.8.0, optimum 2.1.0 + optimum-onnx 0.1.0, onnxruntime 1.31.0, sentencepiece 0.2.3).
Kinds: **real** (byte-for-byte), **edited** (real file, listed keys changed), **written** (produced here),
**exported** (ONNX).
{dropped_split}
| file | bytes | kind | origin | sha256[:16] |
|---|---|---|---|---|
""" + "\n".join(rows) + "\n\n## Notes\n\n" + "\n".join(f"- {n}" for n in meta["notes"]) + "\n"
    (out / "SOURCE.md").write_text(txt, encoding="utf-8")


FINDINGS = """## How transformers 4.57.6 resolves these folders (observed while building them)

- **NLLB call-time `src_lang`**: `tokenizer(text, src_lang="ben_Beng")` does not work. NllbTokenizerFast raises
  `TypeError: _batch_encode_plus() got an unexpected keyword argument 'src_lang'`; slow NllbTokenizer only warns
  "Keyword arguments {'src_lang': ...} not recognized." and encodes with the default `eng_Latn`. The goldens use
  the documented forms: `AutoTokenizer.from_pretrained(dir, src_lang="ben_Beng")` (NLLB, mBART-50) and
  `tokenizer.src_lang = "bn"` (M2M100).
- **NLLB special-token order**: building NllbTokenizer(Fast) from an spm alone with 4.57 puts `<mask>` at N+1, before
  the 202 language codes (special-token attribute order). The Hub layout (codes N+1.., `<mask>` last) had to be
  pinned with an explicit `added_tokens_decoder`. Loading the finished folder (real tokenizer_config.json without
  added_tokens_decoder + tokenizer.json) gives the Hub layout for slow and fast alike.
- **mBART-50 `"tokenizer_file": null`** in the real tokenizer_config.json makes AutoTokenizer IGNORE tokenizer.json
  and convert sentencepiece.bpe.model on load (checked by planting a marker normalizer in tokenizer.json: not
  used). NLLB's tokenizer.json is used.
- **opus-mt forced EOS**: with config.json `forced_eos_token_id: 0` and a generation_config.json lacking it, the
  result depends on `_from_model_config`. If generation_config.json says `_from_model_config: true` (as
  `GenerationConfig.from_model_config` writes it), PyTorch generate() takes the legacy path, rebuilds the settings
  from config.json and APPLIES forced EOS (warning "You have modified the pretrained model configuration...");
  Optimum's ORTModelForSeq2SeqLM does NOT -> they disagree on every case. The fixture's file has no
  `_from_model_config`, so the file wins everywhere and no forced EOS applies (evidence in goldens.json
  `from_model_config_variant`).
- **m2m100 config.json** (4.46 re-save) has `early_stopping/num_beams/max_length: null`. A model built from it
  without generation_config.json cannot generate (`early_stopping must be a boolean or 'never', but is None`)
  nor save_pretrained. With generation_config.json present (the fixture) that file wins: beams 5, max_length 200.
- **banglat5 (no generation_config.json)**: settings come from config.json; no max_length anywhere -> 20 NEW tokens
  (max_length resolved to 21 counting the decoder start; T5 has no max_position_embeddings cap). AutoTokenizer on
  the slow-only folder returns a T5TokenizerFast converted on the fly (slow vs converted fast: same ids on the
  test lines). T5Tokenizer.save_pretrained wrote legacy true, add_prefix_space true, model_max_length 1e30.
- **summarization pipeline**: the text2text pipeline default `GenerationConfig(max_new_tokens=256, num_beams=4)`
  is merged first. t5-small's generation_config.json has no max_length (default 20), so the pipeline KEEPS
  max_new_tokens=256 and it overrides task_specific_params max_length 200 (summaries run to 256 new tokens;
  generate(**task_params) alone does not reproduce the pipeline). distilbart's generation_config max_length 142
  != 20, so the pipeline drops its max_new_tokens and 142 / min 56 apply. The pipeline decodes with
  clean_up_tokenization_spaces=False whatever tokenizer_config says. distilbart's `prefix: " "` is prepended:
  " Bangladesh High" -> [0, 7077, 755, 2] vs "Bangladesh High" -> [0, 36929, 462, 42589, 755, 2].
- **slow vs fast decode (NLLB)**: a sequence starting with the bare piece `▁` decodes to " x" (fast, Metaspace)
  vs "x" (slow, sp.decode). No encode differences seen on the test lines for any family.
"""


def update_status(fam, line):
    STATUS.parent.mkdir(parents=True, exist_ok=True)
    head = "# Hub-file fixtures: status\n\nWritten by `models/make_hub_fixtures.py` as each family finishes.\n\n"
    entries = {}
    if STATUS.exists():
        for l in STATUS.read_text(encoding="utf-8").splitlines():
            if l.startswith("- **"):
                entries[l.split("**")[1]] = l
    entries[fam] = f"- **{fam}**: {line}"
    body = "\n".join(entries[k] for k in ALL if k in entries)
    total = sum(p.stat().st_size for k in ALL if (FIXTURES / k).exists() for p in (FIXTURES / k).iterdir())
    STATUS.write_text(head + body + f"\n\nTotal size of the hub fixture dirs: {total / 1e6:.1f} MB\n\n" + FINDINGS,
                      encoding="utf-8")


# ----------------------------------------------------------------------------- main
def run_family(fam):
    t0 = datetime.datetime.now(datetime.timezone.utc)
    out = FIXTURES / fam
    with tempfile.TemporaryDirectory() as td:
        td = Path(td)
        st = Stage(td / "stage")
        meta = FAMS[fam](st)
        src = td / "src"
        src.mkdir()
        build_weights(st, meta, src)
        export(src, out)
        user, slow, fast = load_tokenizers(out, fam, meta)
        R = Runner(src, out, fam)
        notes = []
        if meta["kind"] == "translate":
            kept, dropped = translator_cases(R, user, meta, fam)
            pcases, pinfo = [], None
        else:
            kept, pcases, dropped, pinfo = summarizer_cases(R, user, meta, fam)
        rows = [r for c in kept for r in c["output_ids"]] + [c["output_ids"] for c in pcases]
        tcases = tokenizer_cases(fam, meta, user, slow, fast, rows, (out / "tokenizer.json").exists())
        names = {f: io_names(out / f) for f in sorted(os.listdir(out)) if f.endswith(".onnx")}
        if not meta["keep_split"]:
            for f in ONNX_SPLIT:
                (out / f).unlink()
        doc = {"family": fam, "model_type": R.pt.config.model_type,
               "note": "output_ids are full HF generate() outputs (start with decoder_start_token_id). "
                       "generate_kwargs are passed on top of the folder's own generation settings "
                       "(generation_config.json, or config.json when there is none); effective_generation_config "
                       "and logits_processors are what transformers 4.57.6 actually used (captured inside "
                       "generate, after max_length resolution). Kept cases agree exactly between PyTorch, ORT merged "
                       "and ORT split decoders.",
               "user_tokenizer_class": type(user).__name__,
               "tokenizer_len": len(user), "config_vocab_size": R.pt.config.vocab_size,
               "model_generation_config": {k: v for k, v in R.pt.generation_config.to_dict().items()},
               "split_decoders_kept": meta["keep_split"],
               "onnx_io": {k: {"inputs": v[0], "outputs": v[1]} for k, v in names.items()},
               "notes": meta["notes"], "cases": kept, "dropped": dropped, "tokenizer_cases": tcases}
        if fam == "opus-mt-bn-en":
            chk = marian_from_model_config_check(src, out, user)
            doc["from_model_config_variant"] = dict(
                chk, what="NOT the fixture: the same files with `_from_model_config: true` added to "
                          "generation_config.json (as GenerationConfig.from_model_config writes it). transformers "
                          "4.57.6 then re-derives generation settings from config.json in generate() (legacy path) "
                          "and applies forced_eos_token_id 0; Optimum ORT does not.")
        if meta["kind"] == "summarize":
            doc["pipeline_cases"] = pcases
            doc["pipeline_info"] = pinfo
        (out / "goldens.json").write_text(dump_compact(doc) + "\n", encoding="utf-8")
        write_source(out, fam, st, meta, doc)
    size = sum(p.stat().st_size for p in out.iterdir())
    n_keep = len(kept) + len(pcases)
    diff = ""
    if "n_encode_differ" in tcases:
        diff = f"; slow≠fast: encode {tcases['n_encode_differ']}/20, decode {tcases['n_decode_differ']}/20"
    line = (f"done {datetime.datetime.now(datetime.timezone.utc):%H:%M} UTC; {size / 1e6:.1f} MB; cases kept {n_keep} "
            f"(pipeline {len(pcases)}), dropped {len(dropped)} {[d['name'] for d in dropped]}{diff}; "
            f"split decoders {'kept' if meta['keep_split'] else 'removed (merged only)'}")
    update_status(fam, line)
    print(f"[{fam}] {line}  ({(datetime.datetime.now(datetime.timezone.utc) - t0).seconds}s)")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--family", nargs="+", default=ALL, choices=ALL)
    args = ap.parse_args()
    torch.set_num_threads(1)
    warnings.filterwarnings("ignore")
    FIXTURES.mkdir(parents=True, exist_ok=True)
    for fam in args.family:
        run_family(fam)


if __name__ == "__main__":
    main()
