"""Приложение 7 as PDF: an HTML template rendered by WeasyPrint with PT Sans embedded
(the font vendored by grid_connections)."""

from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string

from gridcare.appeals.codes import ServiceForm
from gridcare.reports.models import DeadlineBucket
from gridcare.reports.report186 import FORMS, Report186
from gridcare.reports.xlsx import PHONE_ROWS, POWER_GROUP_TEXT, SOURCE_TEXT

FONT_DIR = Path(settings.BASE_DIR) / "static" / "grid_connections" / "fonts"


def report_186_pdf(report: Report186) -> bytes:
    """Render the built report as a landscape A4 PDF."""
    from weasyprint import HTML  # heavy import: only where PDFs are made

    html = render_to_string(
        "reports/pdf/report_186.html",
        {
            "report": report,
            "forms": [ServiceForm(f).label for f in FORMS],
            "phone_rows": [
                (f"4.3.{i}", title, unit, getattr(report.phone, name))
                for i, (name, title, unit) in enumerate(PHONE_ROWS, 1)
            ],
            "phone_source": SOURCE_TEXT[report.phone.source],
            "deadlines": [
                (DeadlineBucket(b).label, n) for b, n in report.deadlines.items()
            ],
            "connection": [
                (POWER_GROUP_TEXT.get(g.power_group, ""), g) for g in report.connection
            ],
            "font_regular": (FONT_DIR / "PTSans_400Regular.ttf").as_uri(),
            "font_bold": (FONT_DIR / "PTSans_700Bold.ttf").as_uri(),
        },
    )
    return HTML(string=html, base_url=str(FONT_DIR)).write_pdf()  # type: ignore[no-any-return]
