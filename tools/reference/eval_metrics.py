#!/usr/bin/python3
"""Reference values for dev.autodidact.eval.Metrics, computed with scikit-learn (Debian python3-sklearn).

Writes testdata/reference/eval/metrics.json: a list of cases, each with its inputs (labels, class
probabilities) and what scikit-learn says. Run from the repository root:  /usr/bin/python3 tools/reference/eval_metrics.py
ECE has no scikit-learn function; it is computed here with numpy from its definition (15 equal-width
confidence bins, sum over bins of |accuracy - confidence| weighted by the bin's share).
"""
import json
import os

import numpy as np
from sklearn.metrics import (accuracy_score, balanced_accuracy_score, confusion_matrix,
                             precision_recall_fscore_support, roc_auc_score, top_k_accuracy_score)


def ece(y, p, bins=15):
    conf = p.max(axis=1)
    pred = p.argmax(axis=1)
    edges = np.linspace(0, 1, bins + 1)
    total = 0.0
    for b in range(bins):
        lo, hi = edges[b], edges[b + 1]
        sel = (conf > lo) & (conf <= hi) if b > 0 else (conf >= lo) & (conf <= hi)
        if sel.sum() == 0:
            continue
        total += sel.mean() * abs((pred[sel] == y[sel]).mean() - conf[sel].mean())
    return float(total)


def softmax(z):
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def case(name, y, p, classes):
    c = p.shape[1]
    labels = list(range(c))
    pred = p.argmax(axis=1)
    present = [k for k in labels if 0 < (y == k).sum() < len(y)]
    aucs = {str(k): float(roc_auc_score((y == k).astype(int), p[:, k])) for k in present}
    prec, rec, f1, sup = precision_recall_fscore_support(y, pred, labels=labels, zero_division=0)
    out = {
        "name": name, "classes": classes, "labels": y.tolist(), "probs": p.tolist(),
        "accuracy": float(accuracy_score(y, pred)),
        "balanced_accuracy": float(balanced_accuracy_score(y, pred)),
        "auc_per_class": aucs,
        "macro_auc": float(np.mean(list(aucs.values()))),
        "auc_skipped": [classes[k] for k in labels if k not in present],
        "precision": prec.tolist(), "recall": rec.tolist(), "f1": f1.tolist(), "support": sup.tolist(),
        "confusion": confusion_matrix(y, pred, labels=labels).tolist(),
        "ece": ece(y, p),
    }
    if c > 5:
        out["top5"] = float(top_k_accuracy_score(y, p, k=5, labels=labels))
    if len(present) == c and c > 2:
        out["sklearn_ovr_macro_auc"] = float(roc_auc_score(y, p, multi_class="ovr", average="macro", labels=labels))
    return out


def main():
    rng = np.random.default_rng(20261203)
    cases = []
    # 1: five classes, scores rounded to one decimal so many ties, labels correlated with scores
    n, c = 300, 5
    y = rng.integers(0, c, n)
    z = rng.normal(size=(n, c)) + 1.5 * np.eye(c)[y]
    p = np.round(softmax(z), 1)
    p = p + 1e-9  # no all-zero rows
    p = p / p.sum(axis=1, keepdims=True)
    cases.append(case("ties", y, p, [f"c{k}" for k in range(c)]))
    # 2: eight classes (top-5), class 5 absent from the test labels
    n, c = 400, 8
    y = rng.choice([0, 1, 2, 3, 4, 6, 7], n)
    z = rng.normal(size=(n, c)) + 1.0 * np.eye(c)[y]
    cases.append(case("absent-class", y, softmax(z), ["t-shirt", "trouser", "pullover", "dress", "coat", "sandal", "shirt", "sneaker"]))
    # 3: binary, exact probabilities with heavy ties
    n = 120
    y = rng.integers(0, 2, n)
    s = np.clip(np.round(0.5 + 0.3 * (y - 0.5) + rng.normal(scale=0.25, size=n), 1), 0, 1)
    cases.append(case("binary", y, np.stack([1 - s, s], axis=1), ["normal", "abnormal"]))

    # multi-label: per-label AUC and their mean; label 2 has no positives (skipped)
    n, l = 200, 4
    t = (rng.random((n, l)) < [0.3, 0.5, 0.0, 0.1]).astype(int)
    s = np.round(1 / (1 + np.exp(-(rng.normal(size=(n, l)) + 1.2 * t))), 2)
    per = {str(k): float(roc_auc_score(t[:, k], s[:, k])) for k in range(l) if 0 < t[:, k].sum() < n}
    multi = {"labels": ["effusion", "nodule", "fracture", "edema"], "targets": t.tolist(), "scores": s.tolist(),
             "auc_per_label": per, "mean_auc": float(np.mean(list(per.values())))}

    out = {"generator": "tools/reference/eval_metrics.py", "sklearn": __import__("sklearn").__version__,
           "cases": cases, "multilabel": multi}
    path = os.path.join("testdata", "reference", "eval", "metrics.json")
    with open(path, "w") as f:
        json.dump(out, f)
    print("wrote", path)


if __name__ == "__main__":
    main()
