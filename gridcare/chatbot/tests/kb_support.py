"""Helpers of the knowledge-base tests: a counting fake embedder, the small base of
conftest.py written into the database, and a live base built over it."""

import hashlib
from collections.abc import Iterator, Sequence

import numpy as np
from django.core.cache import cache

from gridcare.chatbot.engine import (
    KB_VERSION_KEY,
    LiveBase,
    live_base_install,
    matcher_set,
)
from gridcare.chatbot.knowledge import ArticleContent, kb_article_create
from gridcare.chatbot.matching.dense import Matrix
from gridcare.chatbot.models import KbArticle, KbArticleVersion
from gridcare.chatbot.tests.conftest import SMALL_BASE


class CountingEmbedder:
    """Hashed character trigrams, L2-normalised; remembers every text it embedded
    (queries and passages apart) so a test can tell what was embedded again."""

    dim = 64

    def __init__(self) -> None:
        self.queried: list[str] = []
        self.passaged: list[str] = []

    def _encode(self, texts: Sequence[str]) -> Matrix:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            folded = f"  {text.lower()}  "
            for i in range(len(folded) - 2):
                digest = hashlib.blake2b(folded[i : i + 3].encode(), digest_size=2)
                out[row, int.from_bytes(digest.digest(), "little") % self.dim] += 1.0
            norm = np.linalg.norm(out[row])
            if norm:
                out[row] /= norm
        return out

    def queries(self, texts: Sequence[str]) -> Matrix:
        self.queried.extend(texts)
        return self._encode(texts)

    def passages(self, texts: Sequence[str]) -> Matrix:
        self.passaged.extend(texts)
        return self._encode(texts)

    def forget(self) -> None:
        self.queried.clear()
        self.passaged.clear()


def kb_clear() -> None:
    """Remove every article (the shipped base loaded by the migration)."""
    KbArticle.objects.update(
        current_version=None, published_version=None, status="draft"
    )
    KbArticleVersion.objects.all().delete()
    KbArticle.objects.all().delete()


def small_kb_create(*, publish: bool = True) -> list[KbArticle]:
    """Write conftest's SMALL_BASE into an emptied database."""
    kb_clear()
    return [
        kb_article_create(
            slug=a.id,
            content=ArticleContent(a.topic, a.title, a.questions, a.answer),
            author=None,
            publish=publish,
        )
        for a in SMALL_BASE
    ]


def live_base_session() -> Iterator[tuple[LiveBase, CountingEmbedder]]:
    """Make a live base over the articles in the database the process's matcher
    (fake embedder, no recalibration), and put things back afterwards. Test
    modules wrap it in their `live` fixture."""
    cache.delete(KB_VERSION_KEY)
    embedder = CountingEmbedder()
    base = LiveBase.build(embedder)
    base.recalibrate = False  # count what the index embeds; calibration apart
    live_base_install(base)
    embedder.forget()
    yield base, embedder
    matcher_set(None)
    cache.delete(KB_VERSION_KEY)
