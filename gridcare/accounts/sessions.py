"""The sessions a person has open: browser logins (UserSession) and API tokens. Listed
on «Мои сеансы» and in the API; each can be ended by its owner only."""

from dataclasses import dataclass
from datetime import timedelta
from importlib import import_module

from django.conf import settings
from django.contrib.auth import login as django_login
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from gridcare.accounts.models import ApiToken, User, UserSession
from gridcare.core.errors import NotFoundError

# How often last_seen_at is refreshed (one write per session per 5 minutes).
LAST_SEEN_PRECISION = timedelta(minutes=5)
SEEN_KEY = "_gridcare_seen"


def _session_store(session_key: str):  # type: ignore[no-untyped-def]
    engine = import_module(settings.SESSION_ENGINE)
    return engine.SessionStore(session_key)


def _ip(request: HttpRequest) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


def _agent(request: HttpRequest) -> str:
    return str(request.META.get("HTTP_USER_AGENT", ""))[:300]


def user_session_login(*, request: HttpRequest, user: User) -> UserSession:
    """Log `user` in on this request (a new session key) and record the session."""
    django_login(request, user, backend=settings.AUTHENTICATION_BACKENDS[0])
    request.session.save()
    now = timezone.now()
    session, _created = UserSession.objects.update_or_create(
        session_key=request.session.session_key,
        defaults={
            "user": user,
            "user_agent": _agent(request),
            "ip_address": _ip(request),
            "started_at": now,
            "last_seen_at": now,
            "ended_at": None,
        },
    )
    request.session[SEEN_KEY] = now.timestamp()
    return session


def user_session_touch(*, request: HttpRequest) -> None:
    """Refresh the current session's last activity, at most every 5 minutes."""
    session = getattr(request, "session", None)
    user = getattr(request, "user", None)
    if session is None or user is None or not user.is_authenticated:
        return
    now = timezone.now()
    seen = session.get(SEEN_KEY)
    if seen is not None and now.timestamp() - float(seen) < (
        LAST_SEEN_PRECISION.total_seconds()
    ):
        return
    if session.session_key:
        UserSession.objects.filter(
            session_key=session.session_key, user=user, ended_at=None
        ).update(last_seen_at=now, ip_address=_ip(request))
    session[SEEN_KEY] = now.timestamp()


def user_session_list_for_user(*, user: object) -> QuerySet[UserSession]:
    """The user's open browser sessions, most recently active first."""
    return UserSession.objects.filter(user=user, ended_at=None).order_by(  # type: ignore[misc]
        "-last_seen_at", "-id"
    )


def user_session_get_for_user(*, user: object, session_id: int) -> UserSession:
    """The user's own open session; NotFoundError for anyone else's or an ended one."""
    session = user_session_list_for_user(user=user).filter(pk=session_id).first()
    if session is None:
        raise NotFoundError(_("Сеанс не найден."))
    return session


def user_session_end(*, session: UserSession) -> None:
    """End a session: the browser holding it is logged out. Ending twice is a no-op."""
    if session.ended_at is not None:
        return
    _session_store(session.session_key).delete()
    session.ended_at = timezone.now()
    session.save(update_fields=["ended_at"])


def user_session_end_all(*, user: User, except_session_key: str | None = None) -> int:
    """End every open session of the user but the one given; return how many."""
    ended = 0
    for session in user_session_list_for_user(user=user):
        if except_session_key and session.session_key == except_session_key:
            continue
        user_session_end(session=session)
        ended += 1
    return ended


def api_token_list_for_user(*, user: object) -> QuerySet[ApiToken]:
    """The user's tokens still in force (not revoked, not expired), newest first."""
    return ApiToken.objects.filter(
        Q(expires_at__isnull=True) | Q(expires_at__gt=timezone.now()),
        user=user,  # type: ignore[misc]
        revoked_at__isnull=True,
    ).order_by("-created_at", "-id")


def api_token_get_for_user(*, user: object, token_id: int) -> ApiToken:
    """The user's own token in force; NotFoundError otherwise."""
    token = api_token_list_for_user(user=user).filter(pk=token_id).first()
    if token is None:
        raise NotFoundError(_("Токен не найден."))
    return token


def api_token_revoke_all(*, user: User, except_token_id: int | None = None) -> int:
    """Revoke every token of the user but the one given; return how many."""
    tokens = api_token_list_for_user(user=user)
    if except_token_id is not None:
        tokens = tokens.exclude(pk=except_token_id)
    return tokens.update(revoked_at=timezone.now())


@dataclass(frozen=True)
class SignOutSummary:
    sessions: int
    tokens: int


def user_sign_out_everywhere(
    *,
    user: User,
    except_session_key: str | None = None,
    except_token_id: int | None = None,
) -> SignOutSummary:
    """End all sessions and revoke all tokens of the user but the current ones."""
    return SignOutSummary(
        sessions=user_session_end_all(user=user, except_session_key=except_session_key),
        tokens=api_token_revoke_all(user=user, except_token_id=except_token_id),
    )
