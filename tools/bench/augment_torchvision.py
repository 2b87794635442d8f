#!/usr/bin/env python3
"""torchvision's equivalent of `autodidact bench augment --preset simclr`: the SimCLR pipeline on PIL
images, two views per image (counted once), one process, one torch thread.

size 28: Fashion-MNIST 28x28 grey from the bundled IDX sample (strength 0.5, blur kernel 3);
other sizes: synthetic RGB PIL images of that size (strength 1.0, blur kernel ~10% of the side).
Prints one JSON line: {"images_per_s": ...}.

Usage: /usr/bin/python3 tools/bench/augment_torchvision.py --size 28|224 [--seconds 4] [--blur-kernel K]
"""
import argparse
import gzip
import json
import time
from pathlib import Path

import numpy as np
import torch
import torchvision.transforms as T
from PIL import Image


def kernel_for(size):
    k = int(round(0.1 * size))
    if k % 2 == 0:
        k += 1
    return max(3, k)


def fashion(root):
    with gzip.open(root / "train-images-idx3-ubyte.gz", "rb") as f:
        data = f.read()
    n = int.from_bytes(data[4:8], "big")
    arr = np.frombuffer(data, dtype=np.uint8, offset=16).reshape(n, 28, 28)
    return [Image.fromarray(a, mode="L") for a in arr[:2000]]


def synthetic(size, count=64):
    rng = np.random.default_rng(42)
    ys, xs = np.mgrid[0:size, 0:size] / size * 6.28
    out = []
    for _ in range(count):
        fx, fy = rng.uniform(1, 6, 2)
        chans = []
        for c in range(3):
            phase = rng.uniform(0, 6.28)
            v = 0.5 + 0.35 * np.sin(fx * xs + phase) * np.cos(fy * ys + c) + 0.1 * rng.random((size, size))
            chans.append(np.clip(v, 0, 1))
        out.append(Image.fromarray((np.stack(chans, -1) * 255).astype(np.uint8), mode="RGB"))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--size", type=int, default=28)
    ap.add_argument("--seconds", type=float, default=4.0)
    ap.add_argument("--blur-kernel", type=int, default=None)
    ap.add_argument("--data", default=str(Path(__file__).resolve().parents[2] / "testdata" / "fashion-mnist-sample"))
    args = ap.parse_args()
    torch.set_num_threads(1)
    size = args.size
    gray = size == 28
    s = 0.5 if size <= 64 else 1.0
    k = args.blur_kernel or kernel_for(size)
    images = fashion(Path(args.data)) if gray else synthetic(size)
    channels = 1 if gray else 3
    view = T.Compose([
        T.RandomResizedCrop(size, scale=(0.08, 1.0), antialias=True),
        T.RandomHorizontalFlip(),
        T.RandomApply([T.ColorJitter(0.8 * s, 0.8 * s, 0.8 * s, 0.2 * s)], p=0.8),
        T.RandomGrayscale(p=0.2),
        T.RandomApply([T.GaussianBlur(k, sigma=(0.1, 2.0))], p=0.5),
        T.ToTensor(),
        T.Normalize([0.5] * channels, [0.25] * channels),
    ])
    batch = torch.empty((2, channels, size, size))

    def run(seconds):
        n = 0
        i = 0
        t0 = time.perf_counter()
        while time.perf_counter() - t0 < seconds:
            img = images[i % len(images)]
            batch[0] = view(img)
            batch[1] = view(img)
            i += 1
            n += 1
        return n / (time.perf_counter() - t0)

    run(min(1.0, args.seconds / 4))  # warm-up
    rate = run(args.seconds)
    print(json.dumps({"library": "torchvision " + __import__("torchvision").__version__, "size": size,
                      "channels": channels, "blur_kernel": k, "images_per_s": round(rate, 1)}))


if __name__ == "__main__":
    main()
