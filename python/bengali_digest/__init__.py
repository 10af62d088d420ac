"""Bengali news article -> full English translation plus key-point bullets.

Python bindings of the Rust crate ``bengali-digest`` (ONNX Runtime through ``ort``)::

    from bengali_digest import Pipeline
    p = Pipeline("path/to/nllb-200-distilled-600M-onnx", num_beams=4, threads=2)
    d = p.digest(open("article.bn.txt", encoding="utf-8").read())
    print(d["translation"]); print([k["text"] for k in d["key_points"]])

The ONNX Runtime library is the one the ``onnxruntime`` wheel ships (a dependency of this
package), unless ``ORT_DYLIB_PATH`` already names a ``libonnxruntime`` file.
"""

from __future__ import annotations

import glob
import importlib.util
import os
import sys


def _onnxruntime_library() -> str | None:
    """The ``libonnxruntime`` shared library inside the installed ``onnxruntime`` wheel
    (``onnxruntime/capi/``), found without importing ``onnxruntime``; ``None`` without one."""
    spec = importlib.util.find_spec("onnxruntime")
    if spec is None or not spec.submodule_search_locations:
        return None
    if sys.platform == "win32":
        patterns = ["onnxruntime.dll"]
    elif sys.platform == "darwin":
        patterns = ["libonnxruntime.*.dylib", "libonnxruntime.dylib"]
    else:
        patterns = ["libonnxruntime.so.*", "libonnxruntime.so"]
    for root in spec.submodule_search_locations:
        for pattern in patterns:
            found = sorted(glob.glob(os.path.join(root, "capi", pattern)))
            if found:
                return found[-1]
    return None


# Read by the crate when the first Pipeline is built (`ort` load-dynamic).
if not os.environ.get("ORT_DYLIB_PATH"):
    _lib = _onnxruntime_library()
    if _lib is not None:
        os.environ["ORT_DYLIB_PATH"] = _lib

from ._native import BengaliDigestError, DigestStream, Pipeline, __version__  # noqa: E402

__all__ = ["Pipeline", "DigestStream", "BengaliDigestError", "__version__"]
