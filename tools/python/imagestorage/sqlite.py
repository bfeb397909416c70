"""SQLite stores (one file): table images (id INTEGER PRIMARY KEY, label, checksum, pixels BLOB), table meta (key, value)."""
import contextlib, json, pathlib, sqlite3
import numpy as np
from .common import checked, image, shape


def read(path):
    """Every image, label and class name of a SQLite store; needs numpy only (Python's sqlite3)."""
    uri = pathlib.Path(path).absolute().as_uri() + "?mode=ro"
    with contextlib.closing(sqlite3.connect(uri, uri=True)) as db:
        meta = dict(db.execute("SELECT key, value FROM meta"))
        if meta.get("format") != "imagestorage-sqlite":
            raise ValueError(f"{path}: not an imagestorage-sqlite store (meta says {meta.get('format')!r})")
        n, shp = meta["count"], shape(meta)
        rows = db.execute("SELECT id, label, checksum, pixels FROM images WHERE id < ? ORDER BY id", (n,)).fetchall()
    if [row[0] for row in rows] != list(range(n)):
        raise ValueError(f"{path}: the images table does not hold ids 0 to {n - 1}")
    images = np.empty((n, *shp), np.uint8)
    for i, row in enumerate(rows):
        images[i] = image(row[3], meta["encoding"], shp, f"{path}: image {i}")
    classes = json.loads(meta["classes"]) if "classes" in meta else None
    return checked(path, images, [row[1] for row in rows], [row[2] for row in rows], classes)
