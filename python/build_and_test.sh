#!/usr/bin/env bash
# Builds the wheel (maturin, release), installs it into a fresh virtual environment, and runs
# the Python tests (bindings + the Ray example). Needs python3 >= 3.9 with venv, cargo, and
# PyPI for maturin / pytest / ray / pyarrow / onnxruntime (no other network).
#
#   bash python/build_and_test.sh            # build, install, test
#   VENV=/tmp/bd-venv bash python/build_and_test.sh -k bindings   # extra args go to pytest
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
venv="${VENV:-$here/target/venv}"
python="${PYTHON:-python3}"

# Build tools in their own environment, so the test venv below holds only what a user installs.
tools="$here/target/build-venv"
if [ ! -x "$tools/bin/maturin" ]; then
  "$python" -m venv "$tools"
  "$tools/bin/pip" install -q --disable-pip-version-check "maturin>=1.9,<2"
fi
rm -rf "$here/target/wheels"
"$tools/bin/maturin" build --release --manifest-path "$here/Cargo.toml" -o "$here/target/wheels" -i "$python"
wheel="$(ls "$here"/target/wheels/bengali_digest-*.whl)"
echo "wheel: $wheel ($(du -h "$wheel" | cut -f1))"

# A fresh environment: the wheel and its one dependency (onnxruntime) from PyPI, nothing else
# of this repository; ORT_DYLIB_PATH unset so the package finds the onnxruntime wheel's library.
rm -rf "$venv"
"$python" -m venv "$venv"
"$venv/bin/pip" install -q --disable-pip-version-check "$wheel" pytest "ray[data]" pyarrow
unset ORT_DYLIB_PATH
cd "$repo"
# Tests import the installed package, never the source folder.
"$venv/bin/python" -m pytest -p no:cacheprovider -q \
  --rootdir "$here" "$here/tests" "$@"
