"""In a real browser (Chromium), at desktop size and on a 390×844 phone: a consumer
files an appeal with a file and finds it in the list, a specialist answers it on the
back-office card, the consumer reads the answer and rates it with a reason; a person
without an account uses the internet reception, confirms by the link from the SMTP
message and follows the appeal on the tracking page.

Screenshots go to artifacts/screenshots/appeals-portal-*.png and reception-*.png."""

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.cache import cache

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # playwright's sync API

from gridcare.appeals.models import Appeal
from gridcare.conftest import PASSWORD
from gridcare.notifications.testing import SmtpSink, body_of, smtp_server

playwright_sync = pytest.importorskip("playwright.sync_api")

CHROMIUM = "/usr/bin/chromium"
SHOTS = Path(__file__).resolve().parents[3] / "artifacts" / "screenshots"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}

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


@pytest.fixture
def smtp(settings) -> Iterator[SmtpSink]:
    yield from smtp_server(settings)


@pytest.fixture(autouse=True)
def _env(settings, tmp_path, live_server) -> Iterator[None]:
    settings.MEDIA_ROOT = tmp_path
    settings.SITE_URL = live_server.url
    cache.clear()
    yield
    cache.clear()


def _page(browser, viewport):
    return browser.new_context(locale="ru-RU", viewport=viewport).new_page()


def _login(browser, base: str, email: str, viewport=DESKTOP):
    page = _page(browser, viewport)
    page.goto(f"{base}/login/")
    page.fill("#id_username", email)
    page.fill("#id_password", PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_load_state()
    return page


def _shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_consumer_files_an_appeal_gets_the_answer_and_rates_it(
    browser, live_server, consumer, specialist, tmp_path
):
    base = live_server.url
    scan = tmp_path / "показания.pdf"
    scan.write_bytes(PDF)
    page = _login(browser, base, consumer.email)
    page.goto(f"{base}/appeals/")
    page.click("text=Новое обращение")
    page.select_option("#id_topic", "metering")
    page.check("input[name=kind][value=complaint]")
    page.select_option("#id_account", index=1)
    page.fill("#id_subject", "Счётчик не работает")
    page.fill("#id_text", "С 1 марта счётчик не показывает расход.")
    page.set_input_files("#id_files", str(scan))
    _shot(page, "appeals-portal-new-desktop")
    with page.expect_navigation():
        page.click("form.panel button[type=submit]")
    appeal = Appeal.objects.get()
    assert page.locator("#number").inner_text() == appeal.number
    assert page.locator("#status").inner_text() == "Зарегистрировано"
    assert page.locator("#complaint").inner_text() == "Жалоба"
    assert page.locator("text=показания.pdf").count() == 1
    _shot(page, "appeals-portal-detail-desktop")
    page.goto(f"{base}/appeals/")
    assert page.locator(f"text={appeal.number}").count() == 1
    _shot(page, "appeals-portal-list-desktop")

    staff = _login(browser, base, specialist.email)
    staff.goto(f"{base}/staff/appeals/{appeal.pk}/")
    staff.click("summary:has-text('Ответить потребителю')")
    staff.fill("#answer-text", "Счётчик заменим 10 марта, приходить не нужно.")
    with staff.expect_navigation():
        staff.click("form[action$='/answer/'] button[type=submit]")
    _shot(staff, "appeals-portal-staff-answered-desktop")

    page.goto(f"{base}/appeals/{appeal.pk}/")
    assert page.locator("#status").inner_text() == "Дан ответ"
    assert page.locator("text=Счётчик заменим 10 марта").count() == 1
    page.check("#rate-form input[name=rating][value='2']")
    with page.expect_navigation():
        page.click("#rate-form button[type=submit]")
    assert "причина обязательна" in page.locator(".messages").inner_text()
    page.check("#rate-form input[name=rating][value='2']")
    page.fill("#rate-form textarea[name=comment]", "Ждал ответа три недели.")
    with page.expect_navigation():
        page.click("#rate-form button[type=submit]")
    assert page.locator("#rating").inner_text() == "2 / 5 — Ждал ответа три недели."
    _shot(page, "appeals-portal-rated-desktop")

    phone = _login(browser, base, consumer.email, PHONE)
    phone.goto(f"{base}/appeals/")
    _shot(phone, "appeals-portal-list-phone")
    phone.goto(f"{base}/appeals/{appeal.pk}/")
    _shot(phone, "appeals-portal-detail-phone")
    phone.goto(f"{base}/appeals/new/")
    _shot(phone, "appeals-portal-new-phone")
    phone.goto(f"{base}/notifications/")
    assert phone.locator("text=Ответ на обращение").count() >= 1
    _shot(phone, "notifications-centre-phone")
    phone.goto(f"{base}/notifications/settings/")
    _shot(phone, "notifications-settings-phone")


@pytest.mark.parametrize(("viewport", "size"), [(PHONE, "phone"), (DESKTOP, "desktop")])
def test_internet_reception_without_an_account(
    browser, live_server, smtp, settings, viewport, size
):
    settings.RECEPTION_MIN_FILL_SECONDS = 0  # a robot-fast test, not a robot
    base = live_server.url
    email = f"reception-{size}@example.ru"
    page = _page(browser, viewport)
    page.goto(f"{base}/reception/")
    honeypot = page.locator("#id_website").bounding_box()
    assert honeypot is not None and honeypot["x"] < 0  # off-screen for people
    page.fill("#id_contact_name", "Сидоров Пётр Ильич")
    page.fill("#id_contact_email", email)
    page.select_option("#id_topic", "reliability")
    page.fill("#id_address_text", "Казань, ул. Баумана, 7")
    page.fill("#id_text", "Третий день мигает свет по вечерам.")
    page.check("#id_consent")
    _shot(page, f"reception-form-{size}")
    with page.expect_navigation():
        page.click("form.panel button[type=submit]")
    assert page.locator("h1").inner_text() == "Подтвердите обращение"
    _shot(page, f"reception-sent-{size}")

    [message] = smtp.to(email)
    link = re.search(r"http://\S+/reception/confirm/\S+/", body_of(message)).group(0)
    page.goto(link)
    appeal = Appeal.objects.get(contact_email=email)
    assert page.locator("#number").inner_text() == appeal.number
    assert page.locator("#status").inner_text() == "Зарегистрировано"
    assert "/reception/track/" in page.url
    _shot(page, f"reception-track-{size}")
