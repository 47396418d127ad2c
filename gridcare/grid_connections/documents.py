"""Issue of PDF documents generated from an application's data.

A document is rendered once from a data snapshot (document_data.py), with the PT Sans
font (OFL, vendored in static/grid_connections/fonts) embedded, and stored. It is
never regenerated silently: issuing a kind that already has a current version needs an
explicit reason; the old version is marked superseded and stays downloadable.
Runs inside the caller's transaction."""

import hashlib
import secrets
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from gridcare.core.errors import ConflictError
from gridcare.grid_connections.codes import DocumentKind
from gridcare.grid_connections.events import application_event_add
from gridcare.grid_connections.models import ConnectionApplication, GeneratedDocument

FONT_DIR = Path(settings.BASE_DIR) / "static" / "grid_connections" / "fonts"
FONT_FILES = {
    "regular": FONT_DIR / "PTSans_400Regular.ttf",
    "bold": FONT_DIR / "PTSans_700Bold.ttf",
}


def document_render_pdf(*, kind: str, data: dict[str, object]) -> bytes:
    """Render a document's PDF from its data snapshot (fonts embedded, never the
    system's)."""
    from weasyprint import HTML  # heavy import: only where PDFs are made

    html = render_to_string(
        f"grid_connections/pdf/{kind}.html",
        {
            "data": data,
            "kind_label": DocumentKind(kind).label,
            "font_regular": FONT_FILES["regular"].as_uri(),
            "font_bold": FONT_FILES["bold"].as_uri(),
        },
    )
    return HTML(string=html, base_url=str(FONT_DIR)).write_pdf()


def document_issue(
    *,
    application: ConnectionApplication,
    kind: str,
    number: str,
    data: dict[str, object],
    actor: object | None,
    reissue_reason: str = "",
) -> GeneratedDocument:
    """Render, store and record a document version; refuse to replace an issued
    document unless `reissue_reason` says why (then the old one is superseded)."""
    now = timezone.now()
    current = (
        GeneratedDocument.objects.select_for_update()
        .filter(application=application, kind=kind, superseded_at__isnull=True)
        .first()
    )
    reason = reissue_reason.strip()
    if current is not None and not reason:
        raise ConflictError(
            _(
                "Документ «%(kind)s» уже выдан (версия %(version)s). Новую версию "
                "можно выпустить только с указанием причины."
            )
            % {"kind": DocumentKind(kind).label, "version": current.version},
            code="document_already_issued",
        )
    version = 1
    last = (
        GeneratedDocument.objects.filter(application=application, kind=kind)
        .order_by("-version")
        .values_list("version", flat=True)
        .first()
    )
    if last:
        version = last + 1
    pdf = document_render_pdf(kind=kind, data={**data, "version": version})
    document = GeneratedDocument(
        application=application,
        kind=kind,
        version=version,
        number=number,
        stored_name=secrets.token_hex(20),
        size=len(pdf),
        sha256=hashlib.sha256(pdf).hexdigest(),
        data=data,
        issued_at=now,
        issued_by=actor if getattr(actor, "pk", None) else None,  # type: ignore[misc]
        reissue_reason=reason,
    )
    document.file.save(document.stored_name, ContentFile(pdf), save=False)
    document.save()
    if current is not None:
        current.superseded_at = now
        current.save(update_fields=["superseded_at"])
        application_event_add(
            application=application,
            actor=actor,
            action="document_reissued",
            at=now,
            kind=kind,
            version=version,
            reason=reason,
        )
    return document
