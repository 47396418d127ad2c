"""The company's service catalogue and consumers' orders (заявки на услуги); each order is
an appeal of the service-request kind in the registry, with its own life cycle here.

Prices, VAT rates, terms and passports are data, edited in /admin/ without a release
(docs/domains/service_requests.md)."""

from datetime import date, datetime
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from gridcare.appeals.codes import Category, ServiceRequestType, Topic
from gridcare.core.models import choice_in


class VatRate(models.Model):
    """A VAT rate (ставка НДС) with the dates it applies to; the rate of a price is the
    one valid on the day it is computed (20 % in 2019–2025, 22 % from 01.01.2026 ⚠️ —
    tax law, outside regulation.md; kept as data)."""

    rate = models.DecimalField(
        "ставка, %",
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
    )
    valid_from = models.DateField("действует с")
    valid_to = models.DateField("действует по", null=True, blank=True)
    legal_basis = models.CharField("основание", max_length=300, blank=True)

    class Meta:
        verbose_name = "ставка НДС"
        verbose_name_plural = "ставки НДС"
        ordering = ["-valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["valid_from"], name="vat_rate_from_unique"),
            models.CheckConstraint(
                condition=models.Q(rate__gte=0), name="vat_rate_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rate} % с {self.valid_from:%d.%m.%Y}"

    def applies_on(self, day: date) -> bool:
        return self.valid_from <= day and (
            self.valid_to is None or day <= self.valid_to
        )


class ServiceCategory(models.Model):
    """A section of the catalogue (учёт, подключение и отключение, документы…)."""

    code = models.SlugField("код", max_length=40, unique=True)
    title = models.CharField("название", max_length=200)
    description = models.TextField("описание", blank=True)
    order = models.PositiveSmallIntegerField("порядок", default=0)

    class Meta:
        verbose_name = "раздел каталога услуг"
        verbose_name_plural = "разделы каталога услуг"
        ordering = ["order", "title"]

    def __str__(self) -> str:
        return self.title


class Service(models.Model):
    """A service of the company that a consumer can order, with its price, term and
    passport (паспорт услуги, ЕСКО Приложение 1 ✅ [R6]). An order keeps a copy of the
    price and term it was made at, so editing the catalogue never changes orders."""

    code = models.SlugField("код", max_length=40, unique=True)
    title = models.CharField("название", max_length=300)
    description = models.TextField("описание", blank=True)
    category = models.ForeignKey(
        ServiceCategory,
        on_delete=models.PROTECT,
        related_name="services",
        verbose_name="раздел",
    )
    price = models.DecimalField(
        "цена, руб.",
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    price_includes_vat = models.BooleanField("цена включает НДС", default=True)
    unit = models.CharField("единица", max_length=60, default="услуга")
    term_working_days = models.PositiveSmallIntegerField(
        "срок оказания, рабочих дней",
        validators=[MinValueValidator(1)],
        help_text="Считается от дня оплаты.",
    )
    for_individuals = models.BooleanField("для физических лиц", default=True)
    for_legal_entities = models.BooleanField("для юридических лиц и ИП", default=True)
    is_active = models.BooleanField("принимаются заявки", default=True)
    published_at = models.DateTimeField(
        "опубликована",
        null=True,
        blank=True,
        help_text="Без даты или с будущей датой услуга не видна в каталоге.",
    )
    version = models.PositiveIntegerField(
        "редакция",
        default=1,
        help_text="Увеличивайте при изменении цены, срока или паспорта.",
    )
    is_sample = models.BooleanField(
        "пример (демонстрационная цена)",
        default=False,
        help_text="Цена взята для примера, не из утверждённого прейскуранта.",
    )
    # Where the order lands in the appeal registry (table 4.1 rows ⚠️).
    appeal_category = models.CharField(
        "категория обращения",
        max_length=16,
        choices=Category.choices,
        default=Category.OTHER,
    )
    appeal_topic = models.CharField(
        "тематика обращения",
        max_length=16,
        choices=Topic.choices,
        default=Topic.SERVICES,
    )
    service_request_type = models.CharField(
        "вид заявки (таблица 4.1)",
        max_length=32,
        choices=ServiceRequestType.choices,
        default=ServiceRequestType.OTHER,
    )
    order = models.PositiveSmallIntegerField("порядок", default=0)

    class Meta:
        verbose_name = "услуга"
        verbose_name_plural = "услуги"
        ordering = ["category__order", "order", "title"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(price__gt=0), name="service_price_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(term_working_days__gte=1),
                name="service_term_positive",
            ),
            models.CheckConstraint(
                condition=models.Q(for_individuals=True)
                | models.Q(for_legal_entities=True),
                name="service_has_applicants",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def is_published(self, now: datetime) -> bool:
        return self.published_at is not None and self.published_at <= now

    @property
    def applicants_label(self) -> str:
        if self.for_individuals and self.for_legal_entities:
            return "Физические и юридические лица, индивидуальные предприниматели"
        if self.for_individuals:
            return "Физические лица"
        return "Юридические лица и индивидуальные предприниматели"


# The field names of the passport form, ЕСКО Приложение 1 ✅ [R6] (our wording of the
# headings ⚠️: editable, these are only the defaults offered in the admin).
PASSPORT_FIELDS = (
    "Наименование услуги (процесса)",
    "Круг заявителей",
    "Размер платы за предоставление услуги (процесса) и основание её взимания",
    "Условия оказания услуги (процесса)",
    "Результат оказания услуги (процесса)",
    "Общий срок оказания услуги (процесса)",
    "Контактная информация для направления обращений",
)


class ServicePassportField(models.Model):
    """One heading of a service passport and its text (ЕСКО Приложение 1 ✅ [R6])."""

    service = models.ForeignKey(
        Service,
        on_delete=models.CASCADE,
        related_name="passport_fields",
        verbose_name="услуга",
    )
    order = models.PositiveSmallIntegerField("порядок", default=0)
    field = models.CharField("поле паспорта", max_length=300)
    value = models.TextField("значение")

    class Meta:
        verbose_name = "поле паспорта услуги"
        verbose_name_plural = "паспорт услуги: поля"
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.field


class ServicePassportStage(models.Model):
    """A row of the passport's stage table «N / Этап / Содержание/условия этапа / Форма
    предоставления / Срок исполнения / Ссылка на НПА» (ЕСКО Приложение 1 ✅ [R6])."""

    service = models.ForeignKey(
        Service,
        on_delete=models.CASCADE,
        related_name="passport_stages",
        verbose_name="услуга",
    )
    number = models.PositiveSmallIntegerField("N")
    stage = models.CharField("этап", max_length=300)
    content = models.TextField("содержание / условия этапа", blank=True)
    form = models.CharField("форма предоставления", max_length=300, blank=True)
    term = models.CharField("срок исполнения", max_length=300, blank=True)
    legal_reference = models.CharField("ссылка на НПА", max_length=300, blank=True)

    class Meta:
        verbose_name = "этап паспорта услуги"
        verbose_name_plural = "паспорт услуги: этапы"
        ordering = ["number", "pk"]

    def __str__(self) -> str:
        return f"{self.number}. {self.stage}"


class OrderStatus(models.TextChoices):
    # The consumer ordered; the company prepares the invoice.
    ORDERED = "ordered", _("Заявка принята")
    # The invoice (amount with VAT) was issued; the consumer pays.
    INVOICED = "invoiced", _("Выставлен счёт")
    # Staff recorded the payment; the service term runs from the day of payment.
    PAID = "paid", _("Оплачено")
    # A visit date and time window are set; may be moved while the work has not begun.
    SCHEDULED = "scheduled", _("Назначены дата и время")
    # The work is done and the act is signed; final.
    DONE = "done", _("Услуга оказана")
    # Cancelled by the consumer before the work started or by staff with a reason; final.
    CANCELLED = "cancelled", _("Отменена")


class ServiceOrder(models.Model):
    """A consumer's order of a service (заявка на услугу) for one of their consumer
    accounts; registered in the appeal registry as an appeal of kind service_request."""

    Status = OrderStatus

    appeal = models.OneToOneField(
        "appeals.Appeal",
        on_delete=models.PROTECT,
        related_name="service_order",
        verbose_name="обращение",
    )
    service = models.ForeignKey(
        Service, on_delete=models.PROTECT, related_name="orders", verbose_name="услуга"
    )
    consumer = models.ForeignKey(
        "consumers.Consumer",
        on_delete=models.PROTECT,
        related_name="service_orders",
        verbose_name="потребитель",
    )
    consumer_account = models.ForeignKey(
        "consumers.ConsumerAccount",
        on_delete=models.PROTECT,
        related_name="service_orders",
        verbose_name="лицевой счёт",
    )
    supply_point = models.ForeignKey(
        "consumers.SupplyPoint",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="service_orders",
        verbose_name="точка поставки",
    )
    status = models.CharField(
        "статус",
        max_length=16,
        choices=OrderStatus.choices,
        default=OrderStatus.ORDERED,
    )
    # What was ordered, as the catalogue said at that moment.
    service_title = models.CharField("услуга (на момент заявки)", max_length=300)
    service_version = models.PositiveIntegerField("редакция услуги")
    unit_price = models.DecimalField("цена за единицу", max_digits=12, decimal_places=2)
    price_includes_vat = models.BooleanField("цена включает НДС")
    term_working_days = models.PositiveSmallIntegerField("срок, рабочих дней")
    comment = models.TextField("комментарий потребителя", blank=True)
    preferred_from = models.DateField("желаемая дата с", null=True, blank=True)
    preferred_to = models.DateField("желаемая дата по", null=True, blank=True)
    ordered_at = models.DateTimeField("заявка подана")
    # The invoice.
    quantity = models.PositiveSmallIntegerField("количество", default=1)
    invoice_number = models.CharField("номер счёта", max_length=40, blank=True)
    invoiced_at = models.DateTimeField("счёт выставлен", null=True, blank=True)
    vat_rate = models.DecimalField(
        "ставка НДС, %", max_digits=5, decimal_places=2, null=True, blank=True
    )
    amount_net = models.DecimalField(
        "сумма без НДС", max_digits=12, decimal_places=2, null=True, blank=True
    )
    amount_vat = models.DecimalField(
        "НДС", max_digits=12, decimal_places=2, null=True, blank=True
    )
    amount_total = models.DecimalField(
        "итого с НДС", max_digits=12, decimal_places=2, null=True, blank=True
    )
    # Payment and the term that runs from it.
    paid_at = models.DateTimeField("оплачено", null=True, blank=True)
    payment_reference = models.CharField(
        "платёжный документ", max_length=100, blank=True
    )
    due_at = models.DateTimeField("срок оказания услуги", null=True, blank=True)
    # The visit.
    scheduled_date = models.DateField("дата работ", null=True, blank=True)
    window_start = models.TimeField("с", null=True, blank=True)
    window_end = models.TimeField("до", null=True, blank=True)
    # The end.
    done_at = models.DateTimeField("услуга оказана", null=True, blank=True)
    act_number = models.CharField("номер акта", max_length=40, blank=True)
    cancelled_at = models.DateTimeField("отменена", null=True, blank=True)
    cancelled_by_consumer = models.BooleanField("отменена потребителем", default=False)
    cancel_reason = models.TextField("причина отмены", blank=True)

    class Meta:
        verbose_name = "заявка на услугу"
        verbose_name_plural = "заявки на услуги"
        ordering = ["-ordered_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=choice_in("status", OrderStatus),
                name="service_order_status_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(quantity__gte=1), name="service_order_quantity_min"
            ),
        ]
        indexes = [models.Index(fields=["status", "ordered_at"])]

    def __str__(self) -> str:
        return f"{self.service_title} ({self.appeal.number or '—'})"

    @property
    def number(self) -> str:
        return self.appeal.number or ""

    @property
    def is_final(self) -> bool:
        return self.status in (OrderStatus.DONE, OrderStatus.CANCELLED)


class ServiceOrderEvent(models.Model):
    """A row of an order's history: who moved it, when, from which status to which."""

    order = models.ForeignKey(
        ServiceOrder, on_delete=models.CASCADE, related_name="events"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    action = models.CharField("действие", max_length=32)
    from_status = models.CharField("из статуса", max_length=16, blank=True)
    to_status = models.CharField("в статус", max_length=16, blank=True)
    at = models.DateTimeField("когда")
    details = models.JSONField("подробности", default=dict, blank=True)

    class Meta:
        verbose_name = "событие заявки на услугу"
        verbose_name_plural = "история заявок на услуги"
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.action} {self.at:%d.%m.%Y %H:%M}"
