"""Articles keep append-only versions; publishing makes one live; refusals change
nothing; the answer's limited formatting is rendered safely; statistics."""

import pytest
from django.utils import timezone

from gridcare.chatbot.kb_markup import answer_html, answer_plain
from gridcare.chatbot.knowledge import (
    ArticleContent,
    kb_article_add_question,
    kb_article_create,
    kb_article_publish,
    kb_article_save_version,
    kb_article_stats,
    kb_article_unpublish,
)
from gridcare.chatbot.models import (
    BotMessage,
    Conversation,
    KbArticle,
    KbArticleEvent,
    KbArticleVersion,
)
from gridcare.chatbot.tests.kb_support import kb_clear
from gridcare.core.errors import ApplicationError, ConflictError

pytestmark = pytest.mark.django_db

FIRST = ArticleContent(
    "metering", "Поверка счётчика", ("Когда поверять счётчик?",), "Раз в 16 лет."
)
SECOND = ArticleContent(
    "metering",
    "Поверка счётчика",
    ("Когда поверять счётчик?", "Срок поверки прибора учёта"),
    "Межповерочный интервал указан в паспорте прибора.",
)


@pytest.fixture
def article(db, administrator) -> KbArticle:
    kb_clear()
    return kb_article_create(slug="meter-check", content=FIRST, author=administrator)


def test_versions_are_appended_and_never_changed(article, administrator, operator):
    first = article.current_version

    version, created = kb_article_save_version(
        article=article, content=SECOND, author=operator, comment="Уточнён ответ"
    )

    first.refresh_from_db()
    article.refresh_from_db()
    assert created is True
    assert (version.number, version.author, version.comment) == (
        2,
        operator,
        "Уточнён ответ",
    )
    assert (first.number, first.answer, first.author) == (
        1,
        "Раз в 16 лет.",
        administrator,
    )
    assert article.current_version == version
    assert article.status == "draft" and article.published_version is None
    assert list(article.versions.values_list("number", flat=True)) == [1, 2]


def test_same_content_writes_no_version(article, administrator):
    version, created = kb_article_save_version(
        article=article, content=FIRST, author=administrator
    )

    assert created is False
    assert version.number == 1
    assert KbArticleVersion.objects.filter(article=article).count() == 1


def test_publish_any_version_and_unpublish_with_history(article, administrator):
    kb_article_save_version(article=article, content=SECOND, author=administrator)

    kb_article_publish(article=article, actor=administrator)
    kb_article_publish(article=article, actor=administrator, version_number=1)
    kb_article_unpublish(article=article, actor=administrator)

    article.refresh_from_db()
    assert article.status == "draft" and article.published_version is None
    assert list(
        KbArticleEvent.objects.filter(article=article).values_list(
            "action", "from_status", "to_status", "version_number"
        )
    ) == [
        ("created", "", "draft", None),
        ("version_saved", "", "", 1),
        ("version_saved", "", "", 2),
        ("published", "draft", "published", 2),
        ("published", "published", "published", 1),
        ("unpublished", "published", "draft", None),
    ]


def test_refusals_change_nothing(article, administrator):
    bad = ArticleContent("weather", "", (), "")

    with pytest.raises(ApplicationError) as invalid:
        kb_article_save_version(article=article, content=bad, author=administrator)
    with pytest.raises(ConflictError) as duplicate:
        kb_article_create(slug="meter-check", content=FIRST, author=administrator)
    with pytest.raises(ConflictError) as not_published:
        kb_article_unpublish(article=article, actor=administrator)
    with pytest.raises(ConflictError) as twice:
        kb_article_publish(article=article, actor=administrator)
        kb_article_publish(article=article, actor=administrator)

    assert invalid.value.extra == {
        "topic": [
            "Неизвестная тематика «weather»; допустимы: tp, service, reliability, "
            "metering, general."
        ],
        "title": ["Не указан заголовок."],
        "questions": ["Нужен хотя бы один вариант вопроса."],
        "answer": ["Не указан ответ."],
    }
    assert duplicate.value.message == "Статья с кодом «meter-check» уже есть."
    assert not_published.value.message == "Статья не опубликована."
    assert twice.value.message == "Эта версия уже опубликована."
    assert KbArticleVersion.objects.filter(article=article).count() == 1


def test_added_question_is_published_with_a_published_article(article, administrator):
    kb_article_publish(article=article, actor=administrator)

    version = kb_article_add_question(
        article=article, question="  Надо ли  поверять счётчик? ", author=administrator
    )
    with pytest.raises(ConflictError) as again:
        kb_article_add_question(
            article=article, question="надо ли поверять счетчик?", author=administrator
        )

    article.refresh_from_db()
    assert version.questions == ["Когда поверять счётчик?", "Надо ли поверять счётчик?"]
    assert article.published_version == version
    assert again.value.message == "Такой вариант вопроса в статье уже есть."


def test_answer_formatting_escapes_everything_but_allowed_markup():
    text = (
        "**Важно:** <b>не</b> [кабинет](/account/) [сайт](https://example.ru/a?b=1&c=2) "
        "[плохо](javascript:alert) [тоже](//evil.example/)\n"
        "- первый\n- второй\n\n1. шаг\nконец"
    )

    assert str(answer_html(text)) == (
        "<p><strong>Важно:</strong> &lt;b&gt;не&lt;/b&gt; "
        '<a href="/account/">кабинет</a> '
        '<a href="https://example.ru/a?b=1&amp;c=2" rel="noopener noreferrer">сайт</a> '
        "[плохо](javascript:alert) [тоже](//evil.example/)</p>"
        "<ul><li>первый</li><li>второй</li></ul>"
        "<ol><li>шаг</li></ol><p>конец</p>"
    )
    assert (
        answer_plain("**Да**, в [кабинете](/account/).")
        == "Да, в кабинете (/account/)."
    )


def test_statistics_count_answers_picks_and_handoffs_after(article):
    now = timezone.now()

    def conversation(*messages: tuple[str, str, str, str]) -> None:
        talk = Conversation.objects.create(
            channel="portal", started_at=now, last_message_at=now
        )
        for author, text, kind, article_id in messages:
            BotMessage.objects.create(
                conversation=talk,
                author=author,
                text=text,
                kind=kind,
                article_id=article_id,
                created_at=now,
            )

    conversation(
        ("user", "поверка", "", ""),
        ("bot", "Раз в 16 лет.", "answer", "meter-check"),
        ("user", "не понял", "", ""),
        ("bot", "Передаю", "handoff", ""),
    )
    conversation(
        ("user", "счётчик", "", ""),
        ("bot", "Уточните", "clarify", ""),
        ("user", "article:meter-check", "", ""),
        ("bot", "Раз в 16 лет.", "answer", "meter-check"),
        ("user", "спасибо", "", ""),
        ("bot", "Пожалуйста", "smalltalk", ""),
    )
    conversation(("user", "другое", "", ""), ("bot", "…", "answer", "other"))

    stats = kb_article_stats(slug="meter-check")

    assert (stats.answers, stats.clarify_picks, stats.handoffs_after) == (2, 1, 1)
    assert stats.last_answer_at == now


def test_template_filter_renders_an_answer():
    from django.template import Context, Template

    template = Template("{% load kb_answers %}{{ text|kb_answer }}")

    assert template.render(Context({"text": "<i>x</i> **да**"})) == (
        "<p>&lt;i&gt;x&lt;/i&gt; <strong>да</strong></p>"
    )
