"""Subscriptions to outage news: a signed-in consumer subscribes at once; anyone else
confirms an e-mail (a link) or a phone (an SMS code) first. Cancelled by the owner, or
by the signed link in every message."""

import hashlib
import hmac
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gridcare.consumers.models import SupplyPoint
from gridcare.core.errors import ApplicationError, NotFoundError
from gridcare.core.text import normalize_phone
from gridcare.notifications.models import Channel, Topic
from gridcare.notifications.services import notification_send, suppression_add
from gridcare.outages.models import Subscription
from gridcare.outages.notices import unsubscribe_ids
from gridcare.territory.models import Building, Settlement, Street

CONFIRM_SALT = "outages.subscription.confirm"
CONFIRM_MAX_AGE = timedelta(days=7)
CODE_TTL = timedelta(minutes=30)
CODE_ATTEMPTS = 5
MAX_PER_CONTACT = 20


@dataclass
class SubscriptionTarget:
    """One of: a point of supply, a building, a street, a settlement."""

    settlement_id: int | None = None
    street_id: int | None = None
    building_id: int | None = None
    supply_point_id: int | None = None


def _resolve(target: SubscriptionTarget, actor: object | None) -> dict[str, object]:
    if target.supply_point_id:
        point = (
            SupplyPoint.objects.select_related(
                "building__settlement", "building__street"
            )
            .filter(pk=target.supply_point_id, account__consumer__user=actor)
            .first()
            if getattr(actor, "is_authenticated", False)
            else None
        )
        if point is None:
            raise NotFoundError(_("Точка поставки не найдена среди ваших."))
        b = point.building
        return {
            "supply_point": point,
            "building": b,
            "street": b.street,
            "settlement": b.settlement,
            "label": f"{b.full_address} (точка поставки {point.code})",
        }
    if target.building_id:
        b = (
            Building.objects.select_related("settlement", "street")
            .filter(pk=target.building_id)
            .first()
        )
        if b is None:
            raise NotFoundError(_("Дом не найден."))
        return {
            "building": b,
            "street": b.street,
            "settlement": b.settlement,
            "label": b.full_address,
        }
    if target.street_id:
        s = (
            Street.objects.select_related("settlement")
            .filter(pk=target.street_id)
            .first()
        )
        if s is None:
            raise NotFoundError(_("Улица не найдена."))
        return {
            "street": s,
            "settlement": s.settlement,
            "label": f"{s.settlement}, {s}",
        }
    if target.settlement_id:
        p = Settlement.objects.filter(pk=target.settlement_id).first()
        if p is None:
            raise NotFoundError(_("Населённый пункт не найден."))
        return {"settlement": p, "label": str(p)}
    raise ApplicationError(
        _("Выберите адрес или точку поставки."), code="target_required"
    )


def _clean_channels(channels: Sequence[str], *, signed_in: bool) -> list[str]:
    allowed = set(Channel.values) if signed_in else {Channel.EMAIL, Channel.SMS}
    chosen = [c for c in dict.fromkeys(channels) if c in allowed]
    if not chosen:
        raise ApplicationError(
            _("Выберите хотя бы один способ уведомления."), code="channels_required"
        )
    return chosen


def _code_hash(subscription_id: int, code: str) -> str:
    key = settings.SECRET_KEY.encode()
    return hmac.new(
        key, f"{subscription_id}:{code}".encode(), hashlib.sha256
    ).hexdigest()


def subscription_create(
    *,
    actor: object | None,
    target: SubscriptionTarget,
    channels: Sequence[str],
    email: str = "",
    phone: str = "",
) -> Subscription:
    """Subscribe to outages at a place. A signed-in consumer's subscription is active at
    once with the contacts of their login; others get a confirmation (e-mail link or
    SMS code) and nothing else until they confirm."""
    signed_in = bool(getattr(actor, "is_authenticated", False)) and getattr(
        actor, "is_consumer", False
    )
    if getattr(actor, "is_authenticated", False) and not signed_in:
        raise ApplicationError(
            _("Подписка оформляется потребителем, не сотрудником."),
            code="consumers_only",
        )
    place = _resolve(target, actor)
    chosen = _clean_channels(channels, signed_in=signed_in)
    if signed_in:
        email = getattr(actor, "email", "") or ""
        phone = getattr(actor, "phone", "") or ""
        if Channel.EMAIL in chosen and not email:
            raise ApplicationError(
                _("В учётной записи нет e-mail."), code="email_required"
            )
        if Channel.SMS in chosen and not phone:
            raise ApplicationError(
                _("В учётной записи нет телефона."), code="phone_required"
            )
    else:
        email, phone = _clean_contact(chosen, email=email, phone=phone)
    now = timezone.now()
    contact = (
        {"user": actor}
        if signed_in
        else ({"email": email} if email else {"phone": phone})
    )
    with transaction.atomic():
        same = Subscription.objects.filter(
            cancelled_at__isnull=True,
            settlement=place["settlement"],
            street=place.get("street"),
            building=place.get("building"),
            supply_point=place.get("supply_point"),
            **contact,
        ).first()
        if same is not None:
            same.channels = chosen
            same.save(update_fields=["channels"])
            if not same.confirmed_at:
                _send_confirmation(same)
            return same
        active = Subscription.objects.filter(cancelled_at__isnull=True, **contact)
        if active.count() >= MAX_PER_CONTACT:
            raise ApplicationError(
                _("Можно подписаться не более чем на %(count)s адресов.")
                % {"count": MAX_PER_CONTACT},
                code="too_many",
            )
        subscription = Subscription.objects.create(
            user=actor if signed_in else None,  # type: ignore[misc]
            email=email,
            phone=phone,
            channels=chosen,
            settlement=place["settlement"],
            street=place.get("street"),
            building=place.get("building"),
            supply_point=place.get("supply_point"),
            label=str(place["label"])[:300],
            confirmed_at=now if signed_in else None,
        )
        if not signed_in:
            _send_confirmation(subscription)
    return subscription


def _clean_contact(chosen: list[str], *, email: str, phone: str) -> tuple[str, str]:
    if Channel.EMAIL in chosen and Channel.SMS in chosen:
        raise ApplicationError(
            _(
                "Без входа в личный кабинет подписка оформляется на один контакт: "
                "e-mail или телефон."
            ),
            code="one_contact",
        )
    if Channel.EMAIL in chosen:
        email = (email or "").strip().lower()
        try:
            validate_email(email)
        except ValidationError as exc:
            raise ApplicationError(
                _("Адрес электронной почты указан неверно."), code="email_invalid"
            ) from exc
        return email, ""
    normalized = normalize_phone(phone)
    if not normalized:
        raise ApplicationError(
            _("Телефон указан неверно: нужен российский номер из 10 цифр после +7."),
            code="phone_invalid",
        )
    return "", normalized


def _send_confirmation(subscription: Subscription) -> None:
    """E-mail: a signed link; phone: a 6-digit code, hashed, valid `CODE_TTL`."""
    if subscription.email:
        token = signing.dumps(subscription.pk, salt=CONFIRM_SALT)
        link = settings.SITE_URL + reverse("outages:confirm", args=[token])
        notification_send(
            event="subscription_confirm",
            context={
                "subscription": subscription,
                "link": link,
                "code": "",
                "company": settings.COMPANY_NAME,
            },
            channels=[Channel.EMAIL],
            email=subscription.email,
            link=link,
            dedup_key=f"subscription:{subscription.pk}:confirm:{int(timezone.now().timestamp()) // 60}",
        )
        return
    code = f"{secrets.randbelow(10**6):06d}"
    subscription.confirm_code_hash = _code_hash(subscription.pk, code)
    subscription.confirm_expires_at = timezone.now() + CODE_TTL
    subscription.confirm_attempts = 0
    subscription.save(
        update_fields=["confirm_code_hash", "confirm_expires_at", "confirm_attempts"]
    )
    notification_send(
        event="subscription_confirm",
        context={
            "subscription": subscription,
            "link": "",
            "code": code,
            "company": settings.COMPANY_NAME,
        },
        channels=[Channel.SMS],
        phone=subscription.phone,
        dedup_key=f"subscription:{subscription.pk}:code:{subscription.confirm_code_hash[:16]}",
    )


def subscription_confirm_link(*, token: str) -> Subscription:
    """Confirm an e-mail subscription from the link in the confirmation letter."""
    try:
        pk = signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
    except signing.SignatureExpired as exc:
        raise ApplicationError(
            _("Ссылка устарела. Оформите подписку ещё раз."), code="link_expired"
        ) from exc
    except signing.BadSignature as exc:
        raise NotFoundError(_("Ссылка недействительна.")) from exc
    with transaction.atomic():
        subscription = Subscription.objects.select_for_update().filter(pk=pk).first()
        if subscription is None or subscription.cancelled_at:
            raise NotFoundError(_("Подписка не найдена."))
        if subscription.confirmed_at is None:
            subscription.confirmed_at = timezone.now()
            subscription.save(update_fields=["confirmed_at"])
    return subscription


def subscription_confirm_code(*, subscription_id: int, code: str) -> Subscription:
    """Confirm a phone subscription with the code from the SMS (a few tries)."""
    with transaction.atomic():
        subscription = (
            Subscription.objects.select_for_update()
            .filter(pk=subscription_id, cancelled_at__isnull=True)
            .exclude(phone="")
            .first()
        )
        if subscription is None:
            raise NotFoundError(_("Подписка не найдена."))
        if subscription.confirmed_at:
            return subscription
        expired = (
            subscription.confirm_expires_at is None
            or subscription.confirm_expires_at < timezone.now()
            or subscription.confirm_attempts >= CODE_ATTEMPTS
        )
        if expired:
            raise ApplicationError(
                _("Код больше не действует. Запросите новый."), code="code_expired"
            )
        subscription.confirm_attempts += 1
        good = hmac.compare_digest(
            subscription.confirm_code_hash,
            _code_hash(subscription.pk, "".join(ch for ch in code if ch.isdigit())),
        )
        if good:
            subscription.confirmed_at = timezone.now()
            subscription.confirm_code_hash = ""
        subscription.save(
            update_fields=["confirm_attempts", "confirmed_at", "confirm_code_hash"]
        )
    if not good:
        raise ApplicationError(_("Неверный код."), code="code_invalid")
    return subscription


def subscription_cancel(*, actor: object, subscription_id: int) -> Subscription:
    """The signed-in owner cancels their subscription."""
    subscription = (
        Subscription.objects.filter(
            pk=subscription_id, user=actor, cancelled_at__isnull=True
        ).first()
        if getattr(actor, "is_authenticated", False)
        else None
    )
    if subscription is None:
        raise NotFoundError(_("Подписка не найдена."))
    subscription.cancelled_at = timezone.now()
    subscription.save(update_fields=["cancelled_at"])
    return subscription


def subscription_list_for_token(*, token: str) -> list[Subscription]:
    """The subscriptions a message's unsubscribe link names (active ones)."""
    try:
        ids = unsubscribe_ids(token)
    except signing.BadSignature as exc:
        raise NotFoundError(_("Ссылка недействительна.")) from exc
    return list(
        Subscription.objects.filter(pk__in=ids, cancelled_at__isnull=True).order_by(
            "pk"
        )
    )


def subscription_cancel_by_token(*, token: str, stop_all: bool = False) -> int:
    """Cancel the subscriptions the link names; with `stop_all`, the address also stops
    every outage message (notifications.Suppression). Return how many were cancelled."""
    subscriptions = subscription_list_for_token(token=token)
    now = timezone.now()
    with transaction.atomic():
        count = Subscription.objects.filter(
            pk__in=[s.pk for s in subscriptions], cancelled_at__isnull=True
        ).update(cancelled_at=now)
        if stop_all:
            for s in subscriptions:
                if s.email:
                    suppression_add(
                        channel=Channel.EMAIL,
                        address=s.email,
                        topic=Topic.OUTAGES,
                        reason="ссылка в письме",
                    )
                if s.phone:
                    suppression_add(
                        channel=Channel.SMS,
                        address=s.phone,
                        topic=Topic.OUTAGES,
                        reason="ссылка в сообщении",
                    )
    return count


def subscription_list_for_user(*, user: object) -> list[Subscription]:
    if not getattr(user, "is_authenticated", False):
        return []
    return list(
        Subscription.objects.filter(user=user, cancelled_at__isnull=True).order_by(
            "-created_at"
        )
    )
