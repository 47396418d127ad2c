"""PDF documents generated from an application's data: versioned, stored once, never
regenerated silently after issue."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gridcare.grid_connections.codes import DocumentKind
from gridcare.grid_connections.models.applications import ConnectionApplication


def _document_path(instance: "GeneratedDocument", filename: str) -> str:
    return (
        f"grid_connections/documents/{instance.stored_name[:2]}/{instance.stored_name}"
    )


class GeneratedDocument(models.Model):
    """One issued version of a document (the application as filed, the technical
    conditions, the offer, the invoice, the act or the notice). The PDF is rendered
    once from `data` and served from storage; a new version needs an explicit reissue
    with a reason, and the old one stays readable."""

    application = models.ForeignKey(
        ConnectionApplication, on_delete=models.PROTECT, related_name="documents"
    )
    kind = models.CharField(_("документ"), max_length=24, choices=DocumentKind.choices)
    version = models.PositiveSmallIntegerField(_("версия"))
    number = models.CharField(_("номер документа"), max_length=60)
    file = models.FileField(upload_to=_document_path, max_length=200)
    stored_name = models.CharField(max_length=80, unique=True)
    size = models.PositiveIntegerField(_("размер, байт"))
    sha256 = models.CharField(max_length=64)
    # The data the PDF was rendered from (a snapshot: the record of what was issued).
    data = models.JSONField(_("данные документа"), default=dict)
    issued_at = models.DateTimeField(_("выдан"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    superseded_at = models.DateTimeField(_("заменён"), null=True, blank=True)
    reissue_reason = models.TextField(_("причина новой версии"), blank=True)

    class Meta:
        ordering = ["application", "kind", "version"]
        verbose_name = _("документ по заявке на ТП")
        verbose_name_plural = _("документы по заявкам на ТП")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "kind", "version"],
                name="gc_document_version_unique",
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=[k.value for k in DocumentKind]),
                name="gc_document_kind_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} № {self.number} (версия {self.version})"

    @property
    def is_current(self) -> bool:
        return self.superseded_at is None

    @property
    def filename(self) -> str:
        return f"{self.kind}-{self.number}-v{self.version}.pdf".replace("/", "-")
