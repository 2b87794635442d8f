"""PyTorch side of `autodidact bench embed`: eval-mode inference of a recipe's encoder (the modules of
tools/reference/models.py, same architecture as the exported encoder.onnx) on a pre-made random batch,
under torch.inference_mode(), timed.

    /usr/bin/python3 tools/bench/embed_torch.py models/simclr-resnet18-cifar.json --batch 64 --seconds 2

Prints one JSON line: recipe, batch, threads, images_per_s (calls per second over at least --seconds
after --warmup calls, times batch), calls, torch version.
"""
import argparse
import json
import os
import sys
import time

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "reference"))
import models  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("recipe")
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--seconds", type=float, default=2.0)
    ap.add_argument("--warmup", type=int, default=2)
    a = ap.parse_args()

    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    r = models.load_recipe(a.recipe)
    enc = models.build_encoder(r).eval()
    c, s = r["input"]["channels"], r["input"]["size"]
    x = torch.rand(a.batch, c, s, s) * 2 - 1
    with torch.inference_mode():
        for _ in range(a.warmup):
            enc(x)
        n = 0
        t0 = time.perf_counter()
        while True:
            enc(x)
            n += 1
            t = time.perf_counter() - t0
            if t >= a.seconds and n >= 3:
                break
    print(json.dumps({"recipe": r["name"], "batch": a.batch, "threads": a.threads, "images_per_s": n * a.batch / t,
                      "calls": n, "torch": torch.__version__}))


if __name__ == "__main__":
    main()
