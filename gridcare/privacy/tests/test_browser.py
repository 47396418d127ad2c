"""In a real browser: the consumer asks what data we hold, the data protection officer
takes the request, extends it with a reason and answers; the consumer sees the answer
and downloads their data. Screenshots go to artifacts/screenshots/privacy-*.png."""

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
        locale="ru-RU", viewport={"width": width, "height": 900}, accept_downloads=True
    ).new_page()
    page.goto(f"{base}/login/")
    page.fill("#id_username", email)
    page.fill("#id_password", PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_load_state()
    return page


def _shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"privacy-{name}.png"), full_page=True)


def _act(page, action: str, fields: dict[str, str]) -> None:
    box = page.locator(f"details[data-action='{action}']")
    if box.get_attribute("open") is None:
        box.locator("summary").click()
    for name, value in fields.items():
        field = box.locator(f"[name='{name}']")
        if field.evaluate("e => e.tagName") == "SELECT":
            field.select_option(value)
        else:
            field.fill(value)
    with page.expect_navigation():
        box.locator("button[type=submit]").click()
    assert page.locator(".messages li.error").count() == 0


def test_subject_asks_officer_extends_and_answers(
    live_server, settings, browser, consumer, administrator
):
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    base = live_server.url

    subject = _login(browser, base, consumer.email, width=390)
    subject.goto(f"{base}/account/privacy/")
    subject.check("input[name=type][value=access]")
    subject.fill("[name=text]", "Какие мои данные вы храните и кому передаёте?")
    subject.get_by_role("button", name="Отправить запрос").click()
    subject.wait_for_load_state()
    detail = subject.url
    assert "/account/privacy/requests/" in detail
    number = subject.locator("h1").inner_text().split()[-1]
    _shot(subject, "01-subject-filed")

    officer = _login(browser, base, administrator.email)
    officer.goto(f"{base}/staff/privacy/")
    _shot(officer, "02-officer-list")
    officer.get_by_role("link", name=number).click()
    with officer.expect_navigation():
        officer.click("#take")
    assert officer.locator("#request-status").inner_text() == "В работе"
    _act(officer, "extend", {"reason": "Сведения собираются в двух филиалах."})
    assert "продлён" in officer.locator("#request-due").inner_text()
    _act(
        officer,
        "answer",
        {"decision": "fulfilled", "text": "Сведения — в архиве «Скачать мои данные»."},
    )
    assert officer.locator("#request-status").inner_text() == "Дан ответ"
    _shot(officer, "03-officer-answered")

    subject.goto(detail)
    assert "Сведения — в архиве" in subject.locator(".answer").inner_text()
    _shot(subject, "04-subject-answer")
    with subject.expect_download() as download:
        subject.get_by_role("link", name="Скачать мои данные (ZIP)").click()
    assert download.value.suggested_filename.endswith(".zip")

    officer.goto(f"{base}/staff/privacy/access-log/?consumer={consumer.consumer.pk}")
    assert officer.locator("#access-log tbody tr").count() >= 1
    _shot(officer, "05-access-log")
