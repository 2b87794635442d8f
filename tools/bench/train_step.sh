#!/usr/bin/env bash
# Side-by-side training-step throughput: autodidact (ORT) vs PyTorch on the same recipe, batch and
# thread count, alternating runs so machine load hits both alike. Prints each run and the ratio of
# medians (ORT / PyTorch).
#
# usage: tools/bench/train_step.sh RECIPE [BATCH=256] [STEPS=3] [ROUNDS=2]
# needs: a built jar (mvn -q -DskipTests package), Debian python3-torch; OpenBLAS for PyTorch is
# fetched into /tmp/openblas (see tools/bench/README.md) so that torch's Linear layers are not on the
# reference BLAS.
set -euo pipefail
cd "$(dirname "$0")/../.."
recipe=$1; batch=${2:-256}; steps=${3:-3}; rounds=${4:-2}
ob=/tmp/openblas/root/usr/lib/x86_64-linux-gnu/openblas-openmp
if [[ ! -d $ob ]]; then
  (mkdir -p /tmp/openblas && cd /tmp/openblas && apt-get download libopenblas0-openmp >/dev/null && dpkg -x libopenblas0-openmp_*.deb root)
fi
unset OPENBLAS_CORETYPE OPENBLAS_L2_SIZE
ort=(); torch=()
for ((i = 0; i < rounds; i++)); do
  j=$(java -jar target/autodidact.jar bench train-step --recipe "$recipe" --batch "$batch" --steps "$steps" --warmup 1 --threads 2 --json)
  echo "ort:   $j"; ort+=("$(echo "$j" | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["images_per_s"])')")
  t=$(LD_LIBRARY_PATH=$ob GLIBC_TUNABLES=glibc.malloc.mmap_max=0:glibc.malloc.trim_threshold=68719476736 \
      /usr/bin/python3 tools/bench/train_step_torch.py "$recipe" --batch "$batch" --warmup 1 --steps "$steps" --threads 2)
  echo "torch: $t"; torch+=("$(echo "$t" | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["images_per_s"])')")
done
/usr/bin/python3 - "${ort[*]}" "${torch[*]}" <<'PY'
import statistics, sys
o = [float(x) for x in sys.argv[1].split()]; t = [float(x) for x in sys.argv[2].split()]
mo, mt = statistics.median(o), statistics.median(t)
print(f"median images/s: ort {mo:.1f}, torch {mt:.1f}, ratio ort/torch {mo / mt:.2f}")
PY
