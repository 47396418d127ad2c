"""Everything held about one consumer, as JSON and as a ZIP (data.json + a readable
summary.html): the answer to an access request (152-ФЗ ст. 14 ✅ [R66]) and the
portal's «скачать мои данные».

Only rows that belong to the subject are read: by the consumer card or by their
login. Internal notes and internal files of staff, secrets (tokens, password hashes,
confirmation codes) and technical keys are left out; staff in the access log are
shown by role, not by name (their own personal data)."""

import io
import json
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from django.db.models import Model, Q, QuerySet
from django.template.loader import render_to_string
from django.utils import timezone

from gridcare.accounts.models import User
from gridcare.appeals.models import Appeal, AppealAttachment, AppealMessage
from gridcare.chatbot.models import Conversation
from gridcare.consumers.models import (
    Consent,
    Consumer,
    ConsumerAccount,
    PersonalDataAccess,
    SupplyPoint,
)
from gridcare.contact_centre.models import CallbackRequest, ChatMessage, LiveChat
from gridcare.grid_connections.models import ApplicationFile, ConnectionApplication
from gridcare.metering.models import Meter, MeterReading
from gridcare.notifications.models import Notification
from gridcare.offices.models import Appointment
from gridcare.outages.models import Subscription
from gridcare.privacy.models import SubjectRequest
from gridcare.service_requests.models import ServiceOrder

# Never exported: secrets, technical keys, search helpers, staff routing.
_HIDDEN = frozenset(
    {
        "password",
        "is_superuser",
        "is_staff",
        "competences",
        "search_text",
        "sha256",
        "stored_name",
        "file",
        "claim",
        "claimed_at",
        "dedup_key",
        "group_key",
        "unsubscribe_link",
        "token",
        "visitor_token",
        "conversation_token",
        "confirm_code_hash",
        "confirm_attempts",
        "step_data",
        "deadline_rule",
        "group",
        "assignee",
        "registered_by",
        "specialist",
        "uploaded_by",
        "author",
        "created_by",
        "done_by",
        "submitted_by",
        "last_error",
    }
)


@dataclass
class ExportSection:
    """One kind of record: its rows as JSON-ready dicts and the Russian field labels."""

    key: str
    title: str
    rows: list[dict[str, Any]] = field(default_factory=list)
    labels: dict[str, str] = field(default_factory=dict)


@dataclass
class SubjectExport:
    consumer_id: int
    generated_at: datetime
    sections: list[ExportSection]

    def counts(self) -> dict[str, int]:
        return {s.key: len(s.rows) for s in self.sections}

    def as_json(self) -> dict[str, Any]:
        return {
            "subject_id": self.consumer_id,
            "generated_at": _plain(self.generated_at),
            "sections": {s.key: s.rows for s in self.sections},
        }


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat(timespec="seconds")
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _section(
    key: str,
    title: str,
    queryset: QuerySet[Any],
    *,
    hide: frozenset[str] = frozenset(),
    extra: dict[str, tuple[str, Any]] | None = None,
) -> ExportSection:
    """Rows of `queryset` with every concrete field except the hidden ones; a foreign
    key is exported as its id (`<name>_id`). `extra`: computed columns (label, fn)."""
    model: type[Model] = queryset.model
    fields = [
        f
        for f in model._meta.concrete_fields
        if f.name not in _HIDDEN and f.name not in hide
    ]
    section = ExportSection(key=key, title=title)
    for f in fields:
        section.labels[f.attname] = str(f.verbose_name)
    for name, (label, _fn) in (extra or {}).items():
        section.labels[name] = label
    for obj in queryset.order_by("pk"):
        row = {f.attname: _plain(getattr(obj, f.attname)) for f in fields}
        for name, (_label, fn) in (extra or {}).items():
            row[name] = _plain(fn(obj))
        section.rows.append(row)
    return section


def _files(queryset: QuerySet[Any], key: str, title: str) -> ExportSection:
    return _section(key, title, queryset)


def subject_export_collect(*, consumer: Consumer) -> SubjectExport:
    """Collect everything held about `consumer` (precondition: the caller may see it)."""
    user_id = consumer.user_id
    by_user = Q(pk__in=[]) if user_id is None else Q(user_id=user_id)
    appeals = Appeal.objects.filter(consumer=consumer)
    chats = LiveChat.objects.filter(by_user)
    sections = [
        _section(
            "profile", "Карточка потребителя", Consumer.objects.filter(pk=consumer.pk)
        ),
        _section(
            "login",
            "Учётная запись личного кабинета",
            User.objects.filter(pk=user_id),
            hide=frozenset({"role", "branch"}),
        ),
        _section(
            "consumer_accounts",
            "Лицевые счета",
            ConsumerAccount.objects.filter(consumer=consumer),
        ),
        _section(
            "supply_points",
            "Точки поставки",
            SupplyPoint.objects.filter(account__consumer=consumer),
        ),
        _section(
            "meters",
            "Приборы учёта",
            Meter.objects.filter(supply_point__account__consumer=consumer),
        ),
        _section(
            "meter_readings",
            "Показания",
            MeterReading.objects.filter(
                meter__supply_point__account__consumer=consumer
            ),
        ),
        _section("appeals", "Обращения", appeals),
        _section(
            "appeal_messages",
            "Сообщения по обращениям",
            AppealMessage.objects.filter(appeal__in=appeals),
        ),
        _files(
            AppealAttachment.objects.filter(appeal__in=appeals, is_internal=False),
            "appeal_files",
            "Файлы обращений",
        ),
        _section(
            "connection_applications",
            "Заявки на технологическое присоединение",
            ConnectionApplication.objects.filter(consumer=consumer),
        ),
        _files(
            ApplicationFile.objects.filter(application__consumer=consumer),
            "connection_application_files",
            "Файлы заявок на присоединение",
        ),
        _section(
            "service_orders",
            "Заявки на услуги",
            ServiceOrder.objects.filter(consumer=consumer),
        ),
        _section("appointments", "Записи в офис", Appointment.objects.filter(by_user)),
        _section("live_chats", "Онлайн-чаты", chats),
        _section(
            "chat_messages",
            "Сообщения в чатах",
            ChatMessage.objects.filter(chat__in=chats),
            hide=frozenset({"user"}),
        ),
        _section(
            "callback_requests",
            "Заказы обратного звонка",
            CallbackRequest.objects.filter(by_user),
        ),
        _section(
            "chatbot_conversations",
            "Диалоги с чат-ботом",
            Conversation.objects.filter(by_user),
        ),
        _section(
            "notifications",
            "Уведомления",
            Notification.objects.filter(
                Q(pk__in=[]) if user_id is None else Q(recipient_id=user_id)
            ),
        ),
        _section(
            "outage_subscriptions",
            "Подписки на отключения",
            Subscription.objects.filter(by_user),
        ),
        _section(
            "consents",
            "Согласия на обработку персональных данных",
            Consent.objects.filter(consumer=consumer).select_related("text"),
            extra={
                "purpose": ("цель", lambda c: c.text.get_purpose_display()),
                "text_version": ("версия текста", lambda c: c.text.version),
                "text_body": ("текст согласия", lambda c: c.text.text),
            },
        ),
        _section(
            "access_log",
            "Доступ сотрудников к вашим данным",
            PersonalDataAccess.objects.filter(consumer=consumer).select_related("user"),
            hide=frozenset({"user", "ip_address"}),
            extra={
                "staff_role": ("роль сотрудника", lambda a: a.user.get_role_display())
            },
        ),
        _section(
            "subject_requests",
            "Запросы о персональных данных",
            SubjectRequest.objects.filter(consumer=consumer),
        ),
    ]
    return SubjectExport(
        consumer_id=consumer.pk, generated_at=timezone.now(), sections=sections
    )


def subject_export_json(export: SubjectExport) -> bytes:
    return json.dumps(export.as_json(), ensure_ascii=False, indent=2).encode()


def subject_export_zip(export: SubjectExport) -> bytes:
    """data.json and a human-readable summary.html in one ZIP."""
    html = render_to_string(
        "privacy/export/summary.html",
        {"export": export, "sections": export.sections},
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.json", subject_export_json(export))
        archive.writestr("summary.html", html)
    return buffer.getvalue()


def subject_export_summary(export: SubjectExport) -> str:
    """What is held, in one line per kind (for the access-request answer)."""
    return "\n".join(f"{s.title}: {len(s.rows)}" for s in export.sections if s.rows)
