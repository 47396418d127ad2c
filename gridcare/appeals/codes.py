"""Stable codes of the appeal registry, used by the API, imports and exports.

Changing a value breaks clients and historical comparability (N−1 in the reports):
add new codes, never rename old ones."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    """Where the appeal came in."""

    PERSONAL_ACCOUNT = "personal_account", _("Личный кабинет")
    INTERNET_RECEPTION = "internet_reception", _("Интернет-приёмная")
    MOBILE_APP = "mobile_app", _("Мобильное приложение")
    CHATBOT = "chatbot", _("Чат-бот")
    PHONE = "phone", _("Телефон (оператор)")
    IVR = "ivr", _("Голосовое меню (IVR)")
    OFFICE = "office", _("Офис обслуживания")
    POST = "post", _("Почта")
    EMAIL = "email", _("Электронная почта")
    SOCIAL = "social", _("Социальные сети")
    RETAILER = "retailer", _("Энергосбытовая организация")
    OTHER = "other", _("Прочее")


class ServiceForm(models.TextChoices):
    """The five service-form columns of Приложение 7 table 4.1 ✅ [R2]."""

    IN_PERSON = "in_person", _("Очная форма")
    PHONE = "phone", _("Заочная форма с использованием телефонной связи")
    INTERNET = "internet", _("Электронная форма с использованием сети Интернет")
    POST = "post", _("Письменная форма с использованием почтовой связи")
    OTHER = "other", _("Прочее")


# Default channel → column mapping (⚠️ our proposal, regulation.md §1.3); the live mapping
# is the editable ChannelSetting table seeded from this.
DEFAULT_SERVICE_FORM: dict[str, str] = {
    Channel.PERSONAL_ACCOUNT: ServiceForm.INTERNET,
    Channel.INTERNET_RECEPTION: ServiceForm.INTERNET,
    Channel.MOBILE_APP: ServiceForm.INTERNET,
    Channel.CHATBOT: ServiceForm.INTERNET,
    Channel.PHONE: ServiceForm.PHONE,
    Channel.IVR: ServiceForm.PHONE,
    Channel.OFFICE: ServiceForm.IN_PERSON,
    Channel.POST: ServiceForm.POST,
    Channel.EMAIL: ServiceForm.INTERNET,
    Channel.SOCIAL: ServiceForm.INTERNET,
    Channel.RETAILER: ServiceForm.OTHER,
    Channel.OTHER: ServiceForm.OTHER,
}


class Category(models.TextChoices):
    """Rows of table 4.1 (⚠️ row list reconstructed, regulation.md §1.10)."""

    TRANSMISSION = "transmission", _("Оказание услуг по передаче электрической энергии")
    CONNECTION = "connection", _("Осуществление технологического присоединения")
    METERING = "metering", _("Коммерческий учёт электрической энергии")
    SERVICE_QUALITY = "service_quality", _("Качество обслуживания потребителей")
    MAINTENANCE = "maintenance", _("Техническое обслуживание электросетевых объектов")
    OTHER = "other", _("Прочее")


class Kind(models.TextChoices):
    APPEAL = "appeal", _("Обращение")
    COMPLAINT = "complaint", _("Жалоба")
    SERVICE_REQUEST = "service_request", _("Заявка на услугу")


class ServiceRequestType(models.TextChoices):
    """Sub-rows of table 4.1 row 3 (⚠️ regulation.md §1.10)."""

    CONNECTION = "connection", _("По технологическому присоединению")
    TRANSMISSION_CONTRACT = (
        "transmission_contract",
        _("Заключение договора на передачу э/э"),
    )
    METERING = "metering", _("Организация коммерческого учёта")
    OTHER = "other", _("Прочее")


class Topic(models.TextChoices):
    """Topic for routing to specialists of a competence (same codes as Competence)."""

    CONNECTION = "connection", _("Технологическое присоединение")
    SERVICES = "services", _("Услуги")
    RELIABILITY = "reliability", _("Надёжность")
    METERING = "metering", _("Учёт")
    GENERAL = "general", _("Общие вопросы")


class Regime(models.TextChoices):
    """The legal regime that sets how fast an appeal must be answered (regulation.md
    §1.5, §6.2 design consequence)."""

    WRITTEN = "written", _("Письменное/электронное обращение (ЕСКО)")
    PHONE_CALLBACK = "phone_callback", _("Обратный звонок по телефонному обращению")
    COMPLAINT = "complaint", _("Жалоба")
    SUPPLY_QUALITY = (
        "supply_quality",
        _("Надёжность и качество электроснабжения (ПП № 442)"),
    )
    CITIZEN_59FZ = "citizen_59fz", _("Обращение гражданина (59-ФЗ)")
    PERSONAL_DATA = "personal_data", _("Запрос субъекта персональных данных (152-ФЗ)")
    CONNECTION_STEP = "connection_step", _("Этап технологического присоединения")


class Status(models.TextChoices):
    # Received, not yet registered (e.g. an internet-reception form awaiting e-mail
    # confirmation); has no number and no deadline.
    NEW = "new", _("Новое")
    # Registered: has a number and a deadline, waits in its group's queue.
    REGISTERED = "registered", _("Зарегистрировано")
    # A specialist is working on it.
    IN_WORK = "in_work", _("В работе")
    # The company asked the consumer for information; the deadline clock is paused.
    WAITING = "waiting", _("Ожидает ответа потребителя")
    # The answer on the merits was sent to the consumer.
    ANSWERED = "answered", _("Дан ответ")
    # Finished; may be reopened if the consumer disagrees.
    CLOSED = "closed", _("Закрыто")
    # Sent to the competent organisation (e.g. the energy retailer); may be reopened.
    FORWARDED = "forwarded", _("Перенаправлено")
    # Withdrawn by the consumer; final.
    WITHDRAWN = "withdrawn", _("Отозвано")


class AnswerChannel(models.TextChoices):
    EMAIL = "email", _("Электронная почта")
    PERSONAL_ACCOUNT = "personal_account", _("Личный кабинет")
    SMS = "sms", "SMS"
    PHONE = "phone", _("Телефон")
    POST = "post", _("Почта")
    IN_PERSON = "in_person", _("Лично в офисе")
