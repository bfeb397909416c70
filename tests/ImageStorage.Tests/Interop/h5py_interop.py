"""h5py side of the HDF5 interop test: prints what h5py reads from an ImageStorage HDF5 store."""
import hashlib, sys, zlib
import h5py
import numpy as np

with h5py.File(sys.argv[1], "r") as f:
    images, labels, checksums = f["images"][:], f["labels"][:], f["checksums"][:]
    for i in range(len(labels)):
        assert zlib.crc32(np.int32(labels[i]).tobytes(), zlib.crc32(images[i].tobytes())) == checksums[i], f"checksum of image {i}"
    attrs = ",".join(f"{k}={f.attrs[k]}" for k in sorted(f.attrs))
    print(f"shape {images.shape} dtype {images.dtype} labels {labels.dtype} pixels {hashlib.sha256(images.tobytes()).hexdigest()}"
          f" labelsum {int(labels.sum())} attrs {attrs} layout {f['images'].id.get_create_plist().get_layout()}")
