"""In a real browser (Chromium), desktop and phone size: register by e-mail, read the
code from the SMTP server, confirm, link a consumer account and see it."""

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


def _shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


@pytest.mark.parametrize(
    ("size", "email"),
    [
        ({"width": 1280, "height": 900}, "desktop@example.ru"),
        ({"width": 390, "height": 844}, "phone@example.ru"),
    ],
    ids=["desktop", "phone"],
)
def test_register_confirm_link_and_see_account(
    live_server, settings, browser, smtp, billing_account, size, email
):
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    tag = "phone" if size["width"] < 500 else "desktop"
    page = browser.new_context(locale="ru-RU", viewport=size).new_page()
    page.goto(f"{live_server.url}/login/")
    page.get_by_role("link", name="Зарегистрироваться").click()
    page.get_by_label("Фамилия, имя, отчество").fill("Смирнова Мария Ивановна")
    page.get_by_label("Телефон или e-mail").fill(email)
    page.locator("#id_password1").fill("Kvartira-Baumana-9")
    page.locator("#id_password2").fill("Kvartira-Baumana-9")
    assert not page.locator("#id_consent_marketing").is_checked()
    page.locator("#id_consent_service").check()
    _shot(page, f"accounts-01-register-{tag}")
    page.get_by_role("button", name="Получить код подтверждения").click()
    page.wait_for_url("**/register/confirm/")
    assert "Мы отправили код" in page.locator(".messages").inner_text()

    page.get_by_label("Код из сообщения").fill(smtp.last_code(email))
    _shot(page, f"accounts-02-confirm-{tag}")
    page.get_by_role("button", name="Подтвердить").click()
    page.wait_for_url("**/account/")
    assert page.locator("h1").inner_text() == "Личный кабинет"
    _shot(page, f"accounts-03-home-{tag}")

    page.get_by_role("link", name="Привязать лицевой счёт").first.click()
    page.get_by_label("Номер лицевого счёта").fill("1600000099")
    page.get_by_label("Заводской номер счётчика").fill("0987654321")
    page.get_by_role("button", name="Привязать", exact=True).click()
    page.wait_for_url(f"**/account/accounts/{billing_account.pk}/")
    assert "Лицевой счёт 1600000099 привязан." in page.locator(".messages").inner_text()
    assert "г. Казань, ул. Баумана, д. 9" in page.locator(".address").inner_text()
    assert "0987654321" in page.locator("table").inner_text()
    _shot(page, f"accounts-04-account-{tag}")

    page.goto(f"{live_server.url}/account/sessions/")
    assert "это устройство" in page.locator("body").inner_text()
    _shot(page, f"accounts-05-sessions-{tag}")
    page.goto(f"{live_server.url}/account/consents/")
    _shot(page, f"accounts-06-consents-{tag}")
