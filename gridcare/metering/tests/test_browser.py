"""In a real browser: a consumer opens «Показания», gets a refusal explained at the
field, corrects the value and sees it accepted, on a desktop and on a 390×844 phone.

Drives Debian's Chromium (/usr/bin/chromium) through Playwright; screenshots go to
artifacts/screenshots/."""

import os
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
import time_machine

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # playwright's sync API

from gridcare.conftest import PASSWORD
from gridcare.metering.models import MeterReading

playwright_sync = pytest.importorskip("playwright.sync_api")

CHROMIUM = "/usr/bin/chromium"
SHOTS = Path(__file__).resolve().parents[3] / "artifacts" / "screenshots"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="нет /usr/bin/chromium"),
]


@pytest.fixture
def browser() -> Iterator[object]:
    with playwright_sync.sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield instance
        instance.close()


def _shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


@pytest.mark.parametrize(
    ("viewport", "name"),
    [
        ({"width": 1280, "height": 900}, "desktop"),
        ({"width": 390, "height": 844}, "phone"),
    ],
)
def test_consumer_submits_a_reading(
    live_server, settings, browser, consumer, meter2, add_reading, viewport, name
):
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    # The server runs in this process: the frozen clock is the server's clock too.
    traveller = time_machine.travel("2026-11-20 12:00 +03:00", tick=True)
    traveller.start()
    try:
        add_reading(meter2, date(2026, 9, 20), "1000", t2="400")
        MeterReading.objects.create(
            meter=meter2,
            taken_on=date(2026, 10, 20),
            value_t1=1210,
            value_t2=490,
            consumption_t1=210,
            consumption_t2=90,
            consumption=300,
            source="mobile_app",
        )
        page = browser.new_context(locale="ru-RU", viewport=viewport).new_page()
        page.goto(f"{live_server.url}/login/")
        page.fill("#id_username", consumer.email)
        page.fill("#id_password", PASSWORD)
        page.click("form button[type=submit]")
        page.wait_for_load_state()
        page.goto(f"{live_server.url}/readings/")
        assert page.get_by_role("img", name="Расход по месяцам").count() == 1
        _shot(page, f"metering-{name}-1-page")

        form = page.get_by_role(
            "form", name="Передать показания прибора учёта № 22220000"
        )
        form.get_by_label("Т1 (день)").fill("1 400,5")
        form.get_by_label("Т2 (ночь)").fill("480")  # lower than 490: refused
        with page.expect_navigation():
            form.get_by_role("button", name="Передать показания").click()
        error = page.locator(f"#id_meter-{meter2.pk}-t2_error")
        assert error.inner_text().startswith(
            "Показание Т2 (ночь) 480,00 меньше предыдущего показания 490,00 от 20.10.2026."
        )
        _shot(page, f"metering-{name}-2-refused")

        form = page.get_by_role(
            "form", name="Передать показания прибора учёта № 22220000"
        )
        form.get_by_label("Т2 (ночь)").fill("560")
        with page.expect_navigation():
            form.get_by_role("button", name="Передать показания").click()
        assert page.locator(".messages li").inner_text() == (
            "Показания прибора учёта № 22220000 от 20.11.2026 приняты. Расход с "
            "предыдущих показаний: 260,50 кВт·ч."
        )
        _shot(page, f"metering-{name}-3-accepted")
    finally:
        traveller.stop()
    reading = MeterReading.objects.get(taken_on=date(2026, 11, 20))
    assert (str(reading.value_t1), str(reading.value_t2), reading.source) == (
        "1400.50",
        "560.00",
        "personal_account",
    )
