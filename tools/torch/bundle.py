"""Diffusion Explorer model bundles without extra packages: safetensors (8-byte little-endian header length, JSON
header, raw little-endian data; https://github.com/huggingface/safetensors#format), model.json and a model card,
exactly as org.diffusionexplorer.io.bundle.ModelBundle writes and reads them.
"""
import hashlib
import json
import math
import os
import shutil
import struct
import tempfile

import numpy as np
import torch

FORMAT = "diffusion-explorer/model"
SCHEDULE_FORMAT = "diffusion-explorer/schedule"
FASHION_CLASSES = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]


# ---- safetensors

def write_safetensors(path, tensors, metadata=None):
    """tensors: name -> float32 array (numpy or torch). Names in insertion order, data 8-byte aligned header."""
    header, blobs, offset = {}, [], 0
    if metadata:
        header["__metadata__"] = {k: str(v) for k, v in metadata.items()}
    for name, t in tensors.items():
        a = t.detach().cpu().numpy() if isinstance(t, torch.Tensor) else np.asarray(t)
        a = np.ascontiguousarray(a, dtype="<f4")
        b = a.tobytes()
        header[name] = {"dtype": "F32", "shape": list(a.shape), "data_offsets": [offset, offset + len(b)]}
        blobs.append(b)
        offset += len(b)
    h = json.dumps(header, separators=(",", ":")).encode("utf-8")
    h += b" " * ((8 - len(h) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)))
        f.write(h)
        for b in blobs:
            f.write(b)


def read_safetensors(path):
    """name -> float32 numpy array; refuses anything but F32 and offsets that do not fit the file."""
    size = os.path.getsize(path)
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        if n > min(size - 8, 100 << 20):
            raise ValueError("%s: header length %d does not fit the file" % (path, n))
        header = json.loads(f.read(n))
        base = 8 + n
        out = {}
        for name, e in header.items():
            if name == "__metadata__":
                continue
            if e["dtype"] != "F32":
                raise ValueError("%s: tensor %s is %s, not F32" % (path, name, e["dtype"]))
            a, b = e["data_offsets"]
            count = int(np.prod(e["shape"])) if e["shape"] else 1
            if b - a != 4 * count or base + b > size:
                raise ValueError("%s: tensor %s has bad offsets" % (path, name))
            f.seek(base + a)
            out[name] = np.frombuffer(f.read(b - a), dtype="<f4").reshape(e["shape"]).copy()
        return out


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


# ---- schedules (org.diffusionexplorer.core.schedule; float64)

def schedule_spec(preset="linear", steps=1000):
    if preset == "linear":
        return {"format": SCHEDULE_FORMAT, "version": 1, "preset": "linear", "steps": steps, "beta_start": 1e-4,
                "beta_end": 0.02, "zero_terminal_snr": False}
    if preset == "cosine":
        return {"format": SCHEDULE_FORMAT, "version": 1, "preset": "cosine", "steps": steps, "cosine_s": 0.008,
                "max_beta": 0.999, "zero_terminal_snr": False}
    raise ValueError("--schedule must be linear or cosine (got %r)" % preset)


def alpha_bar(spec):
    """ᾱ_t for t = 0..T−1 as the Java core computes it: exp(Σ log1p(−β))."""
    T = spec["steps"]
    if spec["preset"] == "linear":
        betas = np.linspace(spec["beta_start"], spec["beta_end"], T, dtype=np.float64)
    elif spec["preset"] == "cosine":
        s, m = spec["cosine_s"], spec["max_beta"]
        f = lambda u: math.cos((u + s) / (1 + s) * math.pi / 2) ** 2
        betas = np.array([min(1 - f((i + 1) / T) / f(i / T), m) for i in range(T)], dtype=np.float64)
    else:
        raise ValueError("unsupported preset %r" % spec["preset"])
    return np.exp(np.cumsum(np.log1p(-betas)))


# ---- bundles

def write_bundle(out_dir, model, model_id, description, prediction, schedule, input_shape, training, classes=None,
                 samples_png=None):
    """Writes model.json + weights.safetensors (+ README.md) into out_dir, staged in a temporary folder beside it and
    moved into place whole."""
    parent = os.path.dirname(os.path.abspath(out_dir)) or "."
    os.makedirs(parent, exist_ok=True)
    stage = tempfile.mkdtemp(prefix="." + os.path.basename(out_dir) + ".", dir=parent)
    try:
        sd = {k: v for k, v in model.state_dict().items()}
        weights = os.path.join(stage, "weights.safetensors")
        write_safetensors(weights, sd, {"format": "diffusion-explorer", "model": model_id})
        params = sum(int(v.numel()) for v in sd.values())
        j = {
            "format": FORMAT, "version": 1, "id": model_id, "description": description,
            "architecture": model.config, "input_shape": list(input_shape), "value_range": [-1.0, 1.0],
            "prediction": prediction, "schedule": schedule, "training": training,
            "weights": {"file": "weights.safetensors", "sha256": sha256(weights), "parameters": params},
        }
        if classes:
            j["classes"] = classes
        with open(os.path.join(stage, "model.json"), "w") as f:
            json.dump(j, f, indent=2)
        card = ["# %s" % model_id, "", description, "",
                "Trained with PyTorch (`tools/torch/train.py`), written as a Diffusion Explorer bundle.", "",
                "| | |", "|---|---|",
                "| architecture | %s |" % json.dumps(model.config), "| parameters | %d |" % params,
                "| prediction | %s |" % prediction, "| schedule | %s, T = %d |" % (schedule["preset"], schedule["steps"])]
        for k in ("data", "steps", "batch", "lr", "ema_decay", "world_size", "wall_time_seconds", "final_loss", "command"):
            if k in training:
                card.append("| %s | %s |" % (k, training[k]))
        if samples_png:
            shutil.copy(samples_png, os.path.join(stage, "samples.png"))
            card += ["", "![samples](samples.png)"]
        with open(os.path.join(stage, "README.md"), "w") as f:
            f.write("\n".join(card) + "\n")
        old = None
        if os.path.exists(out_dir):
            old = out_dir + ".old-" + os.path.basename(stage)
            os.rename(out_dir, old)
        os.rename(stage, out_dir)
        if old:
            shutil.rmtree(old, ignore_errors=True)
    finally:
        if os.path.exists(stage):
            shutil.rmtree(stage, ignore_errors=True)


def read_bundle(folder):
    """(model with the bundle's weights, model.json as a dict); checks the checksum, names and shapes."""
    from models import from_config
    with open(os.path.join(folder, "model.json")) as f:
        j = json.load(f)
    if j.get("format") != FORMAT:
        raise ValueError("%s: not a Diffusion Explorer model (format %r)" % (folder, j.get("format")))
    wfile = os.path.join(folder, j["weights"]["file"])
    want = j["weights"].get("sha256")
    if want and sha256(wfile) != want:
        raise ValueError("%s: weights checksum mismatch" % folder)
    model = from_config(j["architecture"])
    w = read_safetensors(wfile)
    sd = model.state_dict()
    for k, v in sd.items():
        if k not in w:
            raise ValueError("tensor %s is missing" % k)
        if list(w[k].shape) != list(v.shape):
            raise ValueError("tensor %s has shape %s, the architecture needs %s" % (k, list(w[k].shape), list(v.shape)))
    extra = set(w) - set(sd)
    if extra:
        raise ValueError("unexpected tensors: %s" % sorted(extra))
    model.load_state_dict({k: torch.from_numpy(w[k]) for k in sd})
    return model, j
