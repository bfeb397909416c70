"""Reads an ImageStorage store of any kind, checks every image's CRC-32, and prints what it holds.

usage: python3 tools/python/read_store.py STORE
prints: KIND count N shape HxWxC sha256 DIGEST checksums checked|none classes NAME,NAME,...|none
DIGEST is the SHA-256 of every image's pixels in id order, then every label as 4 little-endian bytes.
"""
import hashlib, sys
import imagestorage

if __name__ == "__main__":
    try:
        store = imagestorage.read(sys.argv[1])
    except (ValueError, OSError, KeyError) as e:
        sys.exit(f"read_store: {e}")
    n, h, w, c = store.images.shape
    digest = hashlib.sha256(store.images.tobytes() + store.labels.astype("<i4").tobytes()).hexdigest()
    print(f"{imagestorage.kind(sys.argv[1])} count {n} shape {h}x{w}x{c} sha256 {digest}"
          f" checksums {'checked' if store.has_checksums else 'none'} classes {','.join(store.classes or []) or 'none'}")
