"""Finding places in the shared address register from how people type them:
«ул.», «пр-т», «д.» and other abbreviations, no house number, typos, ё/е, words in
any order, the settlement named or not.

The register's streets and settlements are held in a per-process trigram index
(rebuilt when the register changes, or after `INDEX_TTL`): candidates come from shared
trigrams, then each is scored against every run of the typed words by trigram overlap
and Levenshtein similarity. Houses are found in the database by street and number."""

import re
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db.models import Count, Max

from gridcare.territory.models import Building, Settlement, Street

INDEX_TTL = 600.0  # seconds
CHECK_EVERY = 30.0  # seconds between checks that the register changed
MIN_SCORE = 0.6
CANDIDATES = 60
REFINE = 12

# Whole-word abbreviations written with a hyphen, before punctuation is dropped.
_HYPHENATED = {
    "пр-кт": "пркт",
    "пр-т": "пркт",
    "б-р": "бр",
    "пр-д": "прд",
    "р-н": "рн",
    "кв-л": "квл",
    "мкр-н": "мкр",
}
STREET_TYPES = {
    "ул", "улица", "пркт", "прт", "пр", "просп", "проспект", "пер", "переулок",
    "бр", "бул", "бульв", "бульвар", "пл", "площадь", "ш", "шоссе", "наб",
    "набережная", "проезд", "прд", "тракт", "мкр", "мкрн", "микрорайон", "туп",
    "тупик", "аллея", "квл", "квартал", "линия", "спуск",
}  # fmt: skip
SETTLEMENT_TYPES = {
    "г", "гор", "город", "с", "село", "пос", "поселок", "п", "пгт", "снт",
    "дер", "деревня", "рп", "ст", "станция", "нп",
}  # fmt: skip
NOISE = {
    "дом", "д", "респ", "республика", "татарстан", "рт", "рн", "район", "обл",
    "область", "россия", "рф", "адрес", "нет", "света", "электричества", "у",
    "меня", "в", "на", "по",
}  # fmt: skip
# The number after these words is a flat or an office, not a house.
UNIT_WORDS = {"кв", "квартира", "оф", "офис", "пом", "помещение", "комн", "комната"}
BLOCK_WORDS = {"к", "корп", "корпус", "стр", "строение", "лит", "литера"}

_PUNCT = re.compile(r"[^\w\s/]", re.UNICODE)
_LETTER_DIGIT = re.compile(r"(?<=[а-яa-z])(?=\d)")
_DIGIT_WORD = re.compile(r"(?<=\d)(?=[а-яa-z]{2,})")
_HOUSE = re.compile(r"^\d+[а-я]?(/\d+[а-я]?)?$")


def normalise(text: str) -> str:
    """Lower case, ё→е, hyphenated abbreviations joined, punctuation to spaces."""
    text = (text or "").lower().replace("ё", "е")
    for written, joined in _HYPHENATED.items():
        text = re.sub(rf"(?<!\w){re.escape(written)}(?!\w)", f" {joined} ", text)
    text = _PUNCT.sub(" ", text)
    text = _LETTER_DIGIT.sub(" ", text)
    text = _DIGIT_WORD.sub(" ", text)
    return " ".join(text.split())


def number_key(number: str) -> str:
    """A house number for comparison: «12 А», «12а», «12-а» → «12а»; «5 корп. 2» → «5к2»."""
    text = normalise(number)
    for word in ("корпус", "корп"):
        text = text.replace(word, "к")
    text = text.replace("строение", "с").replace("стр", "с")
    return text.replace(" ", "")


def number_value(number: str) -> int | None:
    match = re.match(r"\d+", number_key(number))
    return int(match.group()) if match else None


@dataclass(frozen=True)
class ParsedAddress:
    words: tuple[str, ...]  # street and settlement words, in the order typed
    settlement_words: tuple[str, ...]  # words after «г.», «с.», «пос.» …
    house: str  # normalised house number, '' when none was given


def parse(text: str) -> ParsedAddress:
    """Split typed text into words and a house number."""
    tokens = normalise(text).split()
    words: list[str] = []
    settlement_words: list[str] = []
    house = ""
    i = 0
    after_settlement_type = False
    while i < len(tokens):
        token = tokens[i]
        if token in UNIT_WORDS:
            i += 2  # skip the flat number
            continue
        if token in SETTLEMENT_TYPES:
            after_settlement_type = True
            i += 1
            continue
        if token in STREET_TYPES or token in NOISE:
            after_settlement_type = False
            i += 1
            continue
        if _HOUSE.match(token) and words and _is_house_position(tokens, i):
            house = token
            i += 1
            # «5 а», «5 к 2», «5 корп 2»
            while i < len(tokens):
                nxt = tokens[i]
                if len(nxt) == 1 and nxt.isalpha() and nxt not in BLOCK_WORDS:
                    house += nxt
                elif (
                    nxt in BLOCK_WORDS
                    and i + 1 < len(tokens)
                    and tokens[i + 1].isdigit()
                ):
                    house += ("с" if nxt.startswith("с") else "к") + tokens[i + 1]
                    i += 1
                else:
                    break
                i += 1
            continue
        if after_settlement_type:
            settlement_words.append(token)
        words.append(token)
        i += 1
    return ParsedAddress(tuple(words), tuple(settlement_words), house)


def _is_house_position(tokens: list[str], i: int) -> bool:
    """A number is the house unless a street word follows it («8 марта», «40 лет …»)."""
    rest = [t for t in tokens[i + 1 :] if t not in NOISE and t not in UNIT_WORDS]
    if not rest:
        return True
    nxt = rest[0]
    return (
        len(nxt) == 1
        or nxt in BLOCK_WORDS
        or nxt in STREET_TYPES
        or nxt in SETTLEMENT_TYPES
        or bool(_HOUSE.match(nxt))
    )


def trigrams(text: str) -> set[str]:
    padded = f"  {text} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


def levenshtein_ratio(a: str, b: str) -> float:
    """1 − edit distance / longer length."""
    if a == b:
        return 1.0
    if not a or not b:
        return 0.0
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(
                min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
            )
        previous = current
    return 1 - previous[-1] / max(len(a), len(b))


def similarity(a: str, b: str) -> float:
    ta, tb = trigrams(a), trigrams(b)
    dice = 2 * len(ta & tb) / (len(ta) + len(tb))
    return (dice + levenshtein_ratio(a, b)) / 2


@dataclass(frozen=True)
class _Street:
    pk: int
    settlement_id: int
    key: str
    grams: frozenset[str]


class AddressIndex:
    """Streets and settlements of the register, with trigram postings."""

    def __init__(self) -> None:
        self.settlements: dict[int, tuple[str, str]] = {}  # pk → (key, label)
        self.settlements_by_key: dict[str, list[int]] = defaultdict(list)
        self.streets: list[_Street] = []
        self.street_labels: dict[int, str] = {}
        self.postings: dict[str, list[int]] = defaultdict(list)

    @classmethod
    def build(cls) -> "AddressIndex":
        index = cls()
        kinds = dict(Settlement.Kind.choices)
        for pk, name, kind in Settlement.objects.values_list("pk", "name", "kind"):
            key = normalise(name)
            index.settlements[pk] = (key, f"{kinds.get(kind, '')} {name}".strip())
            index.settlements_by_key[key].append(pk)
        street_kinds = dict(Street.Kind.choices)
        rows = Street.objects.values_list("pk", "settlement_id", "name", "kind")
        for pk, settlement_id, name, kind in rows.iterator(chunk_size=5000):
            key = normalise(name)
            grams = frozenset(trigrams(key))
            position = len(index.streets)
            index.streets.append(_Street(pk, settlement_id, key, grams))
            index.street_labels[pk] = f"{street_kinds.get(kind, '')} {name}".strip()
            for gram in grams:
                index.postings[gram].append(position)
        return index

    def settlement_label(self, pk: int) -> str:
        return self.settlements[pk][1]

    def find_settlements(
        self, words: tuple[str, ...], fuzzy: bool
    ) -> dict[int, tuple[float, str]]:
        """Settlements named by a run of the words (exact keys, or close ones when
        `fuzzy`): pk → (score, the run that named it)."""
        found: dict[int, tuple[float, str]] = {}
        runs = _runs(words, longest=3)
        for run in runs:
            for pk in self.settlements_by_key.get(run, ()):
                found[pk] = (1.0, run)
        if found or not fuzzy:
            return found
        for run in runs:
            if len(run) < 4:
                continue
            for pk, (key, _) in self.settlements.items():
                score = similarity(run, key)
                if score >= 0.75 and score > found.get(pk, (0.0, ""))[0]:
                    found[pk] = (score, run)
        return found

    def find_streets(
        self,
        words: tuple[str, ...],
        settlement_ids: set[int] | None,
        prefer: set[int] | frozenset[int] = frozenset(),
    ) -> list[tuple[float, _Street]]:
        """Streets best matching some run of the words, best first.

        Candidates share trigrams with the words; each gets its best trigram overlap
        (Dice) over the runs of words; the best `REFINE` (streets of the `prefer`red
        settlements first) are scored again with the Levenshtein similarity."""
        if not words:
            return []
        counts: Counter[int] = Counter()
        for gram in trigrams(" ".join(words)):
            for position in self.postings.get(gram, ()):
                counts[position] += 1
        runs = [(run, frozenset(trigrams(run))) for run in _runs(words, longest=4)]
        rough: list[tuple[bool, float, str, _Street]] = []
        for position, _ in counts.most_common(CANDIDATES * 4):
            street = self.streets[position]
            if settlement_ids and street.settlement_id not in settlement_ids:
                continue
            dice, run = max(
                (2 * len(grams & street.grams) / (len(grams) + len(street.grams)), run)
                for run, grams in runs
            )
            rough.append((street.settlement_id in prefer, dice, run, street))
            if len(rough) >= CANDIDATES:
                break
        rough.sort(key=lambda item: (not item[0], -item[1]))
        scored = [
            ((dice + levenshtein_ratio(run, street.key)) / 2, street)
            for _, dice, run, street in rough[:REFINE]
        ]
        scored.sort(key=lambda item: -item[0])
        return scored


def _runs(words: tuple[str, ...], longest: int) -> list[str]:
    """Every run of consecutive words, up to `longest` words long."""
    return [
        " ".join(words[i:j])
        for i in range(len(words))
        for j in range(i + 1, min(len(words), i + longest) + 1)
    ]


_lock = threading.Lock()
_cache: dict[str, object] = {}


def _signature() -> tuple[object, ...]:
    streets = Street.objects.aggregate(n=Count("pk"), last=Max("pk"))
    settlements = Settlement.objects.aggregate(n=Count("pk"), last=Max("pk"))
    return (streets["n"], streets["last"], settlements["n"], settlements["last"])


def address_index() -> AddressIndex:
    """The process's index, rebuilt when the register grew or shrank (checked at most
    every `CHECK_EVERY` seconds), or when it is older than `INDEX_TTL`."""
    now = time.monotonic()
    with _lock:
        index = _cache.get("index")
        checked = float(_cache.get("checked", 0.0))  # type: ignore[arg-type]
        built = float(_cache.get("built", 0.0))  # type: ignore[arg-type]
        if (
            index is not None
            and now - checked < CHECK_EVERY
            and now - built < INDEX_TTL
        ):
            return index  # type: ignore[return-value]
        signature = _signature()
        if (
            index is None
            or _cache.get("signature") != signature
            or now - built >= INDEX_TTL
        ):
            index = AddressIndex.build()
            _cache.update(index=index, signature=signature, built=now)
        _cache["checked"] = now
        return index  # type: ignore[return-value]


def address_index_reset() -> None:
    """Forget the index (after bulk edits of the register; in tests)."""
    with _lock:
        _cache.clear()


@dataclass(frozen=True)
class AddressMatch:
    """A place in the register that the typed text most likely means."""

    settlement_id: int
    street_id: int | None
    building_id: int | None
    label: str
    score: float
    house: str = ""
    house_value: int | None = None
    # True when a house number was typed but no such building is in the register.
    house_missing: bool = False


def address_search(text: str, *, limit: int = 5) -> list[AddressMatch]:
    """Return the places the text most likely means, best first (empty: nothing
    close enough). With a house number, matches are buildings when the register has
    them; without one, streets (or settlements)."""
    parsed = parse(text)
    if not parsed.words:
        return []
    index = address_index()
    named = index.find_settlements(parsed.settlement_words, fuzzy=True)
    marked = bool(named)
    if not named:
        named = index.find_settlements(parsed.words, fuzzy=False)
    naming_words: set[str] = set()
    for _, run in named.values():
        naming_words.update(run.split())
    street_words = tuple(w for w in parsed.words if w not in naming_words)
    ranked: list[tuple[float, AddressMatch]] = []
    streets = index.find_streets(
        street_words, set(named) if marked else None, prefer=set(named)
    )
    for score, street in streets:
        if score < MIN_SCORE:
            continue
        # A street of the settlement the person named ranks above a namesake elsewhere.
        bonus = (
            0.15 * named[street.settlement_id][0]
            if street.settlement_id in named
            else 0
        )
        label = (
            f"{index.settlement_label(street.settlement_id)}, "
            f"{index.street_labels[street.pk]}"
        )
        match = AddressMatch(
            street.settlement_id,
            street.pk,
            None,
            label,
            round(min(1.0, score + bonus), 3),
        )
        ranked.append((score + bonus, match))
    ranked.sort(key=lambda item: -item[0])
    results = [match for _, match in ranked]
    if named and not results:
        # «Казань», «д. Уразла, 15»: the settlement itself (village houses often have
        # no street).
        results = [
            AddressMatch(pk, None, None, index.settlement_label(pk), round(score, 3))
            for pk, (score, _) in sorted(named.items(), key=lambda item: -item[1][0])
        ]
    if results:
        # Only the close ones: a weak namesake far behind is noise.
        results = [m for m in results if m.score >= results[0].score - 0.1]
    results = results[:limit]
    if parsed.house:
        results = [_with_building(match, parsed.house) for match in results]
    return results


def _with_building(match: AddressMatch, house: str) -> AddressMatch:
    value = number_value(house)
    wanted = number_key(house)
    candidates = Building.objects.filter(settlement_id=match.settlement_id)
    candidates = (
        candidates.filter(street_id=match.street_id)
        if match.street_id
        else candidates.filter(street__isnull=True)
    )
    rows = list(candidates.filter(number_value=value).values_list("pk", "number"))
    exact = [pk for pk, number in rows if number_key(number) == wanted]
    label = f"{match.label}, д. {house}"
    if exact:
        return AddressMatch(
            match.settlement_id,
            match.street_id,
            exact[0],
            label,
            match.score,
            house,
            value,
        )
    return AddressMatch(
        match.settlement_id,
        match.street_id,
        None,
        label,
        match.score,
        house,
        value,
        house_missing=True,
    )
