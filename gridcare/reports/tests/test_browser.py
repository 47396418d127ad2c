"""The dashboard in headless Chromium: charts drawn from the JSON endpoint by the
vendored Chart.js, tables beside them; screenshots in artifacts/screenshots/."""

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # playwright's sync API

from gridcare.conftest import PASSWORD
from gridcare.reports.aggregates import stats_refresh_dirty

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


def test_dashboard_draws_charts_and_exports(browser, live_server, analyst, registry):
    registry(count=3000, years=(2024,))
    stats_refresh_dirty()
    page = browser.new_context(
        locale="ru-RU", viewport={"width": 1366, "height": 900}
    ).new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", analyst.email)
    page.fill("#id_password", PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_load_state()
    page.goto(f"{live_server.url}/staff/dashboards/")
    assert page.locator("h1").first.inner_text() == "Система в цифрах", page.content()[
        :3000
    ]
    page.wait_for_selector("#dashboard[data-ready]")  # see the export below
    page.fill("#id_date_from", "2024-01-01")
    page.fill("#id_date_to", "2024-12-31")
    page.select_option("#id_channel", "")
    with page.expect_navigation():
        page.click("form[role=search] button[type=submit]")
    page.wait_for_selector("#dashboard[data-ready='1']")
    # Every chart canvas got drawn (Chart.js sets the canvas size).
    for slug in ("by_period", "by_channel", "deadlines", "satisfaction"):
        width = page.eval_on_selector(f"#chart-{slug}", "c => c.width")
        assert width > 100, slug
    assert page.locator("#block-by_channel tbody tr").count() == 12
    assert errors == []
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "reports-dashboard.png"), full_page=True)
    page.locator("#block-by_period").screenshot(
        path=str(SHOTS / "reports-dashboard-by-period.png")
    )
    # Drill-down: a channel row opens the staff queue filtered by that channel.
    with page.expect_navigation():
        page.click("#block-by_channel tbody tr:nth-child(5) a")
    assert "channel=phone" in page.url
    # Long export with the progress page.
    page.goto(
        f"{live_server.url}/staff/dashboards/?date_from=2024-01-01&date_to=2024-12-31"
    )
    # The live server shares one in-memory SQLite connection between its threads: let
    # the page's chart request finish before the export runs in another request (two
    # at once hung the suite once).
    page.wait_for_selector("#dashboard[data-ready='1']")
    with page.expect_navigation():
        page.click("button[value=dashboard_xlsx]")
    page.wait_for_selector("#export-download:not([hidden])")
    page.screenshot(path=str(SHOTS / "reports-export.png"), full_page=True)
