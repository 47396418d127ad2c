"""The «Показания» page of the personal account and the staff meter page."""

from datetime import date

import pytest

from gridcare.consumers.models import PersonalDataAccess
from gridcare.metering.models import MeterReading

pytestmark = pytest.mark.django_db


def _field(meter, zone="t1") -> str:
    return f"meter-{meter.pk}-{zone}"


def test_page_shows_a_form_per_meter_the_window_history_and_chart(
    in_window, client, consumer, meter, meter2, remote_meter, add_reading
):
    add_reading(meter, date(2026, 9, 20), "1000")
    MeterReading.objects.create(
        meter=meter,
        taken_on=date(2026, 10, 20),
        value_t1=1150,
        consumption_t1=150,
        consumption=150,
        source="ivr",
    )
    client.force_login(consumer)
    response = client.get("/readings/")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('class="reading-form"') == 2  # not for the ИСУ meter
    assert f'<label for="id_{_field(meter)}">Т1 (однотарифный)' in html
    assert f'<label for="id_{_field(meter2, "t2")}">Т2 (ночь)' in html
    assert "Показания принимаются с 15 по 26 число каждого месяца" in html
    assert "Приём открыт до 26.11.2026 включительно." in html
    assert "показания передаются автоматически" in html
    assert '<svg viewBox="0 0 640 240" role="img"' in html
    assert f'<desc id="chart-desc-{meter.pk}">' in html
    assert "окт 2026: 150,00 кВт·ч" in html
    assert "Октябрь 2026" in html  # the table fallback
    assert " style=" not in html and "<script>" not in html


def test_submit_accepts_and_redirects_with_a_message(
    in_window, client, consumer, meter
):
    client.force_login(consumer)
    response = client.post(
        f"/readings/{meter.pk}/", {_field(meter): "123,4"}, follow=True
    )
    assert response.redirect_chain == [(f"/readings/#meter-{meter.pk}", 302)]
    assert "Показания прибора учёта № 01234567 от 20.11.2026 приняты." in (
        response.content.decode()
    )
    assert MeterReading.objects.get().source == "personal_account"


def test_refusal_is_shown_at_the_field_and_nothing_is_stored(
    in_window, client, consumer, meter2
):
    client.force_login(consumer)
    response = client.post(f"/readings/{meter2.pk}/", {_field(meter2): "100"})
    assert response.status_code == 400
    html = response.content.decode()
    error_id = f"id_{_field(meter2, 't2')}_error"
    assert (
        f'<div class="error" role="alert" id="{error_id}"><p>Не указано показание Т2 (ночь).'
        in html
    )
    assert f'aria-describedby="id_{_field(meter2, "t2")}_helptext {error_id}"' in html
    assert 'aria-invalid="true"' in html
    assert MeterReading.objects.count() == 0


def test_window_refusal_is_a_form_error(client, consumer, meter):
    import time_machine

    client.force_login(consumer)
    with time_machine.travel("2026-11-27 09:00 +03:00", tick=False):
        page = client.get("/readings/").content.decode()
        response = client.post(f"/readings/{meter.pk}/", {_field(meter): "100"})
    assert (
        "Сейчас приём показаний закрыт. Следующий приём — с 15.12.2026 по 26.12.2026."
        in page
    )
    assert 'class="reading-form"' not in page
    assert "Сегодня, 27.11.2026, приём закрыт" in response.content.decode()
    assert MeterReading.objects.count() == 0


def test_another_consumers_meter_is_404(in_window, client, consumer, other_meter):
    client.force_login(consumer)
    response = client.post(f"/readings/{other_meter.pk}/", {_field(other_meter): "1"})
    assert response.status_code == 404
    assert MeterReading.objects.count() == 0
    assert "55550000" not in client.get("/readings/").content.decode()


def test_staff_are_sent_to_the_back_office(client, operator):
    client.force_login(operator)
    assert client.get("/readings/").status_code == 302


def test_staff_page_shows_readings_and_logs_the_access(
    in_window, client, specialist, meter, add_reading
):
    add_reading(meter, date(2026, 10, 20), "100")
    client.force_login(specialist)
    response = client.get(f"/staff/meters/{meter.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Показания прибора учёта" in html and "20.10.2026" in html
    assert f'name="meter-{meter.pk}-source"' in html
    assert PersonalDataAccess.objects.filter(object_type="meter").count() == 1


def test_staff_register_a_reading_outside_the_window(client, operator, meter):
    import time_machine

    client.force_login(operator)
    with time_machine.travel("2026-11-03 10:00 +03:00", tick=False):
        response = client.post(
            f"/staff/meters/{meter.pk}/readings/",
            {_field(meter): "42", f"meter-{meter.pk}-source": "office"},
        )
    assert response.status_code == 302
    reading = MeterReading.objects.get()
    assert (reading.source, reading.submitted_by, reading.taken_on) == (
        "office",
        operator,
        date(2026, 11, 3),
    )


def test_analyst_sees_no_meters_and_may_not_register(client, analyst, meter):
    client.force_login(analyst)
    assert client.get(f"/staff/meters/{meter.pk}/").status_code == 403
    assert client.post(f"/staff/meters/{meter.pk}/readings/", {}).status_code == 403


def test_branch_specialist_does_not_see_other_branches(
    in_window, client, remote_specialist, meter
):
    client.force_login(remote_specialist)
    assert client.get(f"/staff/meters/{meter.pk}/").status_code == 404
