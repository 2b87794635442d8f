"""Write the PyTorch parity fixtures to testdata/reference/ (see testdata/reference/README.md).

    /usr/bin/python3 tools/reference/make_fixtures.py [--out testdata/reference]

Deterministic: fixed seeds, torch.set_num_threads(1), float32. Every train-step fixture records two
optimizer steps on the same batch: step 1 from zero optimizer state (keys grad/, after/) and step 2
continuing from it (keys step2/). Each one is also recomputed in float64 from the same float32 start;
the float32-vs-float64 discrepancy per key group is written to the json as a tolerance hint.
"""
import argparse
import copy
import json
import os
import sys

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import models  # noqa: E402
import safetensors_io  # noqa: E402

ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))

WD_RULES = {
    "sgd": "torch.optim.SGD: weight decay added to the gradient of EVERY trainable param "
           "(conv/linear weights, biases, BN gamma/beta): d = g + wd*p.",
    "lars": "moco-v3 LARS: params with ndim > 1 get d = g + wd*p and the trust-ratio scaling; params with "
            "ndim <= 1 (biases, BN/LN gamma/beta) get neither (d = g).",
    "adamw": "torch.optim.AdamW with two groups: params with ndim <= 1 (biases, LN/BN gamma/beta) have "
             "weight_decay 0; all others (incl. cls_token/mask_token [1,1,D] and patch_embed) are decayed.",
}
OPT_STATE = {"sgd": {"momentum_buffer": "momentum"}, "lars": {"mu": "momentum"},
             "adamw": {"exp_avg": "exp_avg", "exp_avg_sq": "exp_avg_sq"}}


# ------------------------------------------------------------------------------------ mini recipes

def resnet_recipe(name, channels, opt):
    return {
        "name": name, "method": "simclr",
        "input": {"channels": channels, "size": 8, "mean": [0.0] * channels, "std": [1.0] * channels},
        "encoder": {"type": "resnet", "stem": "cifar", "block": "basic", "layers": [1, 1],
                    "widths": [4, 8], "bn_eps": 1e-5},
        "simclr": {"head": [16, 8], "temperature": 0.5},
        "optimizer": opt,
        "schedule": {"warmup_epochs": 0, "epochs": 1, "min_lr": 0.0},
        "augment": {"preset": "simclr", "strength": 0.5},
        "train": {"batch": 4},
    }


def mae_recipe(name, channels, norm_pix, opt):
    return {
        "name": name, "method": "mae",
        "input": {"channels": channels, "size": 8, "mean": [0.0] * channels, "std": [1.0] * channels},
        "encoder": {"type": "vit", "patch": 2, "dim": 16, "depth": 2, "heads": 2, "mlp_ratio": 4.0,
                    "ln_eps": 1e-6},
        "mae": {"mask_ratio": 0.75, "norm_pix_loss": norm_pix,
                "decoder": {"dim": 8, "depth": 1, "heads": 2, "mlp_ratio": 4.0}},
        "optimizer": opt,
        "schedule": {"warmup_epochs": 0, "epochs": 1, "min_lr": 0.0},
        "augment": {"preset": "mae", "strength": 0.0},
        "train": {"batch": 4},
    }


SGD = {"type": "sgd", "base_lr": 0.1, "lr_scaling": "none", "momentum": 0.9, "weight_decay": 1e-3,
       "clip_grad_norm": None}
LARS = {"type": "lars", "base_lr": 1.0, "lr_scaling": "none", "momentum": 0.9, "weight_decay": 1e-3,
        "trust_coefficient": 0.001, "clip_grad_norm": None}
ADAMW = {"type": "adamw", "base_lr": 1e-3, "lr_scaling": "none", "betas": [0.9, 0.95], "eps": 1e-8,
         "weight_decay": 0.05, "clip_grad_norm": None}


# ------------------------------------------------------------------------------------------ cases

def simclr_case(name, channels, opt, seed):
    recipe = resnet_recipe(name, channels, opt)
    torch.manual_seed(seed)
    model = models.SimCLR(recipe)
    b = recipe["train"]["batch"]
    g = torch.Generator().manual_seed(seed + 1)
    inputs = {"x": torch.randn(2 * b, channels, 8, 8, generator=g)}

    def fwd(m, inp):
        loss, e, h = m(inp["x"])
        return loss, {"embedding": e, "head": h}
    return recipe, model, inputs, fwd, {"rows": 2 * b}


def mae_case(name, channels, norm_pix, opt, seed):
    recipe = mae_recipe(name, channels, norm_pix, opt)
    torch.manual_seed(seed)
    model = models.MAE(recipe)
    n = recipe["train"]["batch"]
    g = torch.Generator().manual_seed(seed + 1)
    x = torch.randn(n, channels, 8, 8, generator=g)
    ids_keep, ids_restore, _ = models.random_masking_ids(n, model.encoder.num_patches, model.mask_ratio, g)
    inputs = {"x": x, "ids_keep": ids_keep, "ids_restore": ids_restore}

    def fwd(m, inp):
        loss, latent, pred, mask = m(inp["x"], inp["ids_keep"], inp["ids_restore"])
        return loss, {"embedding": latent, "pred": pred, "mask": mask}
    return recipe, model, inputs, fwd, {"rows": n, "num_patches": model.encoder.num_patches,
                                        "len_keep": model.len_keep}


def classifier_case(name, channels, opt, seed, num_classes=5, mode="full", multi_label=False, class_weights=None):
    recipe = resnet_recipe(name, channels, opt)
    recipe["method"] = "classifier"
    del recipe["simclr"]
    head = {"num_classes": num_classes, "frozen": False}
    if mode != "full" or multi_label or class_weights is not None:
        head.update({"mode": mode, "multi_label": multi_label})
        if class_weights is not None:
            head["class_weights"] = class_weights
    recipe["classifier"] = head
    recipe["train"]["batch"] = 8
    torch.manual_seed(seed)
    model = models.Classifier(recipe, num_classes, mode=mode, multi_label=multi_label, class_weights=class_weights)
    if mode != "full":
        # Non-trivial running statistics, so eval-mode BN differs from batch statistics.
        with torch.no_grad():
            for m in model.encoder.modules():
                if isinstance(m, torch.nn.BatchNorm2d):
                    m.running_mean.uniform_(-0.5, 0.5)
                    m.running_var.uniform_(0.5, 2.0)
    g = torch.Generator().manual_seed(seed + 1)
    x = torch.randn(8, channels, 8, 8, generator=g)
    if multi_label:
        targets = torch.randint(0, 2, (8, num_classes), generator=g).float()
        mask = (torch.rand(8, num_classes, generator=g) > 0.25).float()
        inputs = {"x": x, "targets": targets, "target_mask": mask}
    else:
        inputs = {"x": x, "labels": torch.randint(0, num_classes, (8,), generator=g)}

    def fwd(m, inp):
        if multi_label:
            loss, e, logits = m(inp["x"], targets=inp["targets"], target_mask=inp["target_mask"])
        else:
            loss, e, logits = m(inp["x"], inp["labels"])
        return loss, {"embedding": e, "logits": logits}
    return recipe, model, inputs, fwd, {"rows": 8}


# ------------------------------------------------------------------------------------------ steps

def buffer_names(model):
    pnames = {n for n, _ in model.named_parameters()}
    return [k for k in models.state_dict(model) if k not in pnames]


def run_steps(model, inputs, fwd, recipe):
    """Two optimizer steps on the same batch; returns {key: tensor}."""
    opt_cfg = recipe["optimizer"]
    lr = models.peak_lr(recipe)
    named = [(n, p) for n, p in model.named_parameters() if p.requires_grad]
    bnames = buffer_names(model)
    opt = models.make_optimizer(model, opt_cfg, lr)
    sd = models.state_dict(model)
    out = {}
    for n, p in model.named_parameters():  # frozen ones too: they are the starting state
        out[f"param/{n}"] = p.detach().clone()
    for n in bnames:
        out[f"buffer/{n}"] = sd[n].clone()
    for n, v in inputs.items():
        out[f"input/{n}"] = v.clone()
    model.train()
    for step, pre in ((1, ""), (2, "step2/")):
        opt.zero_grad(set_to_none=True)
        loss, extra = fwd(model, inputs)
        loss.backward()
        out[f"{pre}loss"] = loss.detach().reshape([]).clone()
        for n, p in named:
            out[f"{pre}grad/{n}"] = p.grad.detach().clone()
        if step == 1:
            for k, v in extra.items():
                out[f"out/{k}"] = v.detach().clone()
        opt.step()
        sd = models.state_dict(model)
        for n, p in named:
            out[f"{pre}after/param/{n}"] = p.detach().clone()
        for n in bnames:
            out[f"{pre}after/buffer/{n}"] = sd[n].clone()
        for n, p in named:
            st = opt.state[p]
            for sk, outk in OPT_STATE[opt_cfg["type"]].items():
                out[f"{pre}after/opt/{outk}/{n}"] = st[sk].detach().clone()
    return out


def group_of(key):
    parts = key.split("/")
    if parts[0] == "step2":
        parts = parts[1:]
        pre = "step2/"
    else:
        pre = ""
    if parts[0] == "after":
        return pre + "/".join(parts[:2 if parts[1] != "opt" else 3])
    return pre + parts[0]


def zero_grad_slices(model):
    """Elements whose gradient is exactly 0 in exact arithmetic: the key part of every qkv bias
    (adding a constant to all keys shifts each softmax row by a constant). In float32 their gradient
    is rounding noise (~1e-10), which AdamW's g/(sqrt(v)+eps) turns into updates of up to ~lr of
    arbitrary sign, so after/param is not reproducible there."""
    out = []
    for n, p in model.named_parameters():
        if n.endswith("attn.qkv.bias"):
            d = p.shape[0] // 3
            out.append({"param": n, "range": [d, 2 * d]})
    return out


def f64_check(model32, inputs, fwd, recipe, ref):
    """Recompute in float64 from the same start; per key group: max |f32 - f64| / max(|f64|, 1e-30).
    For AdamW the zero-gradient slices (see zero_grad_slices) are left out of after/param."""
    m64 = copy.deepcopy(model32).double()
    inp64 = {k: (v.double() if v.is_floating_point() else v) for k, v in inputs.items()}
    out64 = run_steps(m64, inp64, fwd, recipe)
    skip = {s["param"]: s["range"] for s in zero_grad_slices(model32)}
    worst = {}
    for k, v in ref.items():
        if k.startswith(("param/", "buffer/", "input/")) or not v.is_floating_point():
            continue
        w = out64[k]
        pname = k.split("after/param/")[-1]
        if recipe["optimizer"]["type"] == "adamw" and "after/param/" in k and pname in skip:
            a, b = skip[pname]
            v, w = torch.cat([v[:a], v[b:]]), torch.cat([w[:a], w[b:]])
        scale = max(w.abs().max().item(), 1e-30)
        abs_err = (v.double() - w).abs().max().item()
        gk = group_of(k)
        rel = abs_err / scale
        if gk not in worst or rel > worst[gk]["max_rel_to_absmax"]:
            worst[gk] = {"max_rel_to_absmax": rel, "max_abs": abs_err, "worst_key": k}
    return worst


def write_fixture(outdir, name, case):
    recipe, model, inputs, fwd, info = case
    start = copy.deepcopy(model)
    tensors = run_steps(model, inputs, fwd, recipe)
    check = f64_check(start, inputs, fwd, recipe, tensors)
    safetensors_io.save(tensors, os.path.join(outdir, name + ".safetensors"),
                        metadata={"fixture": name, "generator": "tools/reference/make_fixtures.py",
                                  "torch": torch.__version__})
    opt_t = recipe["optimizer"]["type"]
    params = [n for n, p in start.named_parameters() if p.requires_grad]
    cfg = {
        "fixture": name,
        "file": name + ".safetensors",
        "recipe": recipe,
        "lr": models.peak_lr(recipe),
        "step": 1,
        "step2": {"step": 2, "lr": models.peak_lr(recipe), "inputs": "same input/* as step 1",
                  "keys": "step2/loss, step2/grad/*, step2/after/*"},
        "weight_decay_rule": WD_RULES[opt_t],
        "optimizer_state": sorted(set(OPT_STATE[opt_t].values())),
        "bn": "training mode: batch stats with biased var; running stats momentum 0.1 with the UNBIASED "
              "batch var" if recipe["encoder"]["type"] == "resnet" else None,
        "params": params,
        "buffers": buffer_names(start),
        "inputs": {k: {"shape": list(v.shape), "dtype": str(v.dtype).replace("torch.", "")}
                   for k, v in inputs.items()},
        "outputs": sorted(k for k in tensors if k.startswith("out/")),
        "info": info,
        "zero_gradient_slices": zero_grad_slices(start),
        "num_params": sum(start.state_dict()[n].numel() for n in params),
        "f32_vs_f64": check,
    }
    with open(os.path.join(outdir, name + ".json"), "w") as f:
        json.dump(cfg, f, indent=2)
        f.write("\n")
    size = os.path.getsize(os.path.join(outdir, name + ".safetensors"))
    print(f"{name:28s} {len(tensors):4d} tensors {size / 1024:7.1f} KiB  loss {tensors['loss'].item():.6f}"
          f"  worst f32/f64 rel {max(c['max_rel_to_absmax'] for c in check.values()):.1e}")


# ----------------------------------------------------------------------------------------- losses

NTXENT_CASES = [  # (B, D, tau, scale of h)
    (1, 4, 0.5, 1.0), (2, 3, 0.1, 1.0), (4, 8, 0.5, 1.0), (8, 16, 0.2, 1.0), (16, 32, 1.0, 1.0),
    (32, 128, 0.07, 1.0), (8, 8, 0.5, 1e3), (8, 8, 0.5, 1e-4),
]
MAE_CASES = [  # (N, L, P, mask_ratio, norm_pix, constant_patches)
    (2, 16, 12, 0.75, True, False), (2, 16, 12, 0.75, False, False), (4, 64, 48, 0.75, True, False),
    (3, 49, 16, 0.75, True, False), (3, 49, 16, 0.5, False, False), (2, 4, 4, 0.25, True, False),
    (2, 16, 4, 0.75, True, True),
]


def write_losses(outdir):
    g = torch.Generator().manual_seed(1234)
    tensors, index = {}, {"file": "losses.safetensors", "ntxent": [], "mae": []}
    for i, (b, d, tau, scale) in enumerate(NTXENT_CASES):
        h = (torch.randn(2 * b, d, generator=g) * scale).requires_grad_(True)
        loss = models.nt_xent(h, tau)
        loss.backward()
        p = f"ntxent/{i}/"
        tensors[p + "h"], tensors[p + "loss"], tensors[p + "grad_h"] = h.detach(), loss.detach(), h.grad
        index["ntxent"].append({"case": i, "B": b, "D": d, "temperature": tau, "h_scale": scale,
                                "keys": [p + "h", p + "loss", p + "grad_h"]})
    for i, (n, l, pdim, ratio, norm_pix, const) in enumerate(MAE_CASES):
        pred = torch.randn(n, l, pdim, generator=g).requires_grad_(True)
        target = torch.randn(n, l, pdim, generator=g)
        if const:  # every other patch constant: var = 0 -> (t - mean) / sqrt(1e-6) = 0
            target[:, ::2, :] = torch.randn(n, (l + 1) // 2, 1, generator=g)
        ids_keep, ids_restore, mask = models.random_masking_ids(n, l, ratio, g)
        loss = models.mae_loss(pred, target, mask, norm_pix)
        loss.backward()
        p = f"mae/{i}/"
        tensors.update({p + "pred": pred.detach(), p + "target": target, p + "mask": mask,
                        p + "ids_restore": ids_restore, p + "loss": loss.detach(), p + "grad_pred": pred.grad})
        index["mae"].append({"case": i, "N": n, "L": l, "P": pdim, "mask_ratio": ratio,
                             "len_keep": int(l * (1 - ratio)), "norm_pix_loss": norm_pix,
                             "constant_patches": const,
                             "keys": [p + k for k in ("pred", "target", "mask", "ids_restore", "loss",
                                                      "grad_pred")]})
    safetensors_io.save(tensors, os.path.join(outdir, "losses.safetensors"),
                        metadata={"generator": "tools/reference/make_fixtures.py"})
    index["ntxent_formula"] = ("z = h / max(||h||_2, 1e-12) per row; logits = (z @ z^T) / tau; logits[i,i] = -1e9; "
                               "target(i) = i+B for i<B else i-B; loss = mean_i(logsumexp(logits[i]) - logits[i,target(i)])")
    index["mae_formula"] = ("if norm_pix: t = (t - mean_P(t)) / sqrt(var_P(t) + 1e-6) with UNBIASED var (/(P-1)); "
                            "loss = sum(mean_P((pred - t)^2) * mask) / sum(mask); mask = 1 for removed patches")
    with open(os.path.join(outdir, "losses.json"), "w") as f:
        json.dump(index, f, indent=2)
        f.write("\n")
    print(f"losses.safetensors {len(tensors)} tensors {os.path.getsize(os.path.join(outdir, 'losses.safetensors'))/1024:.1f} KiB")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default=os.path.join(ROOT, "testdata", "reference"))
    ap.add_argument("--only-new", action="store_true", help="only the fine-tuning classifier fixtures")
    a = ap.parse_args()
    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)
    os.makedirs(a.out, exist_ok=True)
    write_fixture(a.out, "classifier-linear-sgd", classifier_case("classifier-linear-sgd", 3, SGD, 60, mode="linear"))
    write_fixture(a.out, "classifier-weighted-adamw",
                  classifier_case("classifier-weighted-adamw", 1, ADAMW, 70, class_weights=[0.5, 1.0, 2.0, 1.5, 0.8]))
    write_fixture(a.out, "classifier-multilabel-adamw",
                  classifier_case("classifier-multilabel-adamw", 1, ADAMW, 80, num_classes=4, multi_label=True,
                                  class_weights=[1.0, 2.0, 0.5, 1.0]))
    write_fixture(a.out, "classifier-multilabel-linear-sgd",
                  classifier_case("classifier-multilabel-linear-sgd", 3, SGD, 90, num_classes=3, mode="linear",
                                  multi_label=True))
    write_fixture(a.out, "classifier-last1-adamw",
                  classifier_case("classifier-last1-adamw", 1, ADAMW, 100, mode="last:1"))
    if a.only_new:
        return
    write_fixture(a.out, "simclr-sgd", simclr_case("simclr-sgd", 3, SGD, 10))
    write_fixture(a.out, "simclr-lars", simclr_case("simclr-lars", 1, LARS, 20))
    write_fixture(a.out, "mae-adamw", mae_case("mae-adamw", 3, True, ADAMW, 30))
    write_fixture(a.out, "mae-adamw-nonormpix", mae_case("mae-adamw-nonormpix", 1, False, ADAMW, 40))
    write_fixture(a.out, "classifier-sgd", classifier_case("classifier-sgd", 3, SGD, 50))
    write_losses(a.out)


if __name__ == "__main__":
    main()
