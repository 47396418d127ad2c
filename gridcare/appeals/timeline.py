"""An appeal's history as people read it: AppealEvent rows in Russian, the full story
for staff and the public part for the consumer (no internal notes, no staff names).
The portal, the back office and the API all describe history through this module."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.utils.translation import gettext as _

from gridcare.accounts.models import Role
from gridcare.appeals.codes import AnswerChannel, Channel, Status
from gridcare.appeals.models import AppealEvent

# What the consumer sees of the history; notes, outcome flags, escalations and queue
# moves stay internal.
PUBLIC_ACTIONS = frozenset(
    {
        "received",
        "registered",
        "assigned",
        "information_requested",
        "consumer_replied",
        "answered",
        "closed",
        "reopened",
        "forwarded",
        "withdrawn",
        "rated",
    }
)


@dataclass(frozen=True)
class TimelineEntry:
    event: AppealEvent
    at: datetime
    text: str
    actor: str
    to_status: str
    to_status_label: str


def _label(choices: Any, value: object) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return str(value or "")


def _yes_no(value: object) -> str:
    return _("да") if value else _("нет")


def _describe(event: AppealEvent, *, for_consumer: bool) -> str:
    d = event.details or {}
    action = event.action
    if action == "received":
        return _("Поступило: %(channel)s") % {
            "channel": _label(Channel, d.get("channel"))
        }
    if action == "registered":
        text = _("Зарегистрировано № %(number)s") % {"number": d.get("number", "")}
        if not for_consumer and d.get("group"):
            text += ", " + _("группа «%(group)s»") % {"group": d["group"]}
        return text
    if action == "assigned":
        if for_consumer:
            return _("Принято в работу")
        if d.get("assignee"):
            return _("Назначено: %(name)s") % {"name": d["assignee"]}
        return _("Исполнитель снят")
    if action == "returned_to_queue":
        return _("Возвращено в очередь группы")
    if action == "note_added":
        return _("Добавлена внутренняя заметка")
    if action == "information_requested":
        if for_consumer:
            return _("Запрошены дополнительные сведения")
        return _("Запрошены сведения у потребителя, срок приостановлен")
    if action == "consumer_replied":
        return _("Сообщение от потребителя")
    if action == "answered":
        return _("Дан ответ (%(via)s)") % {"via": _label(AnswerChannel, d.get("via"))}
    if action == "closed":
        if "complaint_settled" in d:
            return _("Закрыто; жалоба урегулирована: %(yes_no)s") % {
                "yes_no": _yes_no(d["complaint_settled"])
            }
        return _("Закрыто")
    if action == "reopened":
        return _("Возобновлено: %(reason)s") % {"reason": d.get("reason", "")}
    if action == "forwarded":
        return _("Перенаправлено: %(to)s") % {"to": d.get("forwarded_to", "")}
    if action == "withdrawn":
        if d.get("reason"):
            return _("Отозвано: %(reason)s") % {"reason": d["reason"]}
        return _("Отозвано")
    if action == "rated":
        return _("Оценка ответа: %(rating)s из 5") % {"rating": d.get("rating", "")}
    if action == "outcome_set":
        return _(
            "Итоги: договор ТП — %(connection)s, договор на передачу — "
            "%(transmission)s, жалоба урегулирована — %(settled)s"
        ) % {
            "connection": _yes_no(d.get("connection_contract")),
            "transmission": _yes_no(d.get("transmission_contract")),
            "settled": _yes_no(d.get("complaint_settled")),
        }
    if action == "escalated":
        return _("Срок нарушен — сообщено руководителю")
    return action


def _actor(event: AppealEvent, *, for_consumer: bool) -> str:
    actor = event.actor
    if actor is None:
        return "" if for_consumer else _("система")
    if actor.role == Role.CONSUMER:
        return _("вы") if for_consumer else _("потребитель")
    return _("специалист") if for_consumer else str(actor)


def timeline_entries(
    events: Iterable[AppealEvent], *, for_consumer: bool
) -> list[TimelineEntry]:
    """Describe each event in Russian; the consumer gets the public part only."""
    entries = []
    for event in events:
        if for_consumer and (
            event.action not in PUBLIC_ACTIONS
            # A re-assignment without a status change is internal routing.
            or (event.action == "assigned" and not event.to_status)
        ):
            continue
        entries.append(
            TimelineEntry(
                event=event,
                at=event.at,
                text=_describe(event, for_consumer=for_consumer),
                actor=_actor(event, for_consumer=for_consumer),
                to_status=event.to_status,
                to_status_label=_label(Status, event.to_status)
                if event.to_status
                else "",
            )
        )
    return entries
