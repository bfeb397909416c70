"""Tar-shard stores (directory, WebDataset's layout): shard-000000.tar, ... with members {key}.u8 (raw H x W x C bytes)
or {key}.png, then {key}.cls (the label in ASCII digits), key = id in ten digits; checksums.crc32 (N uint32 LE)."""
import glob, os, tarfile
import numpy as np
from .common import checked, fromfile, image, manifest, shape


def read(path):
    """Every image, label and class name of a tar-shard store; needs numpy only (Python's tarfile)."""
    meta = manifest(path, "imagestorage-tar")
    n, shp, encoding = meta["count"], shape(meta), meta.get("encoding")
    members = {}
    for shard in sorted(glob.glob(os.path.join(path, "shard-*.tar"))):
        with tarfile.open(shard) as tar:
            for m in tar:
                if int(m.name.split(".")[0]) < n:  # shards a killed append left hold ids past the committed count
                    members[m.name] = tar.extractfile(m).read()
    images, labels = np.empty((n, *shp), np.uint8), np.empty(n, np.int32)
    image_ext = ".png" if encoding == "png" else ".u8"
    for i in range(n):
        key = f"{i:010d}"
        if key + image_ext not in members or key + ".cls" not in members:
            raise ValueError(f"{path}: image {i}: no {key}{image_ext} and {key}.cls members in the shards")
        images[i] = image(members[key + image_ext], encoding, shp, f"{path}: {key}{image_ext}")
        labels[i] = int(members[key + ".cls"])
    sums = fromfile(path, "checksums.crc32", "<u4", n) if meta.get("checksum") else None
    return checked(path, images, labels, sums, meta.get("classes"))
