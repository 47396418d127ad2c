"""The limited formatting of knowledge-base answers, rendered safely.

Everything is HTML-escaped first; then only this is turned into markup:

* ``**bold**``;
* lines starting with ``- `` or ``* `` make a bulleted list, ``1. `` a numbered one;
* ``[text](link)`` where the link is ``http(s)://host…`` or a site path ``/…``
  (never ``//host``, ``javascript:``, ``data:`` …); other links stay plain text;
* a blank line starts a paragraph, a single line break is kept.
"""

import re
from urllib.parse import urlsplit

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

_LINK = re.compile(r"\[([^\]\n]+)\]\(([^)\s]*)\)")
_BOLD = re.compile(r"\*\*(\S(?:.*?\S)?)\*\*")
_BULLET = re.compile(r"^\s*[-*]\s+(.*)$")
_NUMBERED = re.compile(r"^\s*\d{1,3}[.)]\s+(.*)$")
_PARAGRAPHS = re.compile(r"\n\s*\n")


def link_allowed(url: str) -> bool:
    """Tell whether a link may be shown: http(s) with a host, or a site path."""
    if not url or any(ch in url for ch in "\\\"'<> \t\n"):
        return False
    if url.startswith("/"):
        return not url.startswith("//")
    parts = urlsplit(url)
    return parts.scheme in {"http", "https"} and bool(parts.netloc)


def answer_problems(text: str) -> list[str]:
    """Russian reasons why an answer's formatting is refused (bad links)."""
    return [
        _(
            "Ссылка «%(url)s» не разрешена: используйте адрес http(s):// или "
            "адрес страницы сайта, начинающийся с /."
        )
        % {"url": match.group(2)}
        for match in _LINK.finditer(text)
        if not link_allowed(match.group(2))
    ]


def _bold(escaped: str) -> str:
    return _BOLD.sub(r"<strong>\1</strong>", escaped)


def _inline(text: str) -> str:
    out: list[str] = []
    position = 0
    for match in _LINK.finditer(text):
        out.append(_bold(escape(text[position : match.start()])))
        label, url = match.groups()
        if link_allowed(url):
            external = "" if url.startswith("/") else ' rel="noopener noreferrer"'
            out.append(f'<a href="{escape(url)}"{external}>{_bold(escape(label))}</a>')
        else:
            out.append(_bold(escape(match.group(0))))
        position = match.end()
    out.append(_bold(escape(text[position:])))
    return "".join(out)


def _block(block: str) -> str:
    lines = [line for line in block.split("\n") if line.strip()]
    html: list[str] = []
    plain: list[str] = []
    kind = ""
    items: list[str] = []

    def flush_plain() -> None:
        if plain:
            html.append("<p>" + "<br>".join(_inline(x.strip()) for x in plain) + "</p>")
            plain.clear()

    def flush_list() -> None:
        nonlocal kind
        if items:
            tag = "ol" if kind == "ol" else "ul"
            html.append(f"<{tag}>" + "".join(items) + f"</{tag}>")
            items.clear()
        kind = ""

    for line in lines:
        bullet, numbered = _BULLET.match(line), _NUMBERED.match(line)
        match, this = (bullet, "ul") if bullet else (numbered, "ol")
        if match is None:
            flush_list()
            plain.append(line)
            continue
        flush_plain()
        if kind and kind != this:
            flush_list()
        kind = this
        items.append(f"<li>{_inline(match.group(1).strip())}</li>")
    flush_plain()
    flush_list()
    return "".join(html)


def answer_html(text: str) -> SafeString:
    """Render an answer's limited formatting as safe HTML."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    blocks = [block for block in _PARAGRAPHS.split(text) if block.strip()]
    return mark_safe(
        "".join(_block(block) for block in blocks)
    )  # every piece escaped above


def answer_plain(text: str) -> str:
    """The answer without markup, links as «text (link)» (SMS, e-mail, search)."""

    def link(match: re.Match[str]) -> str:
        label, url = match.groups()
        return f"{label} ({url})" if link_allowed(url) else label

    return _BOLD.sub(r"\1", _LINK.sub(link, text or ""))
