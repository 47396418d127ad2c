"""The process's one matcher: built lazily from the knowledge-base file on first use
(seconds: every article is embedded and the thresholds calibrated), then shared by
every request and socket of the process. Tests put a small or fake matcher in place."""

import threading
from pathlib import Path
from typing import Protocol

from django.conf import settings

from gridcare.chatbot.matching.matcher import Reply

KB_PATH = Path(__file__).resolve().parent / "data" / "kb.jsonl"


class ReplyMaker(Protocol):
    def reply(self, message: str) -> Reply: ...


_lock = threading.Lock()
_matcher: ReplyMaker | None = None


def _build() -> ReplyMaker:
    from gridcare.chatbot.matching.articles import load_articles
    from gridcare.chatbot.matching.dense import E5Embedder
    from gridcare.chatbot.matching.matcher import Matcher
    from gridcare.chatbot.matching.vector_store import VectorStore

    # Vectors are kept on disk by text hash: a restart embeds only changed texts.
    embedder = E5Embedder()
    store = VectorStore(settings.DATA_DIR / "chatbot-vectors.sqlite", embedder.dim)
    return Matcher(embedder, load_articles(KB_PATH), store=store)


def matcher_get() -> ReplyMaker:
    """Return the process's matcher, building it once (double-checked lock)."""
    global _matcher
    if _matcher is None:
        with _lock:
            if _matcher is None:
                _matcher = _build()
    return _matcher


def matcher_set(matcher: ReplyMaker | None) -> None:
    """Replace the matcher (tests; a rebuilt base). None: build again on next use."""
    global _matcher
    with _lock:
        _matcher = matcher
