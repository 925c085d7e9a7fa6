#!/usr/bin/env python3
"""Train a Diffusion Explorer model with PyTorch, on a CPU, a GPU or several GPUs (DDP), and write a bundle that
the app opens unchanged (model.json + weights.safetensors + README.md).

  python3 tools/torch/train.py --data toy:moons --steps 2000 --out runs/moons
  python3 tools/torch/train.py --data fashion-mnist --steps 20000 --out runs/fm --device cuda
  torchrun --nproc_per_node 4 tools/torch/train.py --data fashion-mnist --steps 20000 --batch 256 --out runs/fm4

The recipe is the Java trainer's (org.diffusionexplorer.runtime.Trainer, Ho et al. 2020 Algorithm 1): t ~ U{0..T−1},
ε ~ N(0, I), loss = mean((f(x_t, t) − ε)²) (or v), Adam with linear warm-up, global-norm clipping, an EMA of the
weights (with a warm-up of the decay, min(decay, (1+s)/(10+s)), so short runs are not dominated by the initial
weights). --batch is the global batch: each of N processes takes batch/N. Checkpoints (model, EMA, Adam, step, RNG)
go to OUT/checkpoint.pt every --checkpoint-every steps and on Ctrl+C; --resume continues from it. The bundle is
written to OUT/bundle at the end (EMA weights), by rank 0 only.
"""
import argparse
import json
import math
import os
import platform
import signal
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bundle  # noqa: E402
import data as datasets  # noqa: E402
import models  # noqa: E402


def parse(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", required=True, help="fashion-mnist, toy:NAME (%s) or a folder of images" % ", ".join(datasets.TOY))
    p.add_argument("--data-path", default="/usr/share/datasets/fashion-mnist", help="folder of the Fashion-MNIST IDX files")
    p.add_argument("--out", required=True, help="run folder (checkpoint, loss.csv, bundle/)")
    p.add_argument("--steps", type=int, default=None, help="optimisation steps (default: 2000 toy, 20000 images)")
    p.add_argument("--batch", type=int, default=None, help="global batch (default: 512 toy, 64 images)")
    p.add_argument("--lr", type=float, default=None, help="Adam learning rate (default: 2e-3 toy, 5e-4 images)")
    p.add_argument("--warmup", type=int, default=None, help="warm-up steps (default: 100 toy, 200 images)")
    p.add_argument("--ema", type=float, default=None, help="EMA decay of the saved weights (default: 0.995 toy, 0.999 images)")
    p.add_argument("--clip", type=float, default=1.0, help="gradient-norm clip, 0 for none (default 1)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--model-size", default="small", choices=sorted(models.UNET_PRESETS))
    p.add_argument("--prediction", default="epsilon", choices=["epsilon", "v"])
    p.add_argument("--schedule", default="linear", choices=["linear", "cosine"])
    p.add_argument("--diffusion-steps", type=int, default=1000, help="T (default 1000)")
    p.add_argument("--size", type=int, default=28, help="image size for a folder of images")
    p.add_argument("--channels", type=int, default=1, choices=[1, 3])
    p.add_argument("--checkpoint-every", type=int, default=500)
    p.add_argument("--resume", action="store_true", help="continue the run in --out")
    p.add_argument("--conditional", action="store_true", help="class-conditional network for classifier-free guidance (labelled data)")
    p.add_argument("--label-dropout", type=float, default=0.1, help="with --conditional: probability of 'no class' (default 0.1)")
    p.add_argument("--id", default=None, help="model id (default from the data)")
    p.add_argument("--device", default="auto", help="cpu, cuda, cuda:N or auto (default)")
    p.add_argument("--threads", type=int, default=0, help="CPU threads (default: torch's)")
    a = p.parse_args(argv)
    toy = a.data.startswith("toy:")
    a.steps = a.steps or (2000 if toy else 20000)
    # toy defaults chosen so that 2 000 steps converge: sliced Wasserstein 0.031 to the bundled toy-moons
    # (256 / 1e-3 / 0.999 gave 0.090, 256 / 2e-3 / 0.995 gave 0.052; two draws of the bundled model differ by 0.025)
    a.batch = a.batch or (512 if toy else 64)
    a.lr = a.lr or (2e-3 if toy else 5e-4)
    a.ema = a.ema if a.ema is not None else (0.995 if toy else 0.999)
    a.warmup = a.warmup if a.warmup is not None else (100 if toy else 200)
    if a.steps < 1 or a.batch < 1 or not (a.lr > 0) or not (0 <= a.ema < 1):
        p.error("--steps and --batch must be positive, --lr above 0, --ema in [0, 1)")
    return a


def load_data(a):
    if a.data.startswith("toy:"):
        name = a.data[4:]
        x, y = datasets.toy_labelled(name, 100_000, a.seed)
        return torch.from_numpy(x), (None if y is None else torch.from_numpy(y)), "toy-" + name, datasets.TOY_CLASSES.get(name)
    if a.data == "fashion-mnist":
        x, y = datasets.fashion_mnist(a.data_path)
        return torch.from_numpy(x), torch.from_numpy(y), "fashion-mnist", bundle.FASHION_CLASSES
    if os.path.isdir(a.data):
        return torch.from_numpy(datasets.image_folder(a.data, a.size, a.channels)), None, "folder-" + os.path.basename(os.path.abspath(a.data)), None
    raise SystemExit("--data must be fashion-mnist, toy:NAME or a folder of images (got %r)" % a.data)


def main(argv=None):
    a = parse(argv)
    world = int(os.environ.get("WORLD_SIZE", "1"))
    rank = int(os.environ.get("RANK", "0"))
    local = int(os.environ.get("LOCAL_RANK", "0"))
    if a.device == "auto":
        device = torch.device("cuda:%d" % local if torch.cuda.is_available() else "cpu")
    else:
        device = torch.device(a.device if not (a.device == "cuda" and world > 1) else "cuda:%d" % local)
    if a.threads:
        torch.set_num_threads(a.threads)
    if world > 1:
        import torch.distributed as dist
        dist.init_process_group("nccl" if device.type == "cuda" else "gloo")
        if device.type == "cuda":
            torch.cuda.set_device(device)
    if a.batch % world:
        raise SystemExit("--batch %d must be divisible by the %d processes" % (a.batch, world))
    per_rank = a.batch // world

    x_all, y_all, default_id, classes = load_data(a)
    model_id = a.id or default_id
    n_classes = 0
    if a.conditional:
        if y_all is None:
            raise SystemExit("%s has no classes: --conditional needs labelled data (fashion-mnist, toy:moons, toy:8gaussians, toy:circles)" % a.data)
        if not (0 <= a.label_dropout < 1):
            raise SystemExit("--label-dropout must be in [0, 1)")
        n_classes = len(classes)
    torch.manual_seed(a.seed)  # the same initial weights on every rank
    if x_all.dim() == 2:
        net = models.Mlp(x_all.shape[1], classes=n_classes, **models.MLP_PRESETS[a.model_size])
    else:
        if x_all.shape[2] != x_all.shape[3]:
            raise SystemExit("images must be square")
        net = models.UNet(x_all.shape[1], x_all.shape[2], classes=n_classes, **models.UNET_PRESETS[a.model_size])
    net.to(device)
    ema = {k: v.detach().clone() for k, v in net.state_dict().items()}
    opt = torch.optim.Adam(net.parameters(), lr=a.lr, betas=(0.9, 0.999), eps=1e-8)
    spec = bundle.schedule_spec(a.schedule, a.diffusion_steps)
    ab = torch.tensor(bundle.alpha_bar(spec), dtype=torch.float32, device=device)
    os.makedirs(a.out, exist_ok=True)
    ckpt = os.path.join(a.out, "checkpoint.pt")
    step, wall_before = 0, 0.0
    if a.resume:
        if not os.path.exists(ckpt):
            raise SystemExit("%s holds no checkpoint to resume" % a.out)
        state = torch.load(ckpt, map_location=device)
        net.load_state_dict(state["model"])
        opt.load_state_dict(state["opt"])
        ema = {k: v.to(device) for k, v in state["ema"].items()}
        step, wall_before = state["step"], state.get("wall", 0.0)
    elif os.path.exists(ckpt):
        raise SystemExit("%s already holds a run: add --resume, or choose another --out" % a.out)
    train_net = net
    if world > 1:
        from torch.nn.parallel import DistributedDataParallel
        train_net = DistributedDataParallel(net, device_ids=[device.index] if device.type == "cuda" else None)

    stop = {"now": False}
    signal.signal(signal.SIGINT, lambda *_: stop.__setitem__("now", True))
    signal.signal(signal.SIGTERM, lambda *_: stop.__setitem__("now", True))

    def save(final_step, wall):
        if rank:
            return
        tmp = ckpt + ".part"
        torch.save({"model": net.state_dict(), "opt": opt.state_dict(), "ema": ema, "step": final_step, "wall": wall,
                    "args": vars(a)}, tmp)
        os.replace(tmp, ckpt)

    log, recent = [], []
    start = time.time()
    n = x_all.shape[0]
    while step < a.steps and not stop["now"]:
        g = torch.Generator().manual_seed(a.seed * 1_000_003 + step * 97 + rank)  # batch of step s: a function of (seed, s, rank)
        idx = torch.randint(0, n, (per_rank,), generator=g)
        x0 = x_all[idx].to(device)
        t = torch.randint(0, a.diffusion_steps, (per_rank,), generator=g).to(device)
        eps = torch.randn(x0.shape, generator=g).to(device)
        shape = (-1,) + (1,) * (x0.dim() - 1)
        sa, sb = ab[t].sqrt().view(shape), (1 - ab[t]).sqrt().view(shape)
        xt = sa * x0 + sb * eps
        target = eps if a.prediction == "epsilon" else sa * eps - sb * x0
        labels = None
        if n_classes:
            labels = y_all[idx].clone()
            labels[torch.rand(per_rank, generator=g) < a.label_dropout] = -1
            labels = labels.to(device)
        loss = F.mse_loss(train_net(xt, t.to(torch.float32), labels), target)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        if a.clip > 0:
            torch.nn.utils.clip_grad_norm_(net.parameters(), a.clip)
        for group in opt.param_groups:
            group["lr"] = a.lr * min(1.0, (step + 1) / max(1, a.warmup))
        opt.step()
        step += 1
        decay = min(a.ema, (1 + step) / (10 + step))
        with torch.no_grad():
            for k, v in net.state_dict().items():
                ema[k].mul_(decay).add_(v.detach(), alpha=1 - decay) if v.dtype.is_floating_point else ema[k].copy_(v)
        lv = loss.item()
        recent.append(lv)
        recent = recent[-200:]
        log.append("%d,%.6f,%.1f" % (step, lv, wall_before + time.time() - start))
        if rank == 0 and (step % 100 == 0 or step == a.steps):
            rate = step / max(1e-9, time.time() - start) if not a.resume else 0
            print("step %d/%d loss %.4f%s" % (step, a.steps, float(np.mean(recent)), " (%.1f steps/s)" % rate if rate else ""), flush=True)
        if step % a.checkpoint_every == 0 or step == a.steps:
            save(step, wall_before + time.time() - start)
            if rank == 0:
                with open(os.path.join(a.out, "loss.csv"), "a") as f:
                    f.write("\n".join(log) + "\n")
                log = []
    wall = wall_before + time.time() - start
    if stop["now"]:
        save(step, wall)
        if rank == 0:
            print("stopped at step %d; checkpoint saved (continue with --resume)" % step, file=sys.stderr)
        return 130
    if rank == 0:
        net.load_state_dict(ema)
        net.cpu()
        training = {
            "data": a.data, "items": int(n), "steps": step, "batch": a.batch, "lr": a.lr, "warmup": a.warmup,
            "grad_clip": a.clip, "ema_decay": a.ema, "flip": False, "seed": a.seed, "wall_time_seconds": round(wall),
            **({"label_dropout": a.label_dropout} if n_classes else {}),
            "final_loss": float(np.mean(recent)) if recent else None,
            "command": "python3 tools/torch/train.py " + " ".join(x for x in (argv if argv is not None else sys.argv[1:]) if x != "--resume"),
            "trainer": "pytorch %s (tools/torch/train.py)" % torch.__version__, "world_size": world, "device": str(device),
            "machine": "%s, %s, Python %s" % (platform.machine(), platform.system(), platform.python_version()),
        }
        shape = list(x_all.shape[1:])
        kind = "2-D MLP denoiser" if len(shape) == 1 else "UNet denoiser"
        bundle.write_bundle(os.path.join(a.out, "bundle"), net, model_id, "%s%s trained on %s (PyTorch)" % ("class-conditional " if n_classes else "", kind, a.data),
                            a.prediction, spec, shape, training, classes if (n_classes or a.data == "fashion-mnist") else None)
        print("model bundle written to %s" % os.path.join(a.out, "bundle"), file=sys.stderr)
    if world > 1:
        import torch.distributed as dist
        dist.destroy_process_group()
    return 0


if __name__ == "__main__":
    sys.exit(main())
