"""Reading values as people type them («12 345,6», «12345.60», a keypad's «12345*6»)
and as we show them (Russian grouping, decimal comma, kopeck-like two places)."""

from decimal import Decimal, InvalidOperation

from django.utils.numberformat import format as number_format
from django.utils.translation import gettext as _

from gridcare.core.errors import ApplicationError

CENT = Decimal("0.01")


class ReadingRefused(ApplicationError):
    """A reading was not accepted; `message` explains why in Russian and `extra`
    carries the numbers behind the refusal (and `zone` when one value is at fault)."""


def format_kwh(value: Decimal | None) -> str:
    """«12 345,67» (no-break space between thousands); «—» for no value."""
    if value is None:
        return "—"
    return number_format(
        value.quantize(CENT),
        decimal_sep=",",
        decimal_pos=2,
        grouping=3,
        thousand_sep="\u00a0",
        force_grouping=True,
    )


def format_value(value: Decimal | None, digits_fraction: int = 2) -> str:
    """A reading as its meter shows it: the meter's decimal places, grouped."""
    if value is None:
        return "—"
    return number_format(
        value,
        decimal_sep=",",
        decimal_pos=digits_fraction,
        grouping=3,
        thousand_sep="\u00a0",
        force_grouping=True,
    )


def parse_value(
    raw: str | Decimal | int,
    *,
    zone: str,
    zone_label: str,
    digits_whole: int,
    digits_fraction: int,
) -> Decimal:
    """Read one zone's value: a non-negative number that fits the meter's dial
    (`digits_whole` digits before the comma, `digits_fraction` after)."""
    if isinstance(raw, Decimal | int):
        text = str(raw)
    else:
        # Spaces group thousands; a comma or a keypad's «*» is the decimal separator.
        text = "".join(str(raw).split()).replace(",", ".").replace("*", ".")
    try:
        value = Decimal(text)
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite():
        raise ReadingRefused(
            _("Показание %(zone)s: введите число, например 12345,6.")
            % {"zone": zone_label},
            code="reading_value_invalid",
            extra={"zone": zone},
        )
    if value < 0:
        raise ReadingRefused(
            _("Показание %(zone)s не может быть отрицательным.") % {"zone": zone_label},
            code="reading_value_invalid",
            extra={"zone": zone},
        )
    exponent = value.normalize().as_tuple().exponent
    fraction = max(0, -int(exponent))
    whole = len(str(int(value))) if value >= 1 else 1
    if whole > digits_whole:
        raise ReadingRefused(
            _(
                "Показание %(zone)s: у прибора учёта %(max)s цифр до запятой, "
                "а введено %(got)s. Перепишите цифры с табло счётчика."
            )
            % {"zone": zone_label, "max": digits_whole, "got": whole},
            code="reading_value_too_long",
            extra={"zone": zone, "digits_whole": digits_whole},
        )
    if fraction > digits_fraction:
        message = (
            _("Показание %(zone)s: введите только целую часть, без цифр после запятой.")
            if digits_fraction == 0
            else _("Показание %(zone)s: после запятой не больше %(max)s цифр.")
        )
        raise ReadingRefused(
            message % {"zone": zone_label, "max": digits_fraction},
            code="reading_value_too_long",
            extra={"zone": zone, "digits_fraction": digits_fraction},
        )
    return value.quantize(CENT)
