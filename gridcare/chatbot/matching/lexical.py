"""Lexical scoring on lemmas, character n-grams for typos, and spelling correction.

All statistics are counts updated on every upsert or removal; inverse document
frequencies are computed from them when a query arrives, so nothing is rebuilt.
"""

import math
import zlib
from collections import Counter
from collections.abc import Iterable

import numpy as np
import numpy.typing as npt

from gridcare.chatbot.matching.text import (
    char_ngrams,
    damerau_levenshtein,
    is_known_word,
)

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
NGRAM_BUCKETS = 1 << 20


class TermIndex:
    """Which articles contain which lemma: inverse frequencies and a lexical shortlist."""

    def __init__(self) -> None:
        self._postings: dict[str, set[int]] = {}
        self._arrays: dict[str, IntArray] = {}  # postings as arrays, dropped on change
        self._row_frequency: Counter[str] = Counter()
        self.rows = 0

    def add(self, slot: int, term_rows: Counter[str], rows: int) -> None:
        """Count an article's lemmas: term_rows[lemma] of its `rows` rows contain it."""
        self.rows += rows
        self._row_frequency.update(term_rows)
        for term in term_rows:
            self._postings.setdefault(term, set()).add(slot)
            self._arrays.pop(term, None)

    def remove(self, slot: int, term_rows: Counter[str], rows: int) -> None:
        self.rows -= rows
        self._row_frequency.subtract(term_rows)
        for term in term_rows:
            if self._row_frequency[term] <= 0:
                del self._row_frequency[term]
            postings = self._postings.get(term)
            if postings is not None:
                postings.discard(slot)
                if not postings:
                    del self._postings[term]
            self._arrays.pop(term, None)

    def __contains__(self, term: str) -> bool:
        return term in self._postings

    def idf(self, term: str) -> float:
        """BM25 inverse frequency over rows (titles, variants, answer sentences).

        Rows rather than articles: a small base has few articles, and a word in every
        other sentence is common even if it sits in only a few articles. A lemma
        unseen in the base gets the maximum.
        """
        frequency = self._row_frequency.get(term, 0)
        return math.log(1.0 + (self.rows - frequency + 0.5) / (frequency + 0.5))

    def scores(self, terms: Iterable[str], slots: int) -> FloatArray:
        """Sum of idf of the query lemmas each article slot contains."""
        result = np.zeros(slots, dtype=np.float64)
        for term in set(terms):
            if term in self._postings:
                np.add.at(result, self._array(term), self.idf(term))
        return result

    def _array(self, term: str) -> IntArray:
        array = self._arrays.get(term)
        if array is None:
            array = np.fromiter(self._postings[term], dtype=np.int64)
            self._arrays[term] = array
        return array


def weighted_cosine(
    query: dict[str, float], row: frozenset[str], weights: dict[str, float]
) -> float:
    """Cosine of weighted lemma sets; query and weights map lemma -> weight."""
    common = sum(
        weight * weights[term] for term, weight in query.items() if term in row
    )
    if common == 0.0:
        return 0.0
    query_norm = math.sqrt(sum(weight * weight for weight in query.values()))
    row_norm = math.sqrt(sum(weights[term] ** 2 for term in row))
    return common / (query_norm * row_norm)


class NgramIndex:
    """Character 3–5-gram TF-IDF over short rows (titles, question variants).

    N-grams are hashed into a fixed number of buckets so that a row is two small arrays
    and the frequencies are one array, whatever the size of the base.
    """

    def __init__(self) -> None:
        self._frequency = np.zeros(NGRAM_BUCKETS, dtype=np.int32)
        self.rows = 0

    @staticmethod
    def encode(folded: str) -> tuple[IntArray, FloatArray]:
        """Return a text's sorted n-gram buckets and their counts."""
        counts: Counter[int] = Counter()
        for gram, count in char_ngrams(folded).items():
            counts[zlib.crc32(gram.encode()) % NGRAM_BUCKETS] += count
        buckets = np.fromiter(sorted(counts), dtype=np.int64, count=len(counts))
        values = np.fromiter((counts[b] for b in buckets), dtype=np.float64)
        return buckets, values

    def add(self, buckets: IntArray) -> None:
        self._frequency[buckets] += 1
        self.rows += 1

    def remove(self, buckets: IntArray) -> None:
        self._frequency[buckets] -= 1
        self.rows -= 1

    def weigh(self, buckets: IntArray, values: FloatArray) -> FloatArray:
        """TF-IDF weights, L2-normalised (sublinear tf)."""
        idf = np.log((self.rows + 1.0) / (self._frequency[buckets] + 1.0)) + 1.0
        weights: FloatArray = (1.0 + np.log(values)) * idf
        norm = float(np.linalg.norm(weights))
        return weights / norm if norm > 0 else weights

    @staticmethod
    def cosine(
        query: tuple[IntArray, FloatArray], row: tuple[IntArray, FloatArray]
    ) -> float:
        """Dot product of two weighted, normalised bucket vectors."""
        _, query_at, row_at = np.intersect1d(
            query[0], row[0], assume_unique=True, return_indices=True
        )
        return float(np.dot(query[1][query_at], row[1][row_at]))


class Spelling:
    """Corrects misspelt words to word forms that occur in the knowledge base."""

    def __init__(self) -> None:
        self._forms: Counter[str] = Counter()
        self._by_trigram: dict[str, set[str]] = {}

    def add(self, words: Iterable[str]) -> None:
        for word in words:
            if self._forms[word] == 0 and word.isalpha():
                for trigram in _trigrams(word):
                    self._by_trigram.setdefault(trigram, set()).add(word)
            self._forms[word] += 1

    def remove(self, words: Iterable[str]) -> None:
        for word in words:
            self._forms[word] -= 1
            if self._forms[word] <= 0:
                del self._forms[word]
                for trigram in _trigrams(word):
                    forms = self._by_trigram.get(trigram)
                    if forms is not None:
                        forms.discard(word)

    def correct(self, word: str) -> str:
        """Return the closest base word form for an unknown word, else the word itself.

        Only words that neither the base nor the Russian dictionary know are touched;
        up to one edit for words of 4–5 letters and two for longer ones.
        """
        if len(word) < 4 or not word.isalpha() or word in self._forms:
            return word
        if is_known_word(word):
            return word
        limit = 1 if len(word) <= 5 else 2
        shared: Counter[str] = Counter()
        for trigram in _trigrams(word):
            shared.update(self._by_trigram.get(trigram, ()))
        best, best_key = word, (limit + 1, 0)
        for form, _ in shared.most_common(40):
            distance = damerau_levenshtein(word, form, limit)
            key = (distance, -self._forms[form])
            if distance <= limit and key < best_key:
                best, best_key = form, key
        return best


def _trigrams(word: str) -> set[str]:
    padded = f" {word} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}
