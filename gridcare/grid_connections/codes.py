"""Stable codes of grid connection (технологическое присоединение): applicant
categories, statuses, the stages ПП 24 п. 19 «л» makes public, voltage classes and the
facts of each category that regulation.md §3 confirms (✅). Values here are used by the
API and exports: add new codes, never rename old ones."""

from dataclasses import dataclass
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _


class ApplicantCategory(models.TextChoices):
    """Applicant categories of the Rules (ПП 861), regulation.md §3.1."""

    # п. 14: individuals, ≤15 kW incl. previously connected, household needs, one
    # source (3rd reliability category) ✅ [R26][R34].
    INDIVIDUAL_15 = "individual_15", _("Физическое лицо до 15 кВт (бытовые нужды)")
    # п. 12(1): legal entities and entrepreneurs, ≤150 kW, one source ✅ [R34][R36].
    BUSINESS_150 = "business_150", _("Юридическое лицо или ИП до 150 кВт")
    # General procedure, typical TU ✅ [R34].
    MEDIUM_670 = "medium_670", _("Свыше 150 до 670 кВт")
    # General procedure, scheme of external supply ✅ [R34].
    LARGE = "large", _("Свыше 670 кВт")
    # п. 13: temporary connection of mobile devices ≤150 kW ✅ [R34].
    TEMPORARY = "temporary", _("Временное присоединение (передвижные объекты)")
    # пп. 13(2)–13(5): clause numbers ✅ [R34], content ⚠️ (see SpecialGroupClause).
    SPECIAL_GROUP = (
        "special_group",
        _("Садоводческие товарищества и иные особые группы"),
    )
    # Microgeneration: own category since ПП № 470 of 19.04.2019 ✅ [R73]; details ⚠️.
    MICROGENERATION = "microgeneration", _("Объект микрогенерации")


class SpecialGroupClause(models.TextChoices):
    """Clauses 13(2)–13(5) of the Rules ✅ [R34]; the titles shown to applicants are
    editable data (SpecialGroup rows), because their content is ⚠️."""

    P13_2 = "13(2)", _("п. 13(2)")
    P13_3 = "13(3)", _("п. 13(3)")
    P13_4 = "13(4)", _("п. 13(4)")
    P13_5 = "13(5)", _("п. 13(5)")


class ApplicantKind(models.TextChoices):
    """Who the applicant is in law (same codes as consumers.ConsumerKind)."""

    INDIVIDUAL = "individual", _("Физическое лицо")
    ENTREPRENEUR = "entrepreneur", _("Индивидуальный предприниматель")
    LEGAL_ENTITY = "legal_entity", _("Юридическое лицо")


class Channel(models.TextChoices):
    """How the application was filed ✅ [R37][R71]."""

    PERSONAL_ACCOUNT = "personal_account", _("Личный кабинет на сайте")
    MOBILE_APP = "mobile_app", _("Мобильное приложение")
    OFFICE = "office", _("Лично в офисе обслуживания")
    POST = "post", _("Почтой (в 2 экземплярах с описью)")


class Status(models.TextChoices):
    # The applicant is filling in the wizard; nothing is filed, no number, no clock.
    DRAFT = "draft", _("Черновик")
    # Filed and registered (number issued); the engineer checks completeness.
    SUBMITTED = "submitted", _("Зарегистрирована, проверяется")
    # The company asked the applicant for missing data; the offer clock is paused.
    CORRECTION_REQUESTED = "correction_requested", _("Запрошены недостающие сведения")
    # Complete; the company prepares the technical conditions and the offer.
    ACCEPTED = "accepted", _("Принята, готовятся договор и ТУ")
    # Offer (contract), technical conditions and invoice sent; the applicant pays.
    OFFER_SENT = "offer_sent", _("Направлены договор, ТУ и счёт")
    # Contract concluded (invoice paid); both sides carry out the TU works.
    CONTRACT_CONCLUDED = "contract_concluded", _("Договор заключён, выполняются ТУ")
    # The company has checked that both sides fulfilled the TU.
    CONDITIONS_FULFILLED = "conditions_fulfilled", _("Выполнение ТУ проверено")
    # Voltage is on: the actual connection is done.
    CONNECTED = "connected", _("Фактическое присоединение выполнено")
    # The act or the notice is drawn up and signed: the connection is complete.
    COMPLETED = "completed", _("Документы о присоединении оформлены")
    # Withdrawn by the applicant; final.
    WITHDRAWN = "withdrawn", _("Отозвана заявителем")
    # Annulled by the company (e.g. missing data never provided, invoice unpaid); final.
    ANNULLED = "annulled", _("Аннулирована")


class Stage(models.TextChoices):
    """The stages ПП 24 п. 19 «л» makes public ✅ [R41], in order."""

    RECEIPT = "receipt", _("Поступление и регистрация заявки")
    OFFER = "offer", _("Направление договора (оферты) и технических условий")
    CONTRACT = "contract", _("Заключение договора (оплата счёта)")
    FULFILMENT = "fulfilment", _("Выполнение технических условий сторонами")
    CONNECTION = "connection", _("Фактическое присоединение")
    DOCUMENTS = "documents", _("Оформление и подписание документов о присоединении")


STAGE_ORDER: tuple[str, ...] = tuple(Stage.values)


class Party(models.TextChoices):
    """Who has to act next."""

    APPLICANT = "applicant", _("Заявитель")
    GRID_COMPANY = "grid_company", _("Сетевая организация")
    BOTH = "both", _("Заявитель и сетевая организация")
    NOBODY = "nobody", _("Никто — заявка завершена")


class VoltageClass(models.TextChoices):
    """Voltage of the connection point (also the key of C2/C3 line rates)."""

    LV_0_4 = "0.4", _("0,4 кВ и ниже")
    MV_6_10 = "6-10", _("6–10 кВ")
    MV_20 = "20", _("20 кВ")
    HV_35 = "35", _("35 кВ")
    HV_110 = "110", _("110 кВ и выше")


# Voltages "up to 20 kV inclusive" (п. 16 «б», 6-month and 4-month cases ✅/⚠️).
UP_TO_20_KV = frozenset({VoltageClass.LV_0_4, VoltageClass.MV_6_10, VoltageClass.MV_20})


class ReliabilityCategory(models.TextChoices):
    FIRST = "1", _("I категория")
    SECOND = "2", _("II категория")
    THIRD = "3", _("III категория (один источник)")


class SettlementType(models.TextChoices):
    """Distance thresholds: 300 m in towns and urban-type settlements, 500 m in rural
    areas ✅ [R26][R31]."""

    URBAN = "urban", _("Город или посёлок городского типа")
    RURAL = "rural", _("Сельская местность")


class LineType(models.TextChoices):
    OVERHEAD = "overhead", _("Воздушная линия")
    CABLE = "cable", _("Кабельная линия")


class WorksSide(models.TextChoices):
    GRID_COMPANY = "grid_company", _("Сетевая организация")
    APPLICANT = "applicant", _("Заявитель")


class DocumentKind(models.TextChoices):
    """Documents generated from the data as PDF (versioned, never silently redone)."""

    APPLICATION = "application", _("Заявка на технологическое присоединение")
    TECHNICAL_CONDITIONS = "technical_conditions", _("Технические условия")
    OFFER = (
        "offer",
        _("Договор (оферта) об осуществлении технологического присоединения"),
    )
    INVOICE = "invoice", _("Счёт на оплату")
    # Приложение 1 to the Rules ✅ [R34].
    ACT = "act", _("Акт об осуществлении технологического присоединения")
    # Приложение 1(1): for пп. 12(1), 13(2)–13(5), 14 at 0.4 kV and below ✅ [R34].
    NOTICE = (
        "notice",
        _("Уведомление об обеспечении сетевой организацией возможности присоединения"),
    )


class FeeBasis(models.TextChoices):
    STANDARD = "standard", _("По стандартизированным тарифным ставкам")
    PREFERENTIAL = "preferential", _("По льготной ставке за 1 кВт (п. 17)")
    SOCIAL = "social", _("По сниженной ставке для социальных категорий")


@dataclass(frozen=True, slots=True)
class CategoryFacts:
    """What regulation.md §3 confirms about a category (✅ only)."""

    clause: str
    # Upper bound of the maximum power incl. previously connected, kW (None: no bound
    # confirmed); lower bound is exclusive.
    power_above_kw: Decimal | None
    power_up_to_kw: Decimal | None
    # Section X simplified procedure: пп. 12(1), 13(2)–13(5), 13(8), 14 ✅ [R34].
    simplified: bool
    # Notice (Приложение 1(1)) instead of the act at 0.4 kV and below ✅ [R34].
    notice_at_low_voltage: bool
    # п. 17 preferential fee (≤15 kW) ✅ [R26]; microgeneration rate ✅ [R31].
    preferential_fee: bool
    applicant_kinds: frozenset[str]


_ALL_KINDS = frozenset(ApplicantKind.values)
_BUSINESS = frozenset({ApplicantKind.ENTREPRENEUR, ApplicantKind.LEGAL_ENTITY})

CATEGORY_FACTS: dict[str, CategoryFacts] = {
    ApplicantCategory.INDIVIDUAL_15: CategoryFacts(
        "п. 14",
        None,
        Decimal(15),
        True,
        True,
        True,
        frozenset({ApplicantKind.INDIVIDUAL}),
    ),
    ApplicantCategory.BUSINESS_150: CategoryFacts(
        "п. 12(1)", None, Decimal(150), True, True, False, _BUSINESS
    ),
    ApplicantCategory.MEDIUM_670: CategoryFacts(
        "общий порядок", Decimal(150), Decimal(670), False, False, False, _ALL_KINDS
    ),
    ApplicantCategory.LARGE: CategoryFacts(
        "общий порядок", Decimal(670), None, False, False, False, _ALL_KINDS
    ),
    ApplicantCategory.TEMPORARY: CategoryFacts(
        "п. 13", None, Decimal(150), False, False, False, _ALL_KINDS
    ),
    ApplicantCategory.SPECIAL_GROUP: CategoryFacts(
        "пп. 13(2)–13(5)", None, None, True, True, False, _ALL_KINDS
    ),
    # Section X covers п. 13(8) ✅ [R34]; that 13(8) is microgeneration is ⚠️ (our
    # reading of ПП № 470 [R73]); its power bound is ⚠️, so none is enforced here.
    ApplicantCategory.MICROGENERATION: CategoryFacts(
        "п. 13(8) ⚠️", None, None, True, False, True, _ALL_KINDS
    ),
}
