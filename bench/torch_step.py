"""The same SimCLR and Viewmaker steps as featuredrop's DJL trainer, in plain PyTorch, for the
step-rate comparison in docs/BENCHMARKS.md. Run with Debian's python3 (python3-torch).
Prints one line per (step kind, shape, batch): steps/s."""
import argparse
import math
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


def conv3x3(cin, cout, stride):
    return nn.Conv2d(cin, cout, 3, stride, 1, bias=False)


class Basic(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.c1, self.b1 = conv3x3(cin, cout, stride), nn.BatchNorm2d(cout)
        self.c2, self.b2 = conv3x3(cout, cout, 1), nn.BatchNorm2d(cout)
        self.short = None
        if stride != 1 or cin != cout:
            self.short = nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout))

    def forward(self, x):
        y = self.b2(self.c2(F.relu(self.b1(self.c1(x)))))
        return F.relu(y + (x if self.short is None else self.short(x)))


class Encoder(nn.Module):
    def __init__(self, channels, width, blocks, emb=128):
        super().__init__()
        layers = [conv3x3(channels, width, 1), nn.BatchNorm2d(width), nn.ReLU()]
        cin = width
        for stage in range(4):
            cout = width << stage
            for b in range(blocks):
                layers.append(Basic(cin, cout, 2 if stage > 0 and b == 0 else 1))
                cin = cout
        self.trunk = nn.Sequential(*layers)
        self.fc = nn.Linear(cin, emb)

    def forward(self, x):
        # input normalisation with per-channel constants, as featuredrop's encoder does
        return self.fc(self.trunk((x - 0.5) / 0.5).mean(dim=(2, 3)))


def padded_conv(cin, cout, k, stride):
    return nn.Sequential(nn.ReflectionPad2d(k // 2), nn.Conv2d(cin, cout, k, stride))


class ResNoise(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.body = nn.Sequential(padded_conv(c, c, 3, 1), nn.InstanceNorm2d(c, affine=True), nn.ReLU(),
                                  padded_conv(c, c, 3, 1), nn.InstanceNorm2d(c, affine=True))

    def forward(self, x):
        return x + self.body(x)


def noise(x):
    return torch.cat([x, torch.rand(x.shape[0], 1, x.shape[2], x.shape[3])], 1)


class Generator(nn.Module):
    def __init__(self, channels, w, blocks, budget=0.05):
        super().__init__()
        self.budget = budget
        self.head = nn.Sequential(padded_conv(channels + 1, w, 9, 1), nn.InstanceNorm2d(w, affine=True), nn.ReLU(),
                                  padded_conv(w, 2 * w, 3, 2), nn.InstanceNorm2d(2 * w, affine=True), nn.ReLU(),
                                  padded_conv(2 * w, 4 * w, 3, 2), nn.InstanceNorm2d(4 * w, affine=True), nn.ReLU())
        self.res = nn.ModuleList([ResNoise(4 * w + i + 1) for i in range(blocks)])
        c = 4 * w + blocks
        self.up1 = nn.Sequential(padded_conv(c, 2 * w, 3, 1), nn.InstanceNorm2d(2 * w, affine=True), nn.ReLU())
        self.up2 = nn.Sequential(padded_conv(2 * w, w, 3, 1), nn.InstanceNorm2d(w, affine=True), nn.ReLU())
        self.out = padded_conv(w, channels, 9, 1)

    def forward(self, x):
        y = self.head(noise(x))
        for r in self.res:
            y = r(noise(y))
        y = self.up1(F.interpolate(y, scale_factor=2, mode="nearest"))
        y = self.up2(F.interpolate(y, scale_factor=2, mode="nearest"))
        d = torch.tanh(self.out(y))
        d = d * self.budget / (d.abs().flatten(1).mean(1).view(-1, 1, 1, 1) + 1e-4)
        return x + d


def nt_xent_paper(z1, z2, t=0.07):
    a, b = F.normalize(z1, dim=1), F.normalize(z2, dim=1)
    n = a.shape[0]
    logits = a @ torch.cat([a, b]).T / t
    return -(logits.log_softmax(1)[torch.arange(n), n + torch.arange(n)]).mean() - math.log(2 * n)


def bench(kind, channels, side, batch, args):
    enc = Encoder(channels, args.width, args.blocks)
    opt = torch.optim.SGD(enc.parameters(), lr=0.03, momentum=0.9, weight_decay=1e-4)
    gen = gopt = None
    if kind == "viewmaker":
        gen = Generator(channels, args.gen_width, args.gen_blocks)
        gopt = torch.optim.Adam(gen.parameters(), lr=1e-3)
    x = torch.rand(2 * batch, channels, side, side)

    def step():
        if gen is not None:
            views = gen(x)
            v = views.detach().requires_grad_(True)
        else:
            v = x
        if args.passes == 2:
            # one forward pass per view (batch-norm statistics per view), as the paper
            loss = nt_xent_paper(enc(v[:batch]), enc(v[batch:]))
        else:
            z = enc(v)
            loss = nt_xent_paper(z[:batch], z[batch:])
        opt.zero_grad()
        loss.backward()
        opt.step()
        if gen is not None:
            gopt.zero_grad()
            (-(views * v.grad).sum()).backward()
            gopt.step()

    for _ in range(args.warmup):
        step()
    prof = torch.autograd.profiler.profile(record_shapes=True) if args.profile else None
    if prof:
        prof.__enter__()
    t0 = time.perf_counter()
    for _ in range(args.steps):
        step()
    rate = args.steps / (time.perf_counter() - t0)
    if prof:
        prof.__exit__(None, None, None)
        out = f"{args.profile}-torch-{kind}-{channels}x{side}-{batch}.json"
        prof.export_chrome_trace(out)
        print(f"  profile: {out}", flush=True)
    print(f"torch {kind} {channels}x{side}x{side} batch {batch}: {rate:.3f} steps/s", flush=True)


if __name__ == "__main__":
    p = argparse.ArgumentParser()
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--width", type=int, default=16)
    p.add_argument("--blocks", type=int, default=1)
    p.add_argument("--gen-width", type=int, default=16)
    p.add_argument("--gen-blocks", type=int, default=3)
    p.add_argument("--batches", default="128,256")
    p.add_argument("--shapes", default="1x28,3x32")
    p.add_argument("--kinds", default="simclr,viewmaker")
    p.add_argument("--passes", type=int, default=2)
    p.add_argument("--init", default="pytorch", help="only pytorch's own defaults here; accepted so both sides take the same arguments")
    p.add_argument("--profile")
    p.add_argument("--warmup", type=int, default=2)
    p.add_argument("--steps", type=int, default=5)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    print(f"torch {torch.__version__}, {a.threads} threads", flush=True)
    for shape in a.shapes.split(","):
        c, s = (int(v) for v in shape.split("x"))
        for kind in a.kinds.split(","):
            for b in (int(v) for v in a.batches.split(",")):
                bench(kind, c, s, b, a)
