"""Self-service actions of the voice menu.

Each action is called with the session's context and the caller's input (None when
the caller has just arrived at the node) and returns an `Ask` (say and wait for
input, staying in the node) or a `Done` (say, then go to the node's `next_node`).
Progress is kept in `ctx.state` (saved with the session).

Who the caller is: the caller ID (the PBX's number of the caller) is trusted as the
consumer's phone, as the outage lookup allows for the IVR; a consumer account number
typed on the keypad identifies the account (see docs/domains/telephony.md)."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from gridcare.appeals.codes import Channel
from gridcare.consumers.models import Consumer, ConsumerAccount
from gridcare.contact_centre.models import ChatTopic
from gridcare.contact_centre.services import CallbackInput, callback_request_create
from gridcare.core.errors import ApplicationError
from gridcare.metering.models import Meter
from gridcare.metering.services import reading_submit
from gridcare.outages.intake import outage_answer_text
from gridcare.outages.selectors import outage_lookup
from gridcare.telephony.ivr.instruction import Gather, IvrInput
from gridcare.telephony.models import Call, IvrNode
from gridcare.telephony.selectors import appeal_for_caller

NUMBER_GATHER = Gather(max_digits=20, timeout_seconds=10, speech=True)


@dataclass
class Context:
    call: Call
    node: IvrNode
    state: dict[str, Any] = field(default_factory=dict)

    def retry(self) -> bool:
        """Count a failed attempt; True while the caller may try again."""
        self.state["retries"] = self.state.get("retries", 0) + 1
        return self.state["retries"] <= self.node.retries


@dataclass(frozen=True)
class Ask:
    say: str
    gather: Gather = NUMBER_GATHER


@dataclass(frozen=True)
class Done:
    say: str
    # The self-service the caller got («outage», «reading», …); "" if none.
    self_service: str = ""


Outcome = Ask | Done


def _spell(digits: str) -> str:
    """Digits one by one, as a voice reads a number back."""
    return " ".join(digits)


# ---- who is calling ----------------------------------------------------------------


def _ask_account() -> str:
    return _("Введите номер лицевого счёта и нажмите решётку.")


def _account(ctx: Context, entry: IvrInput | None) -> ConsumerAccount | Ask | None:
    """The consumer account of the caller: remembered, the only account of the caller
    ID's consumer, or typed by the caller. Ask for it, or None after the retries."""
    if "account_id" in ctx.state:
        return ConsumerAccount.objects.get(pk=ctx.state["account_id"])
    if entry is None:
        accounts = (
            list(ConsumerAccount.objects.filter(consumer__phone=ctx.call.caller)[:2])
            if ctx.call.caller.startswith("+7")
            else []
        )
        if len(accounts) == 1:
            ctx.state["account_id"] = accounts[0].pk
            return accounts[0]
        return Ask(_ask_account())
    account = ConsumerAccount.objects.filter(number=entry.number).first()
    if account is None:
        if ctx.retry():
            return Ask(_("Лицевой счёт не найден.") + " " + _ask_account())
        return None
    ctx.state["account_id"] = account.pk
    return account


def _not_identified() -> str:
    return _(
        "К сожалению, не удалось найти лицевой счёт. Соединитесь с оператором, "
        "он поможет."
    )


# ---- is there an outage at my address --------------------------------------------


def outage(ctx: Context, entry: IvrInput | None) -> Outcome:
    """Outages at the caller's points of supply (by the caller ID, else by the account
    number typed), with cause and the expected restoration time."""
    if entry is None:
        lookup = outage_lookup(query=ctx.call.caller, trusted=True)
        if lookup.by != "phone" or not lookup.places:
            return Ask(_ask_account())
    else:
        lookup = outage_lookup(query=entry.number, trusted=True)
        if lookup.by != "account" or not lookup.places:
            if ctx.retry():
                return Ask(_("Лицевой счёт не найден.") + " " + _ask_account())
            return Done(_not_identified())
    outages = lookup.outages
    if not outages:
        return Done(
            _(
                "Известных отключений по вашему адресу нет. Если света нет только у "
                "вас, проверьте автоматические выключатели в щитке. Чтобы сообщить об "
                "отключении, соединитесь с оператором."
            ),
            self_service="outage",
        )
    texts = [outage_answer_text(o) for o in outages[:2]]
    return Done(" ".join(texts), self_service="outage")


# ---- meter reading by keypad ------------------------------------------------------


def _meters(account: ConsumerAccount) -> list[Meter]:
    return list(
        Meter.objects.filter(supply_point__account=account, removed_on__isnull=True)
        .select_related("supply_point")
        .order_by("supply_point__code", "serial_number", "id")
    )


def _ask_zone(meter: Meter, zone_label: str) -> Ask:
    if meter.tariff_zones == 1:
        return Ask(
            _(
                "Введите показание прибора учёта номер %(serial)s: целую часть, затем "
                "звёздочку и дробную часть, в конце нажмите решётку."
            )
            % {"serial": _spell(meter.serial_number)}
        )
    return Ask(
        _(
            "Введите показание %(zone)s прибора учёта номер %(serial)s: целую часть, "
            "затем звёздочку и дробную часть, в конце нажмите решётку."
        )
        % {"zone": zone_label, "serial": _spell(meter.serial_number)}
    )


def _choose_meter(ctx: Context, meters: list[Meter], entry: IvrInput | None) -> Any:
    if len(meters) == 1:
        return meters[0]
    if entry is not None and entry.number.isdigit():
        index = int(entry.number) - 1
        if 0 <= index < len(meters):
            return meters[index]
    lines = [
        _("Прибор учёта номер %(serial)s — нажмите %(digit)s.")
        % {"serial": _spell(m.serial_number), "digit": i}
        for i, m in enumerate(meters, start=1)
    ]
    return Ask(" ".join(lines), Gather(max_digits=1, timeout_seconds=6))


def reading(ctx: Context, entry: IvrInput | None) -> Outcome:
    """Take a meter reading zone by zone on the keypad («*» separates the fraction)
    and submit it through the metering service (source «ivr»)."""
    stage = ctx.state.get("stage", "account")
    if stage == "account":
        account = _account(ctx, entry)
        if account is None:
            return Done(_not_identified())
        if isinstance(account, Ask):
            return account
        meters = _meters(account)
        manual = [m for m in meters if not m.is_remote]
        if not manual:
            if meters:
                return Done(
                    _(
                        "Ваши приборы учёта подключены к интеллектуальной системе "
                        "учёта: показания передаются автоматически."
                    ),
                    self_service="reading",
                )
            return Done(
                _("По лицевому счёту нет приборов учёта. Соединитесь с оператором.")
            )
        ctx.state.update(stage="meter", meters=[m.pk for m in manual], retries=0)
        entry = None
    meters = list(
        Meter.objects.filter(pk__in=ctx.state["meters"]).order_by(
            "supply_point__code", "serial_number", "id"
        )
    )
    if ctx.state["stage"] == "meter":
        chosen = _choose_meter(ctx, meters, entry)
        if isinstance(chosen, Ask):
            return chosen
        ctx.state.update(stage="zones", meter_id=chosen.pk, values={})
        return _ask_zone(chosen, chosen.zones[0][1])
    meter = next(m for m in meters if m.pk == ctx.state["meter_id"])
    values: dict[str, str] = ctx.state["values"]
    zones = meter.zones
    values[zones[len(values)][0]] = (entry.number if entry else "") or ""
    if len(values) < len(zones):
        return _ask_zone(meter, zones[len(values)][1])
    return _submit(ctx, meter, values)


def _submit(ctx: Context, meter: Meter, values: dict[str, str]) -> Outcome:
    try:
        accepted = reading_submit(
            meter=meter, values=values, source="ivr", submitted_by=None
        )
    except ApplicationError as refusal:
        ctx.state["values"] = {}
        if refusal.code != "reading_window_closed" and ctx.retry():
            again = _ask_zone(meter, meter.zones[0][1])
            return Ask(f"{refusal.message} {again.say}")
        return Done(refusal.message)
    told = ", ".join(
        f"{label} — {formats.number_format(accepted.value(code), 2)}"
        for code, label in meter.zones
    )
    if meter.tariff_zones == 1:
        told = formats.number_format(accepted.value_t1, 2)
    return Done(
        _("Показания приняты: %(values)s. Спасибо!") % {"values": told},
        self_service="reading",
    )


# ---- status of an appeal -----------------------------------------------------------


def _ask_appeal() -> str:
    return _(
        "Введите номер обращения: две цифры года и семь цифр номера, затем нажмите "
        "решётку."
    )


def appeal_status(ctx: Context, entry: IvrInput | None) -> Outcome:
    """Tell the status of an appeal by its number, only to the phone it belongs to."""
    if entry is None:
        return Ask(_ask_appeal())
    digits = entry.number
    appeal = None
    if len(digits) == 9 and digits.isdigit():
        appeal = appeal_for_caller(
            number=f"{digits[:2]}-{digits[2:]}", caller=ctx.call.caller
        )
    if appeal is None:
        if ctx.retry():
            return Ask(
                _(
                    "Обращение с таким номером для телефона, с которого вы звоните, "
                    "не найдено."
                )
                + " "
                + _ask_appeal()
            )
        return Done(
            _("Не удалось найти обращение. Соединитесь с оператором, он поможет.")
        )
    text = _("Обращение номер %(number)s от %(date)s. Статус: %(status)s.") % {
        "number": _spell(appeal.number.replace("-", "")),
        "date": formats.date_format(timezone.localtime(appeal.received_at), "j E Y"),
        "status": appeal.get_status_display().lower(),
    }
    if appeal.due_at and appeal.status in ("registered", "in_work", "waiting"):
        text += " " + _("Ответ будет дан не позднее %(date)s.") % {
            "date": formats.date_format(timezone.localtime(appeal.due_at), "j E Y")
        }
    return Done(text, self_service="appeal_status")


# ---- call-back request ------------------------------------------------------------


def callback(ctx: Context, entry: IvrInput | None) -> Outcome:
    """Leave a call-back request (due in 4 hours ✅ [R5]) to the caller ID's number,
    or to the number typed when the caller ID is hidden."""
    from gridcare.core.text import normalize_phone

    phone = ctx.call.caller if ctx.call.caller.startswith("+7") else ""
    if entry is not None:
        phone = normalize_phone(entry.number)
    if not phone:
        if entry is None or ctx.retry():
            return Ask(
                _(
                    "Введите номер телефона для обратного звонка: десять цифр после "
                    "восьмёрки, затем нажмите решётку."
                )
            )
        return Done(_("Не удалось принять номер телефона."))
    consumer = Consumer.objects.filter(phone=phone).select_related("user").first()
    callback_request_create(
        data=CallbackInput(
            topic=ctx.node.topic or ChatTopic.GENERAL,
            name=consumer.name if consumer else str(_("Звонивший в голосовое меню")),
            phone=phone,
            question=str(_("Заказан в голосовом меню.")),
            user=consumer.user if consumer else None,
            channel=Channel.IVR,
        )
    )
    return Done(
        _(
            "Заявка принята. Специалист перезвонит вам на номер, оканчивающийся на "
            "%(tail)s, в течение четырёх часов."
        )
        % {"tail": _spell(phone[-4:])},
        self_service="callback",
    )


ACTIONS: dict[str, Callable[[Context, IvrInput | None], Outcome]] = {
    IvrNode.Action.OUTAGE: outage,
    IvrNode.Action.READING: reading,
    IvrNode.Action.APPEAL_STATUS: appeal_status,
    IvrNode.Action.CALLBACK: callback,
}
