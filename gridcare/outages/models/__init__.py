"""Models of the outages app, by sub-concept: the registry, reports and imports,
subscriptions."""

from gridcare.outages.models.registry import (
    Cause,
    ExclusionClass,
    HouseParity,
    Outage,
    OutageArea,
    OutageEvent,
    OutageKind,
    OutageSetting,
    OutageStatus,
    OutageSupplyPoint,
    RestorationEstimate,
)
from gridcare.outages.models.reports import (
    OutageSuggestion,
    PowerReport,
    ReportChannel,
    ScheduleImport,
)
from gridcare.outages.models.subscriptions import Subscription

__all__ = [
    "Cause",
    "ExclusionClass",
    "HouseParity",
    "Outage",
    "OutageArea",
    "OutageEvent",
    "OutageKind",
    "OutageSetting",
    "OutageStatus",
    "OutageSuggestion",
    "OutageSupplyPoint",
    "PowerReport",
    "ReportChannel",
    "RestorationEstimate",
    "ScheduleImport",
    "Subscription",
]
