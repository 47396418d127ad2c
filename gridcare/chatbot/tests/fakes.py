"""A fake matcher for dialog and hand-off tests: decisions by keyword, instantly."""

from collections.abc import Iterator

import pytest

from gridcare.chatbot.engine import matcher_set
from gridcare.chatbot.matching.articles import Article
from gridcare.chatbot.matching.matcher import Option, Reply

ARTICLES = {
    "connection-apply": Article(
        id="connection-apply",
        topic="tp",
        title="Как подать заявку на технологическое присоединение",
        questions=(),
        answer="Заявку на присоединение подают в личном кабинете.",
    ),
    "seal-install": Article(
        id="seal-install",
        topic="service",
        title="Опломбирование счётчика",
        questions=(),
        answer="Опломбирование после замены прибора учёта бесплатное.",
    ),
    "meter-replace": Article(
        id="meter-replace",
        topic="metering",
        title="Замена неисправного счётчика",
        questions=(),
        answer="Неисправный прибор учёта заменяет сетевая компания.",
    ),
}


class FakeIndex:
    def __contains__(self, article_id: str) -> bool:
        return article_id in ARTICLES

    def article(self, article_id: str) -> Article:
        return ARTICLES[article_id]


class FakeMatcher:
    """техприсоединение → answer; пломба → clarify; привет → small talk; else hand
    off (to «учёт» when a meter is mentioned)."""

    index = FakeIndex()

    def reply(self, message: str) -> Reply:
        text = message.lower()
        if "привет" in text:
            return Reply(kind="smalltalk", text="Здравствуйте!", topic="greeting")
        if "техприсоедин" in text:
            article = ARTICLES["connection-apply"]
            return Reply(
                kind="answer",
                text=article.answer,
                confidence=0.93,
                article_id=article.id,
                topic="tp",
            )
        if "пломб" in text:
            return Reply(
                kind="clarify",
                text="Уточните, пожалуйста, что вас интересует:",
                confidence=0.4,
                options=(
                    Option("seal-install", "Опломбирование счётчика"),
                    Option("meter-replace", "Замена неисправного счётчика"),
                ),
                topic="service",
            )
        topic = "metering" if "счетчик" in text.replace("ё", "е") else "general"
        return Reply(
            kind="handoff",
            text="Передаю разговор специалисту — он ответит в этом чате.",
            confidence=0.1,
            topic=topic,
        )


@pytest.fixture
def fake_matcher() -> Iterator[FakeMatcher]:
    matcher = FakeMatcher()
    matcher_set(matcher)
    yield matcher
    matcher_set(None)
