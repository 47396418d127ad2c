"""What an application of a category must contain: the documents the Rules require
(DocumentRequirement rows, and no others ✅ [R36]) and the data of the wizard. The
list of problems is what the applicant is told before filing."""

from collections.abc import Iterable

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from gridcare.grid_connections.codes import (
    CATEGORY_FACTS,
    ApplicantCategory,
    ApplicantKind,
    ReliabilityCategory,
)
from gridcare.grid_connections.models import (
    ApplicationFile,
    ConnectionApplication,
    DocumentRequirement,
)


def requirement_list(
    *, category: str, applicant_kind: str, has_representative: bool
) -> list[DocumentRequirement]:
    """Return the active documents required or accepted for this applicant, in order."""
    rows: QuerySet[DocumentRequirement] = DocumentRequirement.objects.filter(
        is_active=True
    ).order_by("order", "code")
    return [
        row
        for row in rows
        if (not row.categories or category in row.categories)
        and (not row.applicant_kinds or applicant_kind in row.applicant_kinds)
        and (has_representative or not row.only_with_representative)
    ]


def requirement_list_for(
    application: ConnectionApplication,
) -> list[DocumentRequirement]:
    return requirement_list(
        category=application.category,
        applicant_kind=application.applicant_kind,
        has_representative=bool(application.representative_name.strip()),
    )


def missing_documents(
    application: ConnectionApplication, files: Iterable[ApplicationFile]
) -> list[DocumentRequirement]:
    """Return the required documents that have no file yet."""
    present = {f.requirement_code for f in files}
    return [
        row
        for row in requirement_list_for(application)
        if row.is_required and row.code not in present
    ]


def _data_problems(application: ConnectionApplication) -> list[str]:
    problems: list[str] = []
    facts = CATEGORY_FACTS[application.category]
    if not application.applicant_name.strip():
        problems.append(_("Укажите ФИО или наименование заявителя."))
    if application.applicant_kind not in facts.applicant_kinds:
        problems.append(
            _("Категория «%(category)s» не подходит для заявителя вида «%(kind)s».")
            % {
                "category": ApplicantCategory(application.category).label,
                "kind": ApplicantKind(application.applicant_kind).label,
            }
        )
    if not (application.contact_phone or application.contact_email):
        problems.append(_("Укажите телефон или e-mail для связи."))
    if (
        application.category == ApplicantCategory.SPECIAL_GROUP
        and not application.special_group_clause
    ):
        problems.append(_("Выберите, к какой особой группе заявителей вы относитесь."))
    if (
        application.category == ApplicantCategory.INDIVIDUAL_15
        and not application.household_use_confirmed
    ):
        # п. 14: household needs not related to business ✅ [R26][R34].
        problems.append(
            _(
                "Подтвердите, что электроэнергия нужна для бытовых нужд, не связанных "
                "с предпринимательской деятельностью."
            )
        )
    if not application.object_name.strip():
        problems.append(_("Укажите, что присоединяется (например, жилой дом)."))
    if not application.object_address.strip():
        problems.append(_("Укажите адрес объекта или участка."))
    if application.settlement_id is None and application.branch_id is None:
        problems.append(_("Выберите населённый пункт или филиал."))
    if not application.settlement_type:
        problems.append(_("Укажите тип местности: город или сельская местность."))
    if application.distance_to_grid_m is None:
        problems.append(
            _("Укажите примерное расстояние от участка до существующих сетей.")
        )
    problems.extend(_power_problems(application))
    if not application.voltage:
        problems.append(_("Выберите уровень напряжения."))
    if application.is_social_category and not application.social_category_basis.strip():
        problems.append(_("Укажите основание льготы (социальной категории)."))
    return problems


def _power_problems(application: ConnectionApplication) -> list[str]:
    facts = CATEGORY_FACTS[application.category]
    if application.requested_power_kw is None:
        return [_("Укажите запрашиваемую мощность, кВт.")]
    problems = []
    total = application.total_power_kw
    if facts.power_up_to_kw is not None and total > facts.power_up_to_kw:
        problems.append(
            _(
                "Для выбранной категории максимальная мощность с учётом ранее "
                "присоединённой — не более %(limit)s кВт, указано %(total)s кВт."
            )
            % {"limit": facts.power_up_to_kw, "total": total}
        )
    if facts.power_above_kw is not None and total <= facts.power_above_kw:
        problems.append(
            _(
                "Для выбранной категории мощность должна быть больше %(limit)s кВт, "
                "указано %(total)s кВт."
            )
            % {"limit": facts.power_above_kw, "total": total}
        )
    one_source = application.category in (
        ApplicantCategory.INDIVIDUAL_15,
        ApplicantCategory.BUSINESS_150,
    )
    if one_source and application.reliability_category != ReliabilityCategory.THIRD:
        # пп. 12(1), 14: one source of supply, i.e. the 3rd category ✅ [R34].
        problems.append(
            _("Для выбранной категории присоединение — по III категории надёжности.")
        )
    return problems


def completeness_problems(
    application: ConnectionApplication, files: Iterable[ApplicationFile]
) -> list[str]:
    """Return what is missing or wrong, in Russian; empty when it can be filed."""
    problems = _data_problems(application)
    for row in missing_documents(application, files):
        problems.append(_("Приложите документ: %(title)s.") % {"title": row.title})
    return problems
