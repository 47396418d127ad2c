"""In a real browser: an operator registers a paper letter with its scan, and a
supervisor looks at the remote centre's queue with each specialist's load.

Drives Debian's Chromium (/usr/bin/chromium) through Playwright; screenshots go to
artifacts/screenshots/."""

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # playwright's sync API

from gridcare.appeals.models import Appeal
from gridcare.conftest import PASSWORD
from gridcare.written_channels.tests.conftest import PDF_BYTES

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
def browser() -> Iterator[Any]:
    with playwright_sync.sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield instance
        instance.close()


def _login(browser: Any, base: str, email: str, width: int = 1280) -> Any:
    page = browser.new_context(
        locale="ru-RU", viewport={"width": 1280, "height": 900}
    ).new_page()
    page.goto(f"{base}/login/")
    page.fill("#id_username", email)
    page.fill("#id_password", PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_load_state()
    # Phone width only after login: the portal's chat widget covers the login
    # button on narrow screens.
    page.set_viewport_size({"width": width, "height": 900})
    return page


def _shot(page: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_paper_letter_and_remote_queue(
    browser: Any,
    live_server: Any,
    operator: Any,
    supervisor: Any,
    centre: Any,
    centre_staff: Any,
    tmp_path: Path,
) -> None:
    scan = tmp_path / "письмо.pdf"
    scan.write_bytes(PDF_BYTES)
    page = _login(browser, live_server.url, operator.email, width=412)
    page.goto(f"{live_server.url}/staff/written/post/new/")
    page.fill("#id_sender_name", "Гарипов Ильдар Ринатович")
    page.fill("#id_sender_address", "420111, г. Казань, ул. Баумана, д. 5, кв. 3")
    page.select_option("#id_category", "transmission")
    page.fill("#id_summary", "Просит проверить напряжение в доме.")
    page.set_input_files("#id_scan", str(scan))
    _shot(page, "written_post_register")
    with page.expect_navigation():
        page.click("form.post-letter button[type=submit]")
    appeal = Appeal.objects.get()
    assert page.url.endswith(f"/staff/appeals/{appeal.pk}/")
    assert appeal.number in page.content()

    staff = _login(browser, live_server.url, supervisor.email)
    staff.goto(f"{live_server.url}/staff/written/queues/")
    assert "Анна Учётова" in staff.content()
    assert "1 / 2" in staff.content()
    _shot(staff, "written_remote_queues")
