"""py-lmdb side of the LMDB interop tests: reads an ImageStorage LMDB store, or writes one in its record format.

usage: lmdb_interop.py read STORE          prints count, shape and the SHA-256 of all pixels then all labels
       lmdb_interop.py write STORE N H W C   writes N images (pixel j of image i = (i * 7 + j) % 256, label i % 10)
"""
import hashlib, json, struct, sys, zlib
import lmdb

HEADER = struct.Struct("<4sBBBBHHiiI")  # magic, version, encoding, channels, reserved, height, width, label, id, crc32


def read(path):
    env = lmdb.open(path, readonly=True, lock=False, subdir=True)
    with env.begin() as txn:
        meta = json.loads(txn.get(b"!imagestorage"))
        count, shape = meta["count"], (meta["height"], meta["width"], meta["channels"])
        pixels, labels = hashlib.sha256(), hashlib.sha256()
        for i in range(count):
            value = txn.get(b"%010d" % i)
            magic, version, encoding, channels, _, height, width, label, key_id, crc = HEADER.unpack_from(value)
            payload = value[HEADER.size:]
            assert magic == b"IMGS" and version == 2 and encoding == 0 and key_id == i, (magic, version, encoding, key_id, i)
            assert (height, width, channels) == shape and len(payload) == height * width * channels
            assert zlib.crc32(struct.pack("<i", label), zlib.crc32(payload)) == crc, f"checksum of image {i}"
            pixels.update(payload)
            labels.update(struct.pack("<i", label))
    print(f"count {count} shape {shape[0]}x{shape[1]}x{shape[2]} pixels {pixels.hexdigest()} labels {labels.hexdigest()} lmdb {lmdb.version()}")


def write(path, n, h, w, c):
    env = lmdb.open(path, map_size=1 << 26, subdir=True)
    with env.begin(write=True) as txn:
        for i in range(n):
            payload = bytes((i * 7 + j) % 256 for j in range(h * w * c))
            label = i % 10
            crc = zlib.crc32(struct.pack("<i", label), zlib.crc32(payload))
            txn.put(b"%010d" % i, HEADER.pack(b"IMGS", 2, 0, c, 0, h, w, label, i, crc) + payload)
        meta = {"format": "imagestorage-lmdb", "version": 2, "height": h, "width": w, "channels": c, "count": n, "checksum": "crc32"}
        txn.put(b"!imagestorage", json.dumps(meta).encode())
    env.close()


if __name__ == "__main__":
    if sys.argv[1] == "read":
        read(sys.argv[2])
    else:
        write(sys.argv[2], *map(int, sys.argv[3:7]))
