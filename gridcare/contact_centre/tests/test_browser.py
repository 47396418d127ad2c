"""In a real browser: a simulated call arrives (`interaction_enqueue`, as the PBX
bridge does), the operator's desk pops the caller's card, the operator answers,
registers an appeal with text + Enter, sets the wrap-up code and is ready again; the
supervisor's wallboard changes.

The test server is Django's WSGI live server (no websockets), so the pages use their
fallback: the desk and the wallboard poll their panels. Drives Debian's Chromium
through Playwright; screenshots go to artifacts/screenshots/desk-*.png and
wallboard-*.png."""

import os
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # playwright's sync API

from gridcare.appeals.models import Appeal
from gridcare.conftest import PASSWORD
from gridcare.contact_centre.models import Interaction, OperatorProfile, RoutingRule
from gridcare.contact_centre.services import interaction_enqueue

playwright_sync = pytest.importorskip("playwright.sync_api")

CHROMIUM = "/usr/bin/chromium"
SHOTS = Path(__file__).resolve().parents[3] / "artifacts" / "screenshots"
WAIT = 60_000  # ms: the pages poll every 5–10 s without a socket

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="нет /usr/bin/chromium"),
]


@pytest.fixture
def browser() -> Iterator[Any]:
    with playwright_sync.sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield instance
        instance.close()


def _login(browser: Any, base: str, email: str, width: int = 1280) -> Any:
    page = browser.new_context(
        locale="ru-RU", viewport={"width": width, "height": 900}
    ).new_page()
    page.goto(f"{base}/login/")
    page.fill("#id_username", email)
    page.fill("#id_password", PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_load_state()
    return page


def _shot(page: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _simulated_call() -> Interaction:
    try:
        return interaction_enqueue(
            external_id="browser-1", caller="8 (917) 000-00-01", topic="metering"
        )
    finally:
        connection.close()


def _figure(page: Any, name: str) -> str:
    return page.locator(f"[data-figure='{name}']").inner_text()


def test_call_pops_the_card_appeal_wrap_up_and_the_wallboard_changes(
    live_server: Any,
    settings: Any,
    browser: Any,
    operator: Any,
    supervisor: Any,
    consumer: Any,
) -> None:
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    RoutingRule.objects.all().delete()
    base = live_server.url

    desk = _login(browser, base, operator.email)
    desk.goto(f"{base}/staff/desk/")
    desk.get_by_role("button", name="Готов").click()
    desk.wait_for_load_state()
    assert desk.locator("[data-desk-status]").inner_text() == "Готов"
    _shot(desk, "desk-ready")

    board = _login(browser, base, supervisor.email)
    board.goto(f"{base}/staff/wallboard/")
    assert _figure(board, "waiting") == "0"
    assert _figure(board, "answered") == "0"
    assert board.locator("[data-operators='ready']").inner_text() == "1"
    _shot(board, "wallboard-before")

    # The simulated call: what the PBX bridge does when a call enters the queue (in
    # another thread: this one runs Playwright's event loop).
    with ThreadPoolExecutor(max_workers=1) as pool:
        call = pool.submit(_simulated_call).result()
    assert call.status == "offered"

    desk.get_by_text("Входящий звонок").wait_for(timeout=WAIT)
    card = desk.locator(".desk-call")
    assert "Иванова Анна Петровна" in card.inner_text()
    assert "1600000001" in card.inner_text()
    _shot(desk, "desk-call-offered")

    playwright_sync.expect(board.locator("[data-figure='waiting']")).to_have_text(
        "1", timeout=WAIT
    )
    _shot(board, "wallboard-call-waiting")

    desk.get_by_role("button", name="Принять звонок").click()
    desk.wait_for_load_state()
    text = desk.locator("#desk-appeal-text")
    text.wait_for()
    assert desk.locator("[data-desk-status]").inner_text() == "Разговор"
    text.fill("Счётчик не показывает расход с понедельника")
    with desk.expect_navigation():
        text.press("Enter")
    appeal = Appeal.objects.get()
    assert appeal.channel == "phone"
    assert appeal.consumer == consumer.consumer
    assert (
        f"Обращение № {appeal.number} зарегистрировано."
        in desk.locator(".messages").inner_text()
    )
    _shot(desk, "desk-appeal-registered")

    assert desk.locator("#desk-wrap-up-code").input_value() == "appeal_registered"
    desk.get_by_role("button", name="Завершить и готов").click()
    desk.wait_for_load_state()
    assert desk.locator("[data-desk-status]").inner_text() == "Готов"
    assert "Звонков нет" in desk.locator(".desk-call").inner_text()
    _shot(desk, "desk-wrapped-up")

    call.refresh_from_db()
    assert (call.status, call.appeal, call.wrap_up_code.code) == (
        "closed",
        appeal,
        "appeal_registered",
    )
    assert OperatorProfile.objects.get(user=operator).status == "ready"

    playwright_sync.expect(board.locator("[data-figure='answered']")).to_have_text(
        "1", timeout=WAIT
    )
    assert _figure(board, "waiting") == "0"
    assert _figure(board, "abandoned") == "0"
    assert board.locator("[data-operators='ready']").inner_text() == "1"
    _shot(board, "wallboard-after")

    phone = _login(browser, base, operator.email, width=390)
    phone.goto(f"{base}/staff/desk/")
    _shot(phone, "desk-phone")
    assert Interaction.objects.count() == 1
