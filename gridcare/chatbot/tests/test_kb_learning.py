"""Questions Алсу missed are collected, grouped by similarity and resolved in two
clicks (a variant added to an article, or a new article from the group)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from gridcare.chatbot.learning import (
    group_texts,
    kb_miss_group_add_variant,
    kb_miss_group_dismiss,
    kb_misses_collect,
    kb_misses_regroup,
)
from gridcare.chatbot.models import BotMessage, Conversation, KbArticle, KbMissGroup
from gridcare.chatbot.tests.kb_support import small_kb_create
from gridcare.core.errors import ConflictError

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_kb(db: object) -> list[KbArticle]:
    return small_kb_create()


HAND_MADE = [
    "Как оплатить счёт за подключение картой?",
    "Можно ли оплатить подключение банковской картой",
    "Где взять справку об отсутствии задолженности?",
    "Справка об отсутствии долга за электроэнергию",
    "нужна справка что нет долга",
    "Почему мигает свет в квартире",
    "Свет мигает весь вечер",
    "Какая погода завтра?",
    "как оплатить картой подключение",
]


def test_hand_made_questions_group_by_meaning_of_their_words():
    groups = group_texts(HAND_MADE)

    assert [sorted(HAND_MADE[i] for i in group) for group in groups] == [
        sorted(HAND_MADE[i] for i in (0, 1, 8)),
        sorted(HAND_MADE[i] for i in (2, 3, 4)),
        sorted(HAND_MADE[i] for i in (5, 6)),
        [HAND_MADE[7]],
    ]


def _talk(
    minutes_ago: int, *messages: tuple[str, str, str, float | None]
) -> list[BotMessage]:
    """A conversation of (author, text, kind, confidence), a second apart."""
    start = timezone.now() - timedelta(minutes=minutes_ago)
    talk = Conversation.objects.create(
        channel="portal", started_at=start, last_message_at=start
    )
    return [
        BotMessage.objects.create(
            conversation=talk,
            author=author,
            text=text,
            kind=kind,
            confidence=confidence,
            created_at=start + timedelta(seconds=n),
        )
        for n, (author, text, kind, confidence) in enumerate(messages)
    ]


@pytest.fixture
def missed(db) -> dict[str, BotMessage]:
    first = _talk(
        30,
        ("bot", "Здравствуйте!", "smalltalk", None),
        ("user", "Как оплатить счёт за подключение картой?", "", None),
        ("bot", "Передаю специалисту", "handoff", 0.12),
    )
    second = _talk(
        20,
        ("user", "Можно ли оплатить подключение банковской картой", "", None),
        ("bot", "Уточните", "clarify", 0.4),
        ("user", "article:connection-apply", "", None),
        ("bot", "Заявку подают…", "answer", 1.0),
    )
    third = _talk(
        10,
        ("user", "Свет мигает весь вечер", "", None),
        ("bot", "Передаю специалисту", "handoff", 0.05),
        ("user", "Позовите оператора", "", None),
        # A hand-off the person asked for is not a miss of the base.
        ("bot", "Передаю разговор специалисту.", "handoff", None),
        ("user", "Как передать показания?", "", None),
        ("bot", "Показания передают…", "answer", 0.9),
    )
    return {"card": first[1], "card2": second[0], "blink": third[0]}


def test_collects_the_questions_before_a_handoff_or_clarify(missed):
    misses = kb_misses_collect()

    assert [(m.message_id, m.text) for m in misses] == [
        (missed["card"].pk, missed["card"].text),
        (missed["card2"].pk, missed["card2"].text),
        (missed["blink"].pk, missed["blink"].text),
    ]


def test_regroup_stores_groups_with_the_nearest_article(missed):
    groups = kb_misses_regroup(nearest=lambda text: ("connection-apply", 0.42))

    assert [(g.size, sorted(g.questions), g.nearest_article) for g in groups] == [
        (
            2,
            sorted([missed["card"].text, missed["card2"].text]),
            "connection-apply",
        ),
        (1, [missed["blink"].text], "connection-apply"),
    ]
    assert groups[0].nearest_share == 0.42
    assert sorted(groups[0].message_ids) == sorted(
        [missed["card"].pk, missed["card2"].pk]
    )


def test_regroup_replaces_open_groups_and_keeps_resolved_questions_out(
    missed, administrator
):
    groups = kb_misses_regroup(nearest=None)
    kb_miss_group_dismiss(group=groups[1], actor=administrator)

    again = kb_misses_regroup(nearest=None)

    assert KbMissGroup.objects.count() == 2  # one open, one dismissed
    assert [g.size for g in again] == [2]
    assert missed["blink"].text not in again[0].questions


def test_two_clicks_add_a_variant_to_the_nearest_article(
    missed, small_kb, administrator, django_capture_on_commit_callbacks
):
    group = kb_misses_regroup(nearest=lambda text: ("connection-apply", 0.4))[0]
    article = KbArticle.objects.get(slug="connection-apply")
    before = list(article.current_version.questions)

    with django_capture_on_commit_callbacks(execute=True):
        kb_miss_group_add_variant(
            group=group, article=article, question=group.example, actor=administrator
        )

    article.refresh_from_db()
    group.refresh_from_db()
    assert article.current_version.questions == [*before, group.example]
    assert article.current_version.number == 2
    assert article.published_version == article.current_version
    assert (group.resolution, group.resolved_article, group.resolved_by) == (
        "variant",
        "connection-apply",
        administrator,
    )
    with pytest.raises(ConflictError):
        kb_miss_group_add_variant(
            group=group, article=article, question="другой", actor=administrator
        )
