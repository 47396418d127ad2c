"""Models of grid connection, split by sub-concept; import them from here."""

from gridcare.grid_connections.models.applications import (
    ApplicationCounter,
    ApplicationEvent,
    ApplicationFile,
    ApplicationStage,
    ConnectionApplication,
    CorrectionRequest,
)
from gridcare.grid_connections.models.conditions import TechnicalConditions, WorksRecord
from gridcare.grid_connections.models.documents import GeneratedDocument
from gridcare.grid_connections.models.rates import (
    RateCode,
    RateItem,
    RateTable,
    RateUnit,
)
from gridcare.grid_connections.models.reference import (
    ApplianceType,
    DocumentRequirement,
    PowerProfile,
    SpecialGroup,
    StageDeadlineRule,
)

__all__ = [
    "ApplianceType",
    "ApplicationCounter",
    "ApplicationEvent",
    "ApplicationFile",
    "ApplicationStage",
    "ConnectionApplication",
    "CorrectionRequest",
    "DocumentRequirement",
    "GeneratedDocument",
    "PowerProfile",
    "RateCode",
    "RateItem",
    "RateTable",
    "RateUnit",
    "SpecialGroup",
    "StageDeadlineRule",
    "TechnicalConditions",
    "WorksRecord",
]
