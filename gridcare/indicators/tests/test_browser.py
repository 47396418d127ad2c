"""In a real browser: an administrator opens the indicators of 2025, reads Пsaidi and
Пsaifi, opens the protocol, enters a plan value with the keyboard and sees it scored.

Drives Debian's Chromium (/usr/bin/chromium) through Playwright; screenshots go to
artifacts/screenshots/."""

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # playwright's sync API

from gridcare.conftest import PASSWORD
from gridcare.indicators.models import ServiceParameter

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


def _login(browser, base: str, email: str, width: int = 1280):
    page = browser.new_context(
        locale="ru-RU", viewport={"width": width, "height": 900}
    ).new_page()
    page.goto(f"{base}/login/")
    page.fill("#id_username", email)
    page.fill("#id_password", PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_load_state()
    return page


def _shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_administrator_reads_indicators_and_enters_a_plan(
    live_server, browser, administrator, example
):
    hotline = ServiceParameter.objects.get(sub_indicator="informativeness", number="2")
    page = _login(browser, live_server.url, administrator.email)

    page.goto(f"{live_server.url}/staff/indicators/?year=2025")
    total = page.locator("table.indicators-table tr.total")
    assert "0,8157" in total.inner_text() and "0,2800" in total.inner_text()
    page.get_by_text("Протокол: отключения года").click()
    protocol = page.locator("details", has_text="Протокол: отключения года")
    assert protocol.get_by_text("Отключение по заявке потребителя").is_visible()
    _shot(page, "indicators-year")

    page.get_by_text("Ввести плановые значения и ручные факты").click()
    page.get_by_label("План: 2 Работает горячая линия").fill("1")
    page.get_by_label("Факт: 2 Работает горячая линия").fill("1")
    page.get_by_label("Факт: 2 Работает горячая линия").press("Enter")
    page.wait_for_load_state()

    assert (
        page.get_by_role("status").first.inner_text().startswith("Сохранено параметров")
    )
    row = page.locator("#service tr", has_text="Работает горячая линия")
    assert row.locator("td").nth(4).inner_text() == "100"
    assert hotline.values.get(year=2025).plan == 1
    _shot(page, "indicators-plan-saved")

    phone = _login(browser, live_server.url, administrator.email, width=390)
    phone.goto(f"{live_server.url}/staff/indicators/?year=2025")
    _shot(phone, "indicators-phone")
