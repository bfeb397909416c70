#!/usr/bin/python3
"""Writes the tiny CIFAR-10-style pickle fixtures that Cifar10PickleTests reads.

Run with Debian's python3 and python3-numpy (apt-get install -y python3-numpy):

    /usr/bin/python3 make_fixtures.py            # writes next to this script

Every batch holds 4 images of 3072 bytes each, stored as in the real CIFAR-10
"python version" files: one row per image, 1024 red, then 1024 green, then 1024
blue samples (CHW).  Sample j of image i is (i * 31 + j * 7 + (j // 1024) * 101)
% 256 (the last term makes the three planes differ, so a mix-up of channels shows)
and the labels are [3, 1, 4, 1], so the C# tests can check every byte by formula.

Files:
  py2style_p2.pkl  protocol 2, bytes keys (as Python 2's cPickle wrote them)
  p2.pkl           protocol 2, str keys (bytes become _codecs.encode calls)
  p3.pkl           protocol 3, bytes keys (BINBYTES)
  p4.pkl           protocol 4, str keys
  p5.pkl           protocol 5, str keys (numpy writes _frombuffer + bytearray)
  evil_os_system.pkl  protocol 2, a __reduce__ that would run os.system('touch
                   /tmp/pwned-imagestorage') if unpickled by Python; the reader
                   must refuse it.  This script only writes it, never loads it.
"""

import os
import pickle
import sys

import numpy as np

COUNT = 4
ROW = 3072
LABELS = [3, 1, 4, 1]
MARKER = "/tmp/pwned-imagestorage"


def pixels():
    i = np.arange(COUNT, dtype=np.int64).reshape(COUNT, 1)
    j = np.arange(ROW, dtype=np.int64).reshape(1, ROW)
    return ((i * 31 + j * 7 + (j // 1024) * 101) % 256).astype(np.uint8)


def batch(bytes_keys):
    data = pixels()
    assert data.flags["C_CONTIGUOUS"] and data.dtype == np.uint8
    filenames = ["img_%d.png" % i for i in range(COUNT)]
    if bytes_keys:
        return {
            b"batch_label": b"fixture batch 1 of 1",
            b"labels": list(LABELS),
            b"data": data,
            b"filenames": [name.encode("ascii") for name in filenames],
        }
    return {
        "batch_label": "fixture batch 1 of 1",
        "labels": list(LABELS),
        "data": data,
        "filenames": filenames,
    }


class Evil:
    """Pickles as a call of os.system; unpickling it with Python would run the command."""

    def __reduce__(self):
        return (os.system, ("touch " + MARKER,))


def write(directory, name, obj, protocol):
    path = os.path.join(directory, name)
    with open(path, "wb") as f:
        pickle.dump(obj, f, protocol=protocol)
    size = os.path.getsize(path)
    assert size < 20 * 1024, (name, size)
    print("%-20s protocol %d, %6d bytes" % (name, protocol, size))


def main():
    directory = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    write(directory, "py2style_p2.pkl", batch(bytes_keys=True), 2)
    write(directory, "p2.pkl", batch(bytes_keys=False), 2)
    write(directory, "p3.pkl", batch(bytes_keys=True), 3)
    write(directory, "p4.pkl", batch(bytes_keys=False), 4)
    write(directory, "p5.pkl", batch(bytes_keys=False), 5)
    write(directory, "evil_os_system.pkl", {"data": Evil()}, 2)


if __name__ == "__main__":
    main()
