"""ONNX file helpers shared by make_bench_models.py and scripts/compare.py."""
from pathlib import Path


def external_data_files(path):
    """The external-data files the ONNX graph at `path` names (initializers' `location`, main graph
    and subgraphs), whatever their naming; [] when the weights are embedded or the file is missing."""
    import onnx
    p = Path(path)
    if not p.exists():
        return []
    model = onnx.load(str(p), load_external_data=False)
    graphs, locs = [model.graph], set()
    while graphs:
        g = graphs.pop()
        for t in g.initializer:
            if t.data_location == onnx.TensorProto.EXTERNAL:
                locs.update(e.value for e in t.external_data if e.key == "location")
        for n in g.node:
            graphs.extend(a.g for a in n.attribute if a.type == onnx.AttributeProto.GRAPH)
    return [p.parent / loc for loc in sorted(locs)]
