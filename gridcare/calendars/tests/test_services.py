"""Overrides entered as data change results at once, in this and other processes."""

from datetime import date
from typing import Any

import pytest
from django.contrib import admin
from django.core.cache import cache
from django.test import RequestFactory

from gridcare.calendars import calendar_cache
from gridcare.calendars.admin import CalendarDayAdmin
from gridcare.calendars.models import CalendarDay
from gridcare.calendars.services import calendar_day_delete, calendar_day_set
from gridcare.calendars.workdays import (
    CalendarError,
    is_shortened_day,
    is_working_day,
    month_working_days,
)

pytestmark = pytest.mark.django_db

MONDAY = date(2025, 3, 24)


def set_day(**overrides: Any) -> CalendarDay:
    fields: dict[str, Any] = {
        "region": "RU",
        "date": MONDAY,
        "kind": "non_working",
        "title": "Нерабочий день по указу",
        "status_mark": "✅",
        "reference": "[R48]",
    }
    fields.update(overrides)
    return calendar_day_set(**fields)


def test_override_changes_results_immediately() -> None:
    assert is_working_day(MONDAY, region="RU") is True
    assert month_working_days(2025, region="RU")[3] == 21

    set_day()

    assert is_working_day(MONDAY, region="RU") is False
    assert month_working_days(2025, region="RU")[3] == 20
    # Friday 21.03 is followed by a plain weekend, not by the override: full day.
    assert is_shortened_day(date(2025, 3, 21), region="RU") is False


def test_override_upserts_the_same_date() -> None:
    set_day()
    day = set_day(kind="working", title="Рабочий день")
    assert CalendarDay.objects.filter(region="RU", date=MONDAY).count() == 1
    assert day.kind == "working"
    assert is_working_day(MONDAY, region="RU") is True


def test_next_years_day_can_be_entered_as_data() -> None:
    wednesday = date(2027, 3, 10)
    assert is_working_day(wednesday, region="RU-TA") is True

    set_day(
        region="RU-TA",
        date=wednesday,
        title="Ураза-байрам",
        status_mark="⚠️",
        reference="Указ Раиса РТ (проект)",
    )

    assert is_working_day(wednesday, region="RU-TA") is False
    assert is_shortened_day(date(2027, 3, 9), region="RU-TA") is True
    assert is_working_day(wednesday, region="RU") is True


def test_ru_override_applies_to_tatarstan_unless_it_has_its_own_row() -> None:
    set_day(region="RU")
    assert is_working_day(MONDAY, region="RU-TA") is False

    set_day(region="RU-TA", kind="working", title="Рабочий день в РТ")

    assert is_working_day(MONDAY, region="RU-TA") is True
    assert is_working_day(MONDAY, region="RU") is False


def test_delete_restores_the_base_calendar() -> None:
    set_day()
    calendar_day_delete(region="RU", date=MONDAY)
    assert is_working_day(MONDAY, region="RU") is True
    assert not CalendarDay.objects.filter(region="RU", date=MONDAY).exists()


def test_delete_of_a_missing_day_is_refused() -> None:
    with pytest.raises(CalendarError, match="нет записи календаря"):
        calendar_day_delete(region="RU", date=MONDAY)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("region", "RU-MOW"),
        ("kind", "holiday"),
        ("status_mark", "!"),
        ("title", "  "),
        ("reference", ""),
        ("date", date(2101, 1, 1)),
    ],
)
def test_invalid_override_is_refused_and_changes_nothing(
    field: str, value: Any
) -> None:
    before = CalendarDay.objects.count()
    with pytest.raises(CalendarError):
        set_day(**{field: value})
    assert CalendarDay.objects.count() == before
    assert is_working_day(MONDAY, region="RU") is True


def test_direct_orm_write_invalidates_through_the_signal() -> None:
    assert is_working_day(MONDAY, region="RU") is True
    CalendarDay.objects.create(
        region="RU",
        date=MONDAY,
        kind="non_working",
        title="Из оболочки",
        status_mark="✅",
        reference="[R48]",
    )
    assert is_working_day(MONDAY, region="RU") is False


def test_another_process_change_is_seen_after_the_version_moves() -> None:
    assert is_working_day(MONDAY, region="RU") is True
    # Another process wrote the row (no signal here) and bumped the shared version.
    CalendarDay.objects.bulk_create(
        [
            CalendarDay(
                region="RU",
                date=MONDAY,
                kind="non_working",
                title="Из другого процесса",
                status_mark="✅",
                reference="[R48]",
            )
        ]
    )
    assert is_working_day(MONDAY, region="RU") is True  # this process's copy
    cache.set(calendar_cache.VERSION_KEY, 424242)
    assert is_working_day(MONDAY, region="RU") is False


def test_warm_calendar_answers_without_queries_and_one_cache_lookup(
    django_assert_num_queries: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    month_working_days(2025, region="RU-TA")
    lookups: list[str] = []
    real_get = cache.get

    def counting_get(key: str, *args: Any, **kwargs: Any) -> Any:
        lookups.append(key)
        return real_get(key, *args, **kwargs)

    monkeypatch.setattr(calendar_cache.cache, "get", counting_get)
    with django_assert_num_queries(0):
        assert is_working_day(date(2025, 6, 6), region="RU-TA") is False
    assert lookups == [calendar_cache.VERSION_KEY]


def test_admin_save_and_delete_go_through_the_services() -> None:
    model_admin = CalendarDayAdmin(CalendarDay, admin.site)
    request = RequestFactory().post("/admin/")
    obj = CalendarDay(
        region="RU",
        date=MONDAY,
        kind="non_working",
        title="Из администрирования",
        status_mark="✅",
        reference="[R48]",
    )
    assert is_working_day(MONDAY, region="RU") is True

    model_admin.save_model(request, obj, form=None, change=False)  # type: ignore[arg-type]

    assert obj.pk is not None
    assert is_working_day(MONDAY, region="RU") is False
    model_admin.delete_model(request, obj)
    assert is_working_day(MONDAY, region="RU") is True
