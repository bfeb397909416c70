"""HDF5 stores (one file): datasets images (N, H, W, C) uint8, labels (N,) int32, checksums (N,) uint32; or, PNG-encoded,
png (all PNG files back to back) and png_offsets (N + 1 int64) with height, width, channels root attributes."""
import h5py  # Debian: python3-h5py; pip: h5py
import numpy as np
from .common import checked, image, shape


def read(path):
    """Every image, label and class name of an HDF5 store; needs numpy and h5py."""
    with h5py.File(path, "r") as f:
        labels = f["labels"][:] if "labels" in f else f["meta"][:]  # the article's files call them meta
        if "images" in f:
            images = f["images"][:]
        else:
            png, offsets, shp = f["png"][:], f["png_offsets"][:], shape(f.attrs)
            images = np.empty((len(offsets) - 1, *shp), np.uint8)
            for i in range(len(images)):
                images[i] = image(png[offsets[i]:offsets[i + 1]].tobytes(), "png", shp, f"{path}: image {i}")
        sums = f["checksums"][:] if "checksums" in f else None  # version 1 stores and h5py's own files have none
        classes = [c.decode() if isinstance(c, bytes) else str(c) for c in f.attrs["classes"]] if "classes" in f.attrs else None
    return checked(path, images, labels, sums, classes)
