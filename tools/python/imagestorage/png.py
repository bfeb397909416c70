"""PNG stores (directory): 0.png, 1.png, ... (8-bit RGB or grayscale), labels.csv (id,label), checksums.crc32 (N uint32 LE)."""
import csv, os
import numpy as np
from .common import checked, fromfile, image, manifest, shape


def read(path):
    """Every image, label and class name of a PNG store; needs numpy only (PNGs decoded with zlib)."""
    meta = manifest(path, "imagestorage-png")
    n, shp = meta["count"], shape(meta)
    with open(os.path.join(path, "labels.csv"), newline="", encoding="ascii") as f:
        rows = list(csv.DictReader(f))[:n]  # files past the committed count belong to no image
    if [int(r["id"]) for r in rows] != list(range(n)):
        raise ValueError(f"{path}/labels.csv: expected ids 0 to {n - 1} in order")
    images = np.empty((n, *shp), np.uint8)
    for i in range(n):
        file = os.path.join(path, f"{i}.png")
        with open(file, "rb") as f:
            images[i] = image(f.read(), "png", shp, file)
    sums = fromfile(path, "checksums.crc32", "<u4", n) if meta.get("checksum") else None
    return checked(path, images, [int(r["label"]) for r in rows], sums, meta.get("classes"))
