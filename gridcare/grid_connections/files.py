"""Checks and storage of the documents applicants attach: type by content, size,
count; stored under generated names outside the database."""

import hashlib
import secrets
from collections.abc import Sequence

import filetype
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.translation import gettext as _

from gridcare.core.errors import ApplicationError
from gridcare.grid_connections.models import ApplicationFile, ConnectionApplication

# Scans and photos of documents, detected from the bytes, not the name.
ALLOWED_TYPES = frozenset(
    {"application/pdf", "image/jpeg", "image/png", "image/heic", "image/tiff"}
)


def files_validate(files: Sequence[UploadedFile]) -> list[tuple[UploadedFile, str]]:
    """Check every file; raise ApplicationError naming the first bad one. No writes."""
    if len(files) > settings.UPLOAD_MAX_FILES:
        raise ApplicationError(
            _("Можно приложить не более %(n)s файлов за раз.")
            % {"n": settings.UPLOAD_MAX_FILES},
            code="too_many_files",
        )
    checked = []
    for upload in files:
        name = upload.name or "file"
        if not upload.size:
            raise ApplicationError(
                _("Файл «%(name)s» пустой.") % {"name": name}, code="empty_file"
            )
        if upload.size > settings.UPLOAD_MAX_BYTES:
            raise ApplicationError(
                _("Файл «%(name)s» больше %(mb)s МБ.")
                % {"name": name, "mb": settings.UPLOAD_MAX_BYTES // (1024 * 1024)},
                code="file_too_large",
            )
        upload.seek(0)
        kind = filetype.guess(upload.read(8192))
        upload.seek(0)
        if kind is None or kind.mime not in ALLOWED_TYPES:
            raise ApplicationError(
                _(
                    "Файл «%(name)s»: такой тип не принимается. Приложите скан или "
                    "фото: PDF, JPEG, PNG, HEIC или TIFF."
                )
                % {"name": name},
                code="file_type",
            )
        checked.append((upload, kind.mime))
    return checked


def files_store(
    *,
    application: ConnectionApplication,
    requirement_code: str,
    files: list[tuple[UploadedFile, str]],
    uploaded_by: object | None,
) -> list[ApplicationFile]:
    """Save checked files under generated names for one required document."""
    stored = []
    for upload, content_type in files:
        digest = hashlib.sha256()
        for chunk in upload.chunks():
            digest.update(chunk)
        upload.seek(0)
        row = ApplicationFile(
            application=application,
            requirement_code=requirement_code,
            stored_name=secrets.token_hex(20),
            original_name=(upload.name or "file")[:255],
            content_type=content_type,
            size=upload.size or 0,
            sha256=digest.hexdigest(),
            uploaded_by=uploaded_by if getattr(uploaded_by, "pk", None) else None,  # type: ignore[misc]
            uploaded_at=timezone.now(),
        )
        row.file.save(row.stored_name, upload, save=False)
        row.save()
        stored.append(row)
    return stored
