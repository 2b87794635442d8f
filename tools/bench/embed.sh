#!/usr/bin/env bash
# Embedding throughput side by side: `autodidact bench embed` (the Encoder API and a raw ORT session on
# pre-made tensors, both in one JVM) and PyTorch eval-mode inference of the same encoder
# (embed_torch.py), alternating ROUNDS times; prints each round and the medians of the ratios.
#
#   tools/bench/embed.sh models/simclr-resnet18-cifar.json 64 5 [SECONDS] [THREADS]
set -euo pipefail
recipe=$1; batch=${2:-64}; rounds=${3:-5}; seconds=${4:-2}; threads=${5:-2}
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
unset OPENBLAS_CORETYPE
# Our ORT sessions do not spin (Sessions: session.intra_op.allow_spinning=0); PyTorch's OpenMP threads
# get the same passive waiting. On the shared 2-core machine spinning OpenMP cost PyTorch 10x at batch 1
# (0.7 vs 7.9 images/s); set OMP_WAIT_POLICY=ACTIVE to measure it spinning.
export OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-PASSIVE}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
for r in $(seq 1 "$rounds"); do
  "$root/bin/autodidact" bench embed --recipe "$recipe" --batch "$batch" --threads "$threads" --rounds 1 \
      --seconds "$seconds" --json > "$tmp/java.json"
  /usr/bin/python3 "$root/tools/bench/embed_torch.py" "$recipe" --batch "$batch" --threads "$threads" \
      --seconds "$seconds" > "$tmp/torch.json"
  /usr/bin/python3 - "$tmp/java.json" "$tmp/torch.json" "$r" >> "$tmp/rounds.jsonl" <<'PY'
import json, sys
j = json.load(open(sys.argv[1])); t = json.load(open(sys.argv[2]))
print(json.dumps({"round": int(sys.argv[3]), "api": j["api_images_per_s"], "raw": j["raw_images_per_s"],
                  "torch": t["images_per_s"], "api_over_raw": j["ratio"],
                  "api_over_torch": j["api_images_per_s"] / t["images_per_s"],
                  "raw_over_torch": j["raw_images_per_s"] / t["images_per_s"]}))
PY
  tail -n 1 "$tmp/rounds.jsonl"
done
/usr/bin/python3 - "$tmp/rounds.jsonl" "$recipe" "$batch" "$threads" <<'PY'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
med = lambda k: statistics.median(r[k] for r in rows)
print(json.dumps({"recipe": sys.argv[2], "batch": int(sys.argv[3]), "threads": int(sys.argv[4]), "rounds": len(rows),
                  "api_images_per_s": med("api"), "raw_images_per_s": med("raw"), "torch_images_per_s": med("torch"),
                  "api_over_raw": med("api_over_raw"), "api_over_torch": med("api_over_torch"),
                  "raw_over_torch": med("raw_over_torch")}))
PY
