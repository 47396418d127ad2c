"""Алсу's decision for one message: answer, clarify, hand off, or small talk.

* smalltalk — greetings, thanks, goodbyes, «кто ты»: a natural reply, never a hand-off;
* answer    — the calibrated confidence of the best article reaches the threshold;
* clarify   — it does not, but the right article is probably among two or three close
              candidates: a short question with their titles as buttons;
* handoff   — nothing fits well enough: the conversation goes to a specialist, in the
              queue of the topic the best candidates share.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Literal

import numpy as np

from gridcare.chatbot.matching.articles import Article
from gridcare.chatbot.matching.calibration import Calibration, calibrate
from gridcare.chatbot.matching.dense import Embedder
from gridcare.chatbot.matching.index import Index
from gridcare.chatbot.matching.smalltalk import recognise, strip_greeting
from gridcare.chatbot.matching.text import strip_address
from gridcare.chatbot.matching.vector_store import VectorStore

Kind = Literal["answer", "clarify", "handoff", "smalltalk"]
CLARIFY_IN_TOP = 0.5  # clarify when the right article is more likely than not offered
CLARIFY_SHARE = 0.15  # a candidate becomes a button with this share of the ranking
RECALIBRATE_SHARE = 0.05  # refit once this share of the base has changed
DEFAULT_TOPIC = "general"


@dataclass(frozen=True, slots=True)
class Option:
    """A button of a clarifying question."""

    article_id: str
    title: str


@dataclass(frozen=True, slots=True)
class Reply:
    """What Алсу does with a message."""

    kind: Kind
    text: str
    confidence: float = 0.0
    article_id: str | None = None
    options: tuple[Option, ...] = ()
    topic: str | None = None  # hand-off queue
    candidates: tuple[tuple[str, float], ...] = field(default=())  # id, share; for logs


class Matcher:
    """Answers messages from one knowledge base; keeps itself calibrated."""

    def __init__(
        self,
        embedder: Embedder,
        articles: list[Article] | None = None,
        *,
        store: VectorStore | None = None,
    ) -> None:
        """store keeps the base's vectors on disk, so a restart embeds nothing new."""
        self.index = Index(embedder, store)
        self._calibration: Calibration | None = None
        self._changes = 0
        if articles:
            self.index.upsert_many(articles)
            self.calibrate()

    def upsert(self, article: Article) -> None:
        """Add or change an article; only its own texts are embedded."""
        self.index.upsert(article)
        self._changes += 1

    def remove(self, article_id: str) -> None:
        self.index.remove(article_id)
        self._changes += 1

    def calibrate(self) -> Calibration:
        """Refit ranker, confidence and threshold on the base as it is now."""
        self._calibration = calibrate(self.index)
        self._changes = 0
        return self._calibration

    @property
    def calibration(self) -> Calibration:
        """The current calibration (fitted on first use).

        Changes to the base do not refit it on the request path: refitting takes
        seconds. Whoever changes the base calls calibrate() when needs_calibration
        says enough has changed; until then the old weights, which are relative to
        the base's own statistics, stay usable.
        """
        if self._calibration is None:
            return self.calibrate()
        return self._calibration

    @property
    def needs_calibration(self) -> bool:
        """Tell whether RECALIBRATE_SHARE of the base changed since the last fit."""
        limit = max(1.0, RECALIBRATE_SHARE * len(self.index))
        return self._calibration is None or self._changes >= limit

    def reply(self, message: str) -> Reply:
        """Decide what to do with a consumer's message."""
        small_talk = recognise(message)
        if small_talk is not None:
            return Reply(kind="smalltalk", text=small_talk.reply, topic=small_talk.kind)
        if len(self.index) == 0:
            return _handoff(DEFAULT_TOPIC, 0.0, ())
        calibration = self.calibration
        question = strip_address(strip_greeting(message))
        scored = self.index.score(self.index.query(question))
        if not scored.slots:
            return _handoff(DEFAULT_TOPIC, 0.0, ())
        scores = calibration.rank(scored)
        top = calibration.top_features(scored, scores)
        confidence = calibration.confidence_of(top)
        shares = np.exp(scores - scores.max())
        shares /= shares.sum()
        order = np.argsort(-scores)
        ranked = [
            (self.index.by_slot(scored.slots[i]), float(shares[i])) for i in order
        ]
        candidates = tuple(
            (article.id, round(share, 3)) for article, share in ranked[:5]
        )
        best = ranked[0][0]
        if confidence >= calibration.answer_threshold:
            return Reply(
                kind="answer",
                text=best.answer,
                confidence=confidence,
                article_id=best.id,
                topic=best.topic,
                candidates=candidates,
            )
        options = tuple(
            Option(article.id, article.title)
            for article, share in ranked[:3]
            if share >= CLARIFY_SHARE
        )
        if len(options) >= 2 and calibration.in_top_of(top) >= CLARIFY_IN_TOP:
            return Reply(
                kind="clarify",
                text="Уточните, пожалуйста, что вас интересует:",
                confidence=confidence,
                options=options,
                topic=_topic(ranked),
                candidates=candidates,
            )
        return _handoff(_topic(ranked), confidence, candidates)


def _topic(ranked: list[tuple[Article, float]]) -> str:
    """The topic with the largest ranking share among the best three candidates."""
    weight: dict[str, float] = defaultdict(float)
    for article, share in ranked[:3]:
        weight[article.topic] += share
    return max(weight, key=lambda topic: weight[topic]) if weight else DEFAULT_TOPIC


def _handoff(
    topic: str, confidence: float, candidates: tuple[tuple[str, float], ...]
) -> Reply:
    return Reply(
        kind="handoff",
        text="Я не уверена, что правильно поняла вопрос. Передаю разговор специалисту — "
        "он ответит в этом чате.",
        confidence=confidence,
        topic=topic,
        candidates=candidates,
    )
