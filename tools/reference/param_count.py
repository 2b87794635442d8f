"""Print the trainable parameter count of every recipe in models/ (and check the known ones).

    /usr/bin/python3 tools/reference/param_count.py [recipe.json ...]
Exit code 1 if a recipe with a known expected count does not match.
"""
import glob
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import models  # noqa: E402

EXPECTED = {
    "simclr-resnet18-cifar": 11_497_152,
    "simclr-resnet-small-28": 1_324_512,
    "mae-vit-tiny-32": 6_172_720,
    "mae-vit-tiny-28": 6_162_448,
}


def main(paths):
    torch.set_num_threads(1)
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
    paths = paths or sorted(glob.glob(os.path.join(root, "models", "*.json")))
    bad = 0
    for p in paths:
        r = models.load_recipe(p)
        m = models.build(r)
        n = models.trainable_count(m)
        nbuf = sum(v.numel() for k, v in models.state_dict(m).items()
                   if k.endswith("running_mean") or k.endswith("running_var"))
        exp = EXPECTED.get(r["name"])
        status = "" if exp is None else ("OK" if exp == n else f"MISMATCH (expected {exp:,})")
        bad += exp is not None and exp != n
        print(f"{r['name']:28s} params {n:>12,}  bn-buffers {nbuf:>7,}  {status}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
