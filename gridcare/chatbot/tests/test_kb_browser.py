"""In a real browser: the administrator finds an article, edits it with a preview,
publishes, tests a question, and adds a missed question as a variant; screenshots
go to artifacts/screenshots/kb-*.png."""

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.cache import cache
from django.utils import timezone

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # playwright's sync API

from gridcare.chatbot.engine import (
    KB_VERSION_KEY,
    LiveBase,
    live_base_install,
    matcher_set,
)
from gridcare.chatbot.models import KbArticle, KbMissGroup
from gridcare.chatbot.tests.kb_support import CountingEmbedder, small_kb_create
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


def _shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_administrator_edits_publishes_tests_and_learns(
    live_server, browser, administrator
):
    small_kb_create()
    cache.delete(KB_VERSION_KEY)
    base = LiveBase.build(CountingEmbedder())
    live_base_install(base)
    now = timezone.now()
    KbMissGroup.objects.create(
        size=3,
        questions=[
            "Можно ли передать показания по СМС?",
            "показания через смс",
            "Как отправить показания сообщением",
        ],
        message_ids=[],
        nearest_article="readings-submit",
        nearest_share=0.41,
        first_at=now,
        last_at=now,
        computed_at=now,
    )
    page = browser.new_context(
        locale="ru-RU", viewport={"width": 390, "height": 844}
    ).new_page()
    try:
        page.goto(f"{live_server.url}/login/")
        page.fill("#id_username", administrator.email)
        page.fill("#id_password", PASSWORD)
        page.click("form button[type=submit]")
        page.wait_for_load_state()

        page.goto(f"{live_server.url}/staff/kb/?q=пломбу")
        assert page.locator("#kb-articles tbody tr").count() == 1
        _shot(page, "kb-01-list-search")

        page.goto(f"{live_server.url}/staff/kb/a/seal-install/edit/")
        page.fill(
            "#id_answer",
            "**Бесплатно.** Оставьте [заявку](/services/).\n- шаг 1\n- шаг 2",
        )
        page.click("button[value=preview]")
        assert page.locator(".kb-preview strong").inner_text() == "Бесплатно."
        _shot(page, "kb-02-edit-preview")
        page.click("button[value=publish]")
        page.wait_for_load_state()
        assert page.locator(".kb-answer a").get_attribute("href") == "/services/"
        _shot(page, "kb-03-article")
        article = KbArticle.objects.get(slug="seal-install")
        assert article.published_version.number == 2

        page.goto(f"{live_server.url}/staff/kb/test/")
        page.fill("#kb-question", "Кто пломбирует счётчик после замены?")
        page.click(".kb-test-form button[type=submit]")
        page.wait_for_load_state()
        assert page.locator("#kb-candidates tbody tr").count() >= 1
        _shot(page, "kb-04-test-question")

        page.goto(f"{live_server.url}/staff/kb/misses/")
        _shot(page, "kb-05-misses")
        page.click("form.kb-variant button[type=submit]")
        page.wait_for_load_state()
        assert "добавлен вариантом" in page.locator(".messages").inner_text()
        assert (
            KbArticle.objects.get(slug="readings-submit").current_version.questions[-1]
            == "Можно ли передать показания по СМС?"
        )
    finally:
        matcher_set(None)
        cache.delete(KB_VERSION_KEY)
