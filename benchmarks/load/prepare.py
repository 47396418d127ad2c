"""Prepare a seeded database for the load suite and write the fixture locust reads.

Runs with the server's environment (DATABASE_URL…) after `gridcare demo_data`:
issues API tokens for demo consumers (with their accounts, points of supply and
appeals), operators and specialists; opens one unplanned outage on the busiest street
of the biggest town (the outage storm asks about it); picks addresses for lookups.

    python benchmarks/load/prepare.py --out var/load/fixture.json
"""

import argparse
import json
import os
import random
import sys
from pathlib import Path
from typing import Any


def _setup() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gridcare.settings")
    import django

    django.setup()


def _storm_outage(rng: random.Random) -> dict[str, Any]:
    from django.db.models import Count

    from gridcare.accounts.models import Role, User
    from gridcare.outages.models import Outage
    from gridcare.outages.outage_input import AreaInput, OutageInput
    from gridcare.outages.services import outage_register_unplanned
    from gridcare.territory.models import Building, Street

    street = (
        Street.objects.annotate(points=Count("buildings__supply_points"))
        .order_by("-points", "pk")
        .select_related("settlement")
        .first()
    )
    assert street is not None, "пустая база: сначала gridcare demo_data"
    outage = Outage.objects.filter(external_id="load-storm").first()
    if outage is None:
        actor = User.objects.filter(role=Role.SUPERVISOR).order_by("pk").first()
        outage = outage_register_unplanned(
            actor=actor,
            data=OutageInput(
                cause="equipment_failure",
                voltage_level="SN2",
                areas=[
                    AreaInput(settlement_id=street.settlement_id, street_id=street.pk)
                ],
                description="Повреждение кабельной линии 10 кВ.",
                external_id="load-storm",
            ),
        )
    numbers = list(
        Building.objects.filter(street=street).values_list("number", flat=True)[:300]
    )
    town = street.settlement.name
    # People write addresses their own way: with and without the town, abbreviated.
    forms = ["{town}, {street} {n}", "{street} {n}", "ул. {street}, д. {n}"]
    addresses = [
        rng.choice(forms).format(town=town, street=street.name, n=n) for n in numbers
    ]
    return {"outage_id": outage.pk, "street": str(street), "addresses": addresses}


def _consumers(n: int, rng: random.Random) -> list[dict[str, Any]]:
    from gridcare.accounts.services import api_token_issue
    from gridcare.appeals.models import Appeal
    from gridcare.consumers.models import Consumer

    ids = list(
        Consumer.objects.filter(user__isnull=False, accounts__isnull=False)
        .values_list("pk", flat=True)
        .distinct()
    )
    chosen = rng.sample(ids, min(n, len(ids)))
    people = []
    for consumer in Consumer.objects.filter(pk__in=chosen).select_related("user"):
        accounts = list(consumer.accounts.values_list("pk", flat=True))
        points = list(
            consumer.accounts.values_list("supply_points__pk", flat=True).exclude(
                supply_points__pk=None
            )
        )
        appeals = list(
            Appeal.objects.filter(consumer=consumer).values_list("pk", flat=True)[:20]
        )
        _token, key = api_token_issue(user=consumer.user, name="load test")
        people.append(
            {
                "token": key,
                "consumer_id": consumer.pk,
                "account_ids": accounts,
                "supply_point_ids": points,
                "appeal_ids": appeals,
            }
        )
    return people


def _staff(role: str, n: int) -> list[dict[str, Any]]:
    from gridcare.accounts.models import User
    from gridcare.accounts.services import api_token_issue

    staff = []
    for user in User.objects.filter(role=role, is_active=True).order_by("pk")[:n]:
        _token, key = api_token_issue(user=user, name="load test")
        staff.append({"token": key, "user_id": user.pk})
    return staff


def _addresses(n: int, rng: random.Random) -> list[str]:
    from gridcare.territory.models import Building

    ids = list(Building.objects.values_list("pk", flat=True))
    chosen = rng.sample(ids, min(n, len(ids)))
    return [
        f"{b.settlement.name}, {b.street.name if b.street else ''} {b.number}".strip()
        for b in Building.objects.filter(pk__in=chosen).select_related(
            "settlement", "street"
        )
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--consumers", type=int, default=300)
    parser.add_argument("--seed", type=int, default=10)
    args = parser.parse_args()
    _setup()
    from gridcare.accounts.models import Role

    rng = random.Random(args.seed)
    fixture = {
        "storm": _storm_outage(rng),
        "consumers": _consumers(args.consumers, rng),
        "operators": _staff(Role.OPERATOR, 20),
        "addresses": _addresses(500, rng),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(fixture, ensure_ascii=False, indent=1))
    print(
        f"fixture: {len(fixture['consumers'])} consumers, "
        f"{len(fixture['operators'])} operators, outage {fixture['storm']['outage_id']} "
        f"on {fixture['storm']['street']}"
    )


if __name__ == "__main__":
    main()
