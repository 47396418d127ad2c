"""In a real browser: an individual files a 15 kW application with documents, an
engineer processes it through every stage, the applicant sees each step and downloads
the closing document (for a 15 kW household at 0.4 kV the Rules call it the notice,
Приложение 1(1), instead of the act ✅ [R34]).

Drives Debian's Chromium (/usr/bin/chromium) through Playwright; screenshots go to
artifacts/screenshots/."""

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.utils import timezone

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # playwright's sync API

from gridcare.conftest import PASSWORD
from gridcare.grid_connections.tests.conftest import PDF_BYTES

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


def _login(browser, base: str, email: str):
    page = browser.new_context(
        locale="ru-RU", viewport={"width": 1280, "height": 900}
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


def _act(page, action: str, fields: dict[str, str] | None = None) -> None:
    box = page.locator(f"details[data-action='{action}']")
    if box.get_attribute("open") is None:
        box.locator("summary").click()
    for name, value in (fields or {}).items():
        field = box.locator(f"[name='{name}']")
        if field.evaluate("e => e.tagName") == "SELECT":
            field.select_option(value)
        else:
            field.fill(value)
    with page.expect_navigation():
        box.locator("button[type=submit]").click()
    assert page.locator(".messages li.error").count() == 0, page.locator(
        ".messages"
    ).inner_text()


def _applicant_sees(page, url: str, status: str, shot: str = "") -> None:
    page.goto(url)
    assert page.locator("#status").inner_text() == status
    if shot:
        _shot(page, shot)


def test_individual_files_15_kw_and_engineer_completes_every_stage(
    live_server, settings, browser, consumer, engineer, street, tmp_path
):
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    base = live_server.url
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(PDF_BYTES)

    applicant = _login(browser, base, consumer.email)
    applicant.goto(f"{base}/connections/")
    applicant.get_by_role("button", name="Новая заявка").click()
    # Step 1: the applicant.
    applicant.select_option("[name=category]", "individual_15")
    applicant.select_option("[name=applicant_kind]", "individual")
    applicant.check("[name=household_use_confirmed]")
    applicant.get_by_role("button", name="Сохранить и продолжить").click()
    # Step 2: the object.
    applicant.fill("[name=object_name]", "Жилой дом")
    applicant.select_option("[name=settlement]", str(street.settlement_id))
    applicant.fill("[name=object_address]", "ул. Баумана, участок 5")
    applicant.fill("[name=distance_to_grid_m]", "120")
    applicant.get_by_role("button", name="Сохранить и продолжить").click()
    # Step 3: power.
    applicant.fill("[name=requested_power_kw]", "15")
    applicant.fill("[name=previous_power_kw]", "0")
    applicant.select_option("[name=voltage]", "0.4")
    applicant.select_option("[name=reliability_category]", "3")
    applicant.get_by_role("button", name="Сохранить и продолжить").click()
    # Step 4: the documents the Rules require for this category.
    for code in ("site_plan", "title_document"):
        box = applicant.locator(f"[data-requirement='{code}']")
        box.locator("input[type=file]").set_input_files(str(scan))
        box.get_by_role("button", name="Приложить").click()
        applicant.wait_for_load_state()
    _shot(applicant, "01-documents")
    applicant.get_by_role("link", name="Далее: проверка и подача").click()
    applicant.check("[name=consent]")
    applicant.get_by_role("button", name="Подать заявку").click()
    applicant.wait_for_load_state()
    detail = applicant.url
    assert "/connections/" in detail
    number = applicant.locator("h1").inner_text().split("№ ")[-1]
    assert number.startswith("ТП-")
    _applicant_sees(applicant, detail, "Зарегистрирована, проверяется", "02-filed")

    staff = _login(browser, base, engineer.email)
    staff.goto(f"{base}/staff/connections/")
    staff.get_by_role("link", name=number).click()
    _shot(staff, "03-engineer-card")
    _act(staff, "accept")
    _applicant_sees(applicant, detail, "Принята, готовятся договор и ТУ")
    _act(
        staff,
        "technical-conditions",
        {
            "supply_source": "ПС 110/10 кВ «Центральная»",
            "connection_point": "Опора № 12 ВЛ-0,4 кВ ф. 3 от ТП-1234",
            "grid_works": "Строительство ВЛИ-0,4 кВ, установка прибора учёта",
            "applicant_works": "Вводное устройство в доме",
            "line_voltage": "0.4",
            "line_type": "overhead",
            "line_length_km": "0.12",
        },
    )
    _act(staff, "offer")
    _applicant_sees(applicant, detail, "Направлены договор, ТУ и счёт", "04-offer")
    assert applicant.locator("a[data-kind='invoice']").count() == 1
    _act(staff, "payment")
    _applicant_sees(applicant, detail, "Договор заключён, выполняются ТУ")
    _act(
        staff, "works", {"side": "grid_company", "description": "Построена ВЛИ-0,4 кВ"}
    )
    # The applicant reports their side in the personal account.
    applicant.goto(detail)
    applicant.fill("form[action$='/works/'] [name=description]", "Смонтирован ввод")
    applicant.fill(
        "form[action$='/works/'] [name=done_on]", timezone.localdate().isoformat()
    )
    applicant.locator("form[action$='/works/'] button[type=submit]").click()
    staff.reload()
    _act(staff, "fulfilment", {"note": "ТУ выполнены"})
    _applicant_sees(applicant, detail, "Выполнение ТУ проверено")
    _act(staff, "connection")
    _applicant_sees(applicant, detail, "Фактическое присоединение выполнено")
    _act(staff, "closing-document")
    _shot(staff, "05-engineer-completed")
    _applicant_sees(applicant, detail, "Документы о присоединении оформлены", "06-done")
    assert applicant.locator(".stages li.done").count() == 6

    with applicant.expect_download() as info:
        applicant.locator("a[data-kind='notice']").click()
    download = info.value
    target = SHOTS / "notice.pdf"
    download.save_as(str(target))
    assert target.read_bytes().startswith(b"%PDF")
