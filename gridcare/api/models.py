"""Idempotency records of the API: a retried create returns the first result."""

from django.conf import settings
from django.db import models


class IdempotentRequest(models.Model):
    """The response given to the first request with an Idempotency-Key, per user.

    Written in the same transaction as the object it created, so after a crash either
    both exist or neither does."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, related_name="+"
    )
    # For anonymous callers (internet reception) the key is scoped by the client address.
    scope = models.CharField(max_length=64, default="")
    key = models.CharField(max_length=128)
    operation = models.CharField(max_length=100)
    request_hash = models.CharField(max_length=64)
    status_code = models.PositiveSmallIntegerField()
    # The response body exactly as first sent (JSON text, not a JSONField: PostgreSQL's
    # jsonb would reorder the keys and a replay would differ from the first answer).
    response = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        # Two partial indexes: NULLs are distinct in a plain unique index, so
        # (NULL, scope, key) would not stop an anonymous caller's duplicate.
        constraints = [
            models.UniqueConstraint(
                fields=["user", "key"],
                condition=models.Q(user__isnull=False),
                name="idempotency_unique_user_key",
            ),
            models.UniqueConstraint(
                fields=["scope", "key"],
                condition=models.Q(user__isnull=True),
                name="idempotency_unique_anonymous_key",
            ),
        ]
