"""Training data as the Java side defines it: the toy 2-D sets (org.diffusionexplorer.core.data.ToyDatasets, same
distributions, another random generator), Fashion-MNIST IDX files, or a folder of images (needs Pillow)."""
import gzip
import math
import os
import struct

import numpy as np

TOY = ("moons", "swiss-roll", "8gaussians", "checkerboard", "spiral", "circles")
# the class names of the labelled toy sets, as ToyDatasets.classes on the Java side
TOY_CLASSES = {
    "moons": ["upper moon", "lower moon"],
    "8gaussians": ["east", "north-east", "north", "north-west", "west", "south-west", "south", "south-east"],
    "circles": ["outer circle", "inner circle"],
}


def toy(name, n, seed):
    return toy_labelled(name, n, seed)[0]


def toy_labelled(name, n, seed):
    """(points N×2, labels N or None)."""
    r = np.random.default_rng(seed)
    g = lambda s: r.normal(0, s, n)
    labels = None
    if name == "moons":
        a = math.pi * r.random(n)
        up = r.random(n) < 0.5
        labels = np.where(up, 0, 1)
        x = np.where(up, np.cos(a), 1 - np.cos(a))
        y = np.where(up, np.sin(a), 0.5 - np.sin(a))
        x, y = (x - 0.5) * 1.6 + g(0.05), (y - 0.25) * 1.6 + g(0.05)
    elif name == "swiss-roll":
        t = 1.5 * math.pi * (1 + 2 * r.random(n))
        x, y = t * np.cos(t) / 7 + g(0.04), t * np.sin(t) / 7 + g(0.04)
    elif name == "8gaussians":
        labels = r.integers(0, 8, n)
        a = 2 * math.pi * labels / 8
        x, y = 1.6 * np.cos(a) + g(0.1), 1.6 * np.sin(a) + g(0.1)
    elif name == "checkerboard":
        x1 = r.random(n) * 4 - 2
        x2 = r.random(n) - r.integers(0, 2, n) * 2 + np.mod(np.floor(x1), 2)
        x, y = x1, x2
    elif name == "spiral":
        t = np.sqrt(r.random(n)) * 3 * math.pi
        x, y = t * np.cos(t) / 5 + g(0.05), t * np.sin(t) / 5 + g(0.05)
    elif name == "circles":
        a = 2 * math.pi * r.random(n)
        outer = r.random(n) < 0.5
        rad = np.where(outer, 1.6, 0.8)
        labels = np.where(outer, 0, 1)
        x, y = rad * np.cos(a) + g(0.05), rad * np.sin(a) + g(0.05)
    else:
        raise ValueError("toy data set must be one of %s (got %r)" % (", ".join(TOY), name))
    return np.stack([x, y], 1).astype(np.float32), (None if labels is None else labels.astype(np.int64))


def _idx(path):
    op = gzip.open if path.endswith(".gz") else open
    with op(path, "rb") as f:
        magic = struct.unpack(">I", f.read(4))[0]
        dims = struct.unpack(">" + "I" * (magic & 0xFF), f.read(4 * (magic & 0xFF)))
        data = np.frombuffer(f.read(), dtype=np.uint8)
    if data.size != int(np.prod(dims)):
        raise ValueError("%s: %d bytes for a declared %s" % (path, data.size, dims))
    return data.reshape(dims)


def fashion_mnist(folder="/usr/share/datasets/fashion-mnist"):
    """(images N×1×28×28 in [−1, 1], labels) from the training IDX files (plain or gzipped)."""
    for img, lab in (("train-images-idx3-ubyte", "train-labels-idx1-ubyte"),):
        for ext in ("", ".gz"):
            p, q = os.path.join(folder, img + ext), os.path.join(folder, lab + ext)
            if os.path.exists(p) and os.path.exists(q):
                x = _idx(p).astype(np.float32) / 127.5 - 1
                return x[:, None], _idx(q).astype(np.int64)
    raise FileNotFoundError("no Fashion-MNIST training files in %s (Debian: apt-get install dataset-fashion-mnist)" % folder)


def image_folder(folder, size, channels):
    try:
        from PIL import Image
    except ImportError:
        raise SystemExit("a folder of images needs Pillow (Debian: apt-get install python3-pil)")
    out = []
    for name in sorted(os.listdir(folder)):
        try:
            im = Image.open(os.path.join(folder, name))
            im = im.convert("L" if channels == 1 else "RGB")
        except Exception:
            continue
        w, h = im.size
        s = min(w, h)
        im = im.crop(((w - s) // 2, (h - s) // 2, (w - s) // 2 + s, (h - s) // 2 + s)).resize((size, size), Image.BOX)
        a = np.asarray(im, dtype=np.float32) / 127.5 - 1
        out.append(a[None] if channels == 1 else a.transpose(2, 0, 1))
    if not out:
        raise SystemExit("%s: no readable images" % folder)
    return np.stack(out)
