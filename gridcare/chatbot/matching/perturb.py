"""Make a written question look typed in a hurry, for calibration.

Consumers write lower-case, without ё or punctuation, drop words, misspell, and use
everyday words for technical terms. Calibration asks the base its own question variants
in that style, so the fitted weights reward signals that survive it.
"""

import random

from gridcare.chatbot.matching.lexicon import STOP_WORDS, SYNONYMS
from gridcare.chatbot.matching.text import lemma, words

_KEYBOARD_ROWS = ("йцукенгшщзхъ", "фывапролджэ", "ячсмитьбю")
_NEIGHBOURS = {
    letter: row[max(0, i - 1) : i] + row[i + 1 : i + 2]
    for row in _KEYBOARD_ROWS
    for i, letter in enumerate(row)
}
# Story fragments around a question; deliberately free of grid terms.
_CONTEXT = (
    "вчера",
    "сегодня утром",
    "у нас в деревне",
    "у родителей",
    "у бабушки",
    "уже неделю",
    "опять",
    "срочно",
    "второй раз пишу",
    "живу в другом городе",
    "соседи говорят",
    "извините за вопрос",
    "в общем",
    "короче",
    "как быть",
    "помогите разобраться",
    "не могу дозвониться",
    "муж спрашивает",
    "третий день",
)
_EVERYDAY = {  # lemma -> single-word everyday synonyms of the same group
    lemma(phrase): [other for other in phrases if " " not in other and other != phrase]
    for phrases in SYNONYMS.values()
    for phrase in phrases
    if " " not in phrase
}


def perturb(text: str, rng: random.Random) -> str:
    """Return a colloquial version of a question: folded, shortened, misspelt."""
    tokens = words(text)
    if rng.random() < 0.5:
        tokens = [_everyday(token, rng) for token in tokens]
    content = [token for token in tokens if lemma(token) not in STOP_WORDS]
    if len(content) >= 2 and rng.random() < 0.5:
        keep = rng.randint(2, min(4, len(content)))
        picked = sorted(rng.sample(range(len(content)), keep))
        tokens = [content[i] for i in picked]
    if rng.random() < 0.6:
        long_words = [i for i, token in enumerate(tokens) if len(token) >= 5]
        if long_words:
            i = rng.choice(long_words)
            tokens[i] = _typo(tokens[i], rng)
    if rng.random() < 0.4:  # told as part of a story
        context = rng.choice(_CONTEXT).split()
        tokens = [*context, *tokens] if rng.random() < 0.5 else [*tokens, *context]
    return " ".join(tokens)


def _everyday(token: str, rng: random.Random) -> str:
    options = _EVERYDAY.get(lemma(token))
    if options and rng.random() < 0.5:
        return rng.choice(options).lower().replace("ё", "е")
    return token


def _typo(word: str, rng: random.Random) -> str:
    i = rng.randrange(1, len(word) - 1)
    kind = rng.randrange(4)
    if kind == 0:  # swapped neighbours
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    if kind == 1:  # dropped letter
        return word[:i] + word[i + 1 :]
    if kind == 2:  # doubled letter
        return word[:i] + word[i] + word[i:]
    neighbours = _NEIGHBOURS.get(word[i], "")  # next key on the keyboard
    return (
        word[:i] + (rng.choice(neighbours) if neighbours else word[i]) + word[i + 1 :]
    )
