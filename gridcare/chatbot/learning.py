"""Learning from what Алсу missed: the questions she handed off or could only clarify
are grouped by similarity, so the staff see what the base lacks and fix it in two
clicks (a variant added to an article, or a new article from the group).

(Not to be confused with `matching/learning.py`, the ranker's regression.)

Grouping runs as a command or task (`gridcare kb_misses`), never on a page view:

* a miss is the person's message right before a reply of the matcher that was a
  hand-off or a clarifying question (the matcher's replies carry a confidence; a
  hand-off the person asked for does not);
* each question becomes a vector of lemmas and character 3–4-grams (tf-idf over the
  misses, hashed into a fixed size, L2-normalised);
* one pass puts a question into the most similar group when the cosine with the
  group's centre reaches GROUP_THRESHOLD, else opens a group; then groups whose
  centres are that close are merged until none are (agglomerative, by centroids);
* the nearest article of a group is the matcher's best candidate for the question
  closest to the group's centre.

Unresolved groups are replaced on every run; questions of resolved groups are not
grouped again.
"""

import hashlib
import math
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy as np
import numpy.typing as npt
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gridcare.chatbot.intents import ARTICLE_PREFIX
from gridcare.chatbot.knowledge import kb_article_add_question
from gridcare.chatbot.matching.text import analyse, char_ngrams
from gridcare.chatbot.models import BotMessage, KbArticle, KbMissGroup
from gridcare.core.errors import ApplicationError, ConflictError

MISS_KINDS = ("handoff", "clarify")
GROUP_THRESHOLD = 0.3
DIMENSIONS = 4096
LEMMA_WEIGHT = 2.0  # a shared lemma counts more than a shared character n-gram
EXAMPLES = 20  # questions kept for the page; all message ids are kept
DEFAULT_DAYS = 90
MAX_MISSES = 3000

Vector = npt.NDArray[np.float32]
Nearest = Callable[[str], tuple[str, float] | None]


@dataclass(frozen=True, slots=True)
class Miss:
    """A question Алсу did not answer."""

    message_id: int
    text: str
    at: datetime


@dataclass(slots=True)
class Group:
    members: list[int]  # positions in the misses list
    total: Vector  # sum of member vectors


# ---- collecting -------------------------------------------------------------------


def kb_misses_collect(
    *, since: datetime | None = None, limit: int = MAX_MISSES
) -> list[Miss]:
    """Return the newest questions the matcher handed off or clarified (oldest
    first), leaving out those already resolved."""
    decisions = list(
        BotMessage.objects.filter(
            author=BotMessage.Author.BOT,
            kind__in=MISS_KINDS,
            confidence__isnull=False,
            **({"created_at__gte": since} if since else {}),
        )
        .order_by("-created_at", "-id")
        .values_list("conversation_id", "created_at", "id")[:limit]
    )
    if not decisions:
        return []
    asked = BotMessage.objects.filter(
        author=BotMessage.Author.USER,
        conversation_id__in={d[0] for d in decisions},
    ).order_by("conversation_id", "created_at", "id")
    by_conversation: dict[int, list[BotMessage]] = {}
    for message in asked.only("id", "conversation_id", "text", "created_at"):
        by_conversation.setdefault(message.conversation_id, []).append(message)
    resolved = _resolved_message_ids()
    misses: dict[int, Miss] = {}
    for conversation_id, at, decision_id in decisions:
        before = [
            m
            for m in by_conversation.get(conversation_id, [])
            if (m.created_at, m.pk) < (at, decision_id)
        ]
        if not before:
            continue
        question = before[-1]
        text = " ".join(question.text.split())
        if not text or text.startswith(ARTICLE_PREFIX) or question.pk in resolved:
            continue
        misses[question.pk] = Miss(question.pk, text, question.created_at)
    return sorted(misses.values(), key=lambda m: (m.at, m.message_id))


def _resolved_message_ids() -> set[int]:
    ids: set[int] = set()
    for message_ids in KbMissGroup.objects.exclude(resolution="").values_list(
        "message_ids", flat=True
    ):
        ids.update(int(i) for i in message_ids or [])
    return ids


# ---- grouping ---------------------------------------------------------------------


def _features(text: str) -> Counter[str]:
    analysed = analyse(text)
    features: Counter[str] = Counter()
    for lemma in set(analysed.lemmas):
        features[f"l:{lemma}"] = 1
    for gram, count in char_ngrams(analysed.folded).items():
        if len(gram) <= 4:
            features[f"g:{gram}"] += count
    return features


def _bucket(feature: str) -> int:
    digest = hashlib.blake2b(feature.encode(), digest_size=4).digest()
    return int.from_bytes(digest, "little") % DIMENSIONS


def vectorise(texts: list[str]) -> npt.NDArray[np.float32]:
    """Tf-idf vectors of lemmas and character n-grams, hashed, L2-normalised."""
    counted = [_features(text) for text in texts]
    documents: Counter[str] = Counter()
    for features in counted:
        documents.update(features.keys())
    total = len(texts)
    matrix = np.zeros((total, DIMENSIONS), dtype=np.float32)
    for row, features in enumerate(counted):
        for feature, count in features.items():
            idf = math.log((1 + total) / (1 + documents[feature])) + 1.0
            weight = LEMMA_WEIGHT if feature.startswith("l:") else 1.0
            tf = 1.0 + math.log(count)
            matrix[row, _bucket(feature)] += weight * tf * idf
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.where(norms == 0, 1.0, norms)


def _unit(vector: Vector) -> Vector:
    norm = float(np.linalg.norm(vector))
    return vector / norm if norm else vector


def group_texts(
    texts: list[str], *, threshold: float = GROUP_THRESHOLD
) -> list[list[int]]:
    """Group texts by similarity; return groups of positions, the member nearest
    the centre first, largest groups first."""
    if not texts:
        return []
    vectors = vectorise(texts)
    groups: list[Group] = []
    centres = np.zeros((0, DIMENSIONS), dtype=np.float32)
    for position, vector in enumerate(vectors):
        if groups:
            similarity = centres @ vector
            best = int(np.argmax(similarity))
            if float(similarity[best]) >= threshold:
                group = groups[best]
                group.members.append(position)
                group.total = group.total + vector
                centres[best] = _unit(group.total)
                continue
        groups.append(Group([position], vector.copy()))
        centres = np.vstack([centres, _unit(vector)[None, :]])
    groups = _merge(groups, threshold)
    result = []
    for group in groups:
        centre = _unit(group.total)
        members = sorted(group.members, key=lambda i: (-float(vectors[i] @ centre), i))
        result.append(members)
    result.sort(key=lambda members: (-len(members), min(members)))
    return result


def _merge(groups: list[Group], threshold: float) -> list[Group]:
    """Merge the closest pair of group centres while they reach the threshold."""
    while len(groups) > 1:
        centres = np.array([_unit(g.total) for g in groups])
        similarity = centres @ centres.T
        np.fill_diagonal(similarity, -1.0)
        first, second = np.unravel_index(int(np.argmax(similarity)), similarity.shape)
        if float(similarity[first, second]) < threshold:
            break
        keep, gone = sorted((int(first), int(second)))
        groups[keep].members.extend(groups[gone].members)
        groups[keep].total = groups[keep].total + groups[gone].total
        del groups[gone]
    return groups


def nearest_from_engine(text: str) -> tuple[str, float] | None:
    """The live matcher's best candidate article for a text, with its share."""
    from gridcare.chatbot.engine import matcher_get

    reply = matcher_get().reply(text)
    if reply.candidates:
        article_id, share = reply.candidates[0]
        return article_id, float(share)
    if reply.article_id:
        return reply.article_id, float(reply.confidence)
    return None


def kb_misses_regroup(
    *,
    days: int = DEFAULT_DAYS,
    threshold: float = GROUP_THRESHOLD,
    nearest: Nearest | None = nearest_from_engine,
) -> list[KbMissGroup]:
    """Group the misses of the last `days` days again and store the groups,
    replacing the unresolved ones; return the new groups, largest first."""
    now = timezone.now()
    misses = kb_misses_collect(since=now - timedelta(days=days))
    positions = group_texts([m.text for m in misses], threshold=threshold)
    rows = []
    for members in positions:
        chosen = [misses[i] for i in members]
        hint = nearest(chosen[0].text) if nearest is not None else None
        rows.append(
            KbMissGroup(
                size=len(chosen),
                questions=[m.text for m in chosen[:EXAMPLES]],
                message_ids=[m.message_id for m in chosen],
                nearest_article=hint[0] if hint else "",
                nearest_share=round(hint[1], 3) if hint else None,
                first_at=min(m.at for m in chosen),
                last_at=max(m.at for m in chosen),
                computed_at=now,
            )
        )
    with transaction.atomic():
        KbMissGroup.objects.filter(resolution="").delete()
        return KbMissGroup.objects.bulk_create(rows)


# ---- resolving --------------------------------------------------------------------


def kb_miss_group_open_list(*, min_size: int = 1) -> list[KbMissGroup]:
    """Return the unresolved groups, largest first."""
    return list(
        KbMissGroup.objects.filter(resolution="", size__gte=min_size).order_by(
            "-size", "-last_at", "id"
        )
    )


def kb_miss_group_get(*, group_id: int) -> KbMissGroup:
    from gridcare.core.errors import NotFoundError

    group = KbMissGroup.objects.filter(pk=group_id).first()
    if group is None:
        raise NotFoundError(_("Группа вопросов не найдена."))
    return group


def _resolve(
    group: KbMissGroup, *, resolution: str, article_slug: str, actor: object
) -> None:
    group.resolution = resolution
    group.resolved_article = article_slug
    group.resolved_at = timezone.now()
    group.resolved_by = actor if getattr(actor, "pk", None) else None  # type: ignore[assignment]
    group.save(
        update_fields=["resolution", "resolved_article", "resolved_at", "resolved_by"]
    )


def _lock_open(group: KbMissGroup) -> KbMissGroup:
    group = KbMissGroup.objects.select_for_update().get(pk=group.pk)
    if group.resolution:
        raise ConflictError(_("Эта группа уже разобрана."), code="already_resolved")
    return group


def kb_miss_group_add_variant(
    *, group: KbMissGroup, article: KbArticle, question: str, actor: object
) -> KbMissGroup:
    """Add a question of the group as a variant of the article (a new version,
    live at once if the article is published) and close the group."""
    question = " ".join((question or "").split())
    if not question:
        raise ApplicationError(_("Выберите вопрос."), code="question_required")
    with transaction.atomic():
        group = _lock_open(group)
        kb_article_add_question(
            article=article,
            question=question,
            author=actor,
            comment=_("Вариант из вопросов без ответа (группа №%(id)s)")
            % {"id": group.pk},
        )
        _resolve(
            group,
            resolution=KbMissGroup.Resolution.VARIANT,
            article_slug=article.slug,
            actor=actor,
        )
    return group


def kb_miss_group_mark_article(
    *, group: KbMissGroup, article: KbArticle, actor: object
) -> KbMissGroup:
    """Close the group: a new article was written from it."""
    with transaction.atomic():
        group = _lock_open(group)
        _resolve(
            group,
            resolution=KbMissGroup.Resolution.ARTICLE,
            article_slug=article.slug,
            actor=actor,
        )
    return group


def kb_miss_group_dismiss(*, group: KbMissGroup, actor: object) -> KbMissGroup:
    """Close the group without changing the base (nothing to add)."""
    with transaction.atomic():
        group = _lock_open(group)
        _resolve(
            group,
            resolution=KbMissGroup.Resolution.DISMISSED,
            article_slug="",
            actor=actor,
        )
    return group
