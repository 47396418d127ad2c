"""Deployment checks of login security (`gridcare check --deploy`)."""

from typing import Any

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def staff_two_factor_required(app_configs: Any, **kwargs: Any) -> list[Warning]:
    if settings.STAFF_TWO_FACTOR == "required":
        return []
    return [
        Warning(
            "Вход сотрудников без обязательного второго фактора.",
            hint="Задайте STAFF_TWO_FACTOR=required в производственной среде.",
            id="gridcare.W001",
        )
    ]
