"""Figures of the apps that keep their own records: call statistics (telephony
call_stats), chat-bot answers versus hand-offs (chatbot chat_handoff_stats), and
that the report and the dashboards show them as Source.RECORDS. Every expected figure
below is computed by hand in the docstrings."""

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gridcare.chatbot.models import (
    BotMessage,
    Conversation,
    ConversationEvent,
    MessageAuthor,
)
from gridcare.chatbot.selectors import ChatHandoffStats, chat_handoff_stats
from gridcare.contact_centre.models import CallbackRequest, CallbackStatus
from gridcare.reports.aggregates import MOSCOW
from gridcare.reports.dashboards import DashboardFilters, table_calls, table_chatbot
from gridcare.reports.models import PhoneServiceFigures
from gridcare.reports.providers import Source, chat_figures, phone_figures
from gridcare.reports.report186 import report_186_build
from gridcare.telephony.models import Call, CallStatus, HandledBy, Pbx
from gridcare.telephony.selectors import CallStats, call_stats

pytestmark = pytest.mark.django_db

FIRST, LAST = date(2026, 3, 2), date(2026, 3, 3)


def msk(*args: int) -> datetime:
    return datetime(*args, tzinfo=MOSCOW)


@pytest.fixture
def calls() -> None:
    """In the period (Moscow days 2–3 March):
    1 IVR; 2 operator: wait 30 s, talk 240 s; 3 operator: wait 75 s, talk 95 s;
    4 abandoned after 120 s in the queue; 5 IVR at 23:30 MSK on the 3rd (20:30 UTC);
    8 still talking: wait 46 s, not ended.
    Outside: 6 at 00:10 MSK on the 4th (21:10 UTC on the 3rd), 7 at 23:50 on the 1st.
    Total 6, by operator 2, automatic 2, missed 1; wait over answered (2, 3, 8):
    151 / 3 = 50.3 → 50 s; talk over answered and ended (2, 3): 335 / 2 = 167.5 →
    168 s (half up)."""
    pbx = Pbx.objects.create(name="АТС", key_hash="h" * 64, key_prefix="hhhh")
    n = 0

    def call(started: datetime, handled_by: str = "", **times: datetime) -> None:
        nonlocal n
        n += 1
        Call.objects.create(
            pbx=pbx,
            external_id=f"c{n}",
            status=CallStatus.ENDED if handled_by else CallStatus.TALKING,
            handled_by=handled_by,
            started_at=started,
            **times,
        )

    call(msk(2026, 3, 2, 10), HandledBy.IVR, ended_at=msk(2026, 3, 2, 10, 2))
    call(
        msk(2026, 3, 2, 11),
        HandledBy.OPERATOR,
        queued_at=msk(2026, 3, 2, 11, 1),
        answered_at=msk(2026, 3, 2, 11, 1, 30),
        ended_at=msk(2026, 3, 2, 11, 5, 30),
    )
    call(
        msk(2026, 3, 3, 9),
        HandledBy.OPERATOR,
        queued_at=msk(2026, 3, 3, 9, 0, 10),
        answered_at=msk(2026, 3, 3, 9, 1, 25),
        ended_at=msk(2026, 3, 3, 9, 3),
    )
    call(
        msk(2026, 3, 3, 12),
        HandledBy.ABANDONED,
        queued_at=msk(2026, 3, 3, 12, 0, 5),
        ended_at=msk(2026, 3, 3, 12, 2, 5),
    )
    call(msk(2026, 3, 3, 23, 30), HandledBy.IVR, ended_at=msk(2026, 3, 3, 23, 31))
    call(
        msk(2026, 3, 4, 0, 10),
        HandledBy.OPERATOR,
        queued_at=msk(2026, 3, 4, 0, 10),
        answered_at=msk(2026, 3, 4, 0, 20),
        ended_at=msk(2026, 3, 4, 0, 30),
    )
    call(msk(2026, 3, 1, 23, 50), HandledBy.IVR, ended_at=msk(2026, 3, 1, 23, 51))
    call(
        msk(2026, 3, 3, 15),
        queued_at=msk(2026, 3, 3, 15),
        answered_at=msk(2026, 3, 3, 15, 0, 46),
    )


@pytest.fixture
def callbacks() -> None:
    """Created in the period: a done in 3 h 59 min (within); b done in 4 h 30 min;
    c new, due 13:00 on the 3rd; d cancelled (never counted); e done in exactly 4 h
    (within); g taken, due 00:00 on the 4th. Outside: f on the 5th.
    Once all are due: counted a, b, c, e, g = 5, within a, e = 2 → 40.0 %.
    At 21:00 on the 3rd g is not yet due: 2 of 4 → 50.0 %."""

    def request(created: datetime, status: str, done: datetime | None = None) -> None:
        CallbackRequest.objects.create(
            topic="general",
            name="Имя",
            phone="+79990000000",
            status=status,
            created_at=created,
            due_at=created + timedelta(hours=4),
            done_at=done,
        )

    request(msk(2026, 3, 2, 10), CallbackStatus.DONE, msk(2026, 3, 2, 13, 59))
    request(msk(2026, 3, 2, 12), CallbackStatus.DONE, msk(2026, 3, 2, 16, 30))
    request(msk(2026, 3, 3, 9), CallbackStatus.NEW)
    request(msk(2026, 3, 3, 10), CallbackStatus.CANCELLED)
    request(msk(2026, 3, 3, 11), CallbackStatus.DONE, msk(2026, 3, 3, 15))
    request(msk(2026, 3, 3, 20), CallbackStatus.TAKEN)
    request(msk(2026, 3, 5, 10), CallbackStatus.DONE, msk(2026, 3, 5, 11))


@pytest.fixture
def conversations() -> None:
    """In the period: c1 asked and answered by Алсу; c2 handed off; c3 handed off
    twice (back to the bot in between) — counted once; c4 only Алсу's greeting (the
    person wrote nothing: neither); c6 answered by Алсу. Outside: c5 at 00:30 MSK on
    the 4th, handed off. Answered by the bot 2 (c1, c6), handed off 2 (c2, c3)."""

    def conversation(started: datetime, *, asked: bool, handoffs: int) -> None:
        c = Conversation.objects.create(
            channel=Conversation.Channel.PORTAL,
            started_at=started,
            last_message_at=started,
        )
        BotMessage.objects.create(
            conversation=c,
            author=MessageAuthor.BOT,
            text="Здравствуйте!",
            created_at=started,
        )
        if asked:
            BotMessage.objects.create(
                conversation=c,
                author=MessageAuthor.USER,
                text="Вопрос",
                created_at=started,
            )
        for i in range(handoffs):
            at = started + timedelta(minutes=i + 1)
            ConversationEvent.objects.create(
                conversation=c, at=at, action="handed_off", to_state="live"
            )
            ConversationEvent.objects.create(
                conversation=c, at=at, action="chat_closed", to_state="bot"
            )

    conversation(msk(2026, 3, 2, 10), asked=True, handoffs=0)
    conversation(msk(2026, 3, 2, 11), asked=True, handoffs=1)
    conversation(msk(2026, 3, 3, 12), asked=True, handoffs=2)
    conversation(msk(2026, 3, 3, 13), asked=False, handoffs=0)
    conversation(msk(2026, 3, 4, 0, 30), asked=True, handoffs=1)
    conversation(msk(2026, 3, 3, 14), asked=True, handoffs=0)


def test_call_stats_hand_computed(calls, callbacks):
    stats = call_stats(date_from=FIRST, date_to=LAST, now=msk(2026, 3, 10))
    assert stats == CallStats(
        calls_total=6,
        calls_by_operator=2,
        calls_automatic=2,
        calls_missed=1,
        avg_wait_seconds=50,
        avg_talk_seconds=168,
        callbacks_within_4h_percent=Decimal("40.0"),
    )
    early = call_stats(date_from=FIRST, date_to=LAST, now=msk(2026, 3, 3, 21))
    assert early.callbacks_within_4h_percent == Decimal("50.0")
    one_day = call_stats(date_from=LAST, date_to=LAST, now=msk(2026, 3, 10))
    assert (one_day.calls_total, one_day.avg_wait_seconds) == (4, 61)  # 121 / 2
    assert one_day.avg_talk_seconds == 95
    assert one_day.callbacks_within_4h_percent == Decimal("33.3")  # e of c, e, g


def test_call_stats_none_without_calls_falls_back_to_manual(callbacks):
    assert call_stats(date_from=FIRST, date_to=LAST) is None
    PhoneServiceFigures.objects.create(
        year=2026,
        calls_total=100,
        calls_by_operator=60,
        calls_automatic=30,
        calls_missed=10,
    )
    figures = phone_figures(date_from=date(2026, 1, 1), date_to=date(2026, 12, 31))
    assert (figures.source, figures.calls_total) == (Source.MANUAL, 100)


def test_phone_figures_come_from_records_in_two_queries(calls, callbacks):
    with CaptureQueriesContext(connection) as queries:
        figures = phone_figures(date_from=FIRST, date_to=LAST)
    assert len(queries) == 2  # calls, call-back requests: one grouped query each
    assert figures.source == Source.RECORDS
    assert (figures.calls_total, figures.calls_by_operator) == (6, 2)
    assert figures.callbacks_within_4h_percent == Decimal("40.0")


def test_chat_handoff_stats_hand_computed(conversations):
    with CaptureQueriesContext(connection) as queries:
        stats = chat_handoff_stats(date_from=FIRST, date_to=LAST)
    assert len(queries) == 1
    assert stats == ChatHandoffStats(conversations=5, answered_by_bot=2, handed_off=2)
    assert chat_handoff_stats(date_from=date(2026, 3, 4), date_to=date(2026, 3, 4)) == (
        ChatHandoffStats(conversations=1, answered_by_bot=0, handed_off=1)
    )
    assert (
        chat_handoff_stats(date_from=date(2026, 4, 1), date_to=date(2026, 4, 2)) is None
    )
    figures = chat_figures(date_from=FIRST, date_to=LAST)
    assert (figures.source, figures.answered_by_bot, figures.handed_off) == (
        Source.RECORDS,
        2,
        2,
    )


def test_dashboards_and_report_show_the_records(calls, callbacks, conversations):
    f = DashboardFilters(date_from=FIRST, date_to=LAST)
    calls_table = table_calls(f)
    assert calls_table.rows[1] == ["Звонков обработано", 2, 2]
    assert calls_table.note == "Звонки — по записям контакт-центра."
    chat = table_chatbot(f)
    assert chat.rows[:2] == [["Ответил чат-бот", 2], ["Передано оператору", 2]]
    assert chat.note == ""

    report = report_186_build(year=2026)
    assert report.phone.source == Source.RECORDS
    assert (
        report.phone.calls_total,
        report.phone.calls_by_operator,
        report.phone.calls_automatic,
        report.phone.calls_missed,
    ) == (8, 3, 3, 1)  # the whole year: calls 6 and 7 too
    assert report.phone.callbacks_within_4h_percent == Decimal("50.0")  # 3 of 6
    assert (report.chat.source, report.chat.answered_by_bot) == (Source.RECORDS, 2)
    assert report.chat.handed_off == 3
