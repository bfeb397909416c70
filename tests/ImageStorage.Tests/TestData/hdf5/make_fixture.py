#!/usr/bin/env python3
"""Writes h5py_fixture.h5, the HDF5 file the interop test reads: made by h5py, not by ImageStorage.

images: 4 x 8 x 8 x 3 uint8, value (i * 7 + j) % 256 for image i and flat pixel-byte index j
labels: int64 [0, 1, 2, 3]   (h5py's default integer; ImageStorage writes int32)
Run with Debian's python3-h5py:  /usr/bin/python3 make_fixture.py
"""
import h5py
import numpy as np

images = np.zeros((4, 8 * 8 * 3), dtype=np.uint8)
for i in range(4):
    images[i] = (i * 7 + np.arange(8 * 8 * 3)) % 256
with h5py.File("h5py_fixture.h5", "w") as f:
    f.create_dataset("images", data=images.reshape(4, 8, 8, 3))
    f.create_dataset("labels", data=np.arange(4, dtype=np.int64))
    f.attrs["made_by"] = "h5py"

# The same images with big-endian int32 labels under the article's dataset name "meta": the reader must not take
# its little-endian fast path for these.
with h5py.File("h5py_bigendian_meta.h5", "w") as f:
    f.create_dataset("images", data=images.reshape(4, 8, 8, 3))
    f.create_dataset("meta", data=np.array([9, 8, 7, 300], dtype=">i4"))
