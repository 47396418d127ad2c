"""The SECRET_KEY guard. Without DEBUG a key must be given; commands that sign
nothing (makemigrations, lint tools) run on a throwaway key, while `check --deploy`,
the app server (asgi.py) and the task worker (`gridcare db_worker`) refuse."""

from typing import Any

from django.conf import settings
from django.core.checks import Error, register
from django.core.exceptions import ImproperlyConfigured

SECRET_KEY_MESSAGE = (
    "Не задан SECRET_KEY: без DEBUG=1 ключ обязателен "
    "(переменная SECRET_KEY или файл SECRET_KEY_FILE)."
)


@register(deploy=True)
def secret_key_given(app_configs: Any, **kwargs: Any) -> list[Error]:
    if not settings.SECRET_KEY_MISSING:
        return []
    return [
        Error(
            SECRET_KEY_MESSAGE,
            hint="Сгенерируйте ключ, например: python -c "
            '"import secrets; print(secrets.token_urlsafe(50))"',
            id="gridcare.E001",
        )
    ]


def require_secret_key() -> None:
    """Never serve or run tasks with a throwaway key: sessions, signed links and
    tokens would break on every restart."""
    if settings.SECRET_KEY_MISSING:
        raise ImproperlyConfigured(SECRET_KEY_MESSAGE)
