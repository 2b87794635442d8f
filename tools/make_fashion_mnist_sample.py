#!/usr/bin/env python3
"""Writes the bundled Fashion-MNIST sample in testdata/fashion-mnist-sample/ (IDX, gzipped).

Source: Debian's dataset-fashion-mnist (`apt-get install -y dataset-fashion-mnist`), which installs
the original Zalando files in /usr/share/datasets/fashion-mnist/. Picks a class-balanced subset with a
fixed seed (250 train + 50 test images per class), so rerunning the script reproduces the same bytes.

Usage: /usr/bin/python3 tools/make_fashion_mnist_sample.py [SOURCE_DIR] [OUT_DIR]
"""
import gzip
import random
import struct
import sys
from pathlib import Path

SRC = Path(sys.argv[1] if len(sys.argv) > 1 else "/usr/share/datasets/fashion-mnist")
OUT = Path(sys.argv[2] if len(sys.argv) > 2 else Path(__file__).resolve().parent.parent / "testdata" / "fashion-mnist-sample")
PER_CLASS = {"train": 250, "t10k": 50}
SEED = 20240611


def read_idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    magic = struct.unpack(">I", data[:4])[0]
    ndim = magic & 0xFF
    dims = struct.unpack(">" + "I" * ndim, data[4 : 4 + 4 * ndim])
    return dims, data[4 + 4 * ndim :]


def write_idx(path, magic, dims, payload):
    header = struct.pack(">I", magic) + struct.pack(">" + "I" * len(dims), *dims)
    # mtime=0 keeps the gzip bytes identical across reruns.
    with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=9, mtime=0, filename="") as f:
        f.write(header + payload)


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    rng = random.Random(SEED)
    for split, per_class in PER_CLASS.items():
        (n, rows, cols), pixels = read_idx(SRC / f"{split}-images-idx3-ubyte.gz")
        (nl,), labels = read_idx(SRC / f"{split}-labels-idx1-ubyte.gz")
        assert n == nl
        by_class = {}
        for i, y in enumerate(labels):
            by_class.setdefault(y, []).append(i)
        chosen = sorted(i for y in sorted(by_class) for i in rng.sample(by_class[y], per_class))
        size = rows * cols
        img = b"".join(pixels[i * size : (i + 1) * size] for i in chosen)
        lab = bytes(labels[i] for i in chosen)
        write_idx(OUT / f"{split}-images-idx3-ubyte.gz", 0x00000803, (len(chosen), rows, cols), img)
        write_idx(OUT / f"{split}-labels-idx1-ubyte.gz", 0x00000801, (len(chosen),), lab)
        print(f"{split}: {len(chosen)} images of {rows}x{cols}")


if __name__ == "__main__":
    main()
