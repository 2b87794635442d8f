#!/usr/bin/env bash
# Fine-tuning at 10 and 100 labels per class on Fashion-MNIST: full fine-tune from a SimCLR encoder,
# linear (frozen) fine-tune, and supervised from scratch (--init none, same steps and augmentation).
# Usage: tools/experiments/fmnist-finetune.sh SIMCLR_RUN_OR_CKPT OUT_DIR [STEPS] [BATCH] [LABELS...]
# Each run validates on 2 % of the training images (held out before the labelled subset is drawn),
# keeps RUN/best by validation accuracy, and is scored on the 10,000 test images with predict --eval.
set -euo pipefail
init=${1:?SimCLR run or checkpoint}
out=${2:?output folder}
steps=${3:-500}
batch=${4:-32}
shift $(( $# < 4 ? $# : 4 ))
labels=("$@")
[ ${#labels[@]} -eq 0 ] && labels=(10 100)
data=${FMNIST:-/usr/share/datasets/fashion-mnist}
jar=${JAR:-target/autodidact.jar}
recipe=${RECIPE:-models/finetune-resnet-small-28.json}   # or models/finetune-resnet-small-28-lowlabel.json
mkdir -p "$out"
for k in "${labels[@]}"; do
  per_epoch=$(( k * 10 / batch )); [ "$per_epoch" -lt 1 ] && per_epoch=1
  val_every=$(( steps / per_epoch / 5 )); [ "$val_every" -lt 1 ] && val_every=1
  for variant in full linear scratch; do
    run="$out/k$k-$variant"
    case $variant in
      full) args=(--init "$init" --mode full) ;;
      linear) args=(--init "$init" --mode linear) ;;
      scratch) args=(--init none --mode full) ;;
    esac
    rm -rf "$run"
    start=$(date +%s)
    nice -n 10 java -jar "$jar" finetune "${args[@]}" --recipe "$recipe" \
      --data "$data" --val-fraction 0.02 --labels-per-class "$k" --batch "$batch" --epochs 100000 \
      --max-steps "$steps" --val-every "$val_every" --seed 0 --threads 2 --loader-threads 1 --no-progress \
      --out "$run" > "$run.log" 2>&1
    mid=$(date +%s)
    nice -n 10 java -jar "$jar" predict --model "$run" --data "$data" --split test --out "$run/test.csv" --eval \
      --threads 2 > "$run.test.log" 2>&1
    end=$(date +%s)
    acc=$(python3 -c "import json;print(round(100*json.load(open('$run/test.csv.metrics.json'))['accuracy'],1))")
    echo "k=$k $variant test_accuracy=$acc train_s=$((mid - start)) test_s=$((end - mid))" | tee -a "$out/results.txt"
  done
done
