#!/usr/bin/env python3
"""PyTorch side of the block benchmark (tools/bench/blocks.sh).

A line-oriented server driven by dev.autodidact.bench.BlockBench so the two runtimes are measured
interleaved in one run: each request line is JSON {"block": {...}, "reps": k, "warmup": w}; each
reply line is JSON {"times_ms": [...]}: forward + backward (y = block(x); y.backward(gy)) per rep.
The block parameters mirror dev.autodidact.bench.Blocks exactly.
"""
import json
import math
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


def blas_libs():
    libs = set()
    with open("/proc/self/maps") as f:
        for line in f:
            p = line.split()[-1]
            if "blas" in p or "lapack" in p or "gomp" in p or "mkl" in p:
                libs.add(p)
    return sorted(libs)


class ConvBlock(nn.Module):
    def __init__(self, p):
        super().__init__()
        k = p["k"]
        self.conv = nn.Conv2d(p["cin"], p["cout"], k, stride=p["s"], padding=k // 2, bias=False)
        self.bn = nn.BatchNorm2d(p["cout"], eps=1e-5, momentum=0.1) if p["bn"] else None
        self.relu = p["relu"]

    def forward(self, x):
        y = self.conv(x)
        if self.bn is not None:
            y = self.bn(y)
        if self.relu:
            y = F.relu(y)
        return y


class VitBlock(nn.Module):
    """timm's ViT block: pre-norm attention and GELU MLP with residuals, LayerNorm eps 1e-6."""

    def __init__(self, p):
        super().__init__()
        d, h, m = p["d"], p["heads"], p["mlp"]
        self.h = h
        self.norm1 = nn.LayerNorm(d, eps=1e-6)
        self.qkv = nn.Linear(d, 3 * d)
        self.proj = nn.Linear(d, d)
        self.norm2 = nn.LayerNorm(d, eps=1e-6)
        self.fc1 = nn.Linear(d, m)
        self.fc2 = nn.Linear(m, d)
        self.scale = (d // h) ** -0.5

    def forward(self, x):
        b, t, d = x.shape
        y = self.norm1(x)
        qkv = self.qkv(y).reshape(b, t, 3, self.h, d // self.h).permute(2, 0, 3, 1, 4)
        q, k, v = qkv[0], qkv[1], qkv[2]
        a = (q @ k.transpose(-2, -1)) * self.scale
        a = a.softmax(dim=-1)
        y = (a @ v).transpose(1, 2).reshape(b, t, d)
        x = x + self.proj(y)
        x = x + self.fc2(F.gelu(self.fc1(self.norm2(x))))
        return x


def make(p):
    torch.manual_seed(0)
    if p["kind"] == "conv":
        m = ConvBlock(p)
        x = torch.randn(p["n"], p["cin"], p["h"], p["h"])
        x.requires_grad_(bool(p["dx"]))
    elif p["kind"] == "vit":
        m = VitBlock(p)
        x = torch.randn(p["n"], p["t"], p["d"])
        x.requires_grad_(True)
    else:
        raise ValueError(p["kind"])
    m.train()
    with torch.no_grad():
        gy = torch.randn_like(m(x))
    return m, x, gy


def step(m, x, gy):
    for q in m.parameters():
        q.grad = None
    x.grad = None
    y = m(x)
    y.backward(gy)


def main():
    threads = int(sys.argv[1]) if len(sys.argv) > 1 else 2
    torch.set_num_threads(threads)
    torch.set_num_interop_threads(1)
    print(json.dumps({"torch": torch.__version__, "threads": torch.get_num_threads(),
                      "mkldnn": torch.backends.mkldnn.is_available(), "libs": blas_libs()}), flush=True)
    cache = {}
    for line in sys.stdin:
        line = line.strip()
        if not line:
            continue
        req = json.loads(line)
        key = json.dumps(req["block"], sort_keys=True)
        if key not in cache:
            cache.clear()
            cache[key] = make(req["block"])
        m, x, gy = cache[key]
        for _ in range(req.get("warmup", 0)):
            step(m, x, gy)
        times = []
        for _ in range(req["reps"]):
            t0 = time.perf_counter()
            step(m, x, gy)
            times.append((time.perf_counter() - t0) * 1e3)
        print(json.dumps({"times_ms": times}), flush=True)


if __name__ == "__main__":
    main()
