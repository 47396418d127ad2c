"""«Мои лицевые счета»: a registered consumer links a consumer account (лицевой счёт)
by its number and the serial number of a meter at one of its points of supply.

The rule (docs/domains/accounts.md):
- the account's consumer card has no login (it came from billing) → the account moves
  to the person's own consumer card; an `AccountLink` row remembers the previous card;
- the account already belongs to this person → nothing changes (a retry succeeds);
- the account belongs to another registered person → refused: «обратитесь в офис»;
- unlinking moves an account linked here back to its previous card; an account given
  to the person in an office (no link row) is unlinked in an office only.
Failed attempts are limited (5 per hour per person) so numbers cannot be guessed."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from gridcare.consumers.models import (
    AccountLink,
    AccountLinkFailure,
    Consumer,
    ConsumerAccount,
    SupplyPoint,
)
from gridcare.core.errors import ApplicationError, ConflictError, NotFoundError

FAILURE_WINDOW = timedelta(hours=1)
MAX_FAILURES = 5


class LinkAttemptsExhausted(ApplicationError):
    status_code = 429

    def __init__(self, retry_at: datetime):
        local = timezone.localtime(retry_at)
        super().__init__(
            _(
                "Слишком много неудачных попыток привязать лицевой счёт. Повторите "
                "после %(when)s (мск) или обратитесь в офис обслуживания."
            )
            % {"when": date_format(local, "H:i")},
            code="link_attempts_exhausted",
            extra={"retry_at": local.isoformat(timespec="seconds")},
        )


def consumer_of_user(*, user: object) -> Consumer:
    """The consumer card of a consumer login; NotFoundError for staff or none."""
    consumer = Consumer.objects.filter(user=user).first()  # type: ignore[misc]
    if consumer is None:
        raise NotFoundError(_("Карточка потребителя не найдена."))
    return consumer


def _points() -> QuerySet[SupplyPoint]:
    return (
        SupplyPoint.objects.select_related(
            "building__settlement", "building__street", "district_unit"
        )
        .prefetch_related("meters")
        .order_by("code")
    )


def consumer_account_list_for_user(*, user: object) -> QuerySet[ConsumerAccount]:
    """The accounts of the user's consumer card with points of supply, meters and the
    active portal link (if linked here), by number."""
    return (
        ConsumerAccount.objects.filter(consumer__user=user)  # type: ignore[misc]
        .select_related("branch")
        .prefetch_related(
            Prefetch("supply_points", queryset=_points()),
            Prefetch(
                "links",
                queryset=AccountLink.objects.filter(unlinked_at=None),
                to_attr="active_links",
            ),
        )
        .order_by("number")
    )


def consumer_account_get_for_user(*, user: object, account_id: int) -> ConsumerAccount:
    """The user's own account; NotFoundError for anyone else's."""
    account = consumer_account_list_for_user(user=user).filter(pk=account_id).first()
    if account is None:
        raise NotFoundError(_("Лицевой счёт не найден."))
    return account


def _normalise(value: str) -> str:
    return "".join((value or "").split())


def consumer_account_find_for_link(
    *, user: object, number: str, meter_serial: str
) -> ConsumerAccount:
    """Find the active account with this number that has an installed meter with this
    serial number; count a failure and refuse otherwise (one message for a wrong number
    and a wrong meter). Must not run inside a transaction the refusal rolls back."""
    now = timezone.now()
    recent = list(
        AccountLinkFailure.objects.filter(user=user, at__gt=now - FAILURE_WINDOW)  # type: ignore[misc]
        .order_by("-at")
        .values_list("at", flat=True)[:MAX_FAILURES]
    )
    if len(recent) >= MAX_FAILURES:
        raise LinkAttemptsExhausted(recent[-1] + FAILURE_WINDOW)
    number, serial = _normalise(number), _normalise(meter_serial)
    account = None
    if number and serial:
        account = (
            # One filter() call: the installed meter and the serial are the same row.
            ConsumerAccount.objects.filter(
                number=number,
                is_active=True,
                supply_points__meters__removed_on__isnull=True,
                supply_points__meters__serial_number__iexact=serial,
            )
            .select_related("consumer")
            .distinct()
            .first()
        )
    if account is None:
        AccountLinkFailure.objects.create(user=user, number=number[:40], at=now)  # type: ignore[misc]
        left = MAX_FAILURES - len(recent) - 1
        raise ApplicationError(
            _(
                "Лицевой счёт с таким номером и заводским номером счётчика не найден. "
                "Проверьте оба номера (они есть в квитанции и на счётчике). "
                "Осталось попыток: %(left)s."
            )
            % {"left": left},
            code="account_not_matched",
        )
    return account


@dataclass(frozen=True)
class LinkResult:
    account: ConsumerAccount
    created: bool


def consumer_account_link(*, user: object, account: ConsumerAccount) -> LinkResult:
    """Link a found account to the user's consumer card (the rule in the module
    docstring); writes an AccountLink row."""
    consumer = consumer_of_user(user=user)
    with transaction.atomic():
        locked = (
            ConsumerAccount.objects.select_for_update()
            .select_related("consumer")
            .get(pk=account.pk)
        )
        if locked.consumer_id == consumer.pk:
            return LinkResult(locked, created=False)
        if locked.consumer.user_id is not None:
            raise ConflictError(
                _(
                    "Этот лицевой счёт уже привязан к другому личному кабинету. "
                    "Обратитесь в офис обслуживания с документом, удостоверяющим "
                    "личность."
                ),
                code="account_owned_by_other",
            )
        AccountLink.objects.create(
            account=locked,
            consumer=consumer,
            previous_consumer=locked.consumer,
            linked_at=timezone.now(),
        )
        locked.consumer = consumer
        locked.save(update_fields=["consumer"])
    return LinkResult(locked, created=True)


def consumer_account_unlink(*, user: object, account: ConsumerAccount) -> None:
    """Unlink an account linked through the portal: it goes back to its previous
    consumer card. Accounts assigned in an office are refused (409)."""
    consumer = consumer_of_user(user=user)
    with transaction.atomic():
        link = (
            AccountLink.objects.select_for_update()
            .filter(account=account, consumer=consumer, unlinked_at=None)
            .first()
        )
        if link is None:
            raise ConflictError(
                _(
                    "Этот лицевой счёт закреплён за вами в офисе обслуживания; "
                    "отвязать его можно только там."
                ),
                code="account_not_linked_here",
            )
        link.unlinked_at = timezone.now()
        link.save(update_fields=["unlinked_at"])
        ConsumerAccount.objects.filter(pk=account.pk).update(
            consumer=link.previous_consumer_id
        )
