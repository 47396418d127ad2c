"""Checks and storage of files attached to appeals: type by content, size, count;
stored under generated names outside the database."""

import hashlib
import secrets
from collections.abc import Sequence

import filetype
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.translation import gettext as _

from gridcare.appeals.models import Appeal, AppealAttachment, AppealMessage
from gridcare.core.errors import ApplicationError

# Content types accepted, detected from the file's bytes, not its name.
ALLOWED_TYPES = {
    "application/pdf": "pdf",
    "image/jpeg": "jpg",
    "image/png": "png",
    "image/heic": "heic",
    "image/tiff": "tif",
    "application/zip": "zip",  # docx/xlsx/odt are zip containers; refined below
}
_OFFICE_BY_EXT = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "odt": "application/vnd.oasis.opendocument.text",
}


def _detect(head: bytes, name: str) -> str | None:
    kind = filetype.guess(head)
    if kind is None:
        # Plain text has no signature: accept .txt that decodes as UTF-8.
        if name.lower().endswith(".txt"):
            try:
                head.decode("utf-8")
            except UnicodeDecodeError:
                return None
            return "text/plain"
        return None
    mime = kind.mime
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if mime in _OFFICE_BY_EXT.values():
        return mime
    if mime == "application/zip":
        return _OFFICE_BY_EXT.get(ext)  # a bare zip archive is not accepted
    return mime if mime in ALLOWED_TYPES else None


def attachments_validate(
    files: Sequence[UploadedFile],
) -> list[tuple[UploadedFile, str]]:
    """Check every file; raise ApplicationError naming the first bad one. No writes."""
    if len(files) > settings.UPLOAD_MAX_FILES:
        raise ApplicationError(
            _("Можно приложить не более %(count)s файлов.")
            % {"count": settings.UPLOAD_MAX_FILES},
            code="too_many_files",
        )
    checked = []
    for upload in files:
        name = upload.name or "file"
        if upload.size is None or upload.size == 0:
            raise ApplicationError(
                _("Файл «%(name)s» пустой.") % {"name": name}, code="empty_file"
            )
        if upload.size > settings.UPLOAD_MAX_BYTES:
            limit = settings.UPLOAD_MAX_BYTES // (1024 * 1024)
            raise ApplicationError(
                _("Файл «%(name)s» больше %(limit)s МБ.")
                % {"name": name, "limit": limit},
                code="file_too_large",
            )
        upload.seek(0)
        head = upload.read(8192)
        upload.seek(0)
        content_type = _detect(head, name)
        if content_type is None:
            raise ApplicationError(
                _(
                    "Файл «%(name)s»: такой тип не принимается. Допустимы PDF, JPEG, "
                    "PNG, HEIC, TIFF, DOCX, XLSX, ODT и текстовые файлы."
                )
                % {"name": name},
                code="file_type",
            )
        checked.append((upload, content_type))
    return checked


def attachments_store(
    *,
    appeal: Appeal,
    files: list[tuple[UploadedFile, str]],
    uploaded_by: object | None,
    message: AppealMessage | None = None,
    is_internal: bool = False,
) -> list[AppealAttachment]:
    """Save checked files under generated names and link them to the appeal."""
    stored = []
    for upload, content_type in files:
        digest = hashlib.sha256()
        for chunk in upload.chunks():
            digest.update(chunk)
        upload.seek(0)
        attachment = AppealAttachment(
            appeal=appeal,
            message=message,
            stored_name=secrets.token_hex(20),
            original_name=(upload.name or "file")[:255],
            content_type=content_type,
            size=upload.size or 0,
            sha256=digest.hexdigest(),
            is_internal=is_internal,
            uploaded_by=uploaded_by,  # type: ignore[misc]
            uploaded_at=timezone.now(),
        )
        attachment.file.save(attachment.stored_name, upload, save=False)
        attachment.save()
        stored.append(attachment)
    return stored
