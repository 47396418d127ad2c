"""Forms of the wizard, the back office and the calculators. They parse input only;
every rule lives in the services."""

from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gridcare.grid_connections.codes import (
    ApplicantCategory,
    ApplicantKind,
    Channel,
    LineType,
    ReliabilityCategory,
    SettlementType,
    SpecialGroupClause,
    VoltageClass,
    WorksSide,
)
from gridcare.territory.models import Branch, Settlement


def _blank(choices: list[tuple[str, Any]]) -> list[tuple[str, Any]]:
    return [("", "—"), *choices]


class ApplicantStepForm(forms.Form):
    category = forms.ChoiceField(
        label=_("Категория заявителя"), choices=ApplicantCategory.choices
    )
    special_group_clause = forms.ChoiceField(
        label=_("Особая группа (для садоводческих товариществ и др.)"),
        choices=_blank(SpecialGroupClause.choices),
        required=False,
    )
    applicant_kind = forms.ChoiceField(
        label=_("Заявитель"), choices=ApplicantKind.choices
    )
    applicant_name = forms.CharField(label=_("ФИО или наименование"), max_length=300)
    identity_document = forms.CharField(
        label=_("Паспорт: серия, номер, кем и когда выдан"),
        max_length=300,
        required=False,
    )
    registry_number = forms.CharField(
        label=_("ОГРН / ОГРНИП"), max_length=15, required=False
    )
    inn = forms.CharField(label=_("ИНН"), max_length=12, required=False)
    contact_phone = forms.CharField(label=_("Телефон"), max_length=20, required=False)
    contact_email = forms.EmailField(label=_("E-mail"), required=False)
    postal_address = forms.CharField(
        label=_("Почтовый адрес"), max_length=500, required=False
    )
    representative_name = forms.CharField(
        label=_("Представитель (если заявку подаёт представитель)"),
        max_length=300,
        required=False,
    )
    household_use_confirmed = forms.BooleanField(
        label=_(
            "Электроэнергия нужна для бытовых нужд, не связанных с "
            "предпринимательской деятельностью"
        ),
        required=False,
    )
    is_social_category = forms.BooleanField(
        label=_("Отношусь к льготной (социальной) категории"), required=False
    )
    social_category_basis = forms.CharField(
        label=_("Основание льготы"), max_length=300, required=False
    )


class ObjectStepForm(forms.Form):
    object_name = forms.CharField(
        label=_("Что присоединяется"),
        max_length=300,
        help_text=_("Например: жилой дом, гараж, магазин."),
    )
    settlement = forms.ModelChoiceField(
        label=_("Населённый пункт"),
        queryset=Settlement.objects.order_by("name"),
        required=False,
    )
    branch = forms.ModelChoiceField(
        label=_("Филиал (если населённого пункта нет в списке)"),
        queryset=Branch.objects.order_by("order", "name"),
        required=False,
    )
    object_address = forms.CharField(
        label=_("Адрес: улица, дом или участок"), max_length=500
    )
    cadastral_number = forms.CharField(
        label=_("Кадастровый номер участка"), max_length=40, required=False
    )
    settlement_type = forms.ChoiceField(
        label=_("Тип местности"),
        choices=_blank(SettlementType.choices),
        required=False,
        help_text=_("Определяется по населённому пункту, если он выбран."),
    )
    distance_to_grid_m = forms.IntegerField(
        label=_("Расстояние от границы участка до ближайших сетей, м"),
        min_value=0,
        max_value=1_000_000,
    )


class PowerStepForm(forms.Form):
    requested_power_kw = forms.DecimalField(
        label=_("Запрашиваемая мощность, кВт"),
        min_value=Decimal("0.01"),
        max_digits=10,
        decimal_places=2,
    )
    previous_power_kw = forms.DecimalField(
        label=_("Ранее присоединённая мощность, кВт"),
        min_value=Decimal(0),
        max_digits=10,
        decimal_places=2,
        required=False,
    )
    voltage = forms.ChoiceField(
        label=_("Уровень напряжения"), choices=VoltageClass.choices
    )
    reliability_category = forms.ChoiceField(
        label=_("Категория надёжности"), choices=ReliabilityCategory.choices
    )
    temporary_until = forms.DateField(
        label=_("Временное присоединение до (для временного)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


class FileAddForm(forms.Form):
    requirement = forms.CharField(widget=forms.HiddenInput)
    file = forms.FileField(label=_("Файл"))


class ConsentForm(forms.Form):
    consent = forms.BooleanField(
        label=_(
            "Подтверждаю достоверность сведений и даю согласие на обработку "
            "персональных данных"
        )
    )


class CorrectionAnswerForm(forms.Form):
    text = forms.CharField(
        label=_("Комментарий к исправлениям"), widget=forms.Textarea, required=False
    )


class ApplicantWorksForm(forms.Form):
    description = forms.CharField(
        label=_("Что выполнено на вашей стороне"), widget=forms.Textarea
    )
    done_on = forms.DateField(
        label=_("Дата выполнения"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("Причина"), required=False)


# ---- back office ----------------------------------------------------------------


class StaffRegisterForm(ApplicantStepForm, ObjectStepForm, PowerStepForm):
    channel = forms.ChoiceField(
        label=_("Способ подачи"),
        choices=[
            (Channel.OFFICE, Channel.OFFICE.label),
            (Channel.POST, Channel.POST.label),
        ],
    )
    consumer_query = forms.CharField(
        label=_("Телефон или лицевой счёт потребителя (если есть личный кабинет)"),
        max_length=40,
        required=False,
    )
    consent = forms.BooleanField(
        label=_("Заявитель подписал согласие и подтвердил сведения")
    )


class QueueFilterForm(forms.Form):
    status = forms.CharField(required=False)
    branch = forms.IntegerField(required=False)
    mine = forms.BooleanField(required=False)
    unassigned = forms.BooleanField(required=False)
    overdue = forms.BooleanField(required=False)
    q = forms.CharField(required=False, max_length=100)


class AcceptForm(forms.Form):
    needs_system_operator = forms.BooleanField(
        label=_("Требуется согласование с системным оператором"), required=False
    )


class CorrectionRequestForm(forms.Form):
    text = forms.CharField(
        label=_("Каких сведений или документов не хватает"), widget=forms.Textarea
    )


class TechnicalConditionsForm(forms.Form):
    supply_source = forms.CharField(label=_("Центр питания"), max_length=300)
    connection_point = forms.CharField(label=_("Точка присоединения"), max_length=500)
    voltage = forms.ChoiceField(
        label=_("Уровень напряжения"), choices=VoltageClass.choices
    )
    max_power_kw = forms.DecimalField(
        label=_("Максимальная мощность, кВт"),
        min_value=Decimal("0.01"),
        decimal_places=2,
    )
    reliability_category = forms.ChoiceField(
        label=_("Категория надёжности"), choices=ReliabilityCategory.choices
    )
    distance_m = forms.IntegerField(
        label=_("Расстояние от сетей до границы участка, м"), min_value=0
    )
    grid_works = forms.CharField(
        label=_("Мероприятия сетевой организации"), widget=forms.Textarea
    )
    applicant_works = forms.CharField(
        label=_("Мероприятия заявителя"), widget=forms.Textarea
    )
    line_voltage = forms.ChoiceField(
        label=_("Строительство линии: напряжение"),
        choices=_blank(VoltageClass.choices),
        required=False,
    )
    line_type = forms.ChoiceField(
        label=_("Тип линии"), choices=_blank(LineType.choices), required=False
    )
    line_length_km = forms.DecimalField(
        label=_("Длина, км"),
        min_value=Decimal("0.001"),
        decimal_places=3,
        required=False,
    )
    metering_points = forms.IntegerField(label=_("Точек учёта"), min_value=0, initial=1)
    meter_variant = forms.CharField(
        label=_("Вид прибора учёта (вариант ставки С8)"), max_length=40, required=False
    )
    grid_construction_required = forms.BooleanField(
        label=_("Требуется строительство объектов электросетевого хозяйства"),
        required=False,
    )
    land_rights_required = forms.BooleanField(
        label=_("Требуется урегулирование прав на землю"), required=False
    )
    complex_case = forms.BooleanField(
        label=_("Иной случай (инвестпрограмма, объекты 35 кВ и выше)"), required=False
    )
    validity_years = forms.IntegerField(
        label=_("Срок действия ТУ, лет"), min_value=1, max_value=5, initial=2
    )
    reason = forms.CharField(
        label=_("Причина новой версии (если ТУ уже выданы)"), required=False
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        line = [
            data.get("line_voltage"),
            data.get("line_type"),
            data.get("line_length_km"),
        ]
        if any(line) and not all(line):
            raise forms.ValidationError(
                _("Для строительства линии укажите напряжение, тип и длину.")
            )
        return data


class ConfirmForm(forms.Form):
    """An action without input (issue the offer, the closing document)."""


class PaymentForm(forms.Form):
    amount = forms.DecimalField(
        label=_("Сумма оплаты, руб."), min_value=Decimal("0.01"), decimal_places=2
    )
    paid_on = forms.DateField(
        label=_("Дата оплаты"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        initial=timezone.localdate,
    )
    reference = forms.CharField(
        label=_("Платёжный документ"), max_length=100, required=False
    )


class WorksForm(forms.Form):
    side = forms.ChoiceField(label=_("Сторона"), choices=WorksSide.choices)
    description = forms.CharField(label=_("Что выполнено"), widget=forms.Textarea)
    done_on = forms.DateField(
        label=_("Дата выполнения"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        initial=timezone.localdate,
    )


class FulfilmentForm(forms.Form):
    note = forms.CharField(label=_("Результат проверки"), required=False)


class ConnectionForm(forms.Form):
    actual_voltage = forms.ChoiceField(
        label=_("Фактический уровень напряжения"), choices=VoltageClass.choices
    )
    actual_power_kw = forms.DecimalField(
        label=_("Присоединённая мощность, кВт"),
        min_value=Decimal("0.01"),
        decimal_places=2,
    )


class AnnulForm(forms.Form):
    reason = forms.CharField(label=_("Причина аннулирования"), widget=forms.Textarea)


class AssignForm(forms.Form):
    assignee = forms.IntegerField(required=False)


# ---- calculators ------------------------------------------------------------------


class CostCalculatorForm(forms.Form):
    category = forms.ChoiceField(
        label=_("Категория заявителя"), choices=ApplicantCategory.choices
    )
    requested_kw = forms.DecimalField(
        label=_("Запрашиваемая мощность, кВт"),
        min_value=Decimal("0.01"),
        max_digits=10,
        decimal_places=2,
    )
    voltage = forms.ChoiceField(
        label=_("Уровень напряжения"), choices=VoltageClass.choices
    )
    reliability_category = forms.ChoiceField(
        label=_("Категория надёжности"),
        choices=ReliabilityCategory.choices,
        initial=ReliabilityCategory.THIRD,
    )
    settlement_type = forms.ChoiceField(
        label=_("Тип местности"), choices=SettlementType.choices
    )
    distance_m = forms.IntegerField(
        label=_("Расстояние до сетей, м"), min_value=0, max_value=1_000_000
    )
    line_voltage = forms.ChoiceField(
        label=_("Нужна новая линия: напряжение"),
        choices=_blank(VoltageClass.choices),
        required=False,
    )
    line_type = forms.ChoiceField(
        label=_("Тип линии"), choices=_blank(LineType.choices), required=False
    )
    line_length_km = forms.DecimalField(
        label=_("Длина линии, км"),
        min_value=Decimal("0.001"),
        max_digits=8,
        decimal_places=3,
        required=False,
    )
    metering_points = forms.IntegerField(
        label=_("Точек учёта"), min_value=0, max_value=100, initial=1
    )
    is_social = forms.BooleanField(
        label=_("Льготная социальная категория"), required=False
    )
    on = forms.DateField(
        label=_("Дата расчёта"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        line = [
            data.get("line_voltage"),
            data.get("line_type"),
            data.get("line_length_km"),
        ]
        if any(line) and not all(line):
            raise forms.ValidationError(
                _("Для новой линии укажите напряжение, тип и длину.")
            )
        return data
