#!/usr/bin/env bash
# Side-by-side training-step throughput: autodidact (ORT) vs PyTorch on the same recipe, batch and
# thread count, alternating runs so machine load hits both alike. Prints each run and the ratio of
# medians (ORT / PyTorch).
#
# usage: tools/bench/train_step.sh RECIPE [BATCH=256] [STEPS=3] [ROUNDS=2]
# needs: a built jar (mvn -q -DskipTests package), Debian python3-torch, and OpenBLAS for PyTorch's
# Linear layers (else Debian's torch runs them on the reference BLAS): `apt-get install
# libopenblas0-pthread` is used when installed; otherwise the pthread build is unpacked into
# /tmp/openblas without touching the system (see tools/bench/README.md). The pthread build by default:
# OpenMP's busy-waiting collapses when the two cores are shared. BLAS=openmp runs PyTorch on OpenBLAS's
# OpenMP build instead (unpacked into /tmp/openblas): on a quiet machine it is PyTorch's fastest
# configuration for the ViT recipes, so report both.
set -euo pipefail
cd "$(dirname "$0")/../.."
recipe=$1; batch=${2:-256}; steps=${3:-3}; rounds=${4:-2}
ob=
if [[ ${BLAS:-pthread} == openmp ]]; then
  ob=/tmp/openblas/root/usr/lib/x86_64-linux-gnu/openblas-openmp
  if [[ ! -d $ob ]]; then
    (mkdir -p /tmp/openblas && cd /tmp/openblas && apt-get download libopenblas0-openmp >/dev/null 2>&1 \
      && dpkg -x libopenblas0-openmp_*.deb root)
  fi
elif ! readlink -f /usr/lib/x86_64-linux-gnu/libblas.so.3 | grep -q openblas; then
  ob=/tmp/openblas/root/usr/lib/x86_64-linux-gnu/openblas-pthread
  if [[ ! -d $ob ]]; then
    (mkdir -p /tmp/openblas && cd /tmp/openblas && apt-get download libopenblas0-pthread >/dev/null 2>&1 \
      && dpkg -x libopenblas0-pthread_*.deb root)
  fi
fi
unset OPENBLAS_CORETYPE OPENBLAS_L2_SIZE
ort=(); torch=()
for ((i = 0; i < rounds; i++)); do
  j=$(java -jar target/autodidact.jar bench train-step --recipe "$recipe" --batch "$batch" --steps "$steps" --warmup 2 --threads 2 --json)
  echo "ort:   $j"; ort+=("$(echo "$j" | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["images_per_s"])')")
  t=$(LD_LIBRARY_PATH=$ob GLIBC_TUNABLES=glibc.malloc.mmap_max=0:glibc.malloc.trim_threshold=68719476736 \
      /usr/bin/python3 tools/bench/train_step_torch.py "$recipe" --batch "$batch" --warmup 2 --steps "$steps" --threads 2)
  echo "torch: $t"; torch+=("$(echo "$t" | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["images_per_s"])')")
done
/usr/bin/python3 - "${ort[*]}" "${torch[*]}" <<'PY'
import statistics, sys
o = [float(x) for x in sys.argv[1].split()]; t = [float(x) for x in sys.argv[2].split()]
mo, mt = statistics.median(o), statistics.median(t)
print(f"median images/s: ort {mo:.1f}, torch {mt:.1f}, ratio ort/torch {mo / mt:.2f}")
PY
