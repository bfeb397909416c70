"""Readers for the stores ImageStorage writes, one module per kind: raw, png, tar_shards, sqlite (numpy only), hdf5 (h5py),
lmdb (py-lmdb). Each module's read(path) returns a Store: images (N, H, W, C) uint8, labels (N,) int32, class names."""
import importlib, json, os

READERS = {"imagestorage-raw": "raw", "imagestorage-png": "png", "imagestorage-tar": "tar_shards"}
NOT_COVERED = {
    "rocksdb": "RocksDB stores need a RocksDB binding (python-rocksdb), which Debian 12 does not package; "
               "their keys and records are LMDB's (records.unpack reads a value), or use Debian's ldb tool",
    "arrow": "Arrow stores need pyarrow (pyarrow.ipc.open_file(path).read_all()), which Debian 12 does not package",
}


def kind(path):
    """The reader module's name for the store at path, detected as the library does (manifest, or the file's signature)."""
    if os.path.isdir(path):
        if os.path.exists(os.path.join(path, "imagestore.json")):
            with open(os.path.join(path, "imagestore.json"), encoding="utf-8") as f:
                fmt = json.load(f).get("format")
            if fmt in READERS:
                return READERS[fmt]
            raise ValueError(f"{path}: a store of format {fmt!r}, which these readers do not cover")
        return "lmdb" if os.path.exists(os.path.join(path, "data.mdb")) else "rocksdb" if os.path.exists(os.path.join(path, "CURRENT")) else None
    with open(path, "rb") as f:
        head = f.read(16)
    return "hdf5" if head[:8] == b"\x89HDF\r\n\x1a\n" else "sqlite" if head == b"SQLite format 3\0" else "arrow" if head[:6] == b"ARROW1" else None


def read(path):
    """Every image, label and class name of the store at path, of any kind these readers cover."""
    name = kind(path)
    if name in NOT_COVERED or name is None:
        raise ValueError(f"{path}: {NOT_COVERED.get(name, 'not an ImageStorage store')}")
    return importlib.import_module(f".{name}", __name__).read(path)
