"""Independent checks of the reference: hand-written formulas vs models.py, and the committed
fixtures re-read from disk and recomputed. Cheap (a few seconds, 1 thread).

    /usr/bin/python3 tools/reference/selftest.py
"""
import glob
import json
import math
import os
import sys

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import models  # noqa: E402
import safetensors_io  # noqa: E402

ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
torch.set_num_threads(1)
FAILS = []


def check(name, ok, detail=""):
    print(("ok   " if ok else "FAIL ") + name + ("" if ok else "  " + detail))
    if not ok:
        FAILS.append(name)


def close(a, b, tol):
    return (a - b).abs().max().item() <= tol * max(1.0, b.abs().max().item())


def test_ntxent():
    torch.manual_seed(0)
    b, d, tau = 3, 5, 0.3
    h = torch.randn(2 * b, d, dtype=torch.float64)
    z = [h[i] / max(h[i].norm().item(), 1e-12) for i in range(2 * b)]
    total = 0.0
    for i in range(2 * b):
        t = i + b if i < b else i - b
        logits = [(-1e9 if j == i else (z[i] @ z[j]).item() / tau) for j in range(2 * b)]
        m = max(logits)
        lse = m + math.log(sum(math.exp(v - m) for v in logits))
        total += lse - logits[t]
    ref = torch.tensor(total / (2 * b), dtype=torch.float64)
    check("nt_xent == explicit loop", close(models.nt_xent(h, tau), ref, 1e-12))


def test_mae_loss():
    torch.manual_seed(1)
    n, l, p = 2, 9, 6
    pred, tgt = torch.randn(n, l, p, dtype=torch.float64), torch.randn(n, l, p, dtype=torch.float64)
    _, _, mask = models.random_masking_ids(n, l, 0.75)
    mask = mask.double()
    num, den = 0.0, 0.0
    for i in range(n):
        for j in range(l):
            t = tgt[i, j]
            mu = t.sum() / p
            var = ((t - mu) ** 2).sum() / (p - 1)
            tn = (t - mu) / math.sqrt(var.item() + 1e-6)
            num += ((pred[i, j] - tn) ** 2).mean().item() * mask[i, j].item()
            den += mask[i, j].item()
    check("mae_loss(norm_pix) == explicit loop",
          abs(models.mae_loss(pred, tgt, mask, True).item() - num / den) < 1e-12)
    # masking indices: mask from ids_restore equals MAE's gather of the shuffled mask
    ids_keep, ids_restore, mask = models.random_masking_ids(4, 16, 0.75)
    check("mask_from_ids_restore", torch.equal(models.mask_from_ids_restore(ids_restore, 4), mask))
    check("ids_keep = patches with mask 0",
          all(set(ids_keep[i].tolist()) == set((mask[i] == 0).nonzero().flatten().tolist()) for i in range(4)))


def test_patchify_pos():
    x = torch.arange(2 * 3 * 4 * 4, dtype=torch.float32).reshape(2, 3, 4, 4)
    pt = models.patchify(x, 2)
    # patch (row 1, col 0) of image 1, in-patch (py=1, px=0, c=2) -> pixel [1, 2, 3, 0]
    check("patchify order (py, px, c)", pt[1, 2, (1 * 2 + 0) * 3 + 2].item() == x[1, 2, 3, 0].item())
    check("unpatchify inverse", torch.equal(models.unpatchify(pt, 2, 3), x))
    pos = models.get_2d_sincos_pos_embed(8, 3, cls_token=True)
    i, j = 2, 1  # row 2, col 1 -> token 1 + 2*3 + 1
    w = [10000 ** (-d / 2) for d in range(2)]
    exp = [math.sin(j * w[0]), math.sin(j * w[1]), math.cos(j * w[0]), math.cos(j * w[1]),
           math.sin(i * w[0]), math.sin(i * w[1]), math.cos(i * w[0]), math.cos(i * w[1])]
    check("sincos: first half column, second half row", max(abs(a - b) for a, b in zip(pos[1 + i * 3 + j], exp)) < 1e-12)
    check("sincos: cls row zero", float(abs(pos[0]).max()) == 0.0)


def test_bn_running():
    torch.manual_seed(2)
    bn = torch.nn.BatchNorm2d(3)
    x = torch.randn(4, 3, 2, 2, dtype=torch.float32) * 2 + 1
    bn.train()
    y = bn(x)
    xs = x.transpose(0, 1).reshape(3, -1).double()
    m, vb, vu = xs.mean(1), xs.var(1, unbiased=False), xs.var(1, unbiased=True)
    check("BN running_var uses unbiased var", close(bn.running_var.double(), 0.9 + 0.1 * vu, 1e-6))
    check("BN running_mean", close(bn.running_mean.double(), 0.1 * m, 1e-6))
    yr = (xs - m[:, None]) / torch.sqrt(vb[:, None] + 1e-5)
    check("BN normalizes with biased var", close(y.transpose(0, 1).reshape(3, -1).double(), yr, 1e-5))


def test_optimizers():
    torch.manual_seed(3)
    w0, b0 = torch.randn(4, 3, dtype=torch.float64), torch.randn(4, dtype=torch.float64)
    gw, gb = torch.randn(4, 3, dtype=torch.float64), torch.randn(4, dtype=torch.float64)

    def run(cfg, lr, steps=2):
        m = torch.nn.Linear(3, 4).double()
        with torch.no_grad():
            m.weight.copy_(w0)
            m.bias.copy_(b0)
        opt = models.make_optimizer(m, cfg, lr)
        for _ in range(steps):
            m.weight.grad, m.bias.grad = gw.clone(), gb.clone()
            opt.step()
        return m.weight.detach(), m.bias.detach()

    lr, wd, mom = 0.1, 0.01, 0.9
    # SGD (decay on all)
    w, b, bw, bb = w0.clone(), b0.clone(), torch.zeros_like(w0), torch.zeros_like(b0)
    for _ in range(2):
        bw = mom * bw + gw + wd * w
        bb = mom * bb + gb + wd * b
        w, b = w - lr * bw, b - lr * bb
    rw, rb = run({"type": "sgd", "momentum": mom, "weight_decay": wd}, lr)
    check("SGD manual", close(rw, w, 1e-12) and close(rb, b, 1e-12))
    # LARS
    w, b, mw, mb = w0.clone(), b0.clone(), torch.zeros_like(w0), torch.zeros_like(b0)
    for _ in range(2):
        dp = gw + wd * w
        q = 0.001 * w.norm() / dp.norm()
        mw = mom * mw + dp * q
        mb = mom * mb + gb
        w, b = w - lr * mw, b - lr * mb
    rw, rb = run({"type": "lars", "momentum": mom, "weight_decay": wd, "trust_coefficient": 0.001}, lr)
    check("LARS manual", close(rw, w, 1e-12) and close(rb, b, 1e-12))
    # AdamW
    b1, b2, eps = 0.9, 0.95, 1e-8
    w, b = w0.clone(), b0.clone()
    mw, vw, mb, vb = [torch.zeros_like(t) for t in (w0, w0, b0, b0)]
    for t in (1, 2):
        w = w * (1 - lr * wd)  # decay only on ndim > 1
        mw, vw = b1 * mw + (1 - b1) * gw, b2 * vw + (1 - b2) * gw * gw
        mb, vb = b1 * mb + (1 - b1) * gb, b2 * vb + (1 - b2) * gb * gb
        c1, c2 = 1 - b1 ** t, 1 - b2 ** t
        w = w - (lr / c1) * mw / (vw.sqrt() / math.sqrt(c2) + eps)
        b = b - (lr / c1) * mb / (vb.sqrt() / math.sqrt(c2) + eps)
    rw, rb = run({"type": "adamw", "betas": [b1, b2], "eps": eps, "weight_decay": wd}, lr)
    check("AdamW manual (ndim<=1 not decayed)", close(rw, w, 1e-12) and close(rb, b, 1e-12))


def test_fixtures():
    """Re-read each committed fixture, rebuild the model from its recipe, load param/ + buffer/,
    recompute loss and gradients and compare with the stored values."""
    for cfg_path in sorted(glob.glob(os.path.join(ROOT, "testdata", "reference", "*.json"))):
        cfg = json.load(open(cfg_path))
        if "recipe" not in cfg:
            continue
        t, _ = safetensors_io.load(os.path.join(os.path.dirname(cfg_path), cfg["file"]))
        r = cfg["recipe"]
        if r["method"] == "classifier":
            m = models.Classifier(r, r["classifier"]["num_classes"])
        else:
            m = models.build(r)
        sd = {k: t["param/" + k] if "param/" + k in t else t["buffer/" + k] for k in models.state_dict(m)}
        m.load_state_dict(sd, strict=False)
        m.train()
        if r["method"] == "simclr":
            loss = m(t["input/x"])[0]
        elif r["method"] == "mae":
            loss = m(t["input/x"], t["input/ids_keep"], t["input/ids_restore"])[0]
        else:
            loss = m(t["input/x"], t["input/labels"])[0]
        loss.backward()
        ok = abs(loss.item() - t["loss"].item()) < 1e-6
        for n, p in m.named_parameters():
            ok = ok and close(p.grad, t["grad/" + n], 1e-5)
        for n in cfg["buffers"]:
            ok = ok and close(models.state_dict(m)[n], t["after/buffer/" + n], 1e-6)
        check(f"fixture {cfg['fixture']} reloads and recomputes", ok)
    lj = json.load(open(os.path.join(ROOT, "testdata", "reference", "losses.json")))
    t, _ = safetensors_io.load(os.path.join(ROOT, "testdata", "reference", "losses.safetensors"))
    ok = all(abs(models.nt_xent(t[f"ntxent/{c['case']}/h"], c["temperature"]).item()
                 - t[f"ntxent/{c['case']}/loss"].item()) < 1e-5 for c in lj["ntxent"])
    ok = ok and all(abs(models.mae_loss(t[f"mae/{c['case']}/pred"], t[f"mae/{c['case']}/target"],
                                        t[f"mae/{c['case']}/mask"], c["norm_pix_loss"]).item()
                        - t[f"mae/{c['case']}/loss"].item()) < 1e-5 for c in lj["mae"])
    check("losses.safetensors reloads and recomputes", ok)


if __name__ == "__main__":
    test_ntxent()
    test_mae_loss()
    test_patchify_pos()
    test_bn_running()
    test_optimizers()
    test_fixtures()
    print("FAILED: " + ", ".join(FAILS) if FAILS else "all passed")
    sys.exit(1 if FAILS else 0)
