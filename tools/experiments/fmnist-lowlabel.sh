#!/usr/bin/env bash
# The Fashion-MNIST low-label experiment (issue #11, docs/results/fmnist-lowlabel.md):
#   1. pretrain SimCLR (models/simclr-resnet-small-28-fmnist.json, the PyTorch reference settings) for 10 epochs
#      on the 60k training images of Debian's dataset-fashion-mnist, labels unused;
#   2. evaluate the encoder: linear probe and kNN at 10 / 100 / all labels per class (3 label draws each),
#      beside a randomly initialised encoder of the same recipe and seed, on the 10k test images.
#
# Usage: tools/experiments/fmnist-lowlabel.sh [OUT_DIR]      (default runs/fmnist-lowlabel)
#   SKIP_PRETRAIN=1 evaluates an existing OUT_DIR/pretrain run (or MODEL=RUN|CKPT|encoder.onnx) as it is.
#   EPOCHS, SEED, THREADS override the defaults (10, 0, all cores); RECIPE another recipe (the MAE comparison:
#   RECIPE=models/mae-vit-tiny-28-fmnist.json EPOCHS=4); PRETRAIN_ARGS extra pretrain options (monitoring). Needs: apt-get install dataset-fashion-mnist
set -euo pipefail
cd "$(dirname "$0")/../.."
OUT=${1:-runs/fmnist-lowlabel}
DATA=${DATA:-/usr/share/datasets/fashion-mnist}
EPOCHS=${EPOCHS:-10}
SEED=${SEED:-0}
THREADS=${THREADS:-$(nproc)}
RECIPE=${RECIPE:-models/simclr-resnet-small-28-fmnist.json}
JAR=${JAR:-target/autodidact.jar}
[ -d "$DATA" ] || { echo "no $DATA: apt-get install dataset-fashion-mnist" >&2; exit 2; }
[ -f "$JAR" ] || mvn -q -B -DskipTests package
mkdir -p "$OUT"
MODEL=${MODEL:-$OUT/pretrain}
if [ -z "${SKIP_PRETRAIN:-}" ]; then
  start=$(date +%s)
  java -jar "$JAR" pretrain --recipe "$RECIPE" --data "$DATA" ${PRETRAIN_ARGS:-} \
      --epochs "$EPOCHS" --seed "$SEED" --threads "$THREADS" --no-progress --out "$OUT/pretrain" --resume auto
  echo "pretrain wall seconds: $(( $(date +%s) - start ))" | tee "$OUT/pretrain-wall.txt"
fi
start=$(date +%s)
java -jar "$JAR" evaluate --model "$MODEL" --train "$DATA" --test "$DATA" --out "$OUT/eval" \
    --labels-per-class 10,100,all --repeats 3 --probe linear,knn --baseline random --seed "$SEED" --threads "$THREADS"
echo "evaluate wall seconds: $(( $(date +%s) - start ))" | tee "$OUT/evaluate-wall.txt"
