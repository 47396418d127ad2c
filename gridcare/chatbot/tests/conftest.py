"""Fixtures of the chat-bot tests: a small base written for them and built matchers.

Building a matcher embeds every article and calibrates (seconds), so matchers are
built once per session and tests that change a base build their own.
"""

from pathlib import Path

import pytest

from gridcare.chatbot.matching.articles import Article
from gridcare.chatbot.matching.dense import E5Embedder
from gridcare.chatbot.matching.matcher import Matcher

EXAMPLES = Path(__file__).resolve().parents[3].parent / "shared/examples/chatbot"

SMALL_BASE = (
    Article(
        id="readings-submit",
        topic="metering",
        title="Как передать показания счётчика",
        questions=(
            "Куда сообщить показания электросчётчика?",
            "Можно ли передать показания через личный кабинет?",
            "До какого числа подавать показания прибора учёта?",
        ),
        answer="Показания передают с 15 по 25 число месяца в личном кабинете, в "
        "мобильном приложении или по телефону горячей линии.",
    ),
    Article(
        id="outage-report",
        topic="reliability",
        title="Пропало электричество: куда звонить",
        questions=(
            "Нет света в доме, что делать?",
            "Как сообщить об аварии на линии?",
            "Куда звонить, если отключили электроэнергию?",
        ),
        answer="Сообщите об отключении по круглосуточному телефону диспетчерской "
        "службы или в чате; бригада выезжает на место аварии.",
    ),
    Article(
        id="connection-apply",
        topic="tp",
        title="Как подать заявку на технологическое присоединение",
        questions=(
            "Как подключить новый дом к электросетям?",
            "Где подать заявку на техприсоединение?",
            "Хочу провести свет на участок, с чего начать?",
        ),
        answer="Заявку на присоединение подают в личном кабинете на портале или в "
        "офисе обслуживания; к ней прикладывают паспорт и документы на участок.",
    ),
    Article(
        id="meter-replace",
        topic="metering",
        title="Замена неисправного счётчика",
        questions=(
            "Счётчик сломался, кто его заменит?",
            "Нужно ли платить за новый прибор учёта?",
            "Кто меняет электросчётчик в частном доме?",
        ),
        answer="Неисправный прибор учёта в частном доме заменяет сетевая компания "
        "бесплатно; в многоквартирном доме — гарантирующий поставщик.",
    ),
    Article(
        id="office-hours",
        topic="general",
        title="Режим работы офисов обслуживания",
        questions=(
            "Во сколько открывается офис обслуживания?",
            "Работаете ли вы в субботу?",
            "Где ближайший центр обслуживания потребителей?",
        ),
        answer="Центры обслуживания работают по будням с 8 до 17 часов; адреса "
        "указаны на сайте в разделе «Офисы».",
    ),
    Article(
        id="seal-install",
        topic="service",
        title="Опломбирование счётчика",
        questions=(
            "Как вызвать мастера поставить пломбу?",
            "Кто пломбирует счётчик после замены?",
            "Сколько стоит опломбировать прибор учёта?",
        ),
        answer="Опломбирование после замены прибора учёта бесплатное: оставьте "
        "заявку, и мастер приедет в согласованное время.",
    ),
    Article(
        id="complaint-file",
        topic="general",
        title="Как подать жалобу",
        questions=(
            "Куда пожаловаться на работу сетевой компании?",
            "Как написать жалобу на сотрудника?",
            "Где оставить претензию?",
        ),
        answer="Жалобу можно оставить в интернет-приёмной, в личном кабинете или "
        "письмом; ответ направляют в течение 30 дней.",
    ),
    Article(
        id="voltage-low",
        topic="reliability",
        title="Низкое напряжение в сети",
        questions=(
            "Почему в доме слабое напряжение?",
            "Лампочки горят тускло, напряжение 180 вольт",
            "Как пожаловаться на низкое напряжение?",
        ),
        answer="Оставьте обращение: специалист измерит напряжение на вводе и, если "
        "оно ниже нормы, сетевая компания устранит причину.",
    ),
)


@pytest.fixture(scope="session")
def embedder() -> E5Embedder:
    return E5Embedder()


@pytest.fixture(scope="session")
def small_matcher(embedder: E5Embedder) -> Matcher:
    """A matcher over SMALL_BASE; tests must not change it."""
    return Matcher(embedder, list(SMALL_BASE))
