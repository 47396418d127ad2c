"""Live actions of Алсу: outages at an address, «нет света», an appeal's status, meter
readings and filing an appeal. Each writes Алсу's replies into the conversation and
sets the follow-up step (`conversation.step`) it waits for; dialog.py saves it."""

from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from gridcare.appeals.codes import AnswerChannel, Category, Channel, Topic
from gridcare.appeals.power_reports import appeal_receive_power_report
from gridcare.appeals.selectors import appeal_get_by_number_for_user
from gridcare.appeals.services import AppealInput, appeal_receive
from gridcare.chatbot.messages import Say, message_add
from gridcare.chatbot.models import BotMessage, Conversation
from gridcare.consumers.models import SupplyPoint
from gridcare.contact_centre.models import ChatTopic
from gridcare.contact_centre.services import TOPIC_CATEGORY
from gridcare.core.errors import ApplicationError, NotFoundError
from gridcare.outages.intake import outage_answer_text, power_report_record
from gridcare.outages.models import Outage
from gridcare.outages.selectors import outage_find_for_place, outage_lookup


def login_hint() -> str:
    return _(
        "Для этого войдите в личный кабинет (кнопка «Войти» вверху страницы) и "
        "напишите мне снова."
    )


def bot(conversation: Conversation, say: Say | str) -> BotMessage:
    return message_add(conversation=conversation, author=BotMessage.Author.BOT, say=say)


def ask(conversation: Conversation, step: str, say: Say | str, **data: Any) -> None:
    """Ask a follow-up question and remember what the answer is for."""
    conversation.step = step
    conversation.step_data = data
    bot(conversation, say)


def done(conversation: Conversation) -> None:
    conversation.step, conversation.step_data = "", {}


def consumer_of(conversation: Conversation) -> Any:
    user = conversation.user
    if user is None or not getattr(user, "is_consumer", False):
        return None
    return getattr(user, "consumer", None)


def _moscow(value: Any) -> str:
    return formats.date_format(timezone.localtime(value), "d.m.Y H:i") if value else ""


YES_NO = ({"label": "Да", "value": "Да"}, {"label": "Нет", "value": "Нет"})


# ---- outages ----------------------------------------------------------------------


def outage_line(outage: Outage) -> str:
    """One outage in a sentence: kind, status, time window and cause."""
    start = outage.started_at or outage.planned_start
    end = outage.ended_at or outage.estimated_restoration_at or outage.planned_end
    window = _("с %(start)s") % {"start": _moscow(start)} if start else ""
    if end:
        window += " " + _("до %(end)s") % {"end": _moscow(end)}
    return (
        f"{outage.get_kind_display()} — {outage.get_status_display().lower()}"
        f"{', ' + window.strip() + ' (мск)' if window.strip() else ''}"
        f"{'. ' + outage.cause_text if outage.cause_text else ''}."
    )


def outage_at_address(conversation: Conversation, address: str) -> None:
    """Tell which outages cover the address the person typed."""
    if not address.strip():
        ask(
            conversation,
            "outage_address",
            _("Напишите адрес: населённый пункт, улицу и дом."),
        )
        return
    lookup = outage_lookup(query=address, user=conversation.user)
    if lookup.needs_login:
        done(conversation)
        bot(
            conversation,
            _("Искать по номеру лицевого счёта или телефону можно только после входа. ")
            + login_hint(),
        )
        return
    if not lookup.places:
        ask(
            conversation,
            "outage_address",
            _("Не нашла адрес «%(address)s». Напишите населённый пункт, улицу и дом.")
            % {"address": address},
        )
        return
    done(conversation)
    lines = []
    for place in lookup.places[:3]:
        if place.outages:
            lines.append(
                f"{place.label}: " + " ".join(outage_line(o) for o in place.outages[:3])
            )
        else:
            lines.append(_("%(place)s: отключений нет.") % {"place": place.label})
    bot(conversation, Say("\n".join(lines), kind="outage"))


def no_power(conversation: Conversation, address: str) -> None:
    """«Нет света»: the outage that explains it, else an offer to report it."""
    consumer = consumer_of(conversation)
    point = None
    if not address and consumer is not None:
        point = (
            SupplyPoint.objects.filter(account__consumer=consumer)
            .select_related("building__street", "building__settlement")
            .order_by("pk")
            .first()
        )
    if point is None and not address:
        ask(
            conversation,
            "no_power_address",
            _("Напишите адрес, где нет электроэнергии: населённый пункт, улицу и дом."),
        )
        return
    outage = None
    place_label = address
    if point is not None and point.building_id:
        outage = outage_find_for_place(building=point.building)
        place_label = point.building.full_address
    elif address:
        lookup = outage_lookup(query=address, user=conversation.user)
        for place in lookup.places[:1]:
            place_label = place.label
            outage = outage_find_for_place(
                building=_building(place.building_id),
                street_id=place.street_id,
                settlement_id=place.settlement_id,
            )
    if outage is not None:
        done(conversation)
        bot(conversation, Say(outage_answer_text(outage), kind="outage"))
        return
    ask(
        conversation,
        "report_confirm",
        Say(
            _(
                "По адресу %(place)s известных отключений нет. Сообщить диспетчеру, что у вас нет света?"
            )
            % {"place": place_label},
            kind="outage",
            options=YES_NO,
        ),
        point_id=point.pk if point else None,
        address=address,
    )


def _building(building_id: int | None) -> Any:
    from gridcare.territory.models import Building

    return Building.objects.filter(pk=building_id).first() if building_id else None


def report_no_power(conversation: Conversation) -> None:
    """Record the report: a registered appeal for a consumer, a dispatch report for a
    visitor (who gave no contact)."""
    data = conversation.step_data
    done(conversation)
    consumer = consumer_of(conversation)
    if consumer is not None:
        point = SupplyPoint.objects.filter(
            pk=data.get("point_id"), account__consumer=consumer
        ).first()
        result = appeal_receive_power_report(
            actor=conversation.user,
            data=AppealInput(
                channel=Channel.CHATBOT,
                category=Category.TRANSMISSION,
                topic=Topic.RELIABILITY,
                text=_("Нет электроэнергии (сообщение в чате)."),
                contact_name=consumer.name,
                contact_phone=consumer.phone,
                contact_email=consumer.email,
                answer_channel=AnswerChannel.PERSONAL_ACCOUNT,
                consumer=consumer,
                supply_point=point,
                address_text=data.get("address") or "",
            ),
        )
        _link_appeal(conversation, result.appeal)
        bot(
            conversation,
            Say(
                _("Сообщение зарегистрировано, обращение № %(number)s. %(answer)s")
                % {"number": result.appeal.number, "answer": result.answer},
                kind="outage",
            ),
        )
        return
    report = power_report_record(
        channel="chatbot", address_text=data.get("address") or ""
    )
    bot(conversation, Say(report.answer, kind="outage"))


def _link_appeal(conversation: Conversation, appeal: Any) -> None:
    if conversation.appeal_id is None:
        conversation.appeal = appeal
        conversation.save(update_fields=["appeal"])


# ---- appeal status ----------------------------------------------------------------


def appeal_status(conversation: Conversation, number: str) -> None:
    """The status of the person's own appeal; nothing about anybody else's."""
    if consumer_of(conversation) is None:
        done(conversation)
        bot(
            conversation,
            _(
                "Статус обращения я покажу после входа в личный кабинет. Ещё его можно "
                "посмотреть по ссылке из письма или SMS о регистрации обращения. "
            )
            + login_hint(),
        )
        return
    if not number:
        ask(
            conversation,
            "appeal_number",
            _("Напишите номер обращения, например 26-0001234."),
        )
        return
    done(conversation)
    try:
        appeal = appeal_get_by_number_for_user(user=conversation.user, number=number)
    except NotFoundError:
        bot(
            conversation,
            _("Обращение № %(number)s среди ваших обращений не найдено.")
            % {"number": number},
        )
        return
    text = _("Обращение № %(number)s от %(date)s: «%(status)s».") % {
        "number": appeal.number,
        "date": formats.date_format(timezone.localtime(appeal.received_at), "d.m.Y"),
        "status": appeal.get_status_display(),
    }
    if appeal.due_at and appeal.is_open:
        text += " " + _("Срок ответа — до %(due)s (мск).") % {
            "due": _moscow(appeal.due_at)
        }
    if appeal.answer_text:
        text += " " + _("Ответ: %(answer)s") % {"answer": appeal.answer_text}
    bot(conversation, Say(text, kind="appeal_status"))


# ---- meter readings ---------------------------------------------------------------


def _metering() -> tuple[Any, Any] | None:
    """The metering app's reading service and meter selector, if installed."""
    try:
        from gridcare.metering.selectors import meters_for_consumer
        from gridcare.metering.services import reading_submit
    except ImportError:
        return None
    return meters_for_consumer, reading_submit


def zones_of(meter: Any) -> list[tuple[str, str]]:
    """The tariff zones of a meter: (key of the reading, label)."""
    labels = {
        1: [("T1", _("показание"))],
        2: [("T1", _("день (Т1)")), ("T2", _("ночь (Т2)"))],
        3: [("T1", _("пик (Т1)")), ("T2", _("ночь (Т2)")), ("T3", _("полупик (Т3)"))],
    }
    return labels.get(int(getattr(meter, "tariff_zones", 1) or 1), labels[1])


def _ask_values(conversation: Conversation, meter: Any) -> None:
    zones = ", ".join(label for _key, label in zones_of(meter))
    ask(
        conversation,
        "reading_values",
        Say(
            _("Счётчик № %(serial)s. Напишите показания через пробел: %(zones)s.")
            % {"serial": meter.serial_number, "zones": zones},
            kind="reading",
        ),
        meter_id=meter.pk,
    )


def reading_start(conversation: Conversation) -> None:
    consumer = consumer_of(conversation)
    if consumer is None:
        done(conversation)
        bot(
            conversation,
            _("Передать показания в чате можно после входа в личный кабинет. ")
            + login_hint(),
        )
        return
    metering = _metering()
    if metering is None:
        done(conversation)
        bot(
            conversation,
            _(
                "Приём показаний в чате временно недоступен: передайте их в личном кабинете."
            ),
        )
        return
    meters = [m for m in metering[0](consumer) if not getattr(m, "is_remote", False)]
    if not meters:
        done(conversation)
        bot(
            conversation,
            _("Приборов учёта, показания которых передают вручную, у вас нет."),
        )
        return
    if len(meters) == 1:
        _ask_values(conversation, meters[0])
        return
    ask(
        conversation,
        "reading_meter",
        Say(
            _("Выберите счётчик:"),
            kind="reading",
            options=[
                {"label": f"№ {m.serial_number}", "value": f"meter:{m.pk}"}
                for m in meters
            ],
        ),
    )


def _own_meter(conversation: Conversation, meter_id: Any) -> Any:
    metering = _metering()
    consumer = consumer_of(conversation)
    if metering is None or consumer is None:
        return None
    return next((m for m in metering[0](consumer) if str(m.pk) == str(meter_id)), None)


def reading_choose(conversation: Conversation, text: str) -> bool:
    value = text.strip().removeprefix("meter:")
    meter = _own_meter(conversation, value)
    if meter is None:
        return False
    _ask_values(conversation, meter)
    return True


def reading_values(conversation: Conversation, text: str) -> bool:
    """Take the values for the chosen meter; a refusal is explained and asked again."""
    meter = _own_meter(conversation, conversation.step_data.get("meter_id"))
    if meter is None:
        done(conversation)
        return False
    zones = zones_of(meter)
    try:
        numbers = [Decimal(p.replace(",", ".")) for p in text.split()]
    except InvalidOperation:
        numbers = []
    if len(numbers) != len(zones):
        bot(
            conversation,
            _("Нужно %(count)s числа (значения) через пробел: %(zones)s.")
            % {"count": len(zones), "zones": ", ".join(label for _k, label in zones)},
        )
        return True
    reading_submit = _metering()[1]  # type: ignore[index]
    try:
        reading_submit(
            meter=meter,
            values={
                key: value for (key, _label), value in zip(zones, numbers, strict=True)
            },
            source="chatbot",
            submitted_by=conversation.user,
        )
    except ApplicationError as exc:
        bot(
            conversation,
            Say(
                exc.message
                + " "
                + _("Проверьте и напишите показания ещё раз или «отмена»."),
                kind="reading",
            ),
        )
        return True
    done(conversation)
    bot(
        conversation,
        Say(
            _("Показания счётчика № %(serial)s приняты: %(values)s.")
            % {
                "serial": meter.serial_number,
                "values": " / ".join(str(n) for n in numbers),
            },
            kind="reading",
        ),
    )
    return True


# ---- filing an appeal -------------------------------------------------------------


def appeal_start(conversation: Conversation) -> None:
    ask(
        conversation,
        "appeal_text",
        _(
            "Опишите ваш вопрос или просьбу одним сообщением — я зарегистрирую обращение."
        ),
    )


def topic_options(suggested: str) -> list[dict[str, str]]:
    ordered = [suggested] + [t for t in ChatTopic.values if t != suggested]
    labels = dict(Topic.choices)
    return [{"label": str(labels[t]), "value": f"topic:{t}"} for t in ordered]


def appeal_topic_ask(conversation: Conversation, text: str, suggested: str) -> None:
    ask(
        conversation,
        "appeal_topic",
        Say(
            _("Подтвердите тематику обращения (первая — как я поняла вопрос):"),
            kind="appeal",
            options=topic_options(suggested),
        ),
        text=text,
    )


def appeal_file(
    conversation: Conversation, *, topic: str, name: str = "", phone: str = ""
) -> None:
    """Register the appeal of the chat-bot channel and tell its number."""
    text = conversation.step_data.get("text", "")
    consumer = consumer_of(conversation)
    if consumer is not None:
        contact = {
            "contact_name": consumer.name,
            "contact_phone": consumer.phone,
            "contact_email": consumer.email,
            "answer_channel": AnswerChannel.PERSONAL_ACCOUNT,
        }
        actor = conversation.user
    else:
        contact = {
            "contact_name": name,
            "contact_phone": phone,
            "answer_channel": AnswerChannel.PHONE,
        }
        actor = None
    appeal = appeal_receive(
        actor=actor,
        data=AppealInput(
            channel=Channel.CHATBOT,
            category=TOPIC_CATEGORY[ChatTopic(topic)],
            topic=topic,
            text=text,
            consumer=consumer,
            **contact,
        ),
    )
    done(conversation)
    _link_appeal(conversation, appeal)
    bot(
        conversation,
        Say(
            _(
                "Обращение зарегистрировано, номер %(number)s. Срок ответа — до %(due)s (мск)."
            )
            % {"number": appeal.number, "due": _moscow(appeal.due_at) or "—"},
            kind="appeal",
        ),
    )
