"""Greetings, thanks, goodbyes and questions about the bot itself.

A message that is only small talk gets a natural reply; a greeting in front of a real
question («Здравствуйте, у меня пропал свет») is cut off and the rest is matched.
"""

import re
from dataclasses import dataclass

from gridcare.chatbot.matching.text import fold

_GREETING = (
    r"(?:здравствуй(?:те)?|здрасте|здрасьте|привет(?:ствую)?|добр(?:ый|ое|ого) "
    r"(?:день|дня|утро|утра|вечер|вечера|времени(?: суток)?)|доброго времени суток"
    r"|салам(?: алейкум)?|хай|hello|hi|алло|ау)"
)
_ADDRESS = r"(?:\s+(?:алсу|бот|чат бот|чатбот))?"

# kind -> pattern of the whole folded message
_PATTERNS: dict[str, str] = {
    "greeting": rf"{_GREETING}{_ADDRESS}",
    "thanks": r"(?:большое |огромное )?(?:спасибо|спс|благодарю|благодарствую|рахмат)"
    r"(?: (?:большое|огромное|вам|за помощь|за ответ|за информацию|все понятно))*",
    "bye": r"(?:до свидания|досвидания|пока|всего (?:доброго|хорошего)|до встречи"
    r"|хорошего дня|удачи)(?: вам)?",
    "who": r"(?:ты|вы) (?:кто|бот|робот|человек|живой человек)|кто (?:ты|вы|это)"
    r"|с кем я (?:говорю|разговариваю|общаюсь)|ты (?:робот|бот)|как тебя зовут",
    "how": r"как (?:дела|ты|вы|поживаете|жизнь|настроение)|как у (?:тебя|вас) дела",
    "abilities": r"что (?:ты|вы) (?:умеешь|умеете|можешь|можете)"
    r"|чем (?:ты|вы) (?:можешь|можете) помочь|помоги(?:те)?|help|помощь",
    "agreement": r"(?:ок|окей|ok|ясно|понятно|хорошо|ладно|отлично|супер|угу|ага)"
    r"(?: (?:спасибо|понятно|ясно))?",
}
_REPLIES: dict[str, str] = {
    "greeting": "Здравствуйте! Я Алсу, помощник сетевой компании. Спросите меня про "
    "подключение к сетям, счётчики и показания, отключения или работу офисов.",
    "thanks": "Пожалуйста! Если появятся ещё вопросы — пишите.",
    "bye": "Всего доброго! Если что-то понадобится, я здесь.",
    "who": "Я Алсу, виртуальный помощник сетевой компании. Отвечаю на типовые вопросы, "
    "а если не уверена — передам разговор специалисту.",
    "how": "Спасибо, всё хорошо! Чем могу помочь?",
    "abilities": "Я подскажу, как подключиться к сетям, передать показания, что делать "
    "при отключении света, как связаться с нами. Просто опишите вопрос своими словами.",
    "agreement": "Хорошо! Если будут ещё вопросы — спрашивайте.",
}
_WHOLE = {
    kind: re.compile(rf"(?:{pattern})(?: {_GREETING})?")
    for kind, pattern in _PATTERNS.items()
}
_LEADING = re.compile(rf"^{_GREETING}{_ADDRESS}\s+")
_POLITE = re.compile(r"^(?:подскажите|скажите|пожалуйста|будьте добры)\s+")


@dataclass(frozen=True, slots=True)
class SmallTalk:
    """A recognised small-talk message and Алсу's reply to it."""

    kind: str
    reply: str


def recognise(message: str) -> SmallTalk | None:
    """Return the small-talk reply if the whole message is small talk, else None."""
    folded = fold(message)
    if not folded:
        return SmallTalk("empty", "Напишите, пожалуйста, ваш вопрос.")
    for kind, pattern in _WHOLE.items():
        if pattern.fullmatch(folded):
            return SmallTalk(kind, _REPLIES[kind])
    return None


def strip_greeting(message: str) -> str:
    """Drop a leading greeting and politeness words, keep the question."""
    folded = fold(message)
    stripped = _LEADING.sub("", folded)
    while True:
        shorter = _POLITE.sub("", stripped)
        if shorter == stripped:
            break
        stripped = shorter
    return message if stripped == folded else stripped
