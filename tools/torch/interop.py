#!/usr/bin/env python3
"""Checks across the Java/PyTorch boundary (run by TorchInteropTest; usable by hand).

  interop.py make DIR         random-weight UNet and MLP bundles (DIR/unet, DIR/mlp), fixed inputs and PyTorch's
                              outputs on them (DIR/{unet,mlp}_{x,t,out}.npy)
  interop.py eval BUNDLE X T OUT
                              loads a bundle (e.g. written by Java) and writes its outputs on X (.npy) at T (.npy)
  interop.py bad DIR          bundles the Java loader must refuse: a missing tensor, a transposed weight, float64
                              data, a wrong architecture field
"""
import copy
import json
import os
import shutil
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bundle  # noqa: E402
import models  # noqa: E402


def small_unet():
    torch.manual_seed(1)
    m = models.UNet(channels=1, size=12, base=8, multipliers=[1, 2, 2], res_blocks=1, groups=4, time_features=16)
    with torch.no_grad():  # make every layer matter (PyTorch's GroupNorm starts at weight 1, bias 0)
        for p in m.parameters():
            p.add_(0.05 * torch.randn_like(p))
    return m


def small_mlp():
    torch.manual_seed(2)
    return models.Mlp(dim=2, width=32, depth=3, time_features=8)


def small_conditional_unet():
    torch.manual_seed(6)
    m = models.UNet(channels=1, size=8, base=8, multipliers=[1, 2], res_blocks=1, groups=4, time_features=16, classes=3)
    with torch.no_grad():
        for p in m.parameters():
            p.add_(0.05 * torch.randn_like(p))
    return m


def write(folder, m, shape):
    classes = ["class %d" % i for i in range(m.classes)] if getattr(m, "classes", 0) else None
    bundle.write_bundle(folder, m, os.path.basename(folder), "interop test network", "epsilon",
                        bundle.schedule_spec("linear", 1000), shape, {"data": "none", "steps": 0}, classes)


def make(d):
    os.makedirs(d, exist_ok=True)
    g = torch.Generator().manual_seed(3)
    for name, m, x in (("unet", small_unet(), torch.randn(3, 1, 12, 12, generator=g)), ("mlp", small_mlp(), torch.randn(5, 2, generator=g)),
                       ("cunet", small_conditional_unet(), torch.randn(4, 1, 8, 8, generator=g))):
        write(os.path.join(d, name), m, list(x.shape[1:]))
        t = torch.tensor([0.0, 250.5, 999.0, 17.0, 600.0][: x.shape[0]])
        labels = torch.tensor([2, -1, 0, 1]) if name == "cunet" else None
        with torch.no_grad():
            out = m(x, t, labels)
        if labels is not None:
            np.save(os.path.join(d, name + "_labels.npy"), labels.numpy().astype(np.float32))
        np.save(os.path.join(d, name + "_x.npy"), x.numpy().astype(np.float32))
        np.save(os.path.join(d, name + "_t.npy"), t.numpy().astype(np.float32))
        np.save(os.path.join(d, name + "_out.npy"), out.numpy().astype(np.float32))


def evaluate(folder, xf, tf, outf):
    m, _ = bundle.read_bundle(folder)
    m.eval()
    x, t = torch.from_numpy(np.load(xf)), torch.from_numpy(np.load(tf))
    with torch.no_grad():
        np.save(outf, m(x, t.to(torch.float32)).numpy().astype(np.float32))


def bad(d):
    os.makedirs(d, exist_ok=True)
    good = os.path.join(d, "good")
    write(good, small_unet(), [1, 12, 12])
    w = bundle.read_safetensors(os.path.join(good, "weights.safetensors"))

    def variant(name, tensors, arch=None, raw=None):
        f = os.path.join(d, name)
        shutil.copytree(good, f)
        wf = os.path.join(f, "weights.safetensors")
        if raw is not None:
            raw(wf)
        else:
            bundle.write_safetensors(wf, tensors)
        j = json.load(open(os.path.join(f, "model.json")))
        j["weights"]["sha256"] = bundle.sha256(wf)
        if arch:
            j["architecture"].update(arch)
        json.dump(j, open(os.path.join(f, "model.json"), "w"), indent=2)

    missing = dict(w)
    del missing["down.1.res.0.conv1.weight"]
    variant("missing-tensor", missing)
    transposed = dict(w)
    transposed["time.0.weight"] = np.ascontiguousarray(w["time.0.weight"].T)
    variant("transposed-weight", transposed)

    def as_f64(wf):
        header, blobs, off = {}, [], 0
        for k, v in w.items():
            b = np.ascontiguousarray(v, dtype="<f8").tobytes()
            header[k] = {"dtype": "F64", "shape": list(v.shape), "data_offsets": [off, off + len(b)]}
            blobs.append(b)
            off += len(b)
        h = json.dumps(header).encode()
        h += b" " * ((8 - len(h) % 8) % 8)
        with open(wf, "wb") as f:
            f.write(len(h).to_bytes(8, "little") + h + b"".join(blobs))
    variant("float64", None, raw=as_f64)
    variant("wrong-architecture", dict(w), arch={"base": 16})


if __name__ == "__main__":
    cmd = sys.argv[1] if len(sys.argv) > 1 else ""
    if cmd == "make" and len(sys.argv) == 3:
        make(sys.argv[2])
    elif cmd == "eval" and len(sys.argv) == 6:
        evaluate(*sys.argv[2:])
    elif cmd == "bad" and len(sys.argv) == 3:
        bad(sys.argv[2])
    else:
        sys.exit(__doc__)
