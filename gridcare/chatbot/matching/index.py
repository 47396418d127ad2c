"""The searchable knowledge base: articles with their vectors, lemmas and n-grams.

`Index.upsert` and `Index.remove` change one article: its slot is cleared and refilled,
counts are adjusted, and only texts that actually changed are embedded again.
"""

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise

import numpy as np

from gridcare.chatbot.matching.articles import Article
from gridcare.chatbot.matching.dense import Embedder, Matrix, RowVectors, SlotVectors
from gridcare.chatbot.matching.lexical import (
    FloatArray,
    IntArray,
    NgramIndex,
    Spelling,
    TermIndex,
    weighted_cosine,
)
from gridcare.chatbot.matching.text import (
    Analysed,
    analyse,
    canonical_lemmas,
    lemma,
    term_weight,
)
from gridcare.chatbot.matching.vector_store import VectorStore, embed_texts

# Per-candidate features, in this order (all roughly in [0, 1]):
FEATURES = (
    "dense_article",  # cosine with the article as a passage (see _passage)
    "dense_questions",  # best cosine with the title or one variant, each its own query
    "lemma_cosine",  # best weighted lemma cosine with the title or a variant
    "coverage",  # share of the query's lemma weight found anywhere in the article
    "ngram",  # best character n-gram cosine with the title or a variant
    "answer_lemma",  # best weighted lemma cosine with a sentence of the answer
    "bm25",  # BM25 of the query lemmas over the title and variants as one field
    "bigram",  # share of the query's lemma pairs (adjacent, any order) in title/variants
    # 1 / (rank among the shortlisted candidates) by four of the signals above: the
    # ranker is linear, and «first by a signal» means more than a slightly higher value
    "rank_dense_article",
    "rank_dense_questions",
    "rank_ngram",
    "rank_bm25",
)
RANKED = (0, 1, 4, 6)  # the signals behind the rank_* features, in FEATURES order
BM25_K1 = 1.2
BM25_B = 0.75
SHORTLIST = 15  # candidates taken from each of the three signals
ANSWER_CHARS = 200  # of the answer in the article passage
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+")


@dataclass(slots=True)
class _Entry:
    article: Article
    slot: int
    passage: str  # the article passage as embedded
    rows: list[int]  # RowVectors rows of the title and each variant, in order
    short_terms: list[frozenset[str]]  # lemmas of the title, then of each variant
    short_counts: list[Counter[str]]  # lemma counts of the same rows
    short_pairs: list[frozenset[frozenset[str]]]  # adjacent lemma pairs of the rows
    answer_terms: list[frozenset[str]]  # lemmas of each answer sentence
    term_rows: Counter[str]  # lemma -> number of rows (short, answer sentences) with it
    ngrams: list[tuple[IntArray, FloatArray]]  # raw n-gram counts of short rows
    words: list[str]  # surface words of every row, for spelling


@dataclass(slots=True)
class Query:
    """A consumer's message prepared for scoring."""

    text: str
    analysed: Analysed
    vector: Matrix
    ngrams: tuple[IntArray, FloatArray]  # weighted, normalised
    weights: dict[str, float]  # lemma -> part-of-speech weight times idf


@dataclass(frozen=True, slots=True)
class HeldOut:
    """An article as if one of its question variants had not been written."""

    slot: int
    position: int  # among the short rows: 0 is the title, 1… the variants
    vector: Matrix  # the article passage without the variant
    row_vectors: Matrix  # the other short rows' vectors


@dataclass(slots=True)
class Scored:
    """Candidates for one query with their feature rows (see FEATURES)."""

    slots: list[int]
    features: FloatArray  # shape (len(slots), len(FEATURES))
    dense_mean: float  # mean dense_article over all articles, for calibration


class Index:
    """Articles searchable by dense, lemma and character n-gram similarity."""

    def __init__(self, embedder: Embedder, store: VectorStore | None = None) -> None:
        self.embedder = embedder
        self.store = store
        self.article_vectors = SlotVectors(embedder.dim)
        self.row_vectors = RowVectors(embedder.dim)
        self.terms = TermIndex()
        self.ngram_index = NgramIndex()
        self.spelling = Spelling()
        self._entries: dict[str, _Entry] = {}
        self._by_slot: dict[int, _Entry] = {}
        self._free_slots: list[int] = []
        self._next_slot = 0
        self._short_length = 0  # lemmas in all titles and variants, for BM25's avgdl
        self.version = 0  # bumped on every change; calibration remembers it

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, article_id: str) -> bool:
        return article_id in self._entries

    def articles(self) -> list[Article]:
        return [entry.article for entry in self._entries.values()]

    def article(self, article_id: str) -> Article:
        return self._entries[article_id].article

    def by_slot(self, slot: int) -> Article:
        return self._by_slot[slot].article

    def slot_of(self, article_id: str) -> int:
        return self._entries[article_id].slot

    def upsert(self, article: Article) -> None:
        """Add or replace one article; unchanged texts keep their vectors."""
        self.upsert_many([article])

    def upsert_many(self, articles: Iterable[Article]) -> None:
        """Add or replace articles, embedding only texts not embedded before."""
        articles = list(articles)
        known: dict[tuple[str, bool], Matrix] = {}
        for article in articles:
            old = self._entries.get(article.id)
            if old is not None:
                known[old.passage, False] = self.article_vectors.vectors[
                    old.slot
                ].copy()
                texts = _short_rows(old.article)
                for text, row in zip(texts, old.rows, strict=True):
                    known[text, True] = self.row_vectors.vectors[row].copy()
        for is_query, texts in (
            (False, [_passage(a) for a in articles]),
            (True, [text for a in articles for text in _short_rows(a)]),
        ):
            missing = sorted({t for t in texts if (t, is_query) not in known})
            vectors = self.embed(missing, is_query=is_query)
            known.update(
                ((text, is_query), v) for text, v in zip(missing, vectors, strict=True)
            )
        for article in articles:
            self.remove(article.id)
            self._add(article, known)

    def embed(self, texts: list[str], *, is_query: bool) -> Matrix:
        """Embed texts of the base (or made from it), through the vector store."""
        return embed_texts(self.embedder, texts, is_query=is_query, store=self.store)

    def remove(self, article_id: str) -> None:
        """Forget an article; a missing id is ignored."""
        entry = self._entries.pop(article_id, None)
        if entry is None:
            return
        del self._by_slot[entry.slot]
        self._free_slots.append(entry.slot)
        self.article_vectors.clear(entry.slot)
        self.row_vectors.remove(entry.rows)
        self.terms.remove(entry.slot, entry.term_rows, _rows(entry))
        for buckets, _ in entry.ngrams:
            self.ngram_index.remove(buckets)
        self.spelling.remove(entry.words)
        self._short_length -= sum(sum(c.values()) for c in entry.short_counts)
        self.version += 1

    def hold_out(self, article_id: str, position: int) -> HeldOut:
        """An article as if one variant were not written (for calibration)."""
        entry = self._entries[article_id]
        article = entry.article
        questions = tuple(
            question
            for number, question in enumerate(article.questions, start=1)
            if number != position
        )
        shorter = Article(
            article.id, article.topic, article.title, questions, article.answer
        )
        passage = _passage(shorter)
        if passage == entry.passage:
            vector = self.article_vectors.vectors[entry.slot].copy()
        else:
            vector = self.embed([passage], is_query=False)[0]
        rows = [row for i, row in enumerate(entry.rows) if i != position]
        return HeldOut(entry.slot, position, vector, self.row_vectors.vectors[rows])

    def query(self, text: str, vector: Matrix | None = None) -> Query:
        """Analyse a message: correct typos against the base, lemmatise, embed."""
        analysed = analyse(text)
        corrected = [self.spelling.correct(word) for word in analysed.words]
        if corrected != list(analysed.words):
            lemmas = tuple(canonical_lemmas([lemma(word) for word in corrected]))
            analysed = Analysed(analysed.words, lemmas, analysed.folded)
        if vector is None:
            vector = self.embedder.queries([text])[0]
        buckets, counts = NgramIndex.encode(analysed.folded)
        ngrams = self.ngram_index.weigh(buckets, counts)
        weights = {term: self._weight(term) for term in set(analysed.lemmas)}
        return Query(text, analysed, vector, (buckets, ngrams), weights)

    def score(
        self,
        query: Query,
        *,
        held_out: HeldOut | None = None,
        hidden_slot: int | None = None,
    ) -> Scored:
        """Shortlist candidates and compute their features.

        held_out replaces one article by its version without a variant, hidden_slot
        hides a whole article: calibration asks a variant as if it were not in the base.
        """
        slots = self._next_slot
        live = self.article_vectors.live[:slots].copy()
        dense = (
            self.article_vectors.similarities(query.vector, slots),
            self.row_vectors.best(query.vector, slots),
        )
        if held_out is not None:
            dense[0][held_out.slot] = float(held_out.vector @ query.vector)
            dense[1][held_out.slot] = float((held_out.row_vectors @ query.vector).max())
        if hidden_slot is not None:
            live[hidden_slot] = False
        lexical = self.terms.scores(query.analysed.lemmas, slots)
        chosen: set[int] = set()
        for signal in (*dense, lexical):
            masked = np.where(live, signal, -np.inf)
            chosen.update(int(slot) for slot in np.argsort(-masked)[:SHORTLIST])
        chosen_slots = sorted(slot for slot in chosen if live[slot])
        values = np.array(
            [self._features(query, slot, held_out, dense) for slot in chosen_slots],
            dtype=np.float64,
        ).reshape(len(chosen_slots), len(FEATURES) - len(RANKED))
        features = np.hstack([values, _reciprocal_ranks(values[:, RANKED])])
        return Scored(
            slots=chosen_slots,
            features=features,
            dense_mean=float(dense[0][live].mean()) if live.any() else 0.0,
        )

    def _features(
        self,
        query: Query,
        slot: int,
        held_out: HeldOut | None,
        dense: tuple[Matrix, Matrix],
    ) -> list[float]:
        entry = self._by_slot[slot]
        skipped = held_out.position if held_out and held_out.slot == slot else -1
        weights = {
            term: self._weight(term) for row in entry.short_terms for term in row
        }
        lemma_cosine = ngram = 0.0
        for position, terms in enumerate(entry.short_terms):
            if position == skipped:
                continue
            lemma_cosine = max(
                lemma_cosine, weighted_cosine(query.weights, terms, weights)
            )
            buckets, counts = entry.ngrams[position]
            row = (buckets, self.ngram_index.weigh(buckets, counts))
            ngram = max(ngram, NgramIndex.cosine(query.ngrams, row))
        answer_weights = {
            term: self._weight(term) for row in entry.answer_terms for term in row
        }
        answer_lemma = max(
            (
                weighted_cosine(query.weights, terms, answer_weights)
                for terms in entry.answer_terms
            ),
            default=0.0,
        )
        rows = entry.term_rows
        if skipped >= 0:
            rows = rows - Counter(entry.short_terms[skipped])
        total = sum(query.weights.values())
        covered = sum(
            weight for term, weight in query.weights.items() if rows[term] > 0
        )
        return [
            float(dense[0][slot]),
            float(dense[1][slot]),
            lemma_cosine,
            covered / total if total else 0.0,
            ngram,
            answer_lemma,
            self._bm25(query, entry, skipped),
            _pair_share(query.analysed.lemmas, entry.short_pairs, skipped),
        ]

    def _bm25(self, query: Query, entry: _Entry, skipped: int) -> float:
        """BM25 over the title and variants as one field, scaled to [0, 1)."""
        counts: Counter[str] = Counter()
        for position, row in enumerate(entry.short_counts):
            if position != skipped:
                counts.update(row)
        length = sum(counts.values())
        average = self._short_length / len(self._entries) if self._entries else 1.0
        norm = BM25_K1 * (1 - BM25_B + BM25_B * length / max(average, 1.0))
        score = total = 0.0
        for term, weight in query.weights.items():
            total += weight
            frequency = counts.get(term, 0)
            if frequency:
                score += weight * frequency / (frequency + norm)
        return score / total if total else 0.0

    def _weight(self, term: str) -> float:
        return term_weight(term) * self.terms.idf(term)

    def _add(self, article: Article, known: dict[str, Matrix]) -> None:
        slot = self._free_slots.pop() if self._free_slots else self._take_slot()
        passage = _passage(article)
        short_rows = _short_rows(article)
        analysed = [analyse(text) for text in (article.title, *article.questions)]
        sentences = [analyse(text) for text in _SENTENCE_END.split(article.answer)]
        short_terms = [frozenset(item.lemmas) for item in analysed]
        short_counts = [Counter(item.lemmas) for item in analysed]
        short_pairs = [_pairs(item.lemmas) for item in analysed]
        answer_terms = [frozenset(item.lemmas) for item in sentences if item.lemmas]
        term_rows: Counter[str] = Counter()
        for terms in [*short_terms, *answer_terms]:
            term_rows.update(terms)
        ngrams = [NgramIndex.encode(item.folded) for item in analysed]
        entry = _Entry(
            article=article,
            slot=slot,
            passage=passage,
            rows=self.row_vectors.add(
                slot, np.array([known[text, True] for text in short_rows])
            ),
            short_terms=short_terms,
            short_counts=short_counts,
            short_pairs=short_pairs,
            answer_terms=answer_terms,
            term_rows=term_rows,
            ngrams=ngrams,
            words=[word for item in [*analysed, *sentences] for word in item.words],
        )
        self._entries[article.id] = entry
        self._by_slot[slot] = entry
        self.article_vectors.set(slot, known[passage, False])
        self.terms.add(slot, term_rows, _rows(entry))
        for buckets, _ in ngrams:
            self.ngram_index.add(buckets)
        self.spelling.add(entry.words)
        self._short_length += sum(sum(c.values()) for c in short_counts)
        self.version += 1

    def _take_slot(self) -> int:
        self._next_slot += 1
        return self._next_slot - 1


def _reciprocal_ranks(values: FloatArray) -> FloatArray:
    """1 / rank of each row by each column (1 for the best; ties by position)."""
    ranks = np.empty_like(values)
    for column in range(values.shape[1]):
        order = np.argsort(-values[:, column], kind="stable")
        ranks[order, column] = np.arange(1, len(order) + 1)
    return 1.0 / ranks


def _pairs(lemmas: tuple[str, ...]) -> frozenset[frozenset[str]]:
    """Adjacent lemma pairs in either order («счётчик замена» = «замена счётчика»)."""
    return frozenset(frozenset(pair) for pair in pairwise(lemmas) if pair[0] != pair[1])


def _pair_share(
    lemmas: tuple[str, ...], rows: list[frozenset[frozenset[str]]], skipped: int
) -> float:
    """Share of the query's lemma pairs that some title or variant also has."""
    pairs = _pairs(lemmas)
    if not pairs:
        return 0.0
    known: set[frozenset[str]] = set()
    for position, row in enumerate(rows):
        if position != skipped:
            known |= row
    return len(pairs & known) / len(pairs)


def _rows(entry: _Entry) -> int:
    return len(entry.short_terms) + len(entry.answer_terms)


def _passage(article: Article) -> str:
    """The article as one passage: title, variants and the start of the answer.

    The answer is cut after ANSWER_CHARS (at a word boundary): on our own base the cut
    passage ranks as well as the whole article and embeds a third faster.
    """
    answer = article.answer
    if len(answer) > ANSWER_CHARS:
        answer = answer[:ANSWER_CHARS].rsplit(" ", 1)[0]
    questions = " ".join(article.questions)
    return f"{article.title}. {questions} {answer}".strip()


def _short_rows(article: Article) -> tuple[str, ...]:
    """Texts embedded one by one as queries: the title and each question variant."""
    return (article.title, *article.questions)
