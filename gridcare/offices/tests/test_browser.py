"""In a real browser (desktop and a 390×844 phone): a consumer finds an office, books
a free slot (service → day → time) and sees the booking code; the office desk issues
the ticket by that code and calls it. Screenshots go to artifacts/screenshots/."""

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
import time_machine

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # playwright's sync API

from gridcare.conftest import PASSWORD
from gridcare.offices.models import Appointment

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


def _login(browser, base: str, email: str, viewport: dict[str, int]):
    page = browser.new_context(locale="ru-RU", viewport=viewport).new_page()
    page.goto(f"{base}/login/")
    page.fill("#id_username", email)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.press("#id_password", "Enter")
    return page


def _press(page, selector: str, key: str = "Enter") -> None:
    """Use the keyboard (the chat widget of the site may cover the bottom corner on
    a phone, and keyboard use is what we promise anyway)."""
    page.locator(selector).first.focus()
    page.keyboard.press(key)


def _shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


@pytest.mark.parametrize(
    ("label", "viewport"),
    [
        ("desktop", {"width": 1280, "height": 900}),
        ("phone", {"width": 390, "height": 844}),
    ],
)
def test_consumer_books_a_slot_and_desk_calls_the_ticket(
    request, live_server, browser, consumer, specialist, office, label, viewport
):
    travel = time_machine.travel("2026-03-16 09:00 +03:00", tick=True)
    travel.start()
    request.addfinalizer(travel.stop)
    base = live_server.url
    page = _login(browser, base, consumer.email, viewport)
    page.goto(f"{base}/offices/")
    _shot(page, f"offices-list-{label}")
    with page.expect_navigation():
        _press(page, f"a[href='/offices/{office.pk}/']")
    _shot(page, f"offices-detail-{label}")
    with page.expect_navigation():
        _press(page, f"a.btn[href='/offices/{office.pk}/book/']")
    page.select_option("#id_service", "consultation")
    with page.expect_navigation():
        _press(page, "#service-form button[type=submit]")
    with page.expect_navigation():
        _press(page, "a.office-day[href$='day=2026-03-16']")
    _press(page, "input[value='2026-03-16T09:45:00+03:00']", "Space")
    _shot(page, f"offices-book-{label}")
    with page.expect_navigation():
        _press(page, "#slot-form button[type=submit]")
    _shot(page, f"offices-booked-{label}")
    appointment = Appointment.objects.get()
    assert page.locator("#booking-code").inner_text() == appointment.code
    assert page.locator("#status").inner_text() == "Записан"
    _shot(page, f"offices-appointment-{label}")

    desk = _login(browser, base, specialist.email, viewport)
    desk.goto(f"{base}/staff/offices/{office.pk}/")
    desk.fill("#id_code", appointment.code)
    with desk.expect_navigation():
        desk.press("#id_code", "Enter")
    assert desk.locator(".messages li").inner_text() == "Выдан талон А-001."
    with desk.expect_navigation():
        _press(desk, "#call-next")
    assert (
        desk.locator(".messages li").inner_text() == "Приглашён талон А-001 к окну 1."
    )
    _shot(desk, f"offices-desk-{label}")
    page.reload()
    assert page.locator("#ticket").inner_text() == "А-001"
    _shot(page, f"offices-ticket-{label}")
