#!/usr/bin/env python
"""Give a decoder graph's LM head its own weight initializer, so int8 quantization reaches it.

Optimum exports of models with tied embeddings (Marian, NLLB/M2M100, BART, mBART) compute the
LM head as `MatMul(hidden, Transpose(shared.weight))`. `onnxruntime.quantization.quantize_dynamic`
only quantizes MatMuls whose weight is an initializer, so it quantizes the shared embedding for
the `Gather` and leaves the head as `MatMul(hidden, DequantizeLinear(Transpose(int8 weight)))`:
ONNX Runtime does not constant-fold that DequantizeLinear, so every decoder step dequantizes the
whole vocab × d_model matrix and runs an fp32 GEMM on it (for NLLB, 262 M weights per step).

This script replaces the `Transpose(initializer)` feeding the logits MatMul with a transposed
initializer `lm_head.weight_t` (fp32, identical values: output unchanged), so `quantize_dynamic`
then turns the head into an int8 MatMul like every other projection.

Usage: python models/untie_lm_head.py IN.onnx OUT.onnx      (or import `untie`)
"""
import sys
from pathlib import Path

import numpy as np
import onnx
from onnx import helper, numpy_helper


def untie(src, dst):
    """Returns the number of LM heads rewritten (0: nothing to do, file copied as is)."""
    src, dst = Path(src), Path(dst)
    # External data under any name (`.onnx_data`, `.onnx.data`, ...): the graph's own references.
    external = any(onnx.external_data_helper.uses_external_data(t)
                   for t in onnx.load(str(src), load_external_data=False).graph.initializer)
    model = onnx.load(str(src), load_external_data=True)
    graphs = []

    def walk(g):
        graphs.append(g)
        for n in g.node:
            for a in n.attribute:
                if a.type == onnx.AttributeProto.GRAPH:
                    walk(a.g)
    walk(model.graph)
    inits = {i.name: i for g in graphs for i in g.initializer}
    producers = {o: n for g in graphs for n in g.node for o in n.output}
    done = 0
    cache = {}
    for g in graphs:
        if not any(o.name == "logits" for o in g.output):
            continue
        n = producers.get("logits")
        if n is not None and n.op_type == "Add":
            n = next((producers[i] for i in n.input if i in producers), None)
        if n is None or n.op_type != "MatMul":
            continue
        t = producers.get(n.input[1])
        if t is None or t.op_type != "Transpose" or t.input[0] not in inits:
            continue
        perm = next((helper.get_attribute_value(a) for a in t.attribute if a.name == "perm"), None)
        name = "lm_head.weight_t"
        if name not in cache:
            w = numpy_helper.to_array(inits[t.input[0]], base_dir=str(src.parent))
            cache[name] = np.ascontiguousarray(np.transpose(w, perm))
            model.graph.initializer.append(numpy_helper.from_array(cache[name], name))
        n.input[1] = name
        done += 1
    big = sum(a.nbytes for a in cache.values()) + src.stat().st_size > 1_800_000_000 or external
    if big:
        onnx.save(model, str(dst), save_as_external_data=True, all_tensors_to_one_file=True,
                  location=dst.name + "_data", size_threshold=1024)
    else:
        onnx.save(model, str(dst))
    return done


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    print(f"{untie(sys.argv[1], sys.argv[2])} LM head(s) untied -> {sys.argv[2]}")
