"""Live-action intents recognised before the knowledge base: simple, robust patterns
over folded Russian text (lower case, ё → е). Pure functions, no database."""

import re
from dataclasses import dataclass

APPEAL_NUMBER = re.compile(r"(?<!\d)(\d{2})\s*[-–—]?\s*(\d{7})(?!\d)")
PHONE = re.compile(r"(?:\+7|8|7)?[\s(-]*\d{3}[\s)-]*\d{3}[\s-]*\d{2}[\s-]*\d{2}")

_NO_POWER = re.compile(
    r"нет (?:света|электричества|электроэнергии|напряжения)"
    r"|(?:пропал\w*|отключил\w*|выключил\w*|вырубил\w*) (?:свет|электричество|электроэнерги\w*)"
    r"|(?:свет|электричество) (?:пропал\w*|отключил\w*|выключил\w*|вырубил\w*)"
    r"|без света|сидим без"
)
_OUTAGE = re.compile(
    r"(?:есть ли|будет ли|будут ли|когда|где|какие|планируется|плановое|плановые)"
    r".{0,30}(?:отключени|отключат|работ)"
    r"|отключени\w* (?:по|на|в) (?:адрес|улиц|ул\b|доме|дом\b)"
    r"|график отключений"
)
_STATUS = re.compile(
    r"статус\w*.{0,25}(?:обращени|заявк|жалоб)"
    r"|(?:где|что с|как) (?:мое|моя|моей|моим)? ?(?:обращени|заявк|жалоб)"
    r"|(?:обращени|заявк)\w* (?:№|номер)"
)
_READING = re.compile(
    r"(?:переда|сда|внес|подат|подам|отправ|сообщ|ввест|указа)\w*.{0,20}показани"
    r"|показани\w* (?:счетчик|прибор|электросчетчик)"
)
_APPEAL = re.compile(
    r"(?:подать|подам|оставить|написать|зарегистрировать|отправить|хочу|составить)"
    r"\w*.{0,15}(?:обращени|жалоб|заявлени|претензи)"
)
_CALLBACK = re.compile(r"перезвон|обратн\w* звон|позвоните мне|свяжитесь со мной")
_HUMAN = re.compile(
    r"(?:живо\w*|настоящ\w*) (?:человек|оператор)|соедини\w*|переключи\w* на"
    r"|(?:позов|дай|нужен|хочу|позвать)\w* (?:оператор|специалист|человек)"
    r"|^(?:оператор|специалист)$"
)
_CANCEL = re.compile(r"^(?:отмена|отменить|стоп|не надо|передумал\w*|выход)\W*$")
_YES = re.compile(r"^(?:да|ага|конечно|верно|подтверждаю|давайте|да,? \w+.*)\W*$")
_NO = re.compile(r"^(?:нет|не|не нужно|не надо)\W*$")
_ADDRESS = re.compile(r"(?:по адресу|адрес|на улице|по улице)[:\s]+(.+)$")

ARTICLE_PREFIX = "article:"


def fold(text: str) -> str:
    return " ".join((text or "").lower().replace("ё", "е").split())


@dataclass(frozen=True)
class Intent:
    name: str  # no_power, outage, appeal_status, reading, appeal, callback, human
    argument: str = ""  # the address or the appeal number found in the message


def recognise(text: str) -> Intent | None:
    """Return the live action a message asks for, or None (then the KB answers)."""
    folded = fold(text)
    if _STATUS.search(folded) or (
        "обращени" in folded and APPEAL_NUMBER.search(folded)
    ):
        number = appeal_number(folded)
        return Intent("appeal_status", number or "")
    if _NO_POWER.search(folded):
        return Intent("no_power", address_in(text))
    if _OUTAGE.search(folded):
        return Intent("outage", address_in(text))
    if _READING.search(folded):
        return Intent("reading")
    if _APPEAL.search(folded):
        return Intent("appeal")
    if _CALLBACK.search(folded):
        return Intent("callback")
    if _HUMAN.search(folded):
        return Intent("human")
    return None


def appeal_number(text: str) -> str | None:
    """The registration number in a message, as '26-0001234'."""
    match = APPEAL_NUMBER.search(text)
    return f"{match.group(1)}-{match.group(2)}" if match else None


def address_in(text: str) -> str:
    """The address after «по адресу»/«на улице», '' when none is named."""
    match = _ADDRESS.search(" ".join((text or "").split()))
    return match.group(1).strip(" ?.!") if match else ""


def is_cancel(text: str) -> bool:
    return bool(_CANCEL.match(fold(text)))


def is_yes(text: str) -> bool:
    return bool(_YES.match(fold(text))) and not is_no(text)


def is_no(text: str) -> bool:
    return bool(_NO.match(fold(text)))


def split_contact(text: str) -> tuple[str, str, str]:
    """Name, phone and what follows the phone (a convenient time) from
    «Анна, +7 917 000-00-01, после 18:00»; a missing part is ''."""
    text = " ".join((text or "").split())
    match = PHONE.search(text)
    if match is None:
        return text.strip(" .,;:-")[:200], "", ""
    name = text[: match.start()].strip(" .,;:-")
    rest = text[match.end() :].strip(" .,;:-")
    if not name and rest:
        name, rest = rest, ""
    return name[:200], match.group(0).strip(), rest[:100]
