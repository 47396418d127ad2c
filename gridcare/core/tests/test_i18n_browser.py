"""In a real browser: a visitor switches the portal to Tatar with the header form, moves
on to another page in Tatar, then switches to English; a consumer signs in and sees the
personal account in the chosen language.

Drives Debian's Chromium (/usr/bin/chromium) through Playwright; screenshots go to
artifacts/screenshots/i18n-*.png."""

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # playwright's sync API

from gridcare.conftest import PASSWORD

playwright_sync = pytest.importorskip("playwright.sync_api")

CHROMIUM = "/usr/bin/chromium"
SHOTS = Path(__file__).resolve().parents[3] / "artifacts" / "screenshots"

pytestmark = [
    pytest.mark.browser,
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


def _switch(page, lang: str) -> None:
    page.select_option("#lang-select", lang)
    page.click("form.lang-switch [type=submit]")
    page.wait_for_load_state()


def test_language_switch_in_the_header(browser, live_server):
    page = browser.new_context(
        locale="ru-RU", viewport={"width": 390, "height": 844}
    ).new_page()
    page.goto(f"{live_server.url}/")
    assert page.locator("h1").inner_text() == "Обслуживание потребителей"
    assert page.locator("html").get_attribute("lang") == "ru"
    _shot(page, "i18n-ru-home")

    _switch(page, "tt")
    assert page.locator("html").get_attribute("lang") == "tt"
    assert page.locator("h1").inner_text() == "Кулланучыларга хезмәт күрсәтү"
    assert page.locator("header.site nav a", has_text="Интернет-кабулханә").count() == 1
    assert page.locator("#lang-select").input_value() == "tt"
    _shot(page, "i18n-tt-home")

    # The choice sticks: the next page is in Tatar too.
    page.locator("header.site nav a", has_text="Офислар").click()
    page.wait_for_load_state()
    assert page.locator("h1").first.inner_text() == "Хезмәт күрсәтү офислары"
    _shot(page, "i18n-tt-offices")

    _switch(page, "en")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").first.inner_text() == "Service offices"
    page.locator("a.brand").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Customer service"
    assert page.locator("header.site nav a", has_text="Internet reception").count() == 1
    _shot(page, "i18n-en-home")


def test_consumer_reads_the_personal_account_in_tatar(browser, live_server, consumer):
    page = browser.new_context(
        locale="tt-RU", viewport={"width": 390, "height": 844}
    ).new_page()
    page.goto(f"{live_server.url}/login/")
    # Chromium asks for Tatar first (Accept-Language): no switch needed.
    assert page.locator("html").get_attribute("lang") == "tt"
    assert page.locator("h1").inner_text() == "Шәхси кабинетка керү"
    page.fill("#id_username", consumer.email)
    page.fill("#id_password", PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    assert (
        page.locator("header.site nav a", has_text="Минем мөрәҗәгатьләрем").count() == 1
    )
    _shot(page, "i18n-tt-personal-account")
    page.locator("header.site nav a", has_text="Күрсәткечләр").click()
    page.wait_for_load_state()
    assert page.locator("h1").first.inner_text() == "Исәпләү приборлары күрсәткечләре"
    _shot(page, "i18n-tt-readings")
