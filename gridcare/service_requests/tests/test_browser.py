"""In a real browser, on a desktop screen and on a phone (390×844): a consumer finds a
service in the catalogue, reads its price with VAT and passport, orders it for their
supply point and sees the order registered with its stages.

Drives Debian's Chromium (/usr/bin/chromium) through Playwright; screenshots go to
artifacts/screenshots/."""

import os
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # playwright's sync API

from gridcare.conftest import PASSWORD
from gridcare.service_requests.models import ServiceOrder

playwright_sync = pytest.importorskip("playwright.sync_api")

CHROMIUM = "/usr/bin/chromium"
SHOTS = Path(__file__).resolve().parents[3] / "artifacts" / "screenshots"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="нет /usr/bin/chromium"),
]

SCREENS = {
    "desktop": {"viewport": {"width": 1280, "height": 900}},
    "phone": {
        "viewport": {"width": 390, "height": 844},
        "device_scale_factor": 2,
        "is_mobile": True,
        "has_touch": True,
    },
}


@pytest.fixture
def browser() -> Iterator[object]:
    with playwright_sync.sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield instance
        instance.close()


def _press(page, locator) -> None:
    """Activate a link or button from the keyboard (focus, Enter), as a keyboard user
    would; also immune to overlays of other widgets that catch pointer events."""
    locator.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")


def _shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


@pytest.mark.parametrize("screen", ["desktop", "phone"])
def test_consumer_orders_a_service_from_the_catalogue(
    live_server, settings, browser, consumer, screen
):
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    base = live_server.url
    page = browser.new_context(locale="ru-RU", **SCREENS[screen]).new_page()
    page.goto(f"{base}/login/")
    page.fill("#id_username", consumer.email)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.press("#id_password", "Enter")

    page.goto(f"{base}/services/")
    page.get_by_label("Поиск услуги").fill("пломб")
    page.get_by_label("Раздел").select_option("metering")
    _press(page, page.get_by_role("button", name="Найти"))
    assert page.locator("[data-service='meter-sealing']").count() == 1
    _shot(page, f"service-requests-{screen}-01-catalogue")

    _press(page, page.get_by_role("link", name="Опломбировка прибора учёта"))
    assert "в т.ч. НДС" in page.locator("#h-price + .price").inner_text()
    assert page.locator("#passport dt").first.inner_text() == (
        "Наименование услуги (процесса)"
    )
    _shot(page, f"service-requests-{screen}-02-service")

    _press(page, page.get_by_role("link", name="Заказать услугу"))
    account = consumer.consumer.accounts.get()
    point = account.supply_points.get()
    page.get_by_label("Лицевой счёт и точка поставки").select_option(
        f"{account.pk}:{point.pk}"
    )
    start = timezone.localdate() + timedelta(days=3)
    page.get_by_label("Желаемая дата — с").fill(start.isoformat())
    page.get_by_label("Желаемая дата — по").fill(
        (start + timedelta(days=4)).isoformat()
    )
    page.get_by_label("Комментарий").fill("Позвоните за час до приезда.")
    _shot(page, f"service-requests-{screen}-03-order-form")
    _press(page, page.get_by_role("button", name="Отправить заявку"))

    order = ServiceOrder.objects.get()
    assert page.url == f"{base}/services/orders/{order.pk}/"
    assert page.locator("#status").inner_text() == "Заявка принята"
    assert page.locator(".messages").inner_text() == (
        f"Заявка принята и зарегистрирована под № {order.number}."
    )
    assert page.locator(".sr-stages li").count() == 5
    assert order.appeal.kind == "service_request"
    _shot(page, f"service-requests-{screen}-04-order")

    page.goto(f"{base}/services/orders/")
    assert page.locator("#orders tbody tr").count() == 1
    _shot(page, f"service-requests-{screen}-05-my-orders")
