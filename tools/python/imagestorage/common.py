"""What every reader shares: the manifest, payload decoding and the per-image CRC-32 check."""
import collections, json, os, struct, zlib
import numpy as np
from . import pngdecode

Store = collections.namedtuple("Store", "images labels classes has_checksums")
Store.__doc__ = "What a reader returns: images (N, H, W, C) uint8, labels (N,) int32, class names or None, and whether checksums were checked."


def manifest(path, fmt):
    """The store's imagestore.json (format, version, height, width, channels, count, encoding, checksum, classes)."""
    with open(os.path.join(path, "imagestore.json"), encoding="utf-8") as f:
        meta = json.load(f)
    if meta.get("format") != fmt:
        raise ValueError(f"{path}: not a {fmt} store (its manifest says {meta.get('format')!r})")
    return meta


def shape(meta):
    """(height, width, channels) of a manifest or metadata record."""
    return int(meta["height"]), int(meta["width"]), int(meta["channels"])


def image(payload, encoding, shp, where):
    """One image's (H, W, C) pixels from its stored bytes: raw pixels, or a PNG file when encoding is 'png'."""
    if encoding == "png":
        return pngdecode.decode(payload, shp, where)
    if len(payload) != shp[0] * shp[1] * shp[2]:
        raise ValueError(f"{where}: {len(payload)} pixel bytes, the shape {shp} needs {shp[0] * shp[1] * shp[2]}")
    return np.frombuffer(payload, np.uint8).reshape(shp)


def checksum(pixels, label):
    """ImageChecksum: CRC-32 (zlib's) of the pixels, then of the label as 4 little-endian bytes."""
    return zlib.crc32(struct.pack("<i", int(label)), zlib.crc32(np.ascontiguousarray(pixels).tobytes()))


def checked(path, images, labels, sums, classes):
    """The Store, once every image's pixels and label give its stored checksum (sums None: a store without checksums)."""
    for i in range(len(labels) if sums is not None else 0):
        if checksum(images[i], labels[i]) != int(sums[i]):
            raise ValueError(f"{path}: image {i}: checksum mismatch (stored {int(sums[i]):08x}, read {checksum(images[i], labels[i]):08x})")
    return Store(images, np.asarray(labels, np.int32), classes, sums is not None)


def fromfile(path, name, dtype, count):
    """The first `count` items of a little-endian file of the store, or an error if it is shorter."""
    data = np.fromfile(os.path.join(path, name), dtype, count)
    if len(data) < count:
        raise ValueError(f"{os.path.join(path, name)}: truncated, {len(data)} of {count} values")
    return data
