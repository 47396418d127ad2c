"""Registration numbers and routing of new appeals."""

from django.db.models import F, Q

from gridcare.appeals.codes import (
    DEFAULT_SERVICE_FORM,
    Category,
    Channel,
    Kind,
    Regime,
    Topic,
)
from gridcare.appeals.models import (
    Appeal,
    ChannelSetting,
    RegistrationCounter,
    WorkGroup,
)
from gridcare.core.text import search_key


def registration_number_next(*, year: int) -> str:
    """Issue the next number of the year, e.g. '26-0000123' (digits only once the dash is
    dropped, so it can be typed on a phone keypad).

    The counter row is locked by the UPDATE until the caller's transaction ends, so two
    processes never get the same number; keep that transaction short."""
    updated = RegistrationCounter.objects.filter(year=year).update(value=F("value") + 1)
    if not updated:
        RegistrationCounter.objects.get_or_create(year=year)
        RegistrationCounter.objects.filter(year=year).update(value=F("value") + 1)
    value = RegistrationCounter.objects.values_list("value", flat=True).get(year=year)
    return registration_number_format(year=year, value=value)


def registration_number_format(*, year: int, value: int) -> str:
    """The registration number for the `value`-th appeal of `year`: '26-0000123'."""
    return f"{year % 100:02d}-{value:07d}"


def regime_for(*, kind: str, channel: str, topic: str, category: str) -> str:
    """The legal regime of an appeal when none is given: complaints, phone call-backs,
    supply-quality appeals, else a written appeal (regulation.md §1.5)."""
    if kind == Kind.COMPLAINT:
        return Regime.COMPLAINT
    if channel in (Channel.PHONE, Channel.IVR):
        return Regime.PHONE_CALLBACK
    if topic == Topic.RELIABILITY and category == Category.TRANSMISSION:
        return Regime.SUPPLY_QUALITY
    return Regime.WRITTEN


def service_form_for(channel: str) -> str:
    """The Приложение 7 column for a channel, from the editable mapping."""
    form = ChannelSetting.objects.filter(channel=channel).values_list(
        "service_form", flat=True
    )
    return form.first() or DEFAULT_SERVICE_FORM[channel]


def work_group_for(*, topic: str, branch_id: int | None) -> WorkGroup | None:
    """The group that handles `topic` in the branch, else company-wide, else general."""
    candidates = WorkGroup.objects.filter(
        Q(branch_id=branch_id) | Q(branch__isnull=True),
        is_active=True,
        topic__in=[topic, Topic.GENERAL],
    )

    def rank(group: WorkGroup) -> tuple[bool, bool]:
        return (group.topic != topic, group.branch_id is None)

    return min(candidates, key=rank, default=None)


def branch_for(appeal: Appeal) -> int | None:
    """The branch that owns the appeal: the point of supply's, the account's, the
    address's, the office's, in that order."""
    if appeal.supply_point_id:
        return appeal.supply_point.district_unit.branch_id
    if appeal.consumer_account_id:
        return appeal.consumer_account.branch_id
    if appeal.building_id:
        return appeal.building.settlement.district_unit.branch_id
    if appeal.office_id:
        return appeal.office.branch_id
    return None


def appeal_search_text(appeal: Appeal) -> str:
    parts = [
        appeal.number or "",
        appeal.contact_name,
        appeal.contact_phone,
        appeal.contact_email,
        appeal.address_text,
        appeal.subject,
    ]
    return (
        search_key(" ".join(p for p in parts if p))
        + " "
        + " ".join(p for p in (appeal.number or "", appeal.contact_phone) if p)
    )
