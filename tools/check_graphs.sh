#!/usr/bin/env bash
# Writes every gradient-check graph (forward + backward) and runs the ONNX checker on them.
# Needs a built jar (mvn -q -DskipTests package) and Debian's python3-onnx.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-target/graphs}
java -cp target/autodidact.jar dev.autodidact.selfcheck.SaveGraphs "$out"
/usr/bin/python3 tools/check_onnx.py "$out"
