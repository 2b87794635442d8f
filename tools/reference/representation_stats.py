"""Reference values for dev.autodidact.eval.RepresentationStats (RankMe, std, uniformity, alignment).

Writes testdata/reference/representation-stats.json: a fixed embedding matrix (seeded, anisotropic so
RankMe is well inside (1, D)), a second "view" of it, and the values PyTorch computes with the
formulas of Garrido et al. 2023 (RankMe, eps 1e-7) and Wang & Isola 2020 (t = 2).
Run: /usr/bin/python3 tools/reference/representation_stats.py
"""
import json

import numpy as np
import torch

rng = np.random.default_rng(16)
n, d = 96, 24
scales = np.exp(-np.arange(d) / 4.0)  # decaying spectrum
z = (rng.standard_normal((n, d)) * scales).astype(np.float32)
z2 = (z + 0.1 * rng.standard_normal((n, d))).astype(np.float32)

t = torch.from_numpy(z).double()
s = torch.linalg.svdvals(t)
p = s / s.sum() + 1e-7
rankme = torch.exp(-(p * torch.log(p)).sum()).item()

u = torch.nn.functional.normalize(t, dim=1)
std = u.std(dim=0, unbiased=False).mean().item()
uniformity = torch.pdist(u, p=2).pow(2).mul(-2).exp().mean().log().item()
u2 = torch.nn.functional.normalize(torch.from_numpy(z2).double(), dim=1)
alignment = (u - u2).norm(dim=1).pow(2).mean().item()

out = {
    "source": "tools/reference/representation_stats.py (torch " + torch.__version__ + ")",
    "embeddings": z.tolist(),
    "view2": z2.tolist(),
    "rankme": rankme,
    "std": std,
    "uniformity": uniformity,
    "alignment": alignment,
}
with open("testdata/reference/representation-stats.json", "w") as f:
    json.dump(out, f)
print(rankme, std, uniformity, alignment)
