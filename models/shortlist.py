#!/usr/bin/env python
"""Target-vocabulary shortlist for an exported seq2seq model (opt-in speed-up).

The decoder's LM head multiplies every step's hidden state by a d_model × vocab matrix: for
NLLB (256 206 rows) and Marian-base (~60k) that is most of a decoder step. English output uses a
small part of the vocabulary. This script writes decoder graphs whose LM head keeps only the
shortlisted columns (and bias entries), plus `shortlist.json` naming the ids and the files; the
crate, asked to use the shortlist, loads those graphs and scatters the k scores back into a
full-width row (every other token gets -inf), so logits processors and token ids are unchanged.

Output is identical to the full model whenever every token the full model would pick is in the
shortlist (the kept scores are bit-identical: checked below with ONNX Runtime on random inputs);
a token outside it can never be produced. That is the trade-off: opt-in, never the default.

Usage (venv python):
    python models/shortlist.py --model DIR --text english.txt [--text more.txt] [--ids ids.json]

Shortlist = every added/special token of the tokenizer (language codes, </s>, <pad>, <unk>)
∪ the ids the model's own tokenizer gives the lines of the `--text` files (target-side text,
e.g. English news) ∪ `--ids` (a JSON list) ∪ with `--latin`, every vocabulary piece written
only in Latin script, ASCII and punctuation (all an English output can use). Every decoder ONNX file in DIR
(`decoder_model*.onnx`, `decoder_with_past_model*.onnx`, any variant) gets a
`<name>.shortlist.onnx` sibling.
"""
import argparse
import json
import os
import re
import sys
from pathlib import Path

import numpy as np
import onnx
from onnx import helper, numpy_helper

DECODER_PREFIXES = ("decoder_model", "decoder_with_past_model")


LATIN = re.compile(r"[\u2581\x20-\x7e\u00a0-\u024f\u2000-\u206f]+")


def shortlist_ids(model_dir, texts, extra, latin=False):
    from tokenizers import Tokenizer
    tok = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
    ids = set()
    if latin:
        # Every vocabulary piece written in Latin script / ASCII / punctuation (what English
        # output can use), whether or not a sample text happens to contain it.
        for piece, i in tok.get_vocab(with_added_tokens=False).items():
            if LATIN.fullmatch(piece):
                ids.add(int(i))
    for t in tok.get_added_tokens_decoder().keys():
        ids.add(int(t))
    for path in texts:
        lines = [l for l in Path(path).read_text(encoding="utf-8").splitlines() if l.strip()]
        for enc in tok.encode_batch(lines, add_special_tokens=True):
            ids.update(enc.ids)
    ids.update(int(i) for i in extra)
    return sorted(ids)


class Graphs:
    """All graphs of a model (main + If/Loop subgraphs) with producer and initializer lookup."""

    def __init__(self, model):
        self.model = model
        self.graphs = []

        def walk(g):
            self.graphs.append(g)
            for n in g.node:
                for a in n.attribute:
                    if a.type == onnx.AttributeProto.GRAPH:
                        walk(a.g)
        walk(model.graph)

    def initializer(self, name):
        for g in self.graphs:
            for i in g.initializer:
                if i.name == name:
                    return numpy_helper.to_array(i, base_dir=self.base_dir)
        return None

    def producer(self, name):
        for g in self.graphs:
            for n in g.node:
                if name in n.output:
                    return n
        return None

    def const(self, name):
        """Evaluates a constant tensor (initializer, or Transpose/DequantizeLinear/Identity/Cast of one)."""
        v = self.initializer(name)
        if v is not None:
            return v
        n = self.producer(name)
        if n is None:
            raise ValueError(f"`{name}` is neither an initializer nor produced by a node")
        attrs = {a.name: helper.get_attribute_value(a) for a in n.attribute}
        if n.op_type == "Constant":
            return numpy_helper.to_array(attrs["value"])
        args = [self.const(i) if i else None for i in n.input]
        if n.op_type == "Identity":
            return args[0]
        if n.op_type == "Transpose":
            return np.transpose(args[0], attrs.get("perm"))
        if n.op_type == "Cast":
            return args[0].astype(helper.tensor_dtype_to_np_dtype(attrs["to"]))
        if n.op_type == "DequantizeLinear":
            x, scale = args[0], args[1]
            zp = args[2] if len(args) > 2 and args[2] is not None else np.zeros((), x.dtype)
            axis = attrs.get("axis", 1)
            if np.ndim(scale) == 1 and np.ndim(x) > 1:
                shape = [1] * x.ndim
                shape[axis] = -1
                scale, zp = scale.reshape(shape), zp.reshape(shape)
            return ((x.astype(np.int32) - zp.astype(np.int32)).astype(np.float32) * scale).astype(np.float32)
        raise ValueError(f"cannot fold `{n.op_type}` producing `{name}`")


def rewrite(path, ids, out_path, vocab):
    model = onnx.load(str(path), load_external_data=True)
    gs = Graphs(model)
    gs.base_dir = str(path.parent)
    idx = np.asarray(ids, dtype=np.int64)
    done = 0
    new_inits = {}
    for g in gs.graphs:
        prod = {o: n for n in g.node for o in n.output}
        if not any(o.name == "logits" for o in g.output):
            continue
        n = prod.get("logits")
        if n is not None and n.op_type in ("If", "Loop"):
            continue  # the LM heads are inside its branches (visited as their own graphs)
        bias_node = None
        if n is not None and n.op_type == "Add":
            bias_node = n
            n = next((prod[i] for i in n.input if i in prod and prod[i].op_type != "Constant"), None)
        # int8 exports (quantize_dynamic): Mul(Cast(MatMulInteger(xq, Wq, xzp, wzp)), scale).
        while n is not None and n.op_type in ("Mul", "Cast"):
            n = next((prod[i] for i in n.input if i in prod and prod[i].op_type in ("Cast", "MatMulInteger")), None)
        if n is None or n.op_type not in ("MatMul", "MatMulInteger"):
            raise ValueError(f"{path.name}: logits are not produced by MatMul / MatMulInteger (+Add)")
        w = gs.const(n.input[1])
        if w.ndim != 2 or w.shape[1] != vocab:
            raise ValueError(f"{path.name}: LM head weight has shape {w.shape}, expected [d_model, {vocab}]")
        wname = "shortlist.lm_head.weight"
        if wname not in new_inits:
            keep = w[:, idx]
            new_inits[wname] = np.ascontiguousarray(keep if n.op_type == "MatMulInteger" else keep.astype(np.float32))
        n.input[1] = wname
        if n.op_type == "MatMulInteger" and len(n.input) > 3 and n.input[3]:
            if np.size(gs.const(n.input[3])) != 1:
                raise ValueError(f"{path.name}: per-column quantized LM head is not supported")
        if bias_node is not None:
            k = 1 if bias_node.input[0] in prod else 0
            b = gs.const(bias_node.input[k])
            bname = "shortlist.lm_head.bias"
            if bname not in new_inits:
                new_inits[bname] = np.ascontiguousarray(np.take(b, idx, axis=-1).astype(np.float32))
            bias_node.input[k] = bname
        done += 1
    if not done:
        raise ValueError(f"{path.name}: no graph with a `logits` output")
    for name, arr in new_inits.items():
        model.graph.initializer.append(numpy_helper.from_array(arr, name))
    prune(model, gs)
    for g in gs.graphs:
        for o in g.output:
            if o.name == "logits":
                dims = o.type.tensor_type.shape.dim
                if dims:
                    dims[-1].ClearField("dim_param")
                    dims[-1].dim_value = len(ids)
    big = model.ByteSize() > 1_900_000_000 if hasattr(model, "ByteSize") else True
    data = out_path.name + "_data"
    if big or (path.parent / (path.name + "_data")).exists():
        if (out_path.parent / data).exists():
            os.remove(out_path.parent / data)
        onnx.save(model, str(out_path), save_as_external_data=True, all_tensors_to_one_file=True,
                  location=data, size_threshold=1024)
    else:
        onnx.save(model, str(out_path))
    return done


def prune(model, gs):
    """Drops nodes and initializers no graph uses any more (the old full-width LM head chain)."""
    while True:
        used = set()
        for g in gs.graphs:
            used.update(o.name for o in g.output)
            for n in g.node:
                used.update(n.input)
        removed = 0
        for g in gs.graphs:
            keep = [n for n in g.node if any(o in used for o in n.output) or n.op_type == "If"]
            removed += len(g.node) - len(keep)
            if len(keep) != len(g.node):
                del g.node[:]
                g.node.extend(keep)
            inits = [i for i in g.initializer if i.name in used]
            removed += len(g.initializer) - len(inits)
            if len(inits) != len(g.initializer):
                del g.initializer[:]
                g.initializer.extend(inits)
        if not removed:
            return


def verify(full_path, short_path, ids, cfg):
    """Random inputs through both graphs: the kept logits must be identical."""
    import onnxruntime as ort
    so = ort.SessionOptions()
    so.log_severity_level = 3
    a = ort.InferenceSession(str(full_path), so, providers=["CPUExecutionProvider"])
    b = ort.InferenceSession(str(short_path), so, providers=["CPUExecutionProvider"])
    rng = np.random.default_rng(0)
    d = cfg.get("d_model") or cfg.get("hidden_size")
    heads = cfg.get("decoder_attention_heads") or cfg.get("num_heads")
    hd = cfg.get("d_kv") or d // heads
    feeds = {}
    for i in a.get_inputs():
        if i.name == "input_ids":
            feeds[i.name] = rng.integers(0, cfg["vocab_size"], size=(2, 3)).astype(np.int64)
        elif i.name == "encoder_hidden_states":
            feeds[i.name] = rng.standard_normal((2, 5, d)).astype(np.float32)
        elif i.name == "encoder_attention_mask":
            feeds[i.name] = np.ones((2, 5), np.int64)
        elif i.name == "use_cache_branch":
            feeds[i.name] = np.array([True])
        elif i.name.startswith("past_key_values."):
            n = 5 if ".encoder." in i.name else 4
            feeds[i.name] = rng.standard_normal((2, heads, n, hd)).astype(np.float32)
    if "use_cache_branch" in feeds:
        feeds["input_ids"] = feeds["input_ids"][:, :1]
    elif any(k.startswith("past_key_values.") for k in feeds):
        feeds["input_ids"] = feeds["input_ids"][:, :1]
    la = a.run(["logits"], feeds)[0]
    lb = b.run(["logits"], feeds)[0]
    diff = float(np.abs(la[..., ids] - lb).max())
    return diff


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", type=Path, required=True)
    ap.add_argument("--text", type=Path, action="append", default=[])
    ap.add_argument("--ids", type=Path, help="JSON list of extra ids to keep")
    ap.add_argument("--latin", action="store_true",
                    help="keep every Latin-script / ASCII / punctuation piece of the vocabulary")
    ap.add_argument("--files", nargs="*", help="only these decoder files (default: every decoder*.onnx)")
    ap.add_argument("--no-verify", action="store_true")
    args = ap.parse_args()
    cfg = json.loads((args.model / "config.json").read_text())
    vocab = cfg["vocab_size"]
    extra = json.loads(args.ids.read_text()) if args.ids else []
    ids = shortlist_ids(args.model, args.text, extra, args.latin)
    if not ids or ids[-1] >= vocab:
        sys.exit(f"shortlist ids must be < vocab_size {vocab}")
    files = {}
    for f in sorted(os.listdir(args.model)):
        if f.endswith(".onnx") and f.startswith(DECODER_PREFIXES) and ".shortlist" not in f and (
                not args.files or f in args.files):
            src = args.model / f
            dst = args.model / (f[: -len(".onnx")] + ".shortlist.onnx")
            n = rewrite(src, ids, dst, vocab)
            msg = f"{f}: {n} LM head(s) cut to {len(ids)} of {vocab} columns -> {dst.name}"
            if not args.no_verify:
                diff = verify(src, dst, ids, cfg)
                if diff > 1e-4:
                    sys.exit(f"{msg}: kept logits differ from the full model's by {diff}")
                # Not always bit-identical: when the full model's LM head weight is computed at
                # run time (DequantizeLinear in int8 exports), ORT uses an unpacked GEMM for it.
                msg += " (kept logits identical)" if diff == 0.0 else f" (kept logits within {diff:.1e})"
            print(msg, flush=True)
            files[f] = dst.name
    doc = {"vocab_size": vocab, "ids": ids, "files": files,
           "sources": [str(p) for p in args.text] + ([str(args.ids)] if args.ids else [])
           + (["latin-script vocabulary pieces"] if args.latin else [])}
    (args.model / "shortlist.json").write_text(json.dumps(doc) + "\n", encoding="utf-8")
    print(f"shortlist.json: {len(ids)} ids, {len(files)} decoder files")


if __name__ == "__main__":
    main()
