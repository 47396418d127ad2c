"""Writes on login identity: API tokens."""

from datetime import timedelta

from django.utils import timezone

from gridcare.accounts.models import ApiToken, User

# A mobile app keeps its token this long; logging in again issues a new one.
API_TOKEN_LIFETIME = timedelta(days=90)


def api_token_issue(
    *, user: User, name: str = "", user_agent: str = "", ip_address: str | None = None
) -> tuple[ApiToken, str]:
    """Issue a bearer token for an authenticated, active user; return the record and
    the token itself, which is shown once and stored only as its hash."""
    key = ApiToken.generate_key()
    token = ApiToken.objects.create(
        user=user,
        name=name.strip()[:100],
        key_hash=ApiToken.hash_key(key),
        expires_at=timezone.now() + API_TOKEN_LIFETIME,
        user_agent=user_agent[:300],
        ip_address=ip_address or None,
    )
    return token, key


def api_token_revoke(*, token: ApiToken) -> None:
    """Revoke a token (logout of the app); revoking twice changes nothing."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
