"""LMDB stores (environment directory): key = id in ten ASCII digits, value = a record (records.py); '!imagestorage' = the manifest JSON."""
import json
import lmdb  # py-lmdb (Debian: python3-lmdb; pip: lmdb)
import numpy as np
from .common import checked, shape
from .records import unpack


def read(path):
    """Every image, label and class name of an LMDB store; needs numpy and py-lmdb."""
    with lmdb.open(path, readonly=True, lock=False, subdir=True) as env, env.begin(buffers=True) as txn:
        meta = json.loads(bytes(txn.get(b"!imagestorage")))
        n = meta["count"]
        images, labels, sums = np.empty((n, *shape(meta)), np.uint8), np.empty(n, np.int32), np.empty(n, np.uint32)
        for i in range(n):
            value = txn.get(b"%010d" % i)
            if value is None:
                raise ValueError(f"{path}: image {i} is missing")
            images[i], labels[i], crc = unpack(value, i, meta, f"{path}: image {i}")
            sums[i] = crc or 0
    return checked(path, images, labels, sums if meta.get("checksum") else None, meta.get("classes"))
