"""PNG decoding with zlib and numpy: the 8-bit grayscale or RGB, non-interlaced files the library writes."""
import struct, zlib
import numpy as np

SIGNATURE = b"\x89PNG\r\n\x1a\n"


def decode(data, shape, where):
    """The (H, W, C) uint8 pixels of one PNG file; `where` names it in errors."""
    h, w, c = shape
    if data[:8] != SIGNATURE:
        raise ValueError(f"{where}: not a PNG file")
    header, idat, pos = None, [], 8
    while pos + 8 <= len(data):
        length, kind = struct.unpack_from(">I4s", data, pos)
        body = bytes(data[pos + 8:pos + 8 + length])
        header = struct.unpack(">IIBBBBB", body) if kind == b"IHDR" else header
        idat += [body] if kind == b"IDAT" else []
        pos += 12 + length  # length, type, data, CRC
    want = (w, h, 8, {1: 0, 3: 2}.get(c), 0, 0, 0)  # width, height, depth 8, gray or RGB, deflate, filter 0, no interlace
    if header != want:
        raise ValueError(f"{where}: PNG header (width, height, depth, colour, compression, filter, interlace) is {header}, the store needs {want}")
    rows = np.frombuffer(zlib.decompress(b"".join(idat)), np.uint8).reshape(h, 1 + w * c)
    return unfilter(rows, w, c, where).reshape(h, w, c)


def unfilter(rows, w, c, where):
    """Undoes the per-row filters (PNG spec, section 9): None, Sub, Up, Average, Paeth."""
    prior, out = np.zeros(c + w * c, np.int32), []  # each row is kept with one zero pixel on its left
    for kind, line in zip(rows[:, 0], rows[:, 1:].astype(np.int32)):
        cur = np.zeros_like(prior)
        if kind in (0, 2):
            cur[c:] = (line + prior[c:] * (kind == 2)) % 256
        elif kind == 1:
            cur[c:] = line.reshape(w, c).cumsum(0).ravel() % 256
        elif kind in (3, 4):
            for x in range(c, c + w * c, c):
                a, b, d = cur[x - c:x], prior[x:x + c], prior[x - c:x]  # left, up, up-left
                p = a + b - d
                paeth = np.where((abs(p - a) <= abs(p - b)) & (abs(p - a) <= abs(p - d)), a, np.where(abs(p - b) <= abs(p - d), b, d))
                cur[x:x + c] = (line[x - c:x] + ((a + b) // 2 if kind == 3 else paeth)) % 256
        else:
            raise ValueError(f"{where}: unknown PNG row filter {kind}")
        out.append(cur[c:])
        prior = cur
    return np.array(out, np.uint8)
