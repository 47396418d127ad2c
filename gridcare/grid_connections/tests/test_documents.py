"""Documents are PDFs rendered from data with the PT Sans font embedded, stored once
and never regenerated silently."""

import re
import zlib

import pytest

from gridcare.core.errors import ConflictError
from gridcare.grid_connections.codes import DocumentKind
from gridcare.grid_connections.documents import document_issue

pytestmark = pytest.mark.django_db


def _text_streams(pdf: bytes) -> bytes:
    out = b""
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            out += zlib.decompress(match.group(1))
        except zlib.error:
            continue
    return out


def test_application_pdf_embeds_cyrillic_font(make_filed):
    application = make_filed()
    document = application.documents.get(kind=DocumentKind.APPLICATION)
    pdf = document.file.read()
    assert pdf.startswith(b"%PDF")
    # Object dictionaries may sit in compressed object streams: search both.
    objects = pdf + _text_streams(pdf)
    assert b"/FontFile2" in objects  # the TrueType program is embedded…
    assert re.search(rb"/BaseFont\s*/[A-Z]{6}\+PT-?Sans", objects)  # …a PT Sans subset
    assert document.size == len(pdf) and document.version == 1
    assert document.data["application_number"] == application.number
    assert ["Заявитель", "Иванова Анна Петровна"] in document.data["rows"]
    # Cyrillic text is present as glyphs with a ToUnicode map (copyable text).
    assert b"/ToUnicode" in objects


def test_issued_document_is_not_regenerated_without_a_reason(make_filed, engineer):
    application = make_filed()
    first = application.documents.get()
    content = first.file.read()
    with pytest.raises(ConflictError) as err:
        document_issue(
            application=application,
            kind=DocumentKind.APPLICATION,
            number=application.number,
            data={"company": "X"},
            actor=engineer,
        )
    assert "только с указанием причины" in err.value.message
    first.refresh_from_db()
    assert first.is_current and first.file.read() == content
    second = document_issue(
        application=application,
        kind=DocumentKind.APPLICATION,
        number=application.number,
        data=first.data,
        actor=engineer,
        reissue_reason="Опечатка в адресе",
    )
    first.refresh_from_db()
    assert (second.version, second.is_current, first.is_current) == (2, True, False)
    assert application.events.filter(action="document_reissued").count() == 1
