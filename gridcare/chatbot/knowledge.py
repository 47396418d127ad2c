"""The knowledge base as data: articles with append-only versions, their publication,
and the reads of the staff editor.

Every change that alters what Алсу answers (publish, unpublish, a new version of a
published article made live) tells the engine on commit (`engine.kb_changed`): the
running process upserts the article into its index, and other processes see the new
«kb version» in the cache on their next reply.
"""

import re
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from gridcare.accounts.roles import Right, has_right
from gridcare.chatbot.intents import ARTICLE_PREFIX
from gridcare.chatbot.kb_markup import answer_problems
from gridcare.chatbot.matching.articles import Article
from gridcare.chatbot.models import (
    BotMessage,
    KbArticle,
    KbArticleEvent,
    KbArticleStatus,
    KbArticleVersion,
    KbTopic,
)
from gridcare.core.errors import (
    ApplicationError,
    ConflictError,
    NotFoundError,
    PermissionDeniedError,
)

# No dedicated rights yet: whoever works appeals may read the base and test
# questions; editing is the reference-data right (administrators).
KB_VIEW_RIGHT = Right.APPEAL_WORK
KB_EDIT_RIGHT = Right.REFERENCE_EDIT

SLUG_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$")
TITLE_MAX = 300
QUESTION_MAX = 500
QUESTIONS_MAX = 30
ANSWER_MAX = 5000
COMMENT_MAX = 300


@dataclass(frozen=True, slots=True)
class ArticleContent:
    """What a version holds besides who wrote it and when."""

    topic: str
    title: str
    questions: tuple[str, ...]
    answer: str


def search_fold(text: str) -> str:
    return " ".join(text.lower().replace("ё", "е").split())


# ---- validation -------------------------------------------------------------------


def kb_slug_problem(slug: str) -> str | None:
    """The Russian reason an article code is refused, or None."""
    if not slug:
        return _("Не указан код статьи (id).")
    if not SLUG_RE.match(slug):
        return _(
            "Код статьи «%(slug)s» недопустим: латинские буквы, цифры, «-», «_», «.», "
            "до 100 символов."
        ) % {"slug": slug[:120]}
    return None


def kb_content_problems(content: ArticleContent) -> dict[str, list[str]]:
    """Field name → Russian reasons the content is refused (empty: acceptable)."""
    problems: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        problems.setdefault(field, []).append(message)

    if content.topic not in KbTopic.values:
        add(
            "topic",
            _("Неизвестная тематика «%(topic)s»; допустимы: %(known)s.")
            % {"topic": content.topic, "known": ", ".join(KbTopic.values)},
        )
    if not content.title.strip():
        add("title", _("Не указан заголовок."))
    elif len(content.title) > TITLE_MAX:
        add("title", _("Заголовок длиннее %(max)s символов.") % {"max": TITLE_MAX})
    if not content.questions:
        add("questions", _("Нужен хотя бы один вариант вопроса."))
    elif len(content.questions) > QUESTIONS_MAX:
        add(
            "questions",
            _("Вариантов вопроса больше %(max)s.") % {"max": QUESTIONS_MAX},
        )
    for question in content.questions:
        if len(question) > QUESTION_MAX:
            add(
                "questions",
                _("Вариант вопроса длиннее %(max)s символов.") % {"max": QUESTION_MAX},
            )
            break
    if len({search_fold(q) for q in content.questions}) != len(content.questions):
        add("questions", _("Варианты вопроса повторяются."))
    if not content.answer.strip():
        add("answer", _("Не указан ответ."))
    elif len(content.answer) > ANSWER_MAX:
        add("answer", _("Ответ длиннее %(max)s символов.") % {"max": ANSWER_MAX})
    for problem in answer_problems(content.answer):
        add("answer", problem)
    return problems


def content_clean(
    *, topic: str, title: str, questions: list[str] | tuple[str, ...], answer: str
) -> ArticleContent:
    """Trim the fields and drop empty variants (no validation)."""
    return ArticleContent(
        topic=(topic or "").strip(),
        title=" ".join((title or "").split()),
        questions=tuple(" ".join(q.split()) for q in questions if q and q.strip()),
        answer=(answer or "").replace("\r\n", "\n").strip(),
    )


def _require_valid(content: ArticleContent) -> None:
    problems = kb_content_problems(content)
    if problems:
        first = next(iter(problems.values()))[0]
        raise ApplicationError(first, code="invalid_article", extra=problems)


def version_content(version: KbArticleVersion) -> ArticleContent:
    return ArticleContent(
        topic=version.topic,
        title=version.title,
        questions=tuple(version.questions),
        answer=version.answer,
    )


# ---- services ---------------------------------------------------------------------


def _notify_on_commit() -> None:
    from gridcare.chatbot.engine import kb_changed

    transaction.on_commit(kb_changed)


def _event(
    article: KbArticle,
    *,
    actor: object | None,
    action: str,
    from_status: str = "",
    to_status: str = "",
    version: KbArticleVersion | None = None,
) -> None:
    KbArticleEvent.objects.create(
        article=article,
        at=timezone.now(),
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        from_status=from_status,
        to_status=to_status,
        version_number=version.number if version else None,
    )


def _append_version(
    article: KbArticle, content: ArticleContent, *, author: object | None, comment: str
) -> KbArticleVersion:
    number = (article.current_version.number if article.current_version else 0) + 1
    version = KbArticleVersion.objects.create(
        article=article,
        number=number,
        topic=content.topic,
        title=content.title,
        questions=list(content.questions),
        answer=content.answer,
        author=author if getattr(author, "pk", None) else None,
        comment=comment[:COMMENT_MAX],
        created_at=timezone.now(),
        search_text=search_fold(
            "\n".join([content.title, *content.questions, content.answer])
        ),
    )
    article.current_version = version
    article.updated_at = version.created_at
    article.save(update_fields=["current_version", "updated_at"])
    _event(
        article,
        actor=author,
        action=KbArticleEvent.Action.VERSION_SAVED,
        version=version,
    )
    return version


def kb_article_create(
    *,
    slug: str,
    content: ArticleContent,
    author: object | None,
    comment: str = "",
    publish: bool = False,
) -> KbArticle:
    """Create an article with its first version (a draft unless `publish`).

    Refuses a bad or taken code and invalid content."""
    slug = (slug or "").strip()
    problem = kb_slug_problem(slug)
    if problem:
        raise ApplicationError(problem, code="invalid_slug", extra={"slug": [problem]})
    _require_valid(content)
    with transaction.atomic():
        if KbArticle.objects.filter(slug=slug).exists():
            message = _("Статья с кодом «%(slug)s» уже есть.") % {"slug": slug}
            raise ConflictError(
                message, code="duplicate_slug", extra={"slug": [message]}
            )
        now = timezone.now()
        article = KbArticle.objects.create(slug=slug, created_at=now, updated_at=now)
        _event(
            article,
            actor=author,
            action=KbArticleEvent.Action.CREATED,
            to_status=article.status,
        )
        version = _append_version(article, content, author=author, comment=comment)
        if publish:
            _publish(article, version, actor=author)
    return article


def kb_article_save_version(
    *,
    article: KbArticle,
    content: ArticleContent,
    author: object | None,
    comment: str = "",
    publish: bool = False,
) -> tuple[KbArticleVersion, bool]:
    """Append a version unless the content equals the current one; publish it when
    asked. Return the (new or current) version and whether one was written.

    The live (published) version stays until a version is published."""
    _require_valid(content)
    with transaction.atomic():
        article = KbArticle.objects.select_for_update().get(pk=article.pk)
        current = article.current_version
        created = current is None or version_content(current) != content
        version = (
            _append_version(article, content, author=author, comment=comment)
            if created
            else current
        )
        assert version is not None
        if publish and article.published_version_id != version.pk:
            _publish(article, version, actor=author)
    return version, created


def _publish(
    article: KbArticle, version: KbArticleVersion, *, actor: object | None
) -> None:
    old = article.status
    article.status = KbArticleStatus.PUBLISHED
    article.published_version = version
    article.updated_at = timezone.now()
    article.save(update_fields=["status", "published_version", "updated_at"])
    _event(
        article,
        actor=actor,
        action=KbArticleEvent.Action.PUBLISHED,
        from_status=old,
        to_status=article.status,
        version=version,
    )
    _notify_on_commit()


def kb_article_publish(
    *, article: KbArticle, actor: object | None, version_number: int | None = None
) -> KbArticle:
    """Make a version live (the current one by default): Алсу answers with it."""
    with transaction.atomic():
        article = KbArticle.objects.select_for_update().get(pk=article.pk)
        if not article.can_publish():
            raise ConflictError(_("Статью нельзя опубликовать."))
        if version_number is None:
            version = article.current_version
        else:
            version = article.versions.filter(number=version_number).first()
        if version is None:
            raise NotFoundError(_("Версия статьи не найдена."))
        if article.published_version_id == version.pk:
            raise ConflictError(
                _("Эта версия уже опубликована."), code="already_published"
            )
        _publish(article, version, actor=actor)
    return article


def kb_article_unpublish(*, article: KbArticle, actor: object | None) -> KbArticle:
    """Take an article off: Алсу stops answering with it (its versions stay)."""
    with transaction.atomic():
        article = KbArticle.objects.select_for_update().get(pk=article.pk)
        if not article.is_published or not article.can_unpublish():
            raise ConflictError(_("Статья не опубликована."), code="not_published")
        old = article.status
        article.status = KbArticleStatus.DRAFT
        article.published_version = None
        article.updated_at = timezone.now()
        article.save(update_fields=["status", "published_version", "updated_at"])
        _event(
            article,
            actor=actor,
            action=KbArticleEvent.Action.UNPUBLISHED,
            from_status=old,
            to_status=article.status,
        )
        _notify_on_commit()
    return article


def kb_article_add_question(
    *, article: KbArticle, question: str, author: object | None, comment: str = ""
) -> KbArticleVersion:
    """Append a question variant as a new version; a published article publishes it
    at once (the variant is what the misses asked for), a draft stays a draft."""
    question = " ".join((question or "").split())
    if not question:
        raise ApplicationError(_("Пустой вариант вопроса."), code="empty_question")
    with transaction.atomic():
        # Locked and read afresh: two variants added at once both survive.
        article = (
            KbArticle.objects.select_for_update(of=("self",))
            .select_related("current_version")
            .get(pk=article.pk)
        )
        current = article.current_version
        if current is None:
            raise NotFoundError(_("Версия статьи не найдена."))
        known = {search_fold(q) for q in [current.title, *current.questions]}
        if search_fold(question) in known:
            raise ConflictError(
                _("Такой вариант вопроса в статье уже есть."),
                code="duplicate_question",
            )
        content = version_content(current)
        content = ArticleContent(
            content.topic,
            content.title,
            (*content.questions, question),
            content.answer,
        )
        version, _created = kb_article_save_version(
            article=article,
            content=content,
            author=author,
            comment=comment or _("Добавлен вариант вопроса"),
            publish=article.is_published,
        )
    return version


# ---- selectors --------------------------------------------------------------------


def kb_can_edit(user: object) -> bool:
    return has_right(user, KB_EDIT_RIGHT)


def kb_article_get_for_user(*, user: object, slug: str) -> KbArticle:
    """Return an article for a staff member who may read the base.

    PermissionDeniedError without the right; NotFoundError for an unknown code."""
    if not has_right(user, KB_VIEW_RIGHT) and not has_right(user, KB_EDIT_RIGHT):
        raise PermissionDeniedError()
    article = (
        KbArticle.objects.select_related(
            "current_version", "current_version__author", "published_version"
        )
        .filter(slug=str(slug)[:100])
        .first()
    )
    if article is None:
        raise NotFoundError(_("Статья не найдена."))
    return article


def kb_article_list(
    *, query: str = "", topic: str = "", status: str = ""
) -> QuerySet[KbArticle]:
    """Return articles whose code, title, variants or answer (current version)
    contain `query`, narrowed by topic and status."""
    articles = KbArticle.objects.select_related("current_version")
    folded = search_fold(query)
    if folded:
        articles = articles.filter(
            Q(slug__icontains=folded) | Q(current_version__search_text__contains=folded)
        )
    if topic:
        articles = articles.filter(current_version__topic=topic)
    if status:
        articles = articles.filter(status=status)
    return articles.order_by("current_version__topic", "slug")


def kb_article_versions(article: KbArticle) -> QuerySet[KbArticleVersion]:
    """Return an article's versions, newest first, with their authors."""
    return article.versions.select_related("author").order_by("-number")


def kb_answer_counts(slugs: list[str]) -> dict[str, int]:
    """Return how many times Алсу answered with each article."""
    rows = (
        BotMessage.objects.filter(
            author=BotMessage.Author.BOT, kind="answer", article_id__in=slugs
        )
        .values("article_id")
        .annotate(n=Count("id"))
    )
    return {row["article_id"]: row["n"] for row in rows}


def kb_published_state() -> dict[str, int]:
    """Return code → id of the live version for every published article."""
    return dict(
        KbArticle.objects.filter(status=KbArticleStatus.PUBLISHED).values_list(
            "slug", "published_version_id"
        )
    )


def kb_published_versions(slugs: list[str] | None = None) -> list[tuple[int, Article]]:
    """Return (version id, article as the matcher sees it) for the live versions of
    all published articles, or of these codes."""
    versions = KbArticleVersion.objects.filter(
        article__status=KbArticleStatus.PUBLISHED,
        pk=F("article__published_version"),
    ).select_related("article")
    if slugs is not None:
        versions = versions.filter(article__slug__in=slugs)
    return [
        (
            v.pk,
            Article(
                id=v.article.slug,
                topic=v.topic,
                title=v.title,
                questions=tuple(v.questions),
                answer=v.answer,
            ),
        )
        for v in versions.order_by("article__slug")
    ]


@dataclass(frozen=True, slots=True)
class ArticleStats:
    """How an article served: answers, clarifying picks, hand-offs right after."""

    answers: int
    clarify_picks: int
    handoffs_after: int
    last_answer_at: datetime | None


def kb_article_stats(*, slug: str) -> ArticleStats:
    """Count Алсу's answers with the article, the clarifying buttons pressed for it,
    and answers after which her next reply was a hand-off (the answer did not help).
    There is no rating of answers yet."""
    answers = list(
        BotMessage.objects.filter(
            author=BotMessage.Author.BOT, kind="answer", article_id=slug
        ).values_list("conversation_id", "created_at", "id")
    )
    picks = BotMessage.objects.filter(
        author=BotMessage.Author.USER, text=f"{ARTICLE_PREFIX}{slug}"
    ).count()
    handoffs = 0
    if answers:
        following = (
            BotMessage.objects.filter(
                author=BotMessage.Author.BOT,
                conversation_id__in={a[0] for a in answers},
            )
            .exclude(kind="")
            .order_by("conversation_id", "created_at", "id")
            .values_list("conversation_id", "id", "kind", "article_id")
        )
        previous: tuple[int, str, str] | None = None
        for conversation_id, _id, kind, article_id in following:
            if (
                previous is not None
                and previous[0] == conversation_id
                and previous[1] == "answer"
                and previous[2] == slug
                and kind == "handoff"
            ):
                handoffs += 1
            previous = (conversation_id, kind, article_id)
    return ArticleStats(
        answers=len(answers),
        clarify_picks=picks,
        handoffs_after=handoffs,
        last_answer_at=max((a[1] for a in answers), default=None),
    )
