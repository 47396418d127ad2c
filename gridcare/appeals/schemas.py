"""API schemas of the appeal registry: In for what a caller sends, Out for what it
gets back. Codes are the stable codes of codes.py; labels come from the codes list."""

from typing import Any, Literal

from django.urls import reverse
from ninja import Field, Schema

from gridcare.accounts.roles import Right, has_right
from gridcare.api.schemas import DateTime, DateTimeIn, PersonOut, code_enum
from gridcare.appeals.codes import (
    AnswerChannel,
    Category,
    Channel,
    Kind,
    Regime,
    ServiceForm,
    ServiceRequestType,
    Status,
    Topic,
)
from gridcare.appeals.selectors import deadline_state

ChannelCode = code_enum(Channel, "Channel", "Канал поступления обращения")
ServiceFormCode = code_enum(
    ServiceForm, "ServiceForm", "Форма обслуживания (Приложение 7, таблица 4.1)"
)
CategoryCode = code_enum(Category, "Category", "Категория (строка таблицы 4.1)")
KindCode = code_enum(Kind, "Kind", "Вид обращения")
TopicCode = code_enum(Topic, "Topic", "Тематика для маршрутизации")
StatusCode = code_enum(Status, "Status", "Статус обращения")
AnswerChannelCode = code_enum(AnswerChannel, "AnswerChannel", "Способ ответа")
RegimeCode = code_enum(Regime, "Regime", "Режим рассмотрения (срок ответа)")
ServiceRequestTypeCode = code_enum(
    ServiceRequestType, "ServiceRequestType", "Вид заявки на услугу"
)
DeadlineState = Literal["ok", "due_soon", "overdue", "paused"]


def _is_staff_view(context: Any) -> bool:
    request = (context or {}).get("request")
    user = getattr(request, "auth", None) or getattr(request, "user", None)
    return has_right(user, Right.APPEAL_VIEW_QUEUE)


def _blank_to_none(value: str) -> str | None:
    return value or None


# ---- requests -------------------------------------------------------------------


class AppealCreateIn(Schema):
    """Новое обращение. Потребитель подаёт за себя (контакты по умолчанию — из его
    карточки); сотрудник с правом регистрации — за потребителя или анонимного
    заявителя, через любой канал."""

    channel: ChannelCode = Field(  # type: ignore[valid-type]
        ChannelCode(Channel.MOBILE_APP),
        description="Канал. Потребителю доступны только `mobile_app` (по умолчанию), "
        "`personal_account` и `chatbot`.",
    )
    category: CategoryCode = Field(description="Категория.")  # type: ignore[valid-type]
    topic: TopicCode = Field(description="Тематика.")  # type: ignore[valid-type]
    kind: KindCode = Field(
        KindCode(Kind.APPEAL), description="Вид: обращение, жалоба, заявка."
    )  # type: ignore[valid-type]
    service_request_type: ServiceRequestTypeCode | None = Field(  # type: ignore[valid-type]
        None, description="Вид заявки на услугу (для kind=service_request)."
    )
    subject: str = Field("", max_length=300, description="Тема, коротко.")
    text: str = Field(max_length=20_000, description="Текст обращения.")
    consumer_id: int | None = Field(
        None,
        description="Потребитель, за которого регистрирует сотрудник; потребитель "
        "не указывает (или указывает свой).",
    )
    consumer_account_id: int | None = Field(
        None, description="Лицевой счёт, о котором обращение."
    )
    supply_point_id: int | None = Field(
        None, description="Точка поставки, о которой обращение."
    )
    address_text: str = Field(
        "", max_length=300, description="Адрес, о котором обращение, текстом."
    )
    contact_name: str = Field(
        "", max_length=300, description="Заявитель; по умолчанию — из карточки."
    )
    contact_phone: str = Field(
        "", max_length=32, description="Телефон; по умолчанию — из карточки."
    )
    contact_email: str = Field(
        "", max_length=254, description="E-mail; по умолчанию — из карточки."
    )
    contact_postal_address: str = Field(
        "", max_length=500, description="Почтовый адрес; по умолчанию — из карточки."
    )
    answer_channel: AnswerChannelCode | None = Field(  # type: ignore[valid-type]
        None,
        description="Способ ответа; по умолчанию `personal_account` для потребителя "
        "с личным кабинетом, иначе `email`.",
    )
    received_at: DateTimeIn | None = Field(
        None,
        description="Когда поступило (только сотрудник, например письмо по почте); "
        "по умолчанию — сейчас.",
    )


class TextIn(Schema):
    text: str = Field(max_length=20_000, description="Текст.")


class AssignIn(Schema):
    assignee_id: int | None = Field(
        None, description="Сотрудник-исполнитель; не указан — взять себе."
    )
    unassign: bool = Field(
        False, description="true — снять исполнителя и вернуть в очередь группы."
    )


class AnswerIn(Schema):
    text: str = Field(max_length=20_000, description="Ответ по существу.")
    via: AnswerChannelCode | None = Field(  # type: ignore[valid-type]
        None,
        description="Каким способом направлен; по умолчанию — выбранный заявителем.",
    )


class CloseIn(Schema):
    complaint_settled: bool | None = Field(
        None, description="Для жалобы: урегулирована ли она."
    )


class ReasonIn(Schema):
    reason: str = Field(max_length=2000, description="Причина.")


class WithdrawIn(Schema):
    reason: str = Field("", max_length=2000, description="Причина (необязательно).")


class ForwardIn(Schema):
    to: str = Field(
        max_length=300, description="Куда перенаправлено, например сбытовая компания."
    )
    text: str = Field(
        max_length=20_000, description="Сообщение потребителю о перенаправлении."
    )


class RatingIn(Schema):
    rating: int = Field(ge=1, le=5, description="Оценка ответа от 1 до 5.")
    comment: str = Field("", max_length=2000, description="Почему такая оценка.")


class AppealFiltersIn(Schema):
    status: StatusCode | None = Field(None, description="Статус.")  # type: ignore[valid-type]
    channel: ChannelCode | None = Field(None, description="Канал.")  # type: ignore[valid-type]
    topic: TopicCode | None = Field(None, description="Тематика.")  # type: ignore[valid-type]
    category: CategoryCode | None = Field(None, description="Категория.")  # type: ignore[valid-type]
    kind: KindCode | None = Field(None, description="Вид.")  # type: ignore[valid-type]
    overdue: bool = Field(False, description="Только просроченные открытые.")
    q: str = Field(
        "",
        max_length=100,
        description="Поиск: регистрационный номер, телефон, слова ФИО или адреса.",
    )
    ordering: Literal["-received_at", "received_at", "due_at", "-due_at"] = Field(
        "-received_at",
        description="Порядок: по дате поступления или по сроку; при равенстве — по id.",
    )


# ---- responses ------------------------------------------------------------------


class NamedOut(Schema):
    id: int = Field(description="Идентификатор.")
    name: str = Field(description="Название.")


class AttachmentOut(Schema):
    id: int = Field(description="Идентификатор файла.")
    name: str = Field(description="Имя файла у отправителя.")
    content_type: str = Field(description="Тип, определённый по содержимому.")
    size: int = Field(description="Размер, байт.")
    is_internal: bool = Field(description="Только для сотрудников.")
    uploaded_at: DateTime = Field(description="Когда загружен.")
    download_url: str = Field(description="Ссылка для скачивания.")

    @staticmethod
    def resolve_name(obj: Any) -> str:
        return str(obj.original_name)

    @staticmethod
    def resolve_download_url(obj: Any) -> str:
        return reverse("api-v1:download_appeal_attachment", args=[obj.pk])


class AppealWorkOut(Schema):
    """Служебные сведения о работе с обращением (только сотрудникам)."""

    branch: NamedOut | None = Field(description="Филиал.")
    group: NamedOut | None = Field(description="Рабочая группа.")
    assignee: PersonOut | None = Field(description="Исполнитель.")
    registered_by_id: int | None = Field(description="Кто зарегистрировал.")
    paused_at: DateTime | None = Field(description="Срок приостановлен с.")
    escalated_at: DateTime | None = Field(description="Эскалировано руководителю.")
    complaint_settled: bool = Field(description="Жалоба урегулирована.")
    led_to_connection_contract: bool = Field(description="Заключён договор ТП.")
    led_to_transmission_contract: bool = Field(
        description="Заключён договор на передачу."
    )

    @staticmethod
    def resolve_branch(obj: Any) -> dict[str, Any] | None:
        branch = obj.branch
        return {"id": branch.pk, "name": branch.name} if branch else None


class AppealSummaryOut(Schema):
    """Обращение в списке."""

    id: int = Field(description="Идентификатор.")
    number: str | None = Field(
        description="Регистрационный номер, например 26-0000123."
    )
    status: StatusCode = Field(description="Статус.")  # type: ignore[valid-type]
    status_label: str = Field(description="Статус по-русски.")
    channel: ChannelCode = Field(description="Канал.")  # type: ignore[valid-type]
    category: CategoryCode = Field(description="Категория.")  # type: ignore[valid-type]
    kind: KindCode = Field(description="Вид.")  # type: ignore[valid-type]
    topic: TopicCode = Field(description="Тематика.")  # type: ignore[valid-type]
    subject: str = Field(description="Тема.")
    contact_name: str = Field(description="Заявитель.")
    received_at: DateTime = Field(description="Поступило.")
    registered_at: DateTime | None = Field(description="Зарегистрировано.")
    due_at: DateTime | None = Field(description="Срок ответа.")
    deadline_state: DeadlineState | None = Field(
        description="Срок: `ok`, `due_soon` (истекает), `overdue` (нарушен), "
        "`paused` (ждём потребителя); null — обращение завершено."
    )
    work: AppealWorkOut | None = Field(
        description="Служебные сведения; только для сотрудников, потребителю null."
    )

    @staticmethod
    def resolve_status_label(obj: Any) -> str:
        return str(Status(obj.status).label)

    @staticmethod
    def resolve_deadline_state(obj: Any) -> str | None:
        return deadline_state(obj) or None

    @staticmethod
    def resolve_work(obj: Any, context: Any) -> Any:
        return obj if _is_staff_view(context) else None


class AppealOut(AppealSummaryOut):
    """Обращение полностью."""

    service_form: ServiceFormCode = Field(description="Форма обслуживания.")  # type: ignore[valid-type]
    regime: RegimeCode = Field(description="Режим рассмотрения.")  # type: ignore[valid-type]
    has_complaint: bool = Field(description="Содержит жалобу.")
    has_service_request: bool = Field(description="Содержит заявку на услугу.")
    service_request_type: ServiceRequestTypeCode | None = Field(  # type: ignore[valid-type]
        description="Вид заявки на услугу."
    )
    text: str = Field(description="Текст обращения.")
    consumer_id: int | None = Field(description="Потребитель.")
    consumer_account_id: int | None = Field(description="Лицевой счёт.")
    supply_point_id: int | None = Field(description="Точка поставки.")
    address_text: str = Field(description="Адрес, о котором обращение.")
    contact_phone: str = Field(description="Телефон заявителя.")
    contact_email: str = Field(description="E-mail заявителя.")
    contact_postal_address: str = Field(description="Почтовый адрес заявителя.")
    answer_channel: AnswerChannelCode = Field(description="Способ ответа.")  # type: ignore[valid-type]
    answered_at: DateTime | None = Field(description="Когда дан ответ.")
    answer_text: str = Field(description="Ответ по существу.")
    answer_sent_via: AnswerChannelCode | None = Field(  # type: ignore[valid-type]
        description="Каким способом направлен ответ."
    )
    closed_at: DateTime | None = Field(description="Закрыто или отозвано.")
    forwarded_to: str = Field(description="Куда перенаправлено.")
    rating: int | None = Field(description="Оценка ответа 1–5.")
    rating_comment: str = Field(description="Комментарий к оценке.")
    rated_at: DateTime | None = Field(description="Когда оценено.")
    attachments: list[AttachmentOut] = Field(
        description="Файлы; потребителю — без внутренних."
    )

    @staticmethod
    def resolve_service_request_type(obj: Any) -> str | None:
        return _blank_to_none(obj.service_request_type)

    @staticmethod
    def resolve_answer_sent_via(obj: Any) -> str | None:
        return _blank_to_none(obj.answer_sent_via)

    @staticmethod
    def resolve_attachments(obj: Any, context: Any) -> list[Any]:
        staff = _is_staff_view(context)
        return [a for a in obj.attachments.all() if staff or not a.is_internal]


class AppealPageOut(Schema):
    count: int = Field(description="Всего записей под фильтром.")
    limit: int = Field(description="Размер страницы.")
    offset: int = Field(description="Сдвиг.")
    items: list[AppealSummaryOut]


class MessageOut(Schema):
    """Сообщение между компанией и потребителем."""

    id: int = Field(description="Идентификатор.")
    direction: Literal["to_consumer", "from_consumer"] = Field(
        description="`to_consumer` — от компании, `from_consumer` — от потребителя."
    )
    text: str = Field(description="Текст.")
    is_answer: bool = Field(description="Ответ по существу.")
    created_at: DateTime = Field(description="Когда.")
    attachments: list[AttachmentOut] = Field(description="Файлы сообщения.")

    @staticmethod
    def resolve_attachments(obj: Any) -> list[Any]:
        return [a for a in obj.attachments.all() if not a.is_internal]


class NoteOut(Schema):
    """Внутренняя заметка сотрудника; потребителю не показывается."""

    id: int = Field(description="Идентификатор.")
    text: str = Field(description="Текст.")
    author: PersonOut = Field(description="Автор.")
    created_at: DateTime = Field(description="Когда.")


class EventOut(Schema):
    """Запись истории обращения. Потребителю — только публичные события, без автора
    и подробностей."""

    id: int = Field(description="Идентификатор.")
    at: DateTime = Field(description="Когда.")
    action: str = Field(
        description="Действие: received, registered, assigned, information_requested, "
        "consumer_replied, answered, closed, reopened, forwarded, withdrawn, rated, "
        "note_added, outcome_set, escalated, returned_to_queue."
    )
    title: str = Field(description="Действие по-русски.")
    from_status: StatusCode | None = Field(description="Из статуса.")  # type: ignore[valid-type]
    to_status: StatusCode | None = Field(description="В статус.")  # type: ignore[valid-type]
    actor: PersonOut | None = Field(description="Кто (только сотрудникам).")
    details: dict[str, Any] | None = Field(
        description="Подробности (только сотрудникам)."
    )


class CodeOut(Schema):
    code: str = Field(description="Стабильный код.")
    label: str = Field(description="Название по-русски.")


class ChannelCodeOut(CodeOut):
    service_form: str = Field(
        description="Форма обслуживания (Приложение 7), в которой учитывается канал."
    )


class CodesOut(Schema):
    """Все справочники кодов реестра обращений с русскими названиями."""

    channels: list[ChannelCodeOut]
    service_forms: list[CodeOut]
    categories: list[CodeOut]
    kinds: list[CodeOut]
    service_request_types: list[CodeOut]
    topics: list[CodeOut]
    statuses: list[CodeOut]
    answer_channels: list[CodeOut]
    regimes: list[CodeOut]
