#!/usr/bin/env bash
# Does label-free RankMe rank a run's checkpoints the way the linear probe does? (issue #16)
# For every checkpoint directory given: a linear probe + kNN with `evaluate` (500 labelled training images
# per class, a seeded subset written once by this script, scored on the 10,000 test images) and the
# label-free monitor numbers with `autodidact monitor` (RankMe, std, uniformity on the run's fixed
# 2,048-image sample, plus the kNN monitor on --monitor-data); then the Spearman rank correlation of
# RankMe (and of the kNN monitor) with the probe's test accuracy over the checkpoints.
#
# Usage: tools/experiments/fmnist-checkpoints.sh OUT_DIR CKPT_DIR...
#   (e.g. the epoch checkpoints of tools/experiments/fmnist-lowlabel.sh, copied aside with --keep large)
set -euo pipefail
cd "$(dirname "$0")/../.."
OUT=${1:?output folder}; shift
[ $# -ge 2 ] || { echo "give at least two checkpoint directories" >&2; exit 2; }
DATA=${DATA:-/usr/share/datasets/fashion-mnist}
THREADS=${THREADS:-$(nproc)}
JAR=${JAR:-target/autodidact.jar}
SUBSET="$OUT/fmnist-500-per-class"
mkdir -p "$OUT"
# 500 training images per class (seed 0) as an IDX pair beside the full test split.
if [ ! -f "$SUBSET/train-labels-idx1-ubyte.gz" ]; then
  mkdir -p "$SUBSET"
  /usr/bin/python3 - "$DATA" "$SUBSET" <<'PY'
import gzip, os, random, struct, sys
src, dst = sys.argv[1], sys.argv[2]
im = gzip.open(os.path.join(src, 'train-images-idx3-ubyte.gz')).read()
lb = gzip.open(os.path.join(src, 'train-labels-idx1-ubyte.gz')).read()
n, labels = struct.unpack('>I', im[4:8])[0], lb[8:]
by_class = {}
for i in range(n):
    by_class.setdefault(labels[i], []).append(i)
rng = random.Random(0)
sel = sorted(j for c in sorted(by_class) for j in rng.sample(by_class[c], 500))
with gzip.open(os.path.join(dst, 'train-images-idx3-ubyte.gz'), 'wb') as f:
    f.write(struct.pack('>IIII', 2051, len(sel), 28, 28) + b''.join(im[16 + 784 * i:16 + 784 * (i + 1)] for i in sel))
with gzip.open(os.path.join(dst, 'train-labels-idx1-ubyte.gz'), 'wb') as f:
    f.write(struct.pack('>II', 2049, len(sel)) + bytes(labels[i] for i in sel))
for name in ('t10k-images-idx3-ubyte.gz', 't10k-labels-idx1-ubyte.gz'):
    os.symlink(os.path.abspath(os.path.join(src, name)), os.path.join(dst, name))
PY
fi
start=$(date +%s)
ckpts=()
for c in "$@"; do
  step=$(basename "$c")
  ckpts+=(--checkpoint "$c")
  [ -f "$OUT/eval-$step/results.json" ] || java -jar "$JAR" evaluate --model "$c" --train "$SUBSET" --test "$SUBSET" \
      --out "$OUT/eval-$step" --labels-per-class all --repeats 1 --probe linear,knn --seed 0 --threads "$THREADS" \
      > "$OUT/eval-$step.log" 2>&1
done
echo "evaluate wall seconds: $(( $(date +%s) - start ))" | tee "$OUT/wall.txt"
start=$(date +%s)
java -jar "$JAR" monitor "${ckpts[@]}" --data "$DATA" --monitor-data "$SUBSET" --seed 0 --threads "$THREADS" \
    --out "$OUT/monitor.json" | tee "$OUT/monitor.txt"
echo "monitor wall seconds: $(( $(date +%s) - start ))" | tee -a "$OUT/wall.txt"
/usr/bin/python3 - "$OUT" "$@" <<'PY' | tee "$OUT/spearman.txt"
import json, os, sys
out, ckpts = sys.argv[1], sys.argv[2:]
mon = json.load(open(os.path.join(out, 'monitor.json')))
rows = mon['checkpoints'] if isinstance(mon, dict) else mon
by_step = {int(r['step']): r for r in rows}
table = []
for c in ckpts:
    res = json.load(open(os.path.join(out, 'eval-' + os.path.basename(c), 'results.json')))
    step = int(res['model']['checkpoint_step'])
    acc = {r['probe']: r['accuracy']['mean'] for r in res['results'] if r['encoder'] == 'pretrained'}
    lin, knn = acc['linear'], acc['knn-20']
    m = by_step[step]
    table.append((step, lin, knn, m['rankme'], m.get('knn_acc')))
def ranks(xs):
    order = sorted(range(len(xs)), key=lambda i: xs[i]); r = [0.0] * len(xs); i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and xs[order[j + 1]] == xs[order[i]]: j += 1
        for t in range(i, j + 1): r[order[t]] = (i + j) / 2 + 1
        i = j + 1
    return r
def spearman(a, b):
    ra, rb = ranks(a), ranks(b); n = len(a); ma, mb = sum(ra) / n, sum(rb) / n
    cov = sum((x - ma) * (y - mb) for x, y in zip(ra, rb))
    return cov / (sum((x - ma) ** 2 for x in ra) * sum((y - mb) ** 2 for y in rb)) ** 0.5
print('| step | linear probe acc | kNN-20 acc | RankMe | kNN monitor acc |')
print('|---|---|---|---|---|')
for s, l, k, r, km in table:
    print(f'| {s} | {100*l:.1f} % | {100*k:.1f} % | {r:.2f} | ' + (f'{100*km:.1f} %' if km is not None else '–') + ' |')
lin = [t[1] for t in table]
print(f'Spearman(RankMe, linear probe) = {spearman([t[3] for t in table], lin):.3f} over {len(table)} checkpoints')
if all(t[4] is not None for t in table):
    print(f'Spearman(kNN monitor, linear probe) = {spearman([t[4] for t in table], lin):.3f}')
PY
