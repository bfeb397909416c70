"""Raw stores (directory): images.u8 = N x H x W x C bytes, labels.i32 = N int32, checksums.crc32 = N uint32 (little-endian)."""
from .common import checked, fromfile, manifest, shape


def read(path):
    """Every image, label and class name of a Raw store; needs numpy only."""
    meta = manifest(path, "imagestorage-raw")
    n, shp = meta["count"], shape(meta)
    images = fromfile(path, "images.u8", "u1", n * shp[0] * shp[1] * shp[2]).reshape(n, *shp)
    labels = fromfile(path, "labels.i32", "<i4", n)
    sums = fromfile(path, "checksums.crc32", "<u4", n) if meta.get("checksum") else None  # version 1 stores have none
    return checked(path, images, labels, sums, meta.get("classes"))
