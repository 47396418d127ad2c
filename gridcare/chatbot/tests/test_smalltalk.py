"""Small talk is recognised as a whole message; a greeting before a question is cut."""

import pytest

from gridcare.chatbot.matching.smalltalk import recognise, strip_greeting


@pytest.mark.parametrize(
    ("message", "kind"),
    [
        ("Здравствуйте!", "greeting"),
        ("добрый вечер", "greeting"),
        ("Привет, Алсу", "greeting"),
        ("спасибо большое", "thanks"),
        ("Благодарю за помощь!", "thanks"),
        ("до свидания", "bye"),
        ("ты кто?", "who"),
        ("Ты робот?", "who"),
        ("как дела", "how"),
        ("что ты умеешь", "abilities"),
        ("ок", "agreement"),
    ],
)
def test_recognises_small_talk(message: str, kind: str) -> None:
    small_talk = recognise(message)

    assert small_talk is not None
    assert small_talk.kind == kind
    assert small_talk.reply


@pytest.mark.parametrize(
    "message",
    ["Здравствуйте, у меня пропал свет", "спасибо, а как передать показания?"],
)
def test_question_with_politeness_is_not_small_talk(message: str) -> None:
    assert recognise(message) is None


def test_strip_greeting_keeps_the_question() -> None:
    assert strip_greeting("Добрый день! Подскажите, как передать показания?") == (
        "как передать показания"
    )
    assert strip_greeting("Как передать показания?") == "Как передать показания?"
