"""XLSX of the year's indicator forms: Пsaidi/Пsaifi per level with the exclusion rules
and the protocol, Птпр with its formula and stage deadlines, Птсо with forms 2.1–2.3
(«Параметр», «Ф», «П», «Ф/П × 100, %», «Зависимость», «Оценочный балл» ✅ [R18])."""

from django.utils.translation import gettext as _

from gridcare.indicators.reliability import q4
from gridcare.indicators.selectors import YearIndicators
from gridcare.indicators.xlsx import Sheet, moscow, workbook


def _reliability(sheet: Sheet, data: YearIndicators) -> None:
    result = data.reliability
    sheet.title(_("Пsaidi и Пsaifi за %(year)s г.") % {"year": data.year})
    sheet.note(
        _(
            "Пsaidi = Σ(T×N) / N_max, Пsaifi = ΣN / N_max ⚠️ [R21]; по уровням "
            "напряжения ✅ [R14]; исключения ❓ [R12]."
        )
    )
    sheet.header(
        [
            _("Уровень напряжения"),
            _("Точек поставки (N_max)"),
            _("Источник N_max"),
            _("Отключений"),
            _("Прекращений точек поставки (ΣN)"),
            _("Точко-часы (ΣT×N)"),
            "Пsaidi",
            "Пsaifi",
        ]
    )
    for level in [*result.levels, result.total]:
        sheet.line(
            [
                level.label,
                level.points,
                _("внесено") if level.points_entered else _("реестр на сегодня"),
                level.outages,
                level.interruptions,
                level.hours,
                level.saidi,
                level.saifi,
            ]
        )
    sheet.skip()
    sheet.title(_("Правила исключения"))
    sheet.header([_("Правило"), _("Правовое основание"), _("Статус"), _("Источник")])
    for rule in result.rules:
        sheet.line([rule.name, rule.legal_basis, rule.status_mark, rule.reference])
    sheet.widths([40, 16, 16, 12, 16, 14, 10, 10])


def _protocol(sheet: Sheet, data: YearIndicators) -> None:
    sheet.title(_("Протокол: отключения %(year)s г.") % {"year": data.year})
    sheet.header(
        [
            _("№ отключения"),
            _("Вид"),
            _("Причина"),
            _("Начало (мск)"),
            _("Окончание (мск)"),
            _("Продолжительность, ч"),
            _("Точек поставки"),
            _("Точко-часы"),
            _("Учитывается"),
            _("Основание исключения"),
        ]
    )
    for row in data.reliability.protocol:
        sheet.line(
            [
                row.outage_id,
                row.kind_label,
                row.cause_label,
                moscow(row.started_at),
                moscow(row.ended_at),
                q4(row.duration_hours),
                row.points_total,
                q4(row.point_hours),
                _("да") if row.counted else _("нет"),
                row.reason,
            ]
        )
    sheet.widths([12, 12, 30, 17, 17, 12, 12, 12, 10, 50])


def _connection(sheet: Sheet, data: YearIndicators) -> None:
    result = data.connection
    sheet.title(_("Птпр за %(year)s г.") % {"year": data.year})
    if result.formula is None:
        sheet.note(_("Формула Птпр не задана."))
        return
    sheet.note(
        f"{result.formula.name} {result.formula.status_mark} {result.formula.reference}"
    )
    sheet.line([_("Формула"), f"Птпр = {result.expression}"])
    sheet.line([_("Значение Птпр"), result.value])
    sheet.skip()
    sheet.header(
        [_("Показатель"), _("Вес"), _("Числитель"), _("Знаменатель"), _("Значение")]
    )
    for term in result.terms:
        value = None if term.value is None else q4(term.value)
        sheet.line([term.label, term.weight, term.numerator, term.denominator, value])
    sheet.skip()
    sheet.header(
        [
            _("Этап"),
            _("Сроков в году"),
            _("В срок"),
            _("С нарушением"),
            _("Просрочено, не выполнено"),
        ]
    )
    for stage in result.stage_rows:
        sheet.line(
            [
                stage.label,
                stage.with_deadline,
                stage.on_time,
                stage.late,
                stage.overdue_open,
            ]
        )
    sheet.widths([50, 12, 12, 14, 14])


def _service(sheet: Sheet, data: YearIndicators) -> None:
    result = data.service
    sheet.title(_("Птсо за %(year)s г.") % {"year": data.year})
    sheet.note(
        _("Шкала баллов и веса — настраиваемые данные ❓; формы 2.1–2.3 ✅ [R18][R19].")
    )
    sheet.line([_("Значение Птсо"), result.value])
    for sub in result.sub_indicators:
        sheet.skip()
        sheet.title(f"{_('Форма')} {sub.form}. {sub.label}")
        sheet.header(
            [
                "№",
                _("Параметр (критерий)"),
                _("фактическое (Ф)"),
                _("плановое (П)"),
                _("Ф/П × 100, %"),
                _("Зависимость"),
                _("Оценочный балл"),
                _("Статус"),
            ]
        )
        for row in sub.parameters:
            sheet.line(
                [
                    row.parameter.number,
                    row.parameter.name,
                    row.fact,
                    row.plan,
                    row.ratio,
                    row.parameter.get_direction_display(),
                    row.score,
                    row.parameter.status_mark,
                ]
            )
        sheet.line(
            [
                "",
                _("Значение индикатора"),
                None,
                None,
                None,
                None,
                sub.value,
                sub.weight_mark,
            ]
        )
    sheet.widths([6, 60, 14, 14, 14, 12, 12, 8])


def indicators_xlsx(data: YearIndicators) -> bytes:
    """Render the year's indicator forms as XLSX (four sheets)."""
    with workbook() as (book, formats, buffer):
        _reliability(Sheet(book, "Пsaidi, Пsaifi", formats), data)
        _protocol(Sheet(book, _("Протокол"), formats), data)
        _connection(Sheet(book, "Птпр", formats), data)
        _service(Sheet(book, "Птсо", formats), data)
    return buffer.getvalue()
