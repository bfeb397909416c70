"""The record LMDB and RocksDB values hold: a 24-byte little-endian header (16 bytes in version 1), then the payload."""
import struct
from .common import image, shape

HEADER_V1 = struct.Struct("<4sBBBBHHi")  # magic IMGS, version, encoding (0 raw, 1 PNG), channels, 0, height, width, label
HEADER_V2 = struct.Struct("<4sBBBBHHiiI")  # version 2 adds the image's id and its CRC-32


def unpack(value, key_id, meta, where):
    """(pixels, label, checksum or None) of the record stored under image key_id; meta is the '!imagestorage' record."""
    version, encoding = (2 if meta.get("checksum") else 1), meta.get("encoding")
    header = HEADER_V2.unpack_from(value) if version == 2 else HEADER_V1.unpack_from(value) + (key_id, None)
    magic, ver, enc, c, _, h, w, label, key, crc = header
    expected = (b"IMGS", version, 1 if encoding == "png" else 0, shape(meta), key_id)
    if (magic, ver, enc, (h, w, c), key) != expected:
        raise ValueError(f"{where}: bad record header {(magic, ver, enc, (h, w, c), key)}, expected {expected}")
    payload = value[HEADER_V2.size if version == 2 else HEADER_V1.size:]
    return image(payload, encoding, shape(meta), where), label, crc
