#!/usr/bin/python3
"""Reference linear probe (scikit-learn) and kNN (numpy) for dev.autodidact.eval.

Features: a fixed random projection (seeded) of the bundled Fashion-MNIST sample's pixels to 32
dimensions through a ReLU, float32 -- encoder-like, cheap, and reproducible without a model.
Writes testdata/reference/eval/probe.safetensors (features, labels, the 10-per-class subset, the
reference test probabilities) and probe.json (accuracies, objective values). Run from the repository
root:  /usr/bin/python3 tools/reference/eval_probe.py

Linear probe objective (ours): mean cross-entropy + lambda * ||W||^2, bias not penalised, features
standardised with the labelled subset's mean and (population) std. scikit-learn minimises
C * sum(CE) + 0.5 * ||W||^2, the same minimiser for C = 1 / (2 * N * lambda).
"""
import gzip
import json
import os
import sys

import numpy as np
import torch
from sklearn.linear_model import LogisticRegression

sys.path.insert(0, os.path.dirname(__file__))
import safetensors_io  # noqa: E402

SAMPLE = os.path.join("testdata", "fashion-mnist-sample")
OUT = os.path.join("testdata", "reference", "eval")
LAMBDA = 1e-3


def idx(name):
    with gzip.open(os.path.join(SAMPLE, name)) as f:
        data = f.read()
    if "images" in name:
        return np.frombuffer(data, np.uint8, offset=16).reshape(-1, 784).astype(np.float32) / 255
    return np.frombuffer(data, np.uint8, offset=8).astype(np.int64)


def linear(xtr, ytr, xte, classes):
    mu = xtr.mean(axis=0)
    sd = xtr.std(axis=0)
    sd[sd == 0] = 1
    a, b = (xtr - mu) / sd, (xte - mu) / sd
    n = len(ytr)
    clf = LogisticRegression(C=1 / (2 * n * LAMBDA), solver="lbfgs", tol=1e-12, max_iter=100000)
    clf.fit(a.astype(np.float64), ytr)
    p = clf.predict_proba(b.astype(np.float64))
    ptr = clf.predict_proba(a.astype(np.float64))
    obj = -np.log(ptr[np.arange(n), ytr]).mean() + LAMBDA * (clf.coef_ ** 2).sum()
    return p, float(obj)


def knn(xtr, ytr, xte, k, classes, t=0.07):
    a = xtr / np.linalg.norm(xtr, axis=1, keepdims=True)
    b = xte / np.linalg.norm(xte, axis=1, keepdims=True)
    sim = b @ a.T
    top = np.argsort(-sim, axis=1, kind="stable")[:, :k]
    votes = np.zeros((len(xte), classes))
    for i in range(len(xte)):
        for j in top[i]:
            votes[i, ytr[j]] += np.exp(sim[i, j] / t)
    return votes / votes.sum(axis=1, keepdims=True)


def main():
    xtr, ytr = idx("train-images-idx3-ubyte.gz"), idx("train-labels-idx1-ubyte.gz")
    xte, yte = idx("t10k-images-idx3-ubyte.gz"), idx("t10k-labels-idx1-ubyte.gz")
    proj = np.random.default_rng(7).normal(size=(784, 32)).astype(np.float32) / 28
    ftr = np.maximum(xtr @ proj, 0).astype(np.float32)
    fte = np.maximum(xte @ proj, 0).astype(np.float32)
    sub = np.sort(np.concatenate([np.nonzero(ytr == c)[0][:10] for c in range(10)]))
    tensors = {"train_features": torch.from_numpy(ftr), "train_labels": torch.from_numpy(ytr.astype(np.int32)),
               "test_features": torch.from_numpy(fte), "test_labels": torch.from_numpy(yte.astype(np.int32)),
               "subset10": torch.from_numpy(sub.astype(np.int32))}
    summary = {"generator": "tools/reference/eval_probe.py", "lambda": LAMBDA}
    for name, rows in [("linear10", sub), ("linear_all", np.arange(len(ytr)))]:
        p, obj = linear(ftr[rows], ytr[rows], fte, 10)
        tensors[name] = torch.from_numpy(p)
        summary[name] = {"accuracy": float((p.argmax(1) == yte).mean()), "objective": obj}
    for k in (20, 200):
        p = knn(ftr, ytr, fte, k, 10)
        tensors[f"knn{k}"] = torch.from_numpy(p)
        summary[f"knn{k}"] = {"accuracy": float((p.argmax(1) == yte).mean())}
    safetensors_io.save(tensors, os.path.join(OUT, "probe.safetensors"))
    with open(os.path.join(OUT, "probe.json"), "w") as f:
        json.dump(summary, f, indent=1)
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
