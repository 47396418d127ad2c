"""The required-power calculator: appliances × quantity × simultaneity."""

from decimal import Decimal

import pytest

from gridcare.core.errors import ApplicationError
from gridcare.grid_connections.models import ApplianceType, PowerProfile
from gridcare.grid_connections.power import ApplianceInput, required_power_calculate

pytestmark = pytest.mark.django_db


def test_house_with_stove_kettle_and_boiler_explains_every_step():
    stove = ApplianceType.objects.get(name="Электроплита")  # 7 kW, seeded
    kettle = ApplianceType.objects.get(name="Электрочайник")  # 2 kW
    house = PowerProfile.objects.get(name="Частный дом")  # 0,70 ⚠️
    result = required_power_calculate(
        items=[
            ApplianceInput(quantity=1, appliance_id=stove.pk),
            ApplianceInput(quantity=2, appliance_id=kettle.pk),
            ApplianceInput(quantity=1, name="Бойлер", power_kw=Decimal("1.5")),
        ],
        profile_id=house.pk,
    )
    # 7 + 2 × 2 + 1,5 = 12,5 kW × 0,7 = 8,75 kW → 9 kW recommended.
    assert result.installed_kw == Decimal("12.500")
    assert result.required_kw == Decimal("8.75")
    assert result.recommended_kw == 9
    assert result.suggested_category == "individual_15"
    assert result.explanation[0] == "Электроплита: 7 кВт × 1 = 7 кВт"
    assert "8,75 кВт" in result.explanation[4]


def test_custom_coefficient_and_refusals():
    result = required_power_calculate(
        items=[ApplianceInput(quantity=10, name="Станок", power_kw=Decimal("5"))],
        simultaneity=Decimal("0.5"),
    )
    assert (result.required_kw, result.recommended_kw) == (Decimal("25.00"), 25)
    for kwargs, code in [
        ({"items": []}, "items_required"),
        (
            {
                "items": [ApplianceInput(quantity=1, name="X", power_kw=Decimal(1))],
                "simultaneity": Decimal("1.5"),
            },
            "simultaneity_invalid",
        ),
        (
            {
                "items": [ApplianceInput(quantity=0, name="X", power_kw=Decimal(1))],
                "simultaneity": Decimal("1"),
            },
            "quantity_invalid",
        ),
    ]:
        with pytest.raises(ApplicationError) as err:
            required_power_calculate(**kwargs)
        assert err.value.code == code
