"""The year's indicators in one read: Пsaidi/Пsaifi, Птпр and Птсо with their inputs."""

from dataclasses import dataclass
from datetime import datetime

from gridcare.accounts.roles import has_right
from gridcare.core.errors import PermissionDeniedError
from gridcare.indicators.connection_quality import (
    ConnectionQualityResult,
    connection_quality,
)
from gridcare.indicators.customer_service import (
    ServiceQualityResult,
    customer_service_quality,
)
from gridcare.indicators.models import (
    ServiceParameter,
    ServiceParameterValue,
    SupplyPointCount,
)
from gridcare.indicators.reliability import ReliabilityResult, interruption_indicators
from gridcare.indicators.rights import VIEW_RIGHT


@dataclass(frozen=True)
class YearIndicators:
    year: int
    reliability: ReliabilityResult
    connection: ConnectionQualityResult
    service: ServiceQualityResult


def indicator_year_get(*, year: int, now: datetime | None = None) -> YearIndicators:
    """Compute every indicator of the year (no right check: for commands and exports
    already behind one)."""
    connection = connection_quality(year, now=now)
    return YearIndicators(
        year=year,
        reliability=interruption_indicators(year),
        connection=connection,
        service=customer_service_quality(year, stages=connection.stages, now=now),
    )


def indicator_year_get_for_user(
    *, user: object, year: int, now: datetime | None = None
) -> YearIndicators:
    """The year's indicators for a user with the viewing right, else refused (403)."""
    if not has_right(user, VIEW_RIGHT):
        raise PermissionDeniedError()
    return indicator_year_get(year=year, now=now)


def indicators_require_view(user: object) -> None:
    """Refuse (403) a user without the viewing right."""
    if not has_right(user, VIEW_RIGHT):
        raise PermissionDeniedError()


@dataclass(frozen=True)
class YearInputs:
    """What staff enter for a year: plans and facts, N_max per level."""

    parameters: list[ServiceParameter]
    values: dict[int, ServiceParameterValue]
    points: dict[str, int]


def indicator_inputs_get(*, year: int) -> YearInputs:
    """Return the active parameters with the year's entered values and N_max entries."""
    return YearInputs(
        parameters=list(ServiceParameter.objects.filter(is_active=True)),
        values={
            v.parameter_id: v for v in ServiceParameterValue.objects.filter(year=year)
        },
        points=dict(
            SupplyPointCount.objects.filter(year=year).values_list(
                "voltage_level", "points"
            )
        ),
    )
