"""Reference data admins edit without a release: documents required per category,
the grid company's stage deadlines that are not confirmed (⚠️/❓), the titles of the
special groups, and the appliance catalogue of the required-power calculator."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from gridcare.calendars.models import StatusMark
from gridcare.calendars.terms import TermUnit
from gridcare.grid_connections.codes import SpecialGroupClause, Stage


class DocumentRequirement(models.Model):
    """A document the Rules require with an application of some categories.

    The grid company may not demand other documents ✅ [R36]: the wizard asks for
    these rows only. Empty `categories` / `applicant_kinds` mean every one."""

    code = models.SlugField(_("код"), max_length=40, unique=True)
    title = models.CharField(_("документ"), max_length=300)
    help_text = models.TextField(_("пояснение для заявителя"), blank=True)
    categories = models.JSONField(
        _("категории заявителей"),
        default=list,
        blank=True,
        help_text=_("Коды категорий; пусто — все категории."),
    )
    applicant_kinds = models.JSONField(
        _("виды заявителей"),
        default=list,
        blank=True,
        help_text=_("individual, entrepreneur, legal_entity; пусто — все."),
    )
    only_with_representative = models.BooleanField(
        _("только если подаёт представитель"), default=False
    )
    is_required = models.BooleanField(_("обязателен"), default=True)
    order = models.PositiveSmallIntegerField(_("порядок"), default=0)
    status_mark = models.CharField(
        _("статус значения"), max_length=2, choices=StatusMark.choices
    )
    reference = models.CharField(_("источник"), max_length=300)
    is_active = models.BooleanField(_("действует"), default=True)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("документ, прилагаемый к заявке")
        verbose_name_plural = _("документы, прилагаемые к заявке")

    def __str__(self) -> str:
        return self.title


class StageDeadlineRule(models.Model):
    """The grid company's term for a stage in one case, where regulation.md §3.4 marks
    the value ⚠️ or ❓ (✅ terms are rules in deadlines.py). The row valid on the day the
    stage starts is applied and copied onto the stage."""

    stage = models.CharField(_("этап"), max_length=16, choices=Stage.choices)
    case = models.CharField(_("случай"), max_length=32)
    title = models.CharField(_("описание случая"), max_length=300)
    amount = models.PositiveIntegerField(_("срок"))
    unit = models.CharField(_("единица"), max_length=16, choices=TermUnit.choices)
    status_mark = models.CharField(
        _("статус значения"), max_length=2, choices=StatusMark.choices
    )
    reference = models.CharField(_("источник"), max_length=300)
    valid_from = models.DateField(_("действует с"), null=True, blank=True)
    valid_to = models.DateField(_("действует по"), null=True, blank=True)
    is_active = models.BooleanField(_("действует"), default=True)

    class Meta:
        ordering = ["stage", "case", "-valid_from"]
        verbose_name = _("срок этапа ТП (неподтверждённый)")
        verbose_name_plural = _("сроки этапов ТП (неподтверждённые)")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gt=0), name="gc_rule_amount_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(unit__in=[u.value for u in TermUnit]),
                name="gc_rule_unit_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title}: {self.amount} {self.get_unit_display()}"


class SpecialGroup(models.Model):
    """What a clause 13(2)–13(5) covers, as shown to applicants (content ⚠️)."""

    clause = models.CharField(
        _("пункт"), max_length=8, choices=SpecialGroupClause.choices, unique=True
    )
    title = models.CharField(_("кто относится"), max_length=300)
    status_mark = models.CharField(
        _("статус значения"), max_length=2, choices=StatusMark.choices
    )
    reference = models.CharField(_("источник"), max_length=300)

    class Meta:
        ordering = ["clause"]
        verbose_name = _("особая группа заявителей")
        verbose_name_plural = _("особые группы заявителей")

    def __str__(self) -> str:
        return f"{self.get_clause_display()} — {self.title}"


class ApplianceType(models.Model):
    """An appliance of the required-power calculator with its typical power (no
    normative source ⚠️: informational only, regulation.md §3.7)."""

    name = models.CharField(_("прибор"), max_length=200, unique=True)
    group = models.CharField(_("группа"), max_length=100, blank=True)
    typical_power_kw = models.DecimalField(
        _("типичная мощность, кВт"), max_digits=8, decimal_places=3
    )
    order = models.PositiveSmallIntegerField(_("порядок"), default=0)
    is_active = models.BooleanField(_("показывать"), default=True)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("электроприбор (калькулятор мощности)")
        verbose_name_plural = _("электроприборы (калькулятор мощности)")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(typical_power_kw__gt=0),
                name="gc_appliance_power_positive",
            )
        ]

    def __str__(self) -> str:
        return self.name


class PowerProfile(models.Model):
    """A kind of object with its default simultaneity coefficient for the
    required-power calculator (⚠️ no normative source, regulation.md §3.7)."""

    name = models.CharField(_("вид объекта"), max_length=200, unique=True)
    simultaneity = models.DecimalField(
        _("коэффициент одновременности"), max_digits=3, decimal_places=2
    )
    status_mark = models.CharField(
        _("статус значения"), max_length=2, choices=StatusMark.choices
    )
    reference = models.CharField(_("источник"), max_length=300)
    order = models.PositiveSmallIntegerField(_("порядок"), default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("вид объекта (калькулятор мощности)")
        verbose_name_plural = _("виды объектов (калькулятор мощности)")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(simultaneity__gt=0, simultaneity__lte=1),
                name="gc_profile_simultaneity_0_1",
            )
        ]

    def __str__(self) -> str:
        return self.name
