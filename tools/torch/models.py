"""The networks of Diffusion Explorer in PyTorch, with the Java engine's parameter names and layouts.

A state_dict of these modules is, key for key and shape for shape, the safetensors file of a bundle
(org.diffusionexplorer.runtime.engine.UNet / Mlp): Linear weights [out, in], Conv weights [cout, cin, k, k],
GroupNorm weight/bias [c], all float32. Forward passes match the Java engine to float precision (tested by
TorchInteropTest on every engine).
"""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F

# Model-size presets, as org.diffusionexplorer.runtime.Architectures
UNET_PRESETS = {
    "tiny": dict(base=16, multipliers=[1, 2, 2], res_blocks=1, groups=8, time_features=32),
    "small": dict(base=32, multipliers=[1, 2, 2], res_blocks=1, groups=8, time_features=64),
    "medium": dict(base=48, multipliers=[1, 2, 2], res_blocks=2, groups=8, time_features=64),
    "large": dict(base=64, multipliers=[1, 2, 2], res_blocks=2, groups=8, time_features=64),
}
MLP_PRESETS = {
    "tiny": dict(width=64, depth=2, time_features=16),
    "small": dict(width=128, depth=3, time_features=32),
    "medium": dict(width=256, depth=4, time_features=32),
    "large": dict(width=512, depth=4, time_features=64),
}


def time_features(t, dim):
    """Sinusoidal features (Vaswani et al. 2017): sin(t·w_k), cos(t·w_k), w_k = 10000^(−k/(D/2−1)); float64 → float32."""
    half = dim // 2
    k = torch.arange(half, dtype=torch.float64)
    w = torch.exp(-math.log(10000) * k / max(1, half - 1))
    a = t.to(torch.float64)[:, None] * w[None]
    return torch.cat([torch.sin(a), torch.cos(a)], 1).to(torch.float32)


def class_rows(labels, classes, n, device):
    """Embedding rows: the label, or the "no class" row (index classes) for −1 or no labels."""
    if labels is None:
        return torch.full((n,), classes, dtype=torch.long, device=device)
    labels = labels.to(torch.long)
    return torch.where(labels < 0, torch.full_like(labels, classes), labels)


def group_count(groups, channels):
    """As the Java GroupNormSilu: min(groups, channels), lowered until it divides channels."""
    g = min(groups, channels)
    while channels % g:
        g -= 1
    return g


class ResBlock(nn.Module):
    def __init__(self, cin, cout, groups, temb):
        super().__init__()
        self.norm1 = nn.GroupNorm(group_count(groups, cin), cin, eps=1e-5)
        self.conv1 = nn.Conv2d(cin, cout, 3, padding=1)
        self.time = nn.Linear(temb, cout)
        self.norm2 = nn.GroupNorm(group_count(groups, cout), cout, eps=1e-5)
        self.conv2 = nn.Conv2d(cout, cout, 3, padding=1)
        self.skip = nn.Conv2d(cin, cout, 1) if cin != cout else None

    def forward(self, x, tact):
        h = self.conv1(F.silu(self.norm1(x)))
        h = h + self.time(tact)[:, :, None, None]
        h = self.conv2(F.silu(self.norm2(h)))
        return h + (x if self.skip is None else self.skip(x))


class Level(nn.Module):
    def __init__(self):
        super().__init__()
        self.res = nn.ModuleList()
        self.upsample = None


class Mid(nn.Module):
    def __init__(self, c, groups, temb):
        super().__init__()
        self.res = nn.ModuleList([ResBlock(c, c, groups, temb), ResBlock(c, c, groups, temb)])


class UNet(nn.Module):
    """The DDPM-style UNet of the Java engine: 2×2 average-pool down, nearest ×2 + 3×3 conv up, no attention."""

    def __init__(self, channels=1, size=28, base=32, multipliers=(1, 2, 2), res_blocks=1, groups=8, time_features=64, classes=0):
        super().__init__()
        self.config = dict(type="unet", channels=channels, size=size, base=base, multipliers=list(multipliers),
                           res_blocks=res_blocks, groups=groups, time_features=time_features, attention=False,
                           downsample="avgpool2", upsample="nearest2+conv3")
        if classes:
            self.config["classes"] = classes
        te = base * 4
        self.tf = time_features
        self.time = nn.ModuleList([nn.Linear(time_features, te), nn.Linear(te, te)])
        c = base * multipliers[0]
        self.conv_in = nn.Conv2d(channels, c, 3, padding=1)
        skips = [c]
        self.down = nn.ModuleList()
        for l, m in enumerate(multipliers):
            lvl = Level()
            for _ in range(res_blocks):
                lvl.res.append(ResBlock(c, base * m, groups, te))
                c = base * m
                skips.append(c)
            self.down.append(lvl)
            if l < len(multipliers) - 1:
                skips.append(c)
        self.mid = Mid(c, groups, te)
        ups = [None] * len(multipliers)
        for l in reversed(range(len(multipliers))):
            lvl = Level()
            for _ in range(res_blocks + 1):
                lvl.res.append(ResBlock(c + skips.pop(), base * multipliers[l], groups, te))
                c = base * multipliers[l]
            if l > 0:
                lvl.upsample = nn.Conv2d(c, c, 3, padding=1)
            ups[l] = lvl
        self.up = nn.ModuleList(ups)
        self.norm_out = nn.GroupNorm(group_count(groups, c), c, eps=1e-5)
        self.conv_out = nn.Conv2d(c, channels, 3, padding=1)
        self.classes = classes
        # one vector per class plus "no class" (last row), added to the time embedding (classifier-free guidance)
        self.class_emb = nn.Embedding(classes + 1, te) if classes else None

    def forward(self, x, t, labels=None):
        emb = self.time[1](F.silu(self.time[0](time_features(t, self.tf))))
        if self.class_emb is not None:
            emb = emb + self.class_emb(class_rows(labels, self.classes, x.shape[0], x.device))
        elif labels is not None and bool((labels >= 0).any()):
            raise ValueError("this network is unconditional")
        tact = F.silu(emb)
        h = self.conv_in(x)
        skips = [h]
        n = len(self.down)
        for l, lvl in enumerate(self.down):
            for b in lvl.res:
                h = b(h, tact)
                skips.append(h)
            if l < n - 1:
                h = F.avg_pool2d(h, 2)
                skips.append(h)
        h = self.mid.res[1](self.mid.res[0](h, tact), tact)
        for l in reversed(range(n)):
            lvl = self.up[l]
            for b in lvl.res:
                h = b(torch.cat([h, skips.pop()], 1), tact)
            if lvl.upsample is not None:
                h = lvl.upsample(F.interpolate(h, scale_factor=2, mode="nearest"))
        return self.conv_out(F.silu(self.norm_out(h)))


class Mlp(nn.Module):
    """The 2-D denoiser (as tiny-diffusion): h = silu(in([x, f(t)])); h = h + silu(hidden_i(h)); out_proj(h)."""

    def __init__(self, dim=2, width=128, depth=3, time_features=32, classes=0):
        super().__init__()
        self.config = dict(type="mlp", dim=dim, width=width, depth=depth, time_features=time_features)
        if classes:
            self.config["classes"] = classes
        self.tf = time_features
        self.add_module("in", nn.Linear(dim + time_features, width))
        self.hidden = nn.ModuleList([nn.Linear(width, width) for _ in range(depth)])
        self.out_proj = nn.Linear(width, dim)
        self.classes = classes
        self.class_emb = nn.Embedding(classes + 1, width) if classes else None

    def forward(self, x, t, labels=None):
        pre = getattr(self, "in")(torch.cat([x, time_features(t, self.tf)], 1))
        if self.class_emb is not None:
            pre = pre + self.class_emb(class_rows(labels, self.classes, x.shape[0], x.device))
        h = F.silu(pre)
        for layer in self.hidden:
            h = h + F.silu(layer(h))
        return self.out_proj(h)


def from_config(a):
    """A network from model.json's "architecture" object (refuses what the Java loader refuses)."""
    kind = a.get("type")
    if kind == "unet":
        if a.get("attention"):
            raise ValueError("attention is not supported")
        return UNet(a["channels"], a["size"], a["base"], a["multipliers"], a["res_blocks"], a["groups"], a["time_features"], a.get("classes", 0))
    if kind == "mlp":
        return Mlp(a["dim"], a["width"], a["depth"], a["time_features"], a.get("classes", 0))
    raise ValueError("architecture.type must be unet or mlp (got %r)" % kind)
