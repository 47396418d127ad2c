"""Shared model bases. No domain models live here."""

from django.conf import settings
from django.db import models


def choice_in(field: str, choices: type[models.TextChoices]) -> models.Q:
    """The condition of a CheckConstraint: `field` holds one of `choices`' codes."""
    return models.Q(**{f"{field}__in": [c.value for c in choices]})


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField("создано", auto_now_add=True)
    updated_at = models.DateTimeField("изменено", auto_now=True)

    class Meta:
        abstract = True


class HistoryEvent(models.Model):
    """One row of an entity's history: who moved it from which status to which, when,
    with what details. Each app's `<Entity>Event` adds the foreign key to its entity
    and is written by that app's `events.py`; rows are only ever inserted."""

    at = models.DateTimeField("когда")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    action = models.CharField("действие", max_length=32)
    from_status = models.CharField("из статуса", max_length=16, blank=True)
    to_status = models.CharField("в статус", max_length=16, blank=True)
    details = models.JSONField("подробности", default=dict, blank=True)

    class Meta:
        abstract = True
        ordering = ["at", "id"]
