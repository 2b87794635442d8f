#!/usr/bin/env bash
# Forward+backward of single training-step building blocks: ORT (our builder + autodiff) vs PyTorch,
# interleaved in one run, plus ORT per-op profiles. Arguments go to dev.autodidact.bench.BlockBench, e.g.
#   tools/bench/blocks.sh --rows 128 --blocks 'r18' --variant base --variant 'im2col:conv.wgrad=im2col' --profile 2
# Needs: mvn (offline is fine once dependencies are cached), /usr/bin/python3 with python3-torch and,
# for a fair BLAS, libopenblas0-pthread (Debian's torch otherwise calls reference BLAS).
set -euo pipefail
cd "$(dirname "$0")/../.."
if [[ ! -f target/bench.classpath || pom.xml -nt target/bench.classpath ]]; then
  mkdir -p target && mvn -q -B -o -pl autodidact-cli -am dependency:build-classpath -Dmdep.outputFile=$PWD/target/bench.classpath >/dev/null
fi
mvn -q -B -o compile
exec java -Xmx8g -cp "autodidact-core/target/classes:autodidact-cli/target/classes:$(cat target/bench.classpath)" dev.autodidact.bench.BlockBench "$@"
