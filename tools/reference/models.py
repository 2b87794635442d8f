"""PyTorch reference implementations of the Autodidact recipes (models/*.json).

This is the "PyTorch side" of the parity tests: every module here builds exactly the
architecture a recipe describes, with exactly the parameter names the Java graph builder uses.

    python3 -c "import models; m = models.build(models.load_recipe('models/simclr-resnet18-cifar.json'))"

Naming (state_dict keys, PyTorch layouts: Linear [out,in], Conv [out,in,kh,kw]):
  ResNet : encoder.stem.conv.weight, encoder.stem.bn.{weight,bias,running_mean,running_var},
           encoder.stage{s}.block{b}.conv1.weight / .bn1.* / .conv2.weight / .bn2.* (/ .conv3 / .bn3),
           encoder.stage{s}.block{b}.shortcut.conv.weight / .shortcut.bn.*   (s from 1, b from 0)
  head   : head.fc1.{weight,bias} ... head.fcN.{weight,bias}
  ViT    : encoder.patch_embed.{weight,bias}, encoder.cls_token, encoder.block{i}.{norm1,attn.qkv,
           attn.proj,norm2,mlp.fc1,mlp.fc2}.{weight,bias}, encoder.norm.{weight,bias}
  MAE dec: decoder.embed, decoder.mask_token, decoder.block{i}.*, decoder.norm, decoder.pred
  probe  : classifier.{weight,bias}
BatchNorm's num_batches_tracked is dropped (momentum is fixed at 0.1, so it is never used);
position embeddings are non-persistent buffers (constants, not state).
"""
import json
import math

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

NEG_DIAG = -1e9  # value put on the diagonal of the NT-Xent logits (large finite, not -inf)


def load_recipe(path):
    with open(path) as f:
        return json.load(f)


def state_dict(model):
    """state_dict without BatchNorm's num_batches_tracked (not part of the Java state)."""
    return {k: v for k, v in model.state_dict().items() if not k.endswith("num_batches_tracked")}


def trainable_count(model):
    return sum(p.numel() for p in model.parameters() if p.requires_grad)


# ----------------------------------------------------------------------------------------- ResNet

def _conv(cin, cout, k, stride):
    return nn.Conv2d(cin, cout, k, stride=stride, padding=k // 2, bias=False)


class ConvBN(nn.Module):
    """conv (no bias) + BN: used for the stem and the projection shortcut."""

    def __init__(self, cin, cout, k, stride, eps):
        super().__init__()
        self.conv = _conv(cin, cout, k, stride)
        self.bn = nn.BatchNorm2d(cout, eps=eps, momentum=0.1)

    def forward(self, x):
        return self.bn(self.conv(x))


class BasicBlock(nn.Module):
    expansion = 1

    def __init__(self, cin, width, stride, eps):
        super().__init__()
        cout = width * self.expansion
        self.conv1 = _conv(cin, width, 3, stride)
        self.bn1 = nn.BatchNorm2d(width, eps=eps)
        self.conv2 = _conv(width, cout, 3, 1)
        self.bn2 = nn.BatchNorm2d(cout, eps=eps)
        self.shortcut = ConvBN(cin, cout, 1, stride, eps) if (stride != 1 or cin != cout) else None

    def forward(self, x):
        out = F.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        sc = x if self.shortcut is None else self.shortcut(x)
        return F.relu(out + sc)


class Bottleneck(nn.Module):
    """torchvision "ResNet v1.5" bottleneck: the stride sits on the 3x3 conv."""
    expansion = 4

    def __init__(self, cin, width, stride, eps):
        super().__init__()
        cout = width * self.expansion
        self.conv1 = _conv(cin, width, 1, 1)
        self.bn1 = nn.BatchNorm2d(width, eps=eps)
        self.conv2 = _conv(width, width, 3, stride)
        self.bn2 = nn.BatchNorm2d(width, eps=eps)
        self.conv3 = _conv(width, cout, 1, 1)
        self.bn3 = nn.BatchNorm2d(cout, eps=eps)
        self.shortcut = ConvBN(cin, cout, 1, stride, eps) if (stride != 1 or cin != cout) else None

    def forward(self, x):
        out = F.relu(self.bn1(self.conv1(x)))
        out = F.relu(self.bn2(self.conv2(out)))
        out = self.bn3(self.conv3(out))
        sc = x if self.shortcut is None else self.shortcut(x)
        return F.relu(out + sc)


class ResNetEncoder(nn.Module):
    """stem -> stages -> global average pool -> [N, widths[-1]*expansion]."""

    def __init__(self, in_ch, enc):
        super().__init__()
        eps = float(enc.get("bn_eps", 1e-5))
        block = {"basic": BasicBlock, "bottleneck": Bottleneck}[enc["block"]]
        widths, layers = enc["widths"], enc["layers"]
        self.stem_type = enc["stem"]
        if self.stem_type == "cifar":      # conv3x3 s1 p1 - BN - ReLU, no max-pool
            self.stem = ConvBN(in_ch, widths[0], 3, 1, eps)
        elif self.stem_type == "imagenet":  # conv7x7 s2 p3 - BN - ReLU - maxpool3x3 s2 p1
            self.stem = ConvBN(in_ch, widths[0], 7, 2, eps)
        else:
            raise ValueError(enc["stem"])
        cin = widths[0]
        for s, (w, n) in enumerate(zip(widths, layers), start=1):
            stage = nn.Module()
            for b in range(n):
                stride = 2 if (b == 0 and s > 1) else 1
                stage.add_module(f"block{b}", block(cin, w, stride, eps))
                cin = w * block.expansion
            self.add_module(f"stage{s}", stage)
        self.num_stages = len(widths)
        self.out_dim = cin
        self._init()

    def _init(self):
        for m in self.modules():
            if isinstance(m, nn.Conv2d):
                nn.init.kaiming_normal_(m.weight, mode="fan_out", nonlinearity="relu")
            elif isinstance(m, nn.BatchNorm2d):
                nn.init.ones_(m.weight)
                nn.init.zeros_(m.bias)

    def forward(self, x):
        x = F.relu(self.stem(x))
        if self.stem_type == "imagenet":
            x = F.max_pool2d(x, 3, 2, 1)
        for s in range(1, self.num_stages + 1):
            for blk in getattr(self, f"stage{s}").children():
                x = blk(x)
        return x.mean(dim=(2, 3))


# ------------------------------------------------------------------------------------------- ViT

def get_1d_sincos_pos_embed_from_grid(embed_dim, pos):
    """MAE (facebookresearch/mae util/pos_embed.py), float64."""
    assert embed_dim % 2 == 0
    omega = np.arange(embed_dim // 2, dtype=np.float64)
    omega /= embed_dim / 2.0
    omega = 1.0 / 10000 ** omega
    pos = pos.reshape(-1)
    out = np.einsum("m,d->md", pos, omega)
    return np.concatenate([np.sin(out), np.cos(out)], axis=1)


def get_2d_sincos_pos_embed(embed_dim, grid_size, cls_token=False):
    """MAE's get_2d_sincos_pos_embed: [grid*grid (+1), D]; token k = i*grid + j (row i, column j);
    dims [0, D/2) encode the COLUMN j, dims [D/2, D) encode the ROW i (MAE's naming is swapped);
    each half is [sin(p*w_0..w_{D/4-1}), cos(p*w_0..)] with w_d = 10000^(-d/(D/4)).
    With cls_token a zero row is prepended."""
    assert embed_dim % 4 == 0
    grid_h = np.arange(grid_size, dtype=np.float64)
    grid_w = np.arange(grid_size, dtype=np.float64)
    grid = np.meshgrid(grid_w, grid_h)  # here w goes first
    grid = np.stack(grid, axis=0).reshape([2, 1, grid_size, grid_size])
    emb_h = get_1d_sincos_pos_embed_from_grid(embed_dim // 2, grid[0])
    emb_w = get_1d_sincos_pos_embed_from_grid(embed_dim // 2, grid[1])
    pos = np.concatenate([emb_h, emb_w], axis=1)
    if cls_token:
        pos = np.concatenate([np.zeros([1, embed_dim]), pos], axis=0)
    return pos


class Attention(nn.Module):
    def __init__(self, dim, heads):
        super().__init__()
        self.heads = heads
        self.scale = (dim // heads) ** -0.5
        self.qkv = nn.Linear(dim, dim * 3, bias=True)
        self.proj = nn.Linear(dim, dim)

    def forward(self, x):
        n, t, c = x.shape
        qkv = self.qkv(x).reshape(n, t, 3, self.heads, c // self.heads).permute(2, 0, 3, 1, 4)
        q, k, v = qkv[0], qkv[1], qkv[2]
        attn = (q @ k.transpose(-2, -1)) * self.scale
        attn = attn.softmax(dim=-1)
        return self.proj((attn @ v).transpose(1, 2).reshape(n, t, c))


class Mlp(nn.Module):
    def __init__(self, dim, hidden):
        super().__init__()
        self.fc1 = nn.Linear(dim, hidden)
        self.fc2 = nn.Linear(hidden, dim)

    def forward(self, x):
        return self.fc2(F.gelu(self.fc1(x)))  # exact (erf) GELU


class Block(nn.Module):
    """pre-LN transformer block (timm ViT, no drop-path, no layer-scale)."""

    def __init__(self, dim, heads, mlp_ratio, eps):
        super().__init__()
        self.norm1 = nn.LayerNorm(dim, eps=eps)
        self.attn = Attention(dim, heads)
        self.norm2 = nn.LayerNorm(dim, eps=eps)
        self.mlp = Mlp(dim, int(dim * mlp_ratio))

    def forward(self, x):
        x = x + self.attn(self.norm1(x))
        return x + self.mlp(self.norm2(x))


def _init_vit(module):
    for m in module.modules():
        if isinstance(m, nn.Linear):
            nn.init.xavier_uniform_(m.weight)
            nn.init.zeros_(m.bias)
        elif isinstance(m, nn.LayerNorm):
            nn.init.ones_(m.weight)
            nn.init.zeros_(m.bias)


def patchify(imgs, p):
    """[N, C, H, W] -> [N, L, p*p*C]; row-major patches, in-patch order (py, px, c)."""
    n, c, hh, ww = imgs.shape
    h, w = hh // p, ww // p
    x = imgs.reshape(n, c, h, p, w, p)
    x = torch.einsum("nchpwq->nhwpqc", x)
    return x.reshape(n, h * w, p * p * c)


def unpatchify(x, p, c):
    n, l, _ = x.shape
    h = w = int(round(math.sqrt(l)))
    x = x.reshape(n, h, w, p, p, c)
    x = torch.einsum("nhwpqc->nchpwq", x)
    return x.reshape(n, c, h * p, w * p)


class ViTEncoder(nn.Module):
    def __init__(self, in_ch, size, enc):
        super().__init__()
        p, d = enc["patch"], enc["dim"]
        eps = float(enc.get("ln_eps", 1e-6))
        self.p, self.dim, self.in_ch = p, d, in_ch
        self.grid = size // p
        self.num_patches = self.grid * self.grid
        self.patch_embed = nn.Linear(p * p * in_ch, d)
        self.cls_token = nn.Parameter(torch.zeros(1, 1, d))
        self.register_buffer("pos_embed", torch.from_numpy(
            get_2d_sincos_pos_embed(d, self.grid, cls_token=True)).float().unsqueeze(0), persistent=False)
        self.depth = enc["depth"]
        for i in range(self.depth):
            self.add_module(f"block{i}", Block(d, enc["heads"], enc["mlp_ratio"], eps))
        self.norm = nn.LayerNorm(d, eps=eps)
        self.out_dim = d
        _init_vit(self)  # patch_embed is a Linear on flattened patches: xavier_uniform on [D, p*p*C]
        nn.init.normal_(self.cls_token, std=0.02)

    def blocks(self):
        return [getattr(self, f"block{i}") for i in range(self.depth)]

    def forward_masked(self, imgs, ids_keep):
        """MAE encoder: returns latent [N, 1+len_keep, D]."""
        x = self.patch_embed(patchify(imgs, self.p))
        x = x + self.pos_embed[:, 1:, :]
        x = torch.gather(x, 1, ids_keep.unsqueeze(-1).expand(-1, -1, x.shape[-1]))
        cls = (self.cls_token + self.pos_embed[:, :1, :]).expand(x.shape[0], -1, -1)
        x = torch.cat([cls, x], dim=1)
        for blk in self.blocks():
            x = blk(x)
        return self.norm(x)

    def forward(self, imgs):
        """Unmasked encoder, features = normed cls token [N, D] (for probes/embedding)."""
        x = self.patch_embed(patchify(imgs, self.p)) + self.pos_embed[:, 1:, :]
        cls = (self.cls_token + self.pos_embed[:, :1, :]).expand(x.shape[0], -1, -1)
        x = torch.cat([cls, x], dim=1)
        for blk in self.blocks():
            x = blk(x)
        return self.norm(x)[:, 0]


class MaeDecoder(nn.Module):
    def __init__(self, enc_dim, num_patches, grid, patch_dim, dec, eps):
        super().__init__()
        dd = dec["dim"]
        self.embed = nn.Linear(enc_dim, dd)
        self.mask_token = nn.Parameter(torch.zeros(1, 1, dd))
        self.register_buffer("pos_embed", torch.from_numpy(
            get_2d_sincos_pos_embed(dd, grid, cls_token=True)).float().unsqueeze(0), persistent=False)
        self.depth = dec["depth"]
        for i in range(self.depth):
            self.add_module(f"block{i}", Block(dd, dec["heads"], dec.get("mlp_ratio", 4.0), eps))
        self.norm = nn.LayerNorm(dd, eps=eps)
        self.pred = nn.Linear(dd, patch_dim)
        _init_vit(self)
        nn.init.normal_(self.mask_token, std=0.02)

    def forward(self, latent, ids_restore):
        x = self.embed(latent)
        n, t, d = x.shape
        mask_tokens = self.mask_token.expand(n, ids_restore.shape[1] + 1 - t, d)
        x_ = torch.cat([x[:, 1:, :], mask_tokens], dim=1)
        x_ = torch.gather(x_, 1, ids_restore.unsqueeze(-1).expand(-1, -1, d))
        x = torch.cat([x[:, :1, :], x_], dim=1)
        x = x + self.pos_embed
        for i in range(self.depth):
            x = getattr(self, f"block{i}")(x)
        x = self.pred(self.norm(x))
        return x[:, 1:, :]


# ---------------------------------------------------------------------------------------- methods

def build_encoder(recipe):
    inp, enc = recipe["input"], recipe["encoder"]
    if enc["type"] == "resnet":
        return ResNetEncoder(inp["channels"], enc)
    if enc["type"] == "vit":
        return ViTEncoder(inp["channels"], inp["size"], enc)
    raise ValueError(enc["type"])


class Head(nn.Module):
    """fc1 - ReLU - fc2 - ReLU ... - fcN (biases, PyTorch default init, no BN)."""

    def __init__(self, din, sizes):
        super().__init__()
        self.n = len(sizes)
        for i, s in enumerate(sizes, start=1):
            self.add_module(f"fc{i}", nn.Linear(din, s))
            din = s

    def forward(self, x):
        for i in range(1, self.n + 1):
            x = getattr(self, f"fc{i}")(x)
            if i < self.n:
                x = F.relu(x)
        return x


def nt_xent(h, temperature):
    """NT-Xent over 2B rows (row i and i+B are the two views). h: [2B, D] head output (not normalized).
    z = h / max(||h||_2, 1e-12); logits = z z^T / tau; diagonal := -1e9; CE(target i<->i+B), mean over 2B."""
    n2 = h.shape[0]
    b = n2 // 2
    z = F.normalize(h, dim=1, eps=1e-12)
    logits = z @ z.t() / temperature
    eye = torch.eye(n2, dtype=torch.bool, device=h.device)
    logits = logits.masked_fill(eye, NEG_DIAG)
    target = torch.cat([torch.arange(b, n2), torch.arange(0, b)]).to(h.device)
    return F.cross_entropy(logits, target)


def mae_loss(pred, target, mask, norm_pix_loss):
    """pred/target [N, L, P] (target = patchify(imgs)), mask [N, L] (1 = removed)."""
    if norm_pix_loss:
        mean = target.mean(dim=-1, keepdim=True)
        var = target.var(dim=-1, keepdim=True)  # UNBIASED (divides by P-1)
        target = (target - mean) / (var + 1e-6) ** 0.5
    loss = ((pred - target) ** 2).mean(dim=-1)
    return (loss * mask).sum() / mask.sum()


def random_masking_ids(n, num_patches, mask_ratio, generator=None):
    """MAE masking indices from per-image uniform noise (what Java draws): returns
    ids_keep [N, len_keep] int64, ids_restore [N, L] int64, mask [N, L] float (1 = removed)."""
    len_keep = int(num_patches * (1 - mask_ratio))
    noise = torch.rand(n, num_patches, generator=generator)
    ids_shuffle = torch.argsort(noise, dim=1)
    ids_restore = torch.argsort(ids_shuffle, dim=1)
    ids_keep = ids_shuffle[:, :len_keep]
    mask = torch.ones(n, num_patches)
    mask[:, :len_keep] = 0
    mask = torch.gather(mask, 1, ids_restore)
    return ids_keep, ids_restore, mask


def mask_from_ids_restore(ids_restore, len_keep):
    """mask[n, l] = 1 iff ids_restore[n, l] >= len_keep (same as MAE's gather of the shuffled mask)."""
    return (ids_restore >= len_keep).float()


class SimCLR(nn.Module):
    def __init__(self, recipe):
        super().__init__()
        self.encoder = build_encoder(recipe)
        self.head = Head(self.encoder.out_dim, recipe["simclr"]["head"])
        self.temperature = float(recipe["simclr"]["temperature"])

    def forward(self, x):
        """x: [2B, C, H, W] (rows 0..B-1 view 1, B..2B-1 view 2). Returns (loss, embedding, head out)."""
        e = self.encoder(x)
        h = self.head(e)
        return nt_xent(h, self.temperature), e, h


class MAE(nn.Module):
    def __init__(self, recipe):
        super().__init__()
        enc, m = recipe["encoder"], recipe["mae"]
        assert enc["type"] == "vit"
        self.encoder = ViTEncoder(recipe["input"]["channels"], recipe["input"]["size"], enc)
        c, p = recipe["input"]["channels"], enc["patch"]
        self.decoder = MaeDecoder(enc["dim"], self.encoder.num_patches, self.encoder.grid, p * p * c,
                                  m["decoder"], float(enc.get("ln_eps", 1e-6)))
        self.mask_ratio = float(m["mask_ratio"])
        self.norm_pix_loss = bool(m["norm_pix_loss"])
        self.len_keep = int(self.encoder.num_patches * (1 - self.mask_ratio))

    def forward(self, imgs, ids_keep, ids_restore):
        """Returns (loss, latent [N,1+keep,D], pred [N,L,P], mask [N,L])."""
        latent = self.encoder.forward_masked(imgs, ids_keep)
        pred = self.decoder(latent, ids_restore)
        mask = mask_from_ids_restore(ids_restore, ids_keep.shape[1])
        target = patchify(imgs, self.encoder.p)
        return mae_loss(pred, target, mask, self.norm_pix_loss), latent, pred, mask


class Classifier(nn.Module):
    """encoder + Linear(D, num_classes) (PyTorch default init) + loss.
    Single-label: F.cross_entropy(logits, labels, weight=class_weights) (mean, weighted mean with weights).
    Multi-label: F.binary_cross_entropy_with_logits(logits, targets, weight=class_weights, reduction='none'),
    summed where target_mask is 1 and divided by max(mask.sum(), 1).
    mode 'linear' (or frozen=True): encoder frozen and kept in eval mode (BN on running statistics).
    mode 'last:N' (ResNet): the stem and all but the last N stages frozen and kept in eval mode; the last N
    stages and the head train (BN in train mode)."""

    def __init__(self, recipe, num_classes, frozen=False, mode=None, multi_label=False, class_weights=None):
        super().__init__()
        self.encoder = build_encoder(recipe)
        self.classifier = nn.Linear(self.encoder.out_dim, num_classes)
        self.mode = mode or ("linear" if frozen else "full")
        self.frozen = self.mode == "linear"
        self.multi_label = multi_label
        self.class_weights = None if class_weights is None else torch.tensor(class_weights, dtype=torch.float32)
        if self.frozen:
            for p in self.encoder.parameters():
                p.requires_grad_(False)
        self.frozen_parts = []
        if self.mode.startswith("last:"):
            n = int(self.mode[5:])
            stages = len(recipe["encoder"]["layers"])
            self.frozen_parts = [self.encoder.stem] + [getattr(self.encoder, f"stage{s}")
                                                       for s in range(1, stages - n + 1)]
            for part in self.frozen_parts:
                for p in part.parameters():
                    p.requires_grad_(False)

    def train(self, mode=True):
        super().train(mode)
        if self.frozen:
            self.encoder.eval()
        for part in self.frozen_parts:
            part.eval()
        return self

    def forward(self, x, labels=None, targets=None, target_mask=None):
        e = self.encoder(x)
        logits = self.classifier(e)
        w = None if self.class_weights is None else self.class_weights.to(logits.dtype)
        if self.multi_label:
            per = F.binary_cross_entropy_with_logits(logits, targets, weight=w, reduction="none")
            loss = (per * target_mask).sum() / target_mask.sum().clamp(min=1)
        else:
            loss = F.cross_entropy(logits, labels, weight=w)
        return loss, e, logits


def build(recipe):
    if recipe["method"] == "simclr":
        return SimCLR(recipe)
    if recipe["method"] == "mae":
        return MAE(recipe)
    raise ValueError(recipe["method"])


# ------------------------------------------------------------------------------------- optimizers

class LARS(torch.optim.Optimizer):
    """facebookresearch/moco-v3 optimizer.py LARS: for ndim>1 params dp = g + wd*p, scaled by
    q = trust*||p||/||dp|| (1 if either norm is 0); ndim<=1 params: no decay, no adaptation.
    mu = momentum*mu + dp; p -= lr*mu. State key 'mu'."""

    def __init__(self, params, lr=0, weight_decay=0, momentum=0.9, trust_coefficient=0.001):
        super().__init__(params, dict(lr=lr, weight_decay=weight_decay, momentum=momentum,
                                      trust_coefficient=trust_coefficient))

    @torch.no_grad()
    def step(self):
        for g in self.param_groups:
            for p in g["params"]:
                dp = p.grad
                if dp is None:
                    continue
                if p.ndim > 1:
                    dp = dp.add(p, alpha=g["weight_decay"])
                    param_norm = torch.norm(p)
                    update_norm = torch.norm(dp)
                    one = torch.ones_like(param_norm)
                    q = torch.where(param_norm > 0.,
                                    torch.where(update_norm > 0,
                                                (g["trust_coefficient"] * param_norm / update_norm), one),
                                    one)
                    dp = dp.mul(q)
                st = self.state[p]
                if "mu" not in st:
                    st["mu"] = torch.zeros_like(p)
                mu = st["mu"]
                mu.mul_(g["momentum"]).add_(dp)
                p.add_(mu, alpha=-g["lr"])


def make_optimizer(model, opt, lr):
    """Optimizer per recipe 'optimizer' block at learning rate lr.
    sgd  : torch.optim.SGD, weight decay on ALL params (incl. BN and biases).
    adamw: torch.optim.AdamW, no decay for params with ndim <= 1 (biases, norm weights).
    lars : moco-v3 LARS (the ndim <= 1 exclusion is built in)."""
    params = [p for p in model.parameters() if p.requires_grad]
    t = opt["type"]
    if t == "sgd":
        return torch.optim.SGD(params, lr=lr, momentum=opt.get("momentum", 0.9),
                               weight_decay=opt.get("weight_decay", 0.0))
    if t == "adamw":
        decay = [p for p in params if p.ndim > 1]
        no_decay = [p for p in params if p.ndim <= 1]
        b1, b2 = opt.get("betas", [0.9, 0.999])
        return torch.optim.AdamW([{"params": no_decay, "weight_decay": 0.0},
                                  {"params": decay, "weight_decay": opt.get("weight_decay", 0.0)}],
                                 lr=lr, betas=(b1, b2), eps=opt.get("eps", 1e-8))
    if t == "lars":
        return LARS(params, lr=lr, weight_decay=opt.get("weight_decay", 0.0),
                    momentum=opt.get("momentum", 0.9), trust_coefficient=opt.get("trust_coefficient", 0.001))
    raise ValueError(t)


def peak_lr(recipe, batch=None):
    opt = recipe["optimizer"]
    b = batch if batch is not None else recipe["train"]["batch"]
    if opt.get("lr_scaling", "none") == "linear256":
        return opt["base_lr"] * b / 256.0
    return opt["base_lr"]
