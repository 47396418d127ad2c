"""Stable codes of the appeal registry, used by the API, imports and exports.

Changing a value breaks clients and historical comparability (N−1 in the reports):
add new codes, never rename old ones."""

from django.db import models


class Channel(models.TextChoices):
    """Where the appeal came in."""

    PERSONAL_ACCOUNT = "personal_account", "Личный кабинет"
    INTERNET_RECEPTION = "internet_reception", "Интернет-приёмная"
    MOBILE_APP = "mobile_app", "Мобильное приложение"
    CHATBOT = "chatbot", "Чат-бот"
    PHONE = "phone", "Телефон (оператор)"
    IVR = "ivr", "Голосовое меню (IVR)"
    OFFICE = "office", "Офис обслуживания"
    POST = "post", "Почта"
    EMAIL = "email", "Электронная почта"
    SOCIAL = "social", "Социальные сети"
    RETAILER = "retailer", "Энергосбытовая организация"
    OTHER = "other", "Прочее"


class ServiceForm(models.TextChoices):
    """The five service-form columns of Приложение 7 table 4.1 ✅ [R2]."""

    IN_PERSON = "in_person", "Очная форма"
    PHONE = "phone", "Заочная форма с использованием телефонной связи"
    INTERNET = "internet", "Электронная форма с использованием сети Интернет"
    POST = "post", "Письменная форма с использованием почтовой связи"
    OTHER = "other", "Прочее"


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

    TRANSMISSION = "transmission", "Оказание услуг по передаче электрической энергии"
    CONNECTION = "connection", "Осуществление технологического присоединения"
    METERING = "metering", "Коммерческий учёт электрической энергии"
    SERVICE_QUALITY = "service_quality", "Качество обслуживания потребителей"
    MAINTENANCE = "maintenance", "Техническое обслуживание электросетевых объектов"
    OTHER = "other", "Прочее"


class Kind(models.TextChoices):
    APPEAL = "appeal", "Обращение"
    COMPLAINT = "complaint", "Жалоба"
    SERVICE_REQUEST = "service_request", "Заявка на услугу"


class ServiceRequestType(models.TextChoices):
    """Sub-rows of table 4.1 row 3 (⚠️ regulation.md §1.10)."""

    CONNECTION = "connection", "По технологическому присоединению"
    TRANSMISSION_CONTRACT = (
        "transmission_contract",
        "Заключение договора на передачу э/э",
    )
    METERING = "metering", "Организация коммерческого учёта"
    OTHER = "other", "Прочее"


class Topic(models.TextChoices):
    """Topic for routing to specialists of a competence (same codes as Competence)."""

    CONNECTION = "connection", "Технологическое присоединение"
    SERVICES = "services", "Услуги"
    RELIABILITY = "reliability", "Надёжность"
    METERING = "metering", "Учёт"
    GENERAL = "general", "Общие вопросы"


class Regime(models.TextChoices):
    """The legal regime that sets how fast an appeal must be answered (regulation.md
    §1.5, §6.2 design consequence)."""

    WRITTEN = "written", "Письменное/электронное обращение (ЕСКО)"
    PHONE_CALLBACK = "phone_callback", "Обратный звонок по телефонному обращению"
    COMPLAINT = "complaint", "Жалоба"
    SUPPLY_QUALITY = (
        "supply_quality",
        "Надёжность и качество электроснабжения (ПП № 442)",
    )
    CITIZEN_59FZ = "citizen_59fz", "Обращение гражданина (59-ФЗ)"
    PERSONAL_DATA = "personal_data", "Запрос субъекта персональных данных (152-ФЗ)"
    CONNECTION_STEP = "connection_step", "Этап технологического присоединения"


class Status(models.TextChoices):
    # Received, not yet registered (e.g. an internet-reception form awaiting e-mail
    # confirmation); has no number and no deadline.
    NEW = "new", "Новое"
    # Registered: has a number and a deadline, waits in its group's queue.
    REGISTERED = "registered", "Зарегистрировано"
    # A specialist is working on it.
    IN_WORK = "in_work", "В работе"
    # The company asked the consumer for information; the deadline clock is paused.
    WAITING = "waiting", "Ожидает ответа потребителя"
    # The answer on the merits was sent to the consumer.
    ANSWERED = "answered", "Дан ответ"
    # Finished; may be reopened if the consumer disagrees.
    CLOSED = "closed", "Закрыто"
    # Sent to the competent organisation (e.g. the energy retailer); may be reopened.
    FORWARDED = "forwarded", "Перенаправлено"
    # Withdrawn by the consumer; final.
    WITHDRAWN = "withdrawn", "Отозвано"


class AnswerChannel(models.TextChoices):
    EMAIL = "email", "Электронная почта"
    PERSONAL_ACCOUNT = "personal_account", "Личный кабинет"
    SMS = "sms", "SMS"
    PHONE = "phone", "Телефон"
    POST = "post", "Почта"
    IN_PERSON = "in_person", "Лично в офисе"
