"""In a real browser: the main pages of every kind of user break no rule of the
content security policy (no inline scripts or styles, nothing from other origins)."""

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.urls import reverse

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # playwright's sync API

from gridcare.conftest import PASSWORD

playwright_sync = pytest.importorskip("playwright.sync_api")

CHROMIUM = "/usr/bin/chromium"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="нет /usr/bin/chromium"),
]

PUBLIC = [
    "portal_home",
    "outages:public_index",
    "appeals:reception",
    "service_requests:catalogue",
    "offices:index",
    "grid_connections:power_calculator",
    "grid_connections:cost_calculator",
    "consumers:register",
    "accounts:login",
    "chatbot:page",
]
CONSUMER = [
    "consumers:portal_home",
    "consumers:portal_accounts",
    "appeals:portal_list",
    "appeals:portal_new",
    "metering:portal_readings",
    "notifications:inbox",
    "notifications:settings",
    "offices:my_appointments",
    "service_requests:portal_list",
    "grid_connections:portal_list",
]
STAFF = [
    "appeals:staff_queue",
    "appeals:staff_register",
    "outages:staff_registry",
    "grid_connections:staff_queue",
    "service_requests:staff_queue",
    "offices:desk_offices",
    "contact_centre:console",
    "indicators:index",
    "written_channels:queues",
]


@pytest.fixture
def browser() -> Iterator[object]:
    with playwright_sync.sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield instance
        instance.close()


def _violations(browser, base: str, names: list[str], login: str | None) -> list[str]:
    context = browser.new_context(locale="ru-RU")
    page = context.new_page()
    found: list[str] = []
    page.on(
        "console",
        lambda message: (
            found.append(f"{page.url}: {message.text}")
            if "Content Security Policy" in message.text
            else None
        ),
    )
    if login:
        page.goto(f"{base}/login/")
        page.fill("#id_username", login)
        page.fill("#id_password", PASSWORD)
        page.locator("main form button[type=submit]").click()
        page.wait_for_load_state()
    for name in names:
        response = page.goto(base + reverse(name))
        assert response is not None and response.status == 200, name
        page.wait_for_load_state("networkidle")
    context.close()
    return found


def test_public_pages_keep_the_policy(browser, live_server) -> None:
    assert _violations(browser, live_server.url, PUBLIC, None) == []


def test_consumer_pages_keep_the_policy(browser, live_server, consumer) -> None:
    assert _violations(browser, live_server.url, CONSUMER, consumer.email) == []


def test_staff_pages_keep_the_policy(browser, live_server, supervisor) -> None:
    assert _violations(browser, live_server.url, STAFF, supervisor.email) == []
