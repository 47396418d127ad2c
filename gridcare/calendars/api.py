"""The production calendar over HTTP (mounted at /api/v1/calendar): public reference
data, no login needed."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from gridcare.api.schemas import code_enum, errors
from gridcare.calendars.models import Region
from gridcare.calendars.workdays import month_working_days

router = Router(tags=["Производственный календарь"])

RegionCode = code_enum(Region, "CalendarRegion", "Регион производственного календаря")


class WorkdaysIn(Schema):
    year: int = Field(description="Год, например 2026.")
    region: RegionCode = Field(  # type: ignore[valid-type]
        RegionCode(settings.CALENDAR_REGION),
        description="Регион: `RU` — федеральный календарь, `RU-TA` — с праздниками "
        "Татарстана.",
    )


class MonthWorkdaysOut(Schema):
    month: int = Field(description="Месяц, 1–12.")
    working_days: int = Field(description="Рабочих дней в месяце.")


class WorkdaysOut(Schema):
    year: int = Field(description="Год.")
    region: RegionCode = Field(description="Регион.")  # type: ignore[valid-type]
    months: list[MonthWorkdaysOut] = Field(description="Рабочие дни по месяцам.")
    total: int = Field(description="Рабочих дней за год.")


@router.get("/workdays", auth=None, response={200: WorkdaysOut, **errors(400, 422)})
def get_calendar_workdays(
    request: HttpRequest, params: Query[WorkdaysIn]
) -> dict[str, Any]:
    """Число рабочих дней по месяцам года (как `gridcare workdays --json`)."""
    counts = month_working_days(params.year, region=params.region)
    return {
        "year": params.year,
        "region": params.region,
        "months": [{"month": m, "working_days": n} for m, n in counts.items()],
        "total": sum(counts.values()),
    }
