"""In a real browser: the service worker installs, keeps the pages a person opened
and shows them without a network; a page never opened gives the offline page."""

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # playwright's sync API

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


def test_pages_opened_once_stay_readable_offline(browser, live_server) -> None:
    context = browser.new_context(
        locale="ru-RU", viewport={"width": 390, "height": 844}, is_mobile=True
    )
    page = context.new_page()
    page.goto(f"{live_server.url}/")
    page.wait_for_function(
        "navigator.serviceWorker.controller !== null || "
        "navigator.serviceWorker.ready.then(() => true)"
    )
    page.evaluate("navigator.serviceWorker.ready")
    # Reload once so that the now-active worker controls the page and keeps it.
    page.reload()
    page.wait_for_function("navigator.serviceWorker.controller !== null")
    page.goto(f"{live_server.url}/outages/")
    title = page.locator("h1").first.inner_text()

    context.set_offline(True)
    page.reload()
    assert page.locator("h1").first.inner_text() == title
    assert page.locator("#offline-banner").is_visible()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "pwa-offline-kept-page.png"), full_page=True)

    page.goto(f"{live_server.url}/connections/calculators/power/")
    assert "Нет соединения с интернетом" in page.locator("h1").inner_text()
    page.screenshot(path=str(SHOTS / "pwa-offline-page.png"), full_page=True)
    context.close()
