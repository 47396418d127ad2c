"""Indicators of Приказ Минэнерго № 1256: Пsaidi, Пsaifi, quality of connection,
customer service; their editable rules, yearly inputs and the form 8.1 layout."""

from gridcare.indicators.models.connection import (
    ConnectionFormula,
    ConnectionFormulaTerm,
)
from gridcare.indicators.models.form81 import Form81Column
from gridcare.indicators.models.reliability import ExclusionRule, SupplyPointCount
from gridcare.indicators.models.service import (
    Direction,
    ScoreBand,
    ServiceParameter,
    ServiceParameterValue,
    SubIndicator,
    SubIndicatorWeight,
)

__all__ = [
    "ConnectionFormula",
    "ConnectionFormulaTerm",
    "Direction",
    "ExclusionRule",
    "Form81Column",
    "ScoreBand",
    "ServiceParameter",
    "ServiceParameterValue",
    "SubIndicator",
    "SubIndicatorWeight",
    "SupplyPointCount",
]
