"""Normalisation of Russian free text for search keys (addresses, names, phones)."""

import re

_SPACES = re.compile(r"\s+")
_NON_WORD = re.compile(r"[^\w\s]", re.UNICODE)


def search_key(value: str) -> str:
    """Lower-case, ё→е, punctuation to spaces, collapse spaces: a key for matching."""
    value = value.lower().replace("ё", "е")
    value = _NON_WORD.sub(" ", value)
    return _SPACES.sub(" ", value).strip()


def normalize_phone(value: str) -> str:
    """Return a Russian phone number as +7XXXXXXXXXX, or '' when it is not one.

    Accepts 8XXXXXXXXXX, 7XXXXXXXXXX, +7 (XXX) XXX-XX-XX and a bare 10-digit number.
    """
    digits = re.sub(r"\D", "", value or "")
    if len(digits) == 11 and digits[0] in "78":
        digits = digits[1:]
    if len(digits) != 10:
        return ""
    return "+7" + digits
