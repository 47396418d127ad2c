"""The translation catalogs (gridcare/locale/<lang>/LC_MESSAGES/django[js].po|mo): the
compiled .mo files committed in the tree match their .po sources, placeholders survive
translation, and the portal's frame (navigation, home, offline page) is translated
in full. See docs/i18n.md."""

import ast
import gettext
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings

LOCALE_DIR = Path(settings.BASE_DIR) / "locale"
TRANSLATED = [
    code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE
]
# Domains: django (code, templates) and djangojs (static/js, served by /jsi18n/).
CATALOGS = [(lang, domain) for lang in TRANSLATED for domain in ("django", "djangojs")]
PLACEHOLDER = re.compile(r"%\([a-z_0-9]+\)[sdr]|%[sd]|\{[a-z_0-9]*\}")
TAG = re.compile(r"</?[a-z]+[^>]*>")

# Templates every portal page is built from: each of their strings must be translated.
FRAME_SOURCES = (
    "templates/portal/base.html",
    "templates/portal/home.html",
    "templates/portal/offline.html",
    "templates/chatbot/_widget.html",
    "templates/accounts/login.html",
)


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    fuzzy: bool = False
    sources: list[str] = field(default_factory=list)

    @property
    def key(self) -> str:
        """The key GNU gettext uses in a .mo catalog."""
        return self.msgid if self.msgctxt is None else f"{self.msgctxt}\x04{self.msgid}"

    @property
    def translated(self) -> bool:
        return bool(self.msgstr) and all(self.msgstr.values()) and not self.fuzzy


def parse_po(path: Path) -> list[Entry]:
    """Read a .po file: enough of the format for the catalogs we write (no polib here)."""
    entries: list[Entry] = []
    current = Entry()
    target: tuple[str, int] = ("msgid", 0)
    started = False

    def flush() -> None:
        nonlocal current, started
        if started:
            entries.append(current)
        current, started = Entry(), False

    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            flush()
            continue
        if line.startswith("#~"):
            continue
        if line.startswith("#,"):
            current.fuzzy = "fuzzy" in line
            continue
        if line.startswith("#:"):
            current.sources += [s.rsplit(":", 1)[0] for s in line[2:].split()]
            continue
        if line.startswith("#"):
            continue
        match = re.match(
            r'(msgctxt|msgid_plural|msgid|msgstr)(?:\[(\d+)\])?\s+(".*")$', line
        )
        if match:
            keyword, index, text = match.groups()
            value = ast.literal_eval(text)
            started = True
            if keyword == "msgstr":
                target = ("msgstr", int(index or 0))
                current.msgstr[target[1]] = value
            else:
                target = (keyword, 0)
                setattr(current, keyword, value)
            continue
        if line.startswith('"'):
            value = ast.literal_eval(line)
            if target[0] == "msgstr":
                current.msgstr[target[1]] += value
            else:
                setattr(current, target[0], getattr(current, target[0]) + value)
            continue
        raise ValueError(f"{path}: не разобрана строка {line!r}")
    flush()
    return entries


def _catalog(lang: str, domain: str = "django") -> list[Entry]:
    return [
        e
        for e in parse_po(LOCALE_DIR / lang / "LC_MESSAGES" / f"{domain}.po")
        if e.msgid
    ]


def _header(lang: str) -> str:
    entries = parse_po(LOCALE_DIR / lang / "LC_MESSAGES" / "django.po")
    return next(e.msgstr[0] for e in entries if e.msgid == "")


@pytest.mark.parametrize(("lang", "domain"), CATALOGS)
def test_mo_is_compiled_from_the_current_po(lang, domain):
    """A .po edited without `make messages` (or compilemessages) leaves a stale .mo:
    every translated entry of the .po must be in the committed .mo, and nothing else."""
    mo_path = LOCALE_DIR / lang / "LC_MESSAGES" / f"{domain}.mo"
    assert mo_path.exists(), f"нет {mo_path}: выполните make messages"
    with mo_path.open("rb") as fp:
        compiled = gettext.GNUTranslations(fp)._catalog  # type: ignore[attr-defined]
    expected: dict[object, str] = {}
    for entry in _catalog(lang, domain):
        if not entry.translated:
            continue
        if entry.msgid_plural is None:
            expected[entry.key] = entry.msgstr[0]
        else:
            for index, text in entry.msgstr.items():
                expected[(entry.key, index)] = text
    compiled = {k: v for k, v in compiled.items() if k != ""}
    stale = sorted(str(k) for k in expected if compiled.get(k) != expected[k])
    extra = sorted(str(k) for k in compiled if k not in expected)
    assert not stale, f"{lang}: .mo устарел, первые расхождения: {stale[:5]}"
    assert not extra, f"{lang}: в .mo лишние строки: {extra[:5]}"


@pytest.mark.parametrize("lang", TRANSLATED)
def test_catalog_header_names_language_and_plural_forms(lang):
    header = _header(lang)
    assert f"Language: {lang}\n" in header
    plural = {"en": "nplurals=2; plural=(n != 1);", "tt": "nplurals=1; plural=0;"}[lang]
    assert f"Plural-Forms: {plural}\n" in header


@pytest.mark.parametrize(("lang", "domain"), CATALOGS)
def test_translations_keep_placeholders_and_tags(lang, domain):
    broken = []
    for entry in _catalog(lang, domain):
        if not entry.translated:
            continue
        sources = [entry.msgid] + ([entry.msgid_plural] if entry.msgid_plural else [])
        allowed = [sorted(set(PLACEHOLDER.findall(s))) for s in sources]
        for text in entry.msgstr.values():
            if sorted(set(PLACEHOLDER.findall(text))) not in allowed:
                broken.append((entry.msgid, text))
            if sorted(TAG.findall(text)) != sorted(TAG.findall(entry.msgid)):
                broken.append((entry.msgid, text))
    assert not broken, broken[:5]


@pytest.mark.parametrize("lang", TRANSLATED)
def test_portal_frame_is_fully_translated(lang):
    missing = [
        e.msgid
        for e in _catalog(lang)
        if any(s in FRAME_SOURCES for s in e.sources) and not e.translated
    ]
    assert not missing, f"{lang}: не переведено: {missing}"


@pytest.mark.parametrize(("lang", "domain"), CATALOGS)
def test_msgfmt_accepts_the_catalog(lang, domain, tmp_path):
    """GNU msgfmt's own checks (format strings, header), where gettext is installed."""
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        pytest.skip("нет msgfmt (пакет gettext)")
    po = LOCALE_DIR / lang / "LC_MESSAGES" / f"{domain}.po"
    result = subprocess.run(
        [msgfmt, "--check", "-o", str(tmp_path / "django.mo"), str(po)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
