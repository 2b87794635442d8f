#!/usr/bin/env bash
# Side-by-side augmentation throughput: autodidact (Java) vs torchvision (PIL), SimCLR preset, two views
# per image counted once, one thread each, sizes 28 (Fashion-MNIST grey) and 224 (synthetic RGB).
#
#   apt-get install -y python3-torchvision     # once
#   tools/bench/augment.sh [SECONDS]
#
# Prints both numbers and the ratio per size; the two run one after the other in the same invocation so
# machine load affects both alike.
set -euo pipefail
cd "$(dirname "$0")/../.."
SECONDS_PER_RUN="${1:-4}"
[ -f target/autodidact.jar ] || mvn -q -B -DskipTests package
for size in 28 224; do
  java_json=$(java -jar target/autodidact.jar bench augment --preset simclr --size "$size" --threads 1 --seconds "$SECONDS_PER_RUN" --json)
  tv_json=$(/usr/bin/python3 tools/bench/augment_torchvision.py --size "$size" --seconds "$SECONDS_PER_RUN")
  /usr/bin/python3 - "$size" "$java_json" "$tv_json" <<'PY'
import json, sys
size, j, t = sys.argv[1], json.loads(sys.argv[2]), json.loads(sys.argv[3])
ratio = j["images_per_s"] / t["images_per_s"]
print(f"size {size}: autodidact {j['images_per_s']:.0f} img/s, torchvision {t['images_per_s']:.0f} img/s "
      f"(blur kernel {t['blur_kernel']}), ratio {ratio:.2f}x per thread")
PY
done
