#!/usr/bin/env bash
# Issue #15 measurement: the training step on bytedeco's ONNX Runtime 1.28 build with and without the
# oneDNN execution provider, interleaved in one process (tools/bench/dnnl/DnnlStepBench.java). Not part of
# the Maven build: compiled here against target/autodidact.jar and the bytedeco jars in ~/.m2, fetched with
#   mvn dependency:get -Dtransitive=false -Dartifact=org.bytedeco:onnxruntime:1.28.0-1.5.14:jar:linux-x86_64
#   (likewise onnxruntime:1.28.0-1.5.14, dnnl:3.13-1.5.14[:jar:linux-x86_64], javacpp:1.5.14[:jar:linux-x86_64])
#
# usage: tools/bench/dnnl.sh RECIPE BATCH ROUNDS WARMUP VARIANTS [PROFILE_PREFIX|-] [graph option key=value...]
#   VARIANTS: comma list of cpu (bytedeco CPU EP) and dnnl (DNNL EP ahead of the CPU EP)
set -euo pipefail
cd "$(dirname "$0")/../.."
m=~/.m2/repository/org/bytedeco
cp=${JAR:-target/autodidact.jar}
for j in onnxruntime/1.28.0-1.5.14/onnxruntime-1.28.0-1.5.14 dnnl/3.13-1.5.14/dnnl-3.13-1.5.14 javacpp/1.5.14/javacpp-1.5.14; do
  cp=$cp:$m/$j.jar:$m/$j-linux-x86_64.jar
done
out=target/dnnl-bench
mkdir -p $out
javac -nowarn -d $out -cp "$cp" tools/bench/dnnl/DnnlStepBench.java tools/bench/dnnl/stubs/*.java
# oneDNN runs on libgomp: same thread count as the ORT pool, no busy waiting on the shared cores.
export OMP_NUM_THREADS=${OMP_NUM_THREADS:-2} OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-passive}
exec java ${JOPTS:-} -Xss1g -Dthreads=${THREADS:-2} -cp "$out:$cp" DnnlStepBench "$@"
