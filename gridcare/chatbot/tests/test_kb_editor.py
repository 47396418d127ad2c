"""The staff editor `/staff/kb/`: who may read and who may edit, search, the edit
form with preview, publishing, «test a question», import/export pages, and the
misses page's two clicks."""

import json
from collections.abc import Iterator

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gridcare.chatbot.engine import LiveBase
from gridcare.chatbot.models import KbArticle, KbMissGroup
from gridcare.chatbot.tests.kb_support import (
    CountingEmbedder,
    live_base_session,
    small_kb_create,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_kb(db: object) -> list[KbArticle]:
    return small_kb_create()


@pytest.fixture
def live(small_kb: list[KbArticle]) -> Iterator[tuple[LiveBase, CountingEmbedder]]:
    yield from live_base_session()


EDIT = {
    "topic": "metering",
    "title": "Как передать показания счётчика",
    "questions": "Куда сообщить показания?\r\nМожно ли передать показания по СМС?",
    "answer": "Передайте показания в [личном кабинете](/account/) **с 15 по 25** число.",
    "comment": "Добавлено СМС",
}


def _login(client, user):
    client.force_login(user)
    return client


def test_consumer_and_analyst_are_refused_everything(
    client, small_kb, consumer, analyst
):
    urls = [
        reverse("chatbot:kb_list"),
        reverse("chatbot:kb_article", args=["seal-install"]),
        reverse("chatbot:kb_edit", args=["seal-install"]),
        reverse("chatbot:kb_new"),
        reverse("chatbot:kb_import"),
        reverse("chatbot:kb_misses"),
        reverse("chatbot:kb_export", args=["jsonl"]),
    ]
    for user in (consumer, analyst):
        _login(client, user)
        assert [client.get(url).status_code for url in urls] == [403] * len(urls)
        response = client.post(reverse("chatbot:kb_unpublish", args=["seal-install"]))
        assert response.status_code == 403
    assert KbArticle.objects.get(slug="seal-install").status == "published"


def test_operator_reads_but_may_not_edit(client, small_kb, operator):
    _login(client, operator)

    assert client.get(reverse("chatbot:kb_list")).status_code == 200
    assert (
        client.get(reverse("chatbot:kb_article", args=["seal-install"])).status_code
        == 200
    )
    assert (
        client.get(reverse("chatbot:kb_edit", args=["seal-install"])).status_code == 403
    )
    assert (
        client.post(reverse("chatbot:kb_edit", args=["seal-install"]), EDIT).status_code
        == 403
    )
    assert (
        client.post(reverse("chatbot:kb_unpublish", args=["seal-install"])).status_code
        == 403
    )
    assert client.get(reverse("chatbot:kb_import")).status_code == 403
    assert KbArticle.objects.get(slug="seal-install").versions.count() == 1


def test_unknown_article_is_404(client, small_kb, administrator):
    _login(client, administrator)

    assert client.get(reverse("chatbot:kb_article", args=["nope"])).status_code == 404
    assert (
        client.get(reverse("chatbot:kb_version", args=["seal-install", 9])).status_code
        == 404
    )


def test_list_searches_questions_in_cyrillic_and_filters(client, small_kb, operator):
    _login(client, operator)

    found = client.get(reverse("chatbot:kb_list"), {"q": "ПЛОМБУ"})
    by_topic = client.get(reverse("chatbot:kb_list"), {"topic": "reliability"})
    drafts = client.get(reverse("chatbot:kb_list"), {"status": "draft"})

    assert [a.slug for a, _n in found.context["rows"]] == ["seal-install"]
    assert [a.slug for a, _n in by_topic.context["rows"]] == [
        "outage-report",
        "voltage-low",
    ]
    assert drafts.context["rows"] == []


def test_preview_renders_without_saving(client, small_kb, administrator):
    _login(client, administrator)

    response = client.post(
        reverse("chatbot:kb_edit", args=["readings-submit"]),
        {**EDIT, "action": "preview"},
    )

    assert response.status_code == 200
    assert str(response.context["preview"]) == (
        '<p>Передайте показания в <a href="/account/">личном кабинете</a> '
        "<strong>с 15 по 25</strong> число.</p>"
    )
    assert KbArticle.objects.get(slug="readings-submit").versions.count() == 1


def test_edit_saves_a_draft_version_then_publish_makes_it_live(
    client, live, administrator, django_capture_on_commit_callbacks
):
    base, _embedder = live
    _login(client, administrator)

    response = client.post(
        reverse("chatbot:kb_edit", args=["readings-submit"]),
        {**EDIT, "action": "draft"},
    )
    article = KbArticle.objects.get(slug="readings-submit")
    assert response.status_code == 302
    assert (article.current_version.number, article.published_version.number) == (2, 1)
    assert article.current_version.author == administrator
    assert article.current_version.comment == "Добавлено СМС"

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("chatbot:kb_publish", args=["readings-submit"]))

    article.refresh_from_db()
    assert article.published_version.number == 2
    assert base.index.article("readings-submit").questions == (
        "Куда сообщить показания?",
        "Можно ли передать показания по СМС?",
    )
    page = client.get(reverse("chatbot:kb_article", args=["readings-submit"]))
    assert [v.number for v in page.context["versions"]] == [2, 1]
    old = client.get(reverse("chatbot:kb_version", args=["readings-submit", 1]))
    assert old.context["version"].title == "Как передать показания счётчика"


def test_invalid_edit_shows_errors_and_saves_nothing(client, small_kb, administrator):
    _login(client, administrator)

    response = client.post(
        reverse("chatbot:kb_edit", args=["readings-submit"]),
        {**EDIT, "answer": "См. [сюда](javascript:x)", "action": "publish"},
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "answer": [
            "Ссылка «javascript:x» не разрешена: используйте адрес http(s):// или "
            "адрес страницы сайта, начинающийся с /."
        ]
    }
    assert KbArticle.objects.get(slug="readings-submit").versions.count() == 1


def test_new_article_is_created_as_draft(client, small_kb, administrator):
    _login(client, administrator)

    response = client.post(
        reverse("chatbot:kb_new"), {**EDIT, "slug": "readings-sms", "action": "draft"}
    )

    assert response.status_code == 302
    article = KbArticle.objects.get(slug="readings-sms")
    assert (article.status, article.current_version.number) == ("draft", 1)


def test_test_a_question_shows_the_decision_and_top_matches(client, live, operator):
    base, _embedder = live
    _login(client, operator)
    question = "Куда сообщить показания электросчётчика?"
    expected = base.reply(question)

    response = client.get(reverse("chatbot:kb_test"), {"q": question})

    result = response.context["result"]
    assert result["kind"] == expected.kind
    assert [(c["id"], c["share"]) for c in result["candidates"]] == list(
        expected.candidates
    )
    assert (
        result["candidates"][0]["title"]
        == base.index.article(expected.candidates[0][0]).title
    )
    assert "kb-candidates" in response.content.decode()


def test_import_page_reports_rejected_rows(client, small_kb, administrator):
    _login(client, administrator)
    data = (
        json.dumps(
            {
                "id": "new-one",
                "topic": "general",
                "title": "Новая",
                "questions": ["Вопрос?"],
                "answer": "Ответ.",
            },
            ensure_ascii=False,
        )
        + "\n"
        + json.dumps({"id": "bad", "topic": "general", "title": "Плохая"})
        + "\n"
    ).encode()

    response = client.post(
        reverse("chatbot:kb_import"),
        {"file": SimpleUploadedFile("base.jsonl", data), "publish": "on"},
    )

    report = response.context["report"]
    assert (report.dry_run, report.created, report.published) == (
        False,
        ["new-one"],
        ["new-one"],
    )
    assert [(r.line, r.article_id, r.reasons) for r in report.rejected] == [
        (2, "bad", ("Нужен хотя бы один вариант вопроса.", "Не указан ответ."))
    ]
    assert "kb-rejected" in response.content.decode()
    assert KbArticle.objects.get(slug="new-one").status == "published"


def test_export_downloads(client, small_kb, operator):
    _login(client, operator)

    response = client.get(reverse("chatbot:kb_export", args=["jsonl"]))
    xlsx = client.get(reverse("chatbot:kb_export", args=["xlsx"]))
    unknown = client.get(reverse("chatbot:kb_export", args=["pdf"]))

    assert response["Content-Disposition"] == 'attachment; filename="kb.jsonl"'
    assert len(response.content.decode().splitlines()) == 8
    assert xlsx.content[:2] == b"PK"
    assert unknown.status_code == 404


@pytest.fixture
def group(small_kb) -> KbMissGroup:
    from django.utils import timezone

    now = timezone.now()
    return KbMissGroup.objects.create(
        size=2,
        questions=["Можно ли оплатить подключение картой?", "оплата ТП картой"],
        message_ids=[],
        nearest_article="connection-apply",
        nearest_share=0.4,
        first_at=now,
        last_at=now,
        computed_at=now,
    )


def test_misses_page_offers_the_nearest_article(client, group, operator):
    _login(client, operator)

    response = client.get(reverse("chatbot:kb_misses"))

    assert [(g.pk, a.slug) for g, a in response.context["rows"]] == [
        (group.pk, "connection-apply")
    ]
    assert "Добавить вариантом" not in response.content.decode()  # read only


def test_add_variant_is_one_post_from_the_misses_page(client, group, administrator):
    _login(client, administrator)

    response = client.post(
        reverse("chatbot:kb_miss_variant", args=[group.pk]),
        {"question": group.questions[0], "article": "connection-apply"},
    )

    assert response.status_code == 302
    article = KbArticle.objects.get(slug="connection-apply")
    assert article.current_version.questions[-1] == group.questions[0]
    assert article.published_version == article.current_version
    group.refresh_from_db()
    assert group.resolution == "variant"
    assert client.get(reverse("chatbot:kb_misses")).context["rows"] == []


def test_new_article_from_a_group_is_prefilled_and_closes_it(
    client, group, administrator
):
    _login(client, administrator)

    form = client.get(reverse("chatbot:kb_new"), {"group": group.pk}).context["form"]
    response = client.post(
        reverse("chatbot:kb_new"),
        {
            "slug": "connection-pay-card",
            "topic": form.initial["topic"],
            "title": "Оплата присоединения картой",
            "questions": form.initial["questions"],
            "answer": "Счёт можно оплатить картой в личном кабинете.",
            "group": str(group.pk),
            "action": "publish",
        },
    )

    assert form.initial["topic"] == "tp"
    assert form.initial["questions"] == "\n".join(group.questions)
    assert response.status_code == 302
    assert KbArticle.objects.get(slug="connection-pay-card").status == "published"
    group.refresh_from_db()
    assert (group.resolution, group.resolved_article) == (
        "article",
        "connection-pay-card",
    )


def test_regroup_button_runs_the_grouping_task(client, live, administrator, operator):
    from django.utils import timezone

    from gridcare.chatbot.models import BotMessage, Conversation

    now = timezone.now()
    talk = Conversation.objects.create(
        channel="portal", started_at=now, last_message_at=now
    )
    question = BotMessage.objects.create(
        conversation=talk,
        author="user",
        text="Можно ли передать показания по СМС?",
        created_at=now,
    )
    BotMessage.objects.create(
        conversation=talk,
        author="bot",
        text="Передаю специалисту",
        kind="handoff",
        confidence=0.1,
        created_at=now,
    )

    refused = _login(client, operator).post(reverse("chatbot:kb_miss_regroup"))
    response = _login(client, administrator).post(reverse("chatbot:kb_miss_regroup"))

    assert refused.status_code == 403
    assert response.status_code == 302
    group = KbMissGroup.objects.get()
    assert (group.size, group.questions, group.message_ids) == (
        1,
        [question.text],
        [question.pk],
    )
    assert group.nearest_article == live[0].reply(question.text).candidates[0][0]
