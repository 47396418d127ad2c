"""Text normalisation: fold case and ё, split words, lemmatise, map synonyms.

Every text — article titles, question variants, answers and consumers' messages — goes
through the same functions, so a word matches whatever its case, ё, punctuation or
grammatical form.
"""

import re
from collections import Counter
from dataclasses import dataclass
from functools import cache, lru_cache

import pymorphy3

from gridcare.chatbot.matching.lexicon import ABBREVIATIONS, STOP_WORDS, SYNONYMS

_WORD = re.compile(r"[a-zа-я0-9]+")
_SPACES = re.compile(r"\s+")
_ABBREVIATION = re.compile(
    r"(?<![\w])("
    + "|".join(sorted(ABBREVIATIONS, key=len, reverse=True))
    + r")(?![\w])",
    re.IGNORECASE,
)
NGRAM_SIZES = (3, 4, 5)


@dataclass(frozen=True, slots=True)
class Analysed:
    """One text as the scorers see it."""

    words: tuple[str, ...]  # folded surface words, in order
    lemmas: tuple[str, ...]  # content lemmas after synonyms, stop-words removed
    folded: str  # folded text for character n-grams


@cache
def _analyser() -> pymorphy3.MorphAnalyzer:
    # Loading the dictionaries takes ~0.5 s and ~15 MB: once per process.
    return pymorphy3.MorphAnalyzer()


def fold(text: str) -> str:
    """Lower-case, ё→е, punctuation to spaces, collapse spaces."""
    return " ".join(words(text))


def words(text: str) -> list[str]:
    """Split folded text into words of letters and digits."""
    return _WORD.findall(text.lower().replace("ё", "е"))


@lru_cache(maxsize=200_000)
def lemma(word: str) -> str:
    """Return the dictionary form of a folded word (digits and Latin kept as is)."""
    if not word.isalpha() or not ("а" <= word[0] <= "я") or word in ABBREVIATIONS:
        return word  # «ту» is технические условия, not a form of «тот»
    return _analyser().parse(word)[0].normal_form.replace("ё", "е")


# How much a lemma says about the topic, by part of speech: nouns name the subject,
# verbs and adverbs mostly say what the consumer wants done with it.
_POS_WEIGHTS = {
    "NOUN": 1.0,
    "ADJF": 0.7,
    "ADJS": 0.7,
    "PRTF": 0.6,
    "PRTS": 0.6,
    "VERB": 0.6,
    "INFN": 0.6,
    "GRND": 0.5,
    "ADVB": 0.5,
    "NUMR": 0.4,
}


@lru_cache(maxsize=200_000)
def term_weight(term: str) -> float:
    """Weight of a content lemma: 1 for domain concepts and nouns, less for the rest."""
    if term in SYNONYMS or term in ABBREVIATIONS:
        return 1.0
    if term.isdigit():
        return 0.4
    if not term.isalpha() or not ("а" <= term[0] <= "я"):
        return 0.8  # Latin words: brand names, units
    tag = _analyser().parse(term)[0].tag
    if tag.POS is None:
        return 0.8  # unknown to the dictionary: rare term or abbreviation
    return _POS_WEIGHTS.get(str(tag.POS), 0.4)


@lru_cache(maxsize=200_000)
def is_known_word(word: str) -> bool:
    """Tell whether the Russian dictionary knows the word (a typo usually is not)."""
    return bool(_analyser().word_is_known(word))


@cache
def _phrases() -> tuple[dict[tuple[str, ...], str], int]:
    """Lemmatised synonym phrases -> canonical token, and the longest phrase length."""
    table: dict[tuple[str, ...], str] = {}
    for canonical, phrases in SYNONYMS.items():
        for phrase in phrases:
            key = tuple(lemma(word) for word in words(phrase))
            table.setdefault(key, canonical)
    return table, max(len(key) for key in table)


def canonical_lemmas(lemmas: list[str]) -> list[str]:
    """Replace synonym phrases by canonical tokens and drop stop-words and 1-letter words.

    Phrases are matched greedily, longest first, before stop-words are dropped, so «не
    работает» can still become «поломка».
    """
    table, longest = _phrases()
    out: list[str] = []
    i = 0
    while i < len(lemmas):
        for size in range(min(longest, len(lemmas) - i), 0, -1):
            canonical = table.get(tuple(lemmas[i : i + size]))
            if canonical is not None:
                out.append(canonical)
                i += size
                break
        else:
            token = lemmas[i]
            if token not in STOP_WORDS and (len(token) > 1 or token.isdigit()):
                out.append(token)
            i += 1
    return out


def analyse(text: str) -> Analysed:
    """Fold, lemmatise and canonicalise a text."""
    folded_words = words(text)
    lemmas = canonical_lemmas([lemma(word) for word in folded_words])
    return Analysed(
        words=tuple(folded_words), lemmas=tuple(lemmas), folded=" ".join(folded_words)
    )


def char_ngrams(folded: str) -> Counter[str]:
    """Count character 3–5-grams inside words padded with spaces (typo-tolerant)."""
    grams: Counter[str] = Counter()
    for word in folded.split():
        padded = f" {word} "
        for size in NGRAM_SIZES:
            for start in range(len(padded) - size + 1):
                grams[padded[start : start + size]] += 1
    return grams


def dense_text(text: str) -> str:
    """Prepare a text for the embedding model: ё→е, abbreviations spelt out."""
    text = text.replace("ё", "е").replace("Ё", "Е")
    text = _ABBREVIATION.sub(lambda match: ABBREVIATIONS[match.group(1).lower()], text)
    return _SPACES.sub(" ", text).strip()


def damerau_levenshtein(left: str, right: str, limit: int) -> int:
    """Return the edit distance (with transpositions), or limit + 1 once it exceeds limit."""
    if abs(len(left) - len(right)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(right) + 1))
    for i in range(1, len(left) + 1):
        current = [i] + [0] * len(right)
        for j in range(1, len(right) + 1):
            cost = 0 if left[i - 1] == right[j - 1] else 1
            current[j] = min(
                previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost
            )
            if (
                i > 1
                and j > 1
                and left[i - 1] == right[j - 2]
                and left[i - 2] == right[j - 1]
            ):
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


# Street words after which a consumer writes a street name; abbreviated ones are always
# followed by a name, full ones only when the next word is a name (pymorphy3 tags).
_STREET_SHORT = frozenset({"ул", "пр", "просп", "пер", "мкр", "наб"})
_STREET_FULL = frozenset(
    [
        "улица",
        "проспект",
        "переулок",
        "бульвар",
        "микрорайон",
        "шоссе",
        "проезд",
        "набережная",
    ]
)
_NAME_TAGS = frozenset({"Surn", "Name", "Patr"})
_HOUSE_WORDS = frozenset({"д", "дом", "кв", "квартира", "корп", "корпус", "стр"})
_HOUSE_NUMBER = re.compile(r"^\d+[а-я]?$")
_RAW_WORD = re.compile(r"[A-Za-zА-Яа-яЁё0-9]+")


def strip_address(text: str) -> str:
    """Drop street names and house numbers («на ул Чехова 5», «улице Баумана, д 3»).

    An address says where, not what: kept, its unknown words would be «corrected» to
    similar words of the base and the name would weigh as much as the question. A
    street word without a name («на нашей улице») stays. Returns the text unchanged
    when it holds no address or nothing but one, else the folded text without it.
    """
    raw = _RAW_WORD.findall(text)
    tokens = [word.lower().replace("ё", "е") for word in raw]
    kept: list[str] = []
    i = 0
    found = False
    while i < len(tokens):
        token = tokens[i]
        street = token in _STREET_SHORT or _is_street_word(token)
        if street and i + 1 < len(tokens) and _is_street_name(raw[i + 1], token):
            found = True
            i += 2
            while i < len(tokens) and (
                tokens[i] in _HOUSE_WORDS or _HOUSE_NUMBER.match(tokens[i])
            ):
                i += 1
            continue
        kept.append(token)
        i += 1
    return " ".join(kept) if found and kept else text


def _is_street_word(word: str) -> bool:
    """«улица», «улице», «проспекта» — one street (plural «по улицам» names none)."""
    if lemma(word) not in _STREET_FULL:
        return False
    parse = _analyser().parse(word)[0]
    return parse.normal_form in _STREET_FULL and "sing" in parse.tag


def _is_street_name(word: str, street: str) -> bool:
    """Tell whether a word after a street word is its name (not «на улице темно»)."""
    folded = word.lower().replace("ё", "е")
    if _HOUSE_NUMBER.match(folded) or not folded.isalpha():
        return False
    if street in _STREET_SHORT:
        return True
    parse = _analyser().parse(folded)[0]
    if _NAME_TAGS & set(parse.tag.grammemes):
        return True
    # «улице Островского», «улица Садовая»; a capital alone may start a sentence
    return word[0].isupper() and ("ADJF" in parse.tag or not is_known_word(folded))
