"""reading_submit: the one intake path for every channel, with its refusals."""

from datetime import date
from decimal import Decimal

import pytest
import time_machine

from gridcare.core.errors import NotFoundError, PermissionDeniedError
from gridcare.metering.models import Meter, MeterReading, ReadingSource, ReadingWindow
from gridcare.metering.services import reading_submit
from gridcare.metering.values import ReadingRefused

pytestmark = pytest.mark.django_db

PA = ReadingSource.PERSONAL_ACCOUNT


def _submit(meter, user, values, **kw):
    return reading_submit(
        meter=meter,
        values=values,
        source=kw.pop("source", PA),
        submitted_by=user,
        **kw,
    )


def _refusal(meter, user, values, **kw) -> ReadingRefused:
    with pytest.raises(ReadingRefused) as caught:
        _submit(meter, user, values, **kw)
    return caught.value


# ---- the acceptance window -----------------------------------------------------


@pytest.mark.parametrize(
    "moment",
    [
        "2026-11-15 00:00 +03:00",  # the first minute of the 15th in Moscow
        "2026-11-26 23:59 +03:00",  # the last minute of the 26th in Moscow
        "2026-11-14 21:00 +00:00",  # UTC still says the 14th; Moscow says the 15th
    ],
)
def test_accepts_on_the_window_edges_in_moscow_time(consumer, meter, moment):
    with time_machine.travel(moment, tick=False):
        reading = _submit(meter, consumer, {"t1": "100"})
    assert reading.taken_on.day in (15, 26)
    assert MeterReading.objects.count() == 1


@pytest.mark.parametrize(
    ("moment", "today", "opens", "closes"),
    [
        ("2026-11-14 23:59 +03:00", "14.11.2026", "15.11.2026", "26.11.2026"),
        ("2026-11-27 00:00 +03:00", "27.11.2026", "15.12.2026", "26.12.2026"),
        # 21:00 UTC on the 26th is already the 27th in Moscow.
        ("2026-11-26 21:00 +00:00", "27.11.2026", "15.12.2026", "26.12.2026"),
        ("2026-12-30 10:00 +03:00", "30.12.2026", "15.01.2027", "26.01.2027"),
    ],
)
def test_refuses_outside_the_window_and_names_the_next_one(
    consumer, meter, moment, today, opens, closes
):
    with time_machine.travel(moment, tick=False):
        refusal = _refusal(meter, consumer, {"t1": "100"})
    assert refusal.code == "reading_window_closed"
    assert refusal.message == (
        "Показания принимаются с 15 по 26 число каждого месяца (по московскому "
        f"времени). Сегодня, {today}, приём закрыт; следующий приём — с {opens} "
        f"по {closes}."
    )
    assert MeterReading.objects.count() == 0


def test_window_is_editable_data_per_branch(consumer, meter, branch):
    ReadingWindow.objects.create(
        branch=branch, valid_from=date(2026, 1, 1), day_from=1, day_to=10
    )
    with time_machine.travel("2026-11-05 12:00 +03:00", tick=False):
        _submit(meter, consumer, {"t1": "100"})
    with time_machine.travel("2026-11-20 12:00 +03:00", tick=False):
        refusal = _refusal(meter, consumer, {"t1": "110"})
    assert refusal.code == "reading_window_closed"
    assert "с 1 по 10 число" in refusal.message


def test_window_day_beyond_month_end_means_its_last_day(consumer, meter):
    ReadingWindow.objects.update(day_from=25, day_to=31)
    with time_machine.travel("2026-02-28 12:00 +03:00", tick=False):
        assert _submit(meter, consumer, {"t1": "100"}).taken_on == date(2026, 2, 28)


def test_staff_may_register_outside_the_window(operator, meter, add_reading):
    add_reading(meter, date(2026, 10, 20), "100")
    with time_machine.travel("2026-11-03 12:00 +03:00", tick=False):
        reading = _submit(meter, operator, {"t1": "150"}, source=ReadingSource.OPERATOR)
    assert reading.consumption == Decimal("50.00")
    assert reading.submitted_by == operator


def test_staff_follow_the_window_when_the_data_says_so(operator, meter):
    ReadingWindow.objects.update(staff_outside_window=False)
    with time_machine.travel("2026-11-03 12:00 +03:00", tick=False):
        refusal = _refusal(meter, operator, {"t1": "1"}, source=ReadingSource.OFFICE)
    assert refusal.code == "reading_window_closed"


# ---- plausibility ---------------------------------------------------------------


def test_computes_consumption_from_the_previous_reading(
    in_window, consumer, meter, add_reading
):
    add_reading(meter, date(2026, 10, 20), "12000.50")
    reading = _submit(meter, consumer, {"t1": "12 250,75"})
    assert (reading.value_t1, reading.consumption_t1, reading.consumption) == (
        Decimal("12250.75"),
        Decimal("250.25"),
        Decimal("250.25"),
    )


def test_refuses_a_value_lower_than_the_last_one(
    in_window, consumer, meter, add_reading
):
    add_reading(meter, date(2026, 10, 20), "12000.50")
    refusal = _refusal(meter, consumer, {"t1": "11999"})
    assert refusal.code == "reading_lower_than_previous"
    assert refusal.message == (
        "Показание Т1 (однотарифный) 11\u00a0999,00 меньше предыдущего показания "
        "12\u00a0000,50 от 20.10.2026. Проверьте, правильно ли переписаны цифры с "
        "табло. Если прибор учёта заменён, сообщите об этом в офис обслуживания: "
        "показания нового прибора будут учитываться отдельно."
    )
    assert refusal.extra == {
        "zone": "t1",
        "value": "11999.00",
        "previous": "12000.50",
        "previous_taken_on": "2026-10-20",
    }
    assert MeterReading.objects.count() == 1


def test_a_replaced_meter_starts_from_its_own_first_reading(
    in_window, consumer, meter, make_meter, add_reading
):
    add_reading(meter, date(2026, 10, 20), "45000")
    Meter.objects.filter(pk=meter.pk).update(removed_on=date(2026, 11, 2))
    new = make_meter(serial_number="77770000", installed_on=date(2026, 11, 2))
    first = _submit(new, consumer, {"t1": "12.5"})
    assert (first.value_t1, first.consumption) == (Decimal("12.50"), None)
    refusal = _refusal(meter, consumer, {"t1": "45100"})
    assert refusal.code == "meter_removed"
    assert refusal.message == (
        "Прибор учёта № 01234567 снят 02.11.2026: показания по нему не принимаются. "
        "Передайте показания нового прибора учёта."
    )


def test_refuses_an_absurd_jump_and_explains_the_numbers(
    in_window, consumer, meter, add_reading
):
    # 15 kW × 24 h × 0.5 = 180 kWh a day; 31 days → 5 580 kWh at most.
    add_reading(meter, date(2026, 10, 20), "1000")
    refusal = _refusal(meter, consumer, {"t1": "10000"})
    assert refusal.code == "reading_implausible_jump"
    assert refusal.message == (
        "Расход 9\u00a0000,00 кВт·ч за 31 дн. с 20.10.2026 (в среднем 290,32 кВт·ч "
        "в сутки) больше возможного: при максимальной мощности точки поставки "
        "15,00 кВт — не более 15,00 кВт × 24 ч × 0,50 = 180,00 кВт·ч в сутки, то "
        "есть 5\u00a0580,00 кВт·ч за 31 дн. Проверьте показания: возможно, введена "
        "лишняя цифра. Если показания верны, обратитесь в офис обслуживания — "
        "специалист проверит прибор учёта."
    )
    assert refusal.extra == {
        "consumption": "9000.00",
        "days": 31,
        "limit": "5580.00",
        "limit_per_day": "180.00",
        "max_power_kw": "15.00",
        "load_factor": "0.50",
    }
    # Just within the limit is accepted.
    assert _submit(meter, consumer, {"t1": "6580"}).consumption == Decimal("5580.00")


def test_refuses_a_remote_meter(in_window, consumer, remote_meter):
    refusal = _refusal(remote_meter, consumer, {"t1": "100"})
    assert refusal.code == "meter_remote"
    assert refusal.message == (
        "Прибор учёта № 99990000 подключён к интеллектуальной системе учёта (ИСУ): "
        "показания передаются автоматически, передавать их вручную не нужно."
    )
    assert MeterReading.objects.count() == 0


def test_the_smart_metering_system_reads_remote_meters_any_day(remote_meter):
    with time_machine.travel("2026-11-03 03:00 +03:00", tick=False):
        reading = _submit(remote_meter, None, {"t1": "5"}, source=ReadingSource.REMOTE)
    assert reading.source == "remote"


def test_multi_tariff_meter_needs_every_zone(in_window, consumer, meter2):
    refusal = _refusal(meter2, consumer, {"t1": "100", "t2": " "})
    assert refusal.code == "reading_zone_missing"
    assert refusal.message == (
        "Не указано показание Т2 (ночь). Для многотарифного прибора учёта нужны "
        "показания всех зон: Т1 (день), Т2 (ночь)."
    )
    assert refusal.extra == {"zone": "t2"}
    reading = _submit(meter2, consumer, {"Т1": "100,5", "2": "40"})
    assert (reading.value_t1, reading.value_t2, reading.value_t3) == (
        Decimal("100.50"),
        Decimal("40.00"),
        None,
    )


def test_multi_tariff_lower_zone_is_named(in_window, consumer, meter2, add_reading):
    add_reading(meter2, date(2026, 10, 20), "100", t2="50")
    refusal = _refusal(meter2, consumer, {"t1": "150", "t2": "49"})
    assert refusal.extra["zone"] == "t2"
    assert refusal.message.startswith("Показание Т2 (ночь) 49,00 меньше предыдущего")


@pytest.mark.parametrize(
    ("raw", "code", "message"),
    [
        (
            "abc",
            "reading_value_invalid",
            "Показание Т1 (однотарифный): введите число, например 12345,6.",
        ),
        (
            "-5",
            "reading_value_invalid",
            "Показание Т1 (однотарифный) не может быть отрицательным.",
        ),
        (
            "1234567",
            "reading_value_too_long",
            "Показание Т1 (однотарифный): у прибора "
            "учёта 6 цифр до запятой, а введено 7. Перепишите цифры с табло счётчика.",
        ),
        (
            "12,345",
            "reading_value_too_long",
            "Показание Т1 (однотарифный): после запятой не больше 2 цифр.",
        ),
    ],
)
def test_value_must_fit_the_dial(in_window, consumer, meter, raw, code, message):
    refusal = _refusal(meter, consumer, {"t1": raw})
    assert (refusal.code, refusal.message) == (code, message)


def test_unknown_zone_is_refused(in_window, consumer, meter):
    refusal = _refusal(meter, consumer, {"t1": "1", "t3": "2"})
    assert refusal.code == "reading_zone_unknown"


def test_one_reading_per_day(in_window, consumer, meter):
    _submit(meter, consumer, {"t1": "100"})
    refusal = _refusal(meter, consumer, {"t1": "101"})
    assert refusal.code == "reading_already_accepted"
    assert MeterReading.objects.count() == 1


def test_consumer_cannot_date_a_reading_before_the_window(in_window, consumer, meter):
    refusal = _refusal(meter, consumer, {"t1": "1"}, taken_on=date(2026, 11, 14))
    assert refusal.code == "reading_date_invalid"
    refusal = _refusal(meter, consumer, {"t1": "1"}, taken_on=date(2026, 11, 21))
    assert refusal.message == "Дата снятия показаний 21.11.2026 ещё не наступила."


# ---- who may submit ----------------------------------------------------------------


def test_consumer_cannot_submit_for_another_consumers_meter(
    in_window, consumer, other_meter
):
    with pytest.raises(NotFoundError):
        _submit(other_meter, consumer, {"t1": "1"})
    assert MeterReading.objects.count() == 0


def test_consumer_cannot_use_a_staff_channel(in_window, consumer, meter):
    with pytest.raises(PermissionDeniedError):
        _submit(meter, consumer, {"t1": "1"}, source=ReadingSource.OFFICE)


def test_staff_channel_needs_the_right(in_window, analyst, meter):
    with pytest.raises(PermissionDeniedError):
        _submit(meter, analyst, {"t1": "1"}, source=ReadingSource.OPERATOR)


def test_ivr_submits_without_a_login(in_window, meter):
    reading = _submit(meter, None, {"1": "123*4"}, source=ReadingSource.IVR)
    assert (reading.value_t1, reading.source, reading.submitted_by) == (
        Decimal("123.40"),
        "ivr",
        None,
    )


def test_unknown_channel_is_refused(in_window, meter):
    refusal = _refusal(meter, None, {"t1": "1"}, source="fax")
    assert refusal.message == "Неизвестный канал передачи показаний: fax."
