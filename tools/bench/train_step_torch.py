"""PyTorch baseline for `autodidact bench train-step`: one full training step (forward, loss, backward,
optimizer.step) of a recipe at batch B on random inputs, timed.

    /usr/bin/python3 tools/bench/train_step_torch.py models/simclr-resnet18-cifar.json --batch 256

Prints one JSON line: recipe, batch, images_per_s (from the median step; an image counts once: SimCLR's
two views are one image), step_ms_median, images_per_s_best (fastest step: less sensitive to a busy
shared machine), step_ms (all timed steps), peak_rss_mb, threads, blas (the BLAS library
actually mapped into the process), torch version. See tools/bench/README.md for the environment.
"""
import argparse
import json
import os
import resource
import statistics
import sys
import time

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "reference"))
import models  # noqa: E402


def loaded_blas():
    libs = set()
    with open("/proc/self/maps") as f:
        for line in f:
            p = line.split()[-1] if len(line.split()) >= 6 else ""
            if any(s in p for s in ("blas", "lapack", "dnnl", "mkl")):
                libs.add(os.path.realpath(p))
    return sorted(libs)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("recipe")
    ap.add_argument("--batch", type=int, default=256, help="images per step (SimCLR feeds 2*batch views)")
    ap.add_argument("--warmup", type=int, default=2)
    ap.add_argument("--steps", type=int, default=5)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--profile", type=int, default=0, metavar="K",
                    help="after timing, profile one more step and print its top K ops by self CPU time (stderr)")
    a = ap.parse_args()

    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    r = models.load_recipe(a.recipe)
    model = models.build(r)
    model.train()
    opt = models.make_optimizer(model, r["optimizer"], models.peak_lr(r, a.batch))
    c, s, b = r["input"]["channels"], r["input"]["size"], a.batch

    if r["method"] == "simclr":
        x = torch.randn(2 * b, c, s, s)

        def step():
            opt.zero_grad(set_to_none=True)
            loss = model(x)[0]
            loss.backward()
            opt.step()
            return loss
    else:
        x = torch.randn(b, c, s, s)
        masks = [models.random_masking_ids(b, model.encoder.num_patches, model.mask_ratio)[:2]
                 for _ in range(a.warmup + a.steps)]
        it = iter(masks)

        def step():
            ids_keep, ids_restore = next(it)  # drawn outside the step, like the Java side does
            opt.zero_grad(set_to_none=True)
            loss = model(x, ids_keep, ids_restore)[0]
            loss.backward()
            opt.step()
            return loss

    for _ in range(a.warmup):
        step()
    times = []
    for _ in range(a.steps):
        t0 = time.perf_counter()
        loss = step()
        times.append((time.perf_counter() - t0) * 1000.0)
    med = statistics.median(times)
    if a.profile:
        from torch.profiler import ProfilerActivity, profile
        with profile(activities=[ProfilerActivity.CPU]) as prof:
            step()
        print(prof.key_averages().table(sort_by="self_cpu_time_total", row_limit=a.profile), file=sys.stderr)
    print(json.dumps({
        "recipe": r["name"], "batch": b, "images_per_s": round(b / (med / 1000.0), 2),
        "step_ms_median": round(med, 1), "images_per_s_best": round(b / (min(times) / 1000.0), 2), "step_ms": [round(t, 1) for t in times],
        "loss": round(float(loss), 5),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0, 1),
        "threads": torch.get_num_threads(), "torch": torch.__version__, "blas": loaded_blas(),
    }))


if __name__ == "__main__":
    main()
