#!/usr/bin/env bash
# Installs what bengali-digest needs at run time: the ONNX Runtime shared library
# (from the PyPI `onnxruntime` wheel, since ort's own download CDN may be unreachable).
# Idempotent: returns in well under a second when already done.
set -euo pipefail
ORT_VERSION="${ORT_VERSION:-1.31.0}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dest="$root/.ort"
lib="$dest/libonnxruntime.so.$ORT_VERSION"
if [ -f "$lib" ]; then
  exit 0
fi
command -v python3 >/dev/null || { echo "setup: python3 is needed to fetch the onnxruntime wheel" >&2; exit 1; }
mkdir -p "$dest"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
echo "setup: fetching onnxruntime==$ORT_VERSION wheel from PyPI" >&2
python3 -m pip download -q "onnxruntime==$ORT_VERSION" --no-deps --only-binary=:all: \
  --python-version 3.11 --platform manylinux_2_28_x86_64 -d "$tmp"
python3 - "$tmp" "$lib" "$ORT_VERSION" <<'PY'
import glob, sys, zipfile
tmp, lib, ver = sys.argv[1:4]
whl = glob.glob(f"{tmp}/onnxruntime-*.whl")[0]
with zipfile.ZipFile(whl) as z:
    member = f"onnxruntime/capi/libonnxruntime.so.{ver}"
    with z.open(member) as src, open(lib + ".part", "wb") as dst:
        dst.write(src.read())
PY
mv "$lib.part" "$lib"
echo "setup: installed $lib" >&2
