"""The same UNet as org.diffusionexplorer.runtime.engine.UNet, in PyTorch, for side-by-side timing.

Usage: /usr/bin/python3 torch_unet.py BASE RES_BLOCKS MULTS [THREADS]
Prints inference ms at batch 1/16/64 and the training step (forward, backward, Adam) at batch 64.
Debian's python3-torch links the reference BLAS unless libopenblas0-pthread is installed (STACK.md).
"""
import math
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


class ResBlock(nn.Module):
    def __init__(self, cin, cout, groups, temb):
        super().__init__()
        self.norm1 = nn.GroupNorm(min(groups, cin), cin)
        self.conv1 = nn.Conv2d(cin, cout, 3, padding=1)
        self.time = nn.Linear(temb, cout)
        self.norm2 = nn.GroupNorm(min(groups, cout), cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, padding=1)
        self.skip = nn.Conv2d(cin, cout, 1) if cin != cout else None

    def forward(self, x, tact):
        h = self.conv1(F.silu(self.norm1(x)))
        h = h + self.time(tact)[:, :, None, None]
        h = self.conv2(F.silu(self.norm2(h)))
        return h + (x if self.skip is None else self.skip(x))


class UNet(nn.Module):
    def __init__(self, ch=1, base=32, mults=(1, 2, 2), res=1, groups=8, tf=64):
        super().__init__()
        te = base * 4
        self.tf = tf
        self.time0, self.time1 = nn.Linear(tf, te), nn.Linear(te, te)
        self.conv_in = nn.Conv2d(ch, base * mults[0], 3, padding=1)
        c = base * mults[0]
        skips = [c]
        self.down = nn.ModuleList()
        for l, m in enumerate(mults):
            blocks = nn.ModuleList()
            for _ in range(res):
                blocks.append(ResBlock(c, base * m, groups, te))
                c = base * m
                skips.append(c)
            self.down.append(blocks)
            if l < len(mults) - 1:
                skips.append(c)
        self.mid0, self.mid1 = ResBlock(c, c, groups, te), ResBlock(c, c, groups, te)
        self.up = nn.ModuleList()
        self.upconv = nn.ModuleList()
        for l in reversed(range(len(mults))):
            blocks = nn.ModuleList()
            for _ in range(res + 1):
                blocks.append(ResBlock(c + skips.pop(), base * mults[l], groups, te))
                c = base * mults[l]
            self.up.append(blocks)
            self.upconv.append(nn.Conv2d(c, c, 3, padding=1) if l > 0 else nn.Identity())
        self.norm_out = nn.GroupNorm(groups, c)
        self.conv_out = nn.Conv2d(c, ch, 3, padding=1)

    def features(self, t):
        half = self.tf // 2
        w = torch.exp(-math.log(10000) * torch.arange(half) / max(1, half - 1))
        a = t[:, None] * w[None]
        return torch.cat([torch.sin(a), torch.cos(a)], 1)

    def forward(self, x, t):
        tact = F.silu(self.time1(F.silu(self.time0(self.features(t)))))
        h = self.conv_in(x)
        skips = [h]
        for l, blocks in enumerate(self.down):
            for b in blocks:
                h = b(h, tact)
                skips.append(h)
            if l < len(self.down) - 1:
                h = F.avg_pool2d(h, 2)
                skips.append(h)
        h = self.mid1(self.mid0(h, tact), tact)
        for u, blocks in enumerate(self.up):
            for b in blocks:
                h = b(torch.cat([h, skips.pop()], 1), tact)
            if u < len(self.up) - 1:
                h = self.upconv[u](F.interpolate(h, scale_factor=2, mode="nearest"))
        return self.conv_out(F.silu(self.norm_out(h)))


def main():
    base, res = int(sys.argv[1]), int(sys.argv[2])
    mults = tuple(int(m) for m in sys.argv[3].split(","))
    torch.set_num_threads(int(sys.argv[4]) if len(sys.argv) > 4 else 2)
    torch.manual_seed(0)
    net = UNet(base=base, mults=mults, res=res)
    print("torch", torch.__version__)
    print("params", sum(p.numel() for p in net.parameters()))
    with torch.no_grad():
        for b in (1, 16, 64):
            x, t = torch.randn(b, 1, 28, 28), torch.rand(b) * 999
            for _ in range(3):
                net(x, t)
            reps = 30 if b == 1 else 10
            s = time.perf_counter()
            for _ in range(reps):
                net(x, t)
            print("infer b=%d: %.1f ms" % (b, (time.perf_counter() - s) / reps * 1e3))
    opt = torch.optim.Adam(net.parameters(), lr=1e-4)
    x, t, eps = torch.randn(64, 1, 28, 28), torch.rand(64) * 999, torch.randn(64, 1, 28, 28)
    for i in range(8):
        if i == 3:
            s = time.perf_counter()
        loss = F.mse_loss(net(x, t), eps)
        opt.zero_grad()
        loss.backward()
        opt.step()
    print("train step b=64: %.1f ms" % ((time.perf_counter() - s) / 5 * 1e3))


if __name__ == "__main__":
    main()
