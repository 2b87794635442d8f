#!/usr/bin/env python3
"""Summarise an ORT profile (JSON written by SessionOptions.enableProfiling / `bench train-step --profile`).

Kernel time of the last N runs, grouped by op type (and optionally by node-name prefix), as ms per run
and share of the total. usage: profile_summary.py PROFILE.json [--runs N] [--top K] [--by op|node|scope]
"""
import argparse, collections, json, re

ap = argparse.ArgumentParser()
ap.add_argument("profile")
ap.add_argument("--runs", type=int, default=1, help="summarise the last N model runs")
ap.add_argument("--top", type=int, default=25)
ap.add_argument("--by", choices=["op", "node", "scope"], default="op")
a = ap.parse_args()
ev = json.load(open(a.profile))
runs = [e for e in ev if e.get("cat") == "Session" and e.get("name") == "model_run"]
runs = runs[-a.runs:]
def in_runs(e):
    return any(r["ts"] <= e["ts"] <= r["ts"] + r["dur"] for r in runs)
agg = collections.Counter(); cnt = collections.Counter()
for e in ev:
    if e.get("cat") != "Node" or not e["name"].endswith("_kernel_time") or not in_runs(e):
        continue
    node = e["name"][: -len("_kernel_time")]
    op = e.get("args", {}).get("op_name", "?")
    if a.by == "op":
        key = op
    elif a.by == "node":
        key = f"{op} {node}"
    else:
        phase = "bwd" if "grad" in node else "fwd"
        key = f"{phase} {op}"
    agg[key] += e["dur"]; cnt[key] += 1
total = sum(agg.values())
wall = sum(r["dur"] for r in runs)
print(f"runs {len(runs)}, wall {wall / 1e3 / len(runs):.1f} ms/run, kernels {total / 1e3 / len(runs):.1f} ms/run")
for k, v in agg.most_common(a.top):
    print(f"{v / 1e3 / len(runs):9.1f} ms {100 * v / total:5.1f}%  x{cnt[k] // len(runs):<5d} {k}")
