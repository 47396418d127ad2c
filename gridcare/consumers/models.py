"""Consumers, their consumer accounts (лицевые счета), points of supply, consents and
the personal-data access log (152-ФЗ)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class VoltageLevel(models.TextChoices):
    """Voltage levels of tariff regulation and of Пsaidi/Пsaifi reporting."""

    HV = "VN", _("ВН (110 кВ и выше)")
    MV1 = "SN1", _("СН1 (35 кВ)")
    MV2 = "SN2", _("СН2 (1–20 кВ)")
    LV = "NN", _("НН (0,4 кВ и ниже)")


class ConsumerKind(models.TextChoices):
    INDIVIDUAL = "individual", _("Физическое лицо")
    ENTREPRENEUR = "entrepreneur", _("Индивидуальный предприниматель")
    LEGAL_ENTITY = "legal_entity", _("Юридическое лицо")


class Consumer(models.Model):
    """A consumer of the grid company's services: a person, an entrepreneur or a company."""

    Kind = ConsumerKind

    kind = models.CharField(
        "вид",
        max_length=16,
        choices=ConsumerKind.choices,
        default=ConsumerKind.INDIVIDUAL,
    )
    name = models.CharField("ФИО или наименование", max_length=300)
    inn = models.CharField("ИНН", max_length=12, blank=True)
    phone = models.CharField("телефон", max_length=16, blank=True, db_index=True)
    email = models.EmailField("e-mail", blank=True)
    postal_address = models.CharField("почтовый адрес", max_length=500, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="consumer",
        verbose_name="учётная запись",
    )
    created_at = models.DateTimeField("создан", auto_now_add=True)

    class Meta:
        verbose_name = "потребитель"
        verbose_name_plural = "потребители"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=[k.value for k in ConsumerKind]),
                name="consumer_kind_valid",
            )
        ]

    def __str__(self) -> str:
        return self.name


class ConsumerAccount(models.Model):
    """A consumer account (лицевой счёт) holding one or more points of supply."""

    number = models.CharField("номер лицевого счёта", max_length=20, unique=True)
    consumer = models.ForeignKey(
        Consumer,
        on_delete=models.PROTECT,
        related_name="accounts",
        verbose_name="потребитель",
    )
    branch = models.ForeignKey(
        "territory.Branch",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="филиал",
    )
    opened_on = models.DateField("открыт", null=True, blank=True)
    is_active = models.BooleanField("действует", default=True)

    class Meta:
        verbose_name = "лицевой счёт"
        verbose_name_plural = "лицевые счета"

    def __str__(self) -> str:
        return self.number


class SupplyPoint(models.Model):
    """A point of supply (точка поставки): an address, a voltage level and a maximum power."""

    account = models.ForeignKey(
        ConsumerAccount,
        on_delete=models.PROTECT,
        related_name="supply_points",
        verbose_name="лицевой счёт",
    )
    code = models.CharField("код точки поставки", max_length=32, unique=True)
    building = models.ForeignKey(
        "territory.Building", on_delete=models.PROTECT, related_name="supply_points"
    )
    premises = models.CharField("помещение (кв., офис)", max_length=20, blank=True)
    district_unit = models.ForeignKey(
        "territory.DistrictGridUnit",
        on_delete=models.PROTECT,
        related_name="supply_points",
    )
    voltage_level = models.CharField(
        "уровень напряжения",
        max_length=4,
        choices=VoltageLevel.choices,
        default=VoltageLevel.LV,
    )
    max_power_kw = models.DecimalField(
        "максимальная мощность, кВт", max_digits=10, decimal_places=2
    )

    class Meta:
        verbose_name = "точка поставки"
        verbose_name_plural = "точки поставки"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(voltage_level__in=[v.value for v in VoltageLevel]),
                name="supply_point_voltage_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(max_power_kw__gt=0),
                name="supply_point_power_positive",
            ),
        ]

    def __str__(self) -> str:
        return self.code


class ConsentPurpose(models.TextChoices):
    """Purposes of personal-data processing; each consent is a separate document
    (152-ФЗ ст. 9 as amended by 156-ФЗ, from 01.09.2025 ✅ [R64])."""

    SERVICE = "service", _("Рассмотрение обращений и оказание услуг")
    NOTIFICATIONS = "notifications", _("Информирование об отключениях и статусах")
    SURVEYS = "surveys", _("Участие в опросах о качестве обслуживания")
    MARKETING = "marketing", _("Информация о новых услугах")


class ConsentText(models.Model):
    """One version of the text a consumer agrees to for one purpose."""

    purpose = models.CharField("цель", max_length=32, choices=ConsentPurpose.choices)
    version = models.PositiveIntegerField("версия")
    text = models.TextField("текст согласия")
    is_required = models.BooleanField(
        "обязательно для обслуживания",
        default=False,
        help_text="Только для цели, без которой услуга невозможна; остальные — добровольные.",
    )
    valid_from = models.DateTimeField("действует с")

    class Meta:
        verbose_name = "текст согласия"
        verbose_name_plural = "тексты согласий"
        constraints = [
            models.UniqueConstraint(
                fields=["purpose", "version"], name="consent_text_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} v{self.version}"


class Consent(models.Model):
    """A consent given (or withdrawn) by a consumer for one purpose and text version."""

    consumer = models.ForeignKey(
        Consumer, on_delete=models.CASCADE, related_name="consents"
    )
    text = models.ForeignKey(ConsentText, on_delete=models.PROTECT, related_name="+")
    given_at = models.DateTimeField("дано")
    withdrawn_at = models.DateTimeField("отозвано", null=True, blank=True)
    channel = models.CharField("канал", max_length=32, blank=True)
    ip_address = models.GenericIPAddressField("IP-адрес", null=True, blank=True)

    class Meta:
        verbose_name = "согласие на обработку ПДн"
        verbose_name_plural = "согласия на обработку ПДн"


class PersonalDataAccess(models.Model):
    """One read of a consumer's personal data by staff (152-ФЗ ст. 19, security event log).

    Append-only: written by `personal_data_access_log`, never edited.
    """

    class Action(models.TextChoices):
        VIEW_CONSUMER = "view_consumer", _("Просмотр карточки потребителя")
        VIEW_APPEAL = "view_appeal", _("Просмотр обращения")
        DOWNLOAD_FILE = "download_file", _("Скачивание вложения")
        EXPORT = "export", _("Выгрузка данных")

    at = models.DateTimeField("когда", auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="кто",
    )
    consumer = models.ForeignKey(
        Consumer, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    action = models.CharField("действие", max_length=32, choices=Action.choices)
    object_type = models.CharField("объект", max_length=32)
    object_id = models.CharField("идентификатор объекта", max_length=64)
    ip_address = models.GenericIPAddressField("IP-адрес", null=True, blank=True)

    class Meta:
        verbose_name = "доступ к персональным данным"
        verbose_name_plural = "журнал доступа к персональным данным"
        indexes = [
            models.Index(fields=["consumer", "at"]),
            models.Index(fields=["user", "at"]),
        ]


class AccountLink(models.Model):
    """A consumer account (лицевой счёт) linked to a registered consumer in the personal
    account: the account moved from `previous_consumer` (the consumer card from billing,
    without a login) to `consumer`. Unlinking moves it back and sets `unlinked_at`; the
    rows are the history of who held the account through the portal."""

    account = models.ForeignKey(
        ConsumerAccount,
        on_delete=models.CASCADE,
        related_name="links",
        verbose_name="лицевой счёт",
    )
    consumer = models.ForeignKey(
        Consumer,
        on_delete=models.CASCADE,
        related_name="account_links",
        verbose_name="привязал",
    )
    previous_consumer = models.ForeignKey(
        Consumer,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="прежний владелец карточки",
    )
    linked_at = models.DateTimeField("привязан")
    unlinked_at = models.DateTimeField("отвязан", null=True, blank=True)

    class Meta:
        verbose_name = "привязка лицевого счёта"
        verbose_name_plural = "привязки лицевых счетов"
        constraints = [
            models.UniqueConstraint(
                fields=["account"],
                condition=models.Q(unlinked_at__isnull=True),
                name="account_link_one_active",
            )
        ]

    def __str__(self) -> str:
        return f"{self.account} → {self.consumer}"


class AccountLinkFailure(models.Model):
    """A failed attempt to link an account (wrong number or meter): attempts are
    limited per person so account numbers cannot be guessed."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    number = models.CharField("введённый номер", max_length=40)
    at = models.DateTimeField("когда", db_index=True)

    class Meta:
        verbose_name = "неудачная привязка счёта"
        verbose_name_plural = "неудачные привязки счетов"
        indexes = [models.Index(fields=["user", "at"])]
