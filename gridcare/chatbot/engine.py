"""The process's one matcher, built lazily from the published articles of the
knowledge base in the database (seconds the first time: every article is embedded
and the thresholds calibrated; vectors are cached on disk by text hash, so a restart
embeds only changed texts), then shared by every request and socket of the process.

Keeping it current without rebuilding:

* a service that changes what Алсу answers calls `kb_changed()` on commit: it puts a
  new token under the cache key «kb version» and syncs this process's index;
* every other process compares the token with the one it last saw on each reply
  (`matcher_get`); when it differs it reads code → live version id of the published
  articles (one small query), and upserts the changed ones / removes the gone ones —
  only their texts are embedded. The cache is Redis in production, so all processes
  share it; a cache that is down only delays the reload.
* after enough changes (`Matcher.needs_calibration`, 5 % of the base) the sync
  recalibrates once, in the process that syncs.

Tests put a small or fake matcher in place (`matcher_set`) or a base built with a
fake embedder (`live_base_install`).
"""

import logging
import threading
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from django.conf import settings
from django.core.cache import cache

from gridcare.chatbot.matching.dense import Embedder
from gridcare.chatbot.matching.matcher import Matcher, Reply
from gridcare.chatbot.matching.vector_store import VectorStore

logger = logging.getLogger(__name__)

# The shipped base; loaded into the database by migration 0004 (and kb_import).
KB_PATH = Path(__file__).resolve().parent / "data" / "kb.jsonl"
KB_VERSION_KEY = "chatbot:kb-version"


class ReplyMaker(Protocol):
    def reply(self, message: str) -> Reply: ...


class LiveBase:
    """A matcher over the published articles and the live version ids it holds.

    Replies and syncs take one lock: an index is never read half-changed."""

    # Refit after a sync once enough of the base changed (tests turn it off to
    # count what the index alone embeds).
    recalibrate = True

    def __init__(self, matcher: Matcher, loaded: dict[str, int]) -> None:
        self.matcher = matcher
        self.loaded = loaded  # article code -> id of the version in the index
        self._lock = threading.RLock()

    @classmethod
    def build(cls, embedder: Embedder, store: VectorStore | None = None) -> "LiveBase":
        """Index every published article (the one full build of a process)."""
        from gridcare.chatbot.knowledge import kb_published_versions

        published = kb_published_versions()
        matcher = Matcher(embedder, [a for _v, a in published], store=store)
        return cls(matcher, {a.id: v for v, a in published})

    @property
    def index(self) -> Any:
        return self.matcher.index

    def reply(self, message: str) -> Reply:
        with self._lock:
            return self.matcher.reply(message)

    def sync(self) -> tuple[list[str], list[str]]:
        """Upsert articles whose live version changed, remove unpublished ones;
        return (upserted, removed) codes."""
        from gridcare.chatbot.knowledge import kb_published_state, kb_published_versions

        state = kb_published_state()
        with self._lock:
            changed = sorted(s for s, v in state.items() if self.loaded.get(s) != v)
            removed = sorted(s for s in self.loaded if s not in state)
            for slug in removed:
                self.matcher.remove(slug)
                del self.loaded[slug]
            for version_id, article in (
                kb_published_versions(changed) if changed else []
            ):
                self.matcher.upsert(article)
                self.loaded[article.id] = version_id
            if (
                self.recalibrate
                and (changed or removed)
                and len(self.matcher.index)
                and self.matcher.needs_calibration
            ):
                self.matcher.calibrate()
        if changed or removed:
            logger.info(
                "knowledge base synced: %s upserted, %s removed", changed, removed
            )
        return changed, removed


def kb_version_current() -> str | None:
    """The «kb version» token all processes share (set when missing); None when the
    cache cannot be reached."""
    try:
        token = cache.get(KB_VERSION_KEY)
        if token is None:
            cache.add(KB_VERSION_KEY, uuid.uuid4().hex, timeout=None)
            token = cache.get(KB_VERSION_KEY)
        return str(token) if token is not None else None
    except Exception:  # a cache outage must not stop the chat
        logger.warning("kb version cache unavailable", exc_info=True)
        return None


def kb_version_bump() -> str | None:
    """Put a new «kb version» token: every process reloads changed articles."""
    token = uuid.uuid4().hex
    try:
        cache.set(KB_VERSION_KEY, token, timeout=None)
    except Exception:
        logger.warning("kb version cache unavailable", exc_info=True)
        return None
    return token


def _build_live() -> LiveBase:
    from gridcare.chatbot.matching.dense import E5Embedder

    embedder = E5Embedder()
    store = VectorStore(settings.DATA_DIR / "chatbot-vectors.sqlite", embedder.dim)
    return LiveBase.build(embedder, store)


class Engine:
    """One process's matcher and the «kb version» it has synced to."""

    def __init__(self, build: Callable[[], LiveBase] = _build_live) -> None:
        self._build = build
        self._lock = threading.Lock()
        self.matcher: ReplyMaker | None = None
        self.live: LiveBase | None = None
        self.seen: str | None = None

    def get(self) -> ReplyMaker:
        """Return the matcher, building it once, synced to the latest kb version."""
        if self.matcher is None:
            with self._lock:
                if self.matcher is None:
                    seen = kb_version_current()  # before reading the base
                    self._install(self._build(), seen)
        elif self.live is not None:
            self.follow()
        assert self.matcher is not None
        return self.matcher

    def follow(self) -> bool:
        """Sync the live base when another process changed it; tell whether it did."""
        token = kb_version_current()
        if self.live is None or token is None or token == self.seen:
            return False
        with self._lock:
            if token == self.seen:
                return False
            self.live.sync()
            self.seen = token
        return True

    def changed_here(self, token: str | None) -> None:
        """This process changed the base (after commit): sync now."""
        if self.live is None:
            return
        with self._lock:
            self.live.sync()
            if token is not None:
                self.seen = token

    def set(self, matcher: ReplyMaker | None) -> None:
        with self._lock:
            self.matcher, self.live, self.seen = matcher, None, None

    def install(self, live: LiveBase) -> None:
        with self._lock:
            self._install(live, kb_version_current())

    def _install(self, live: LiveBase, seen: str | None) -> None:
        self.matcher, self.live, self.seen = live, live, seen


_engine = Engine()


def matcher_get() -> ReplyMaker:
    """Return the process's matcher, building it once (double-checked lock) and
    reloading articles another process changed."""
    return _engine.get()


def matcher_set(matcher: ReplyMaker | None) -> None:
    """Replace the matcher (tests). None: build again from the database on next use."""
    _engine.set(matcher)


def live_base_install(live: LiveBase) -> None:
    """Use this live base (built with a test embedder) as the process's matcher."""
    _engine.install(live)


def kb_changed() -> None:
    """The knowledge base changed (called on commit): tell every process."""
    _engine.changed_here(kb_version_bump())
