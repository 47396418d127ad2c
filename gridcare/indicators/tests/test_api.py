"""API /api/v1/indicators: read-only, staff with `report.view`; exact JSON."""

import pytest

from gridcare.api.testing import BASE, api_client

pytestmark = pytest.mark.django_db

FORBIDDEN = {
    "error": {
        "code": "forbidden",
        "message": "Недостаточно прав для этого действия.",
        "details": None,
    }
}


def _level(
    level, label, points, outages, interruptions, hours, saidi, saifi, entered=True
):
    return {
        "level": level,
        "label": label,
        "points": points,
        "points_entered": entered,
        "outages": outages,
        "interruptions": interruptions,
        "hours": hours,
        "saidi": saidi,
        "saifi": saifi,
    }


def test_year_indicators_for_an_analyst(analyst, example):
    response = api_client(analyst).get(f"{BASE}/indicators/years/2025")

    assert response.status_code == 200
    body = response.json()
    reliability = body["reliability"]
    assert reliability["levels"] == [
        _level("VN", "ВН (110 кВ и выше)", 0, 0, 0, "0.0000", None, None),
        _level("SN1", "СН1 (35 кВ)", 2, 1, 1, "0.0333", "0.0167", "0.5000"),
        _level("SN2", "СН2 (1–20 кВ)", 8, 1, 1, "2.2500", "0.2813", "0.1250"),
        _level("NN", "НН (0,4 кВ и ниже)", 40, 3, 12, "38.5000", "0.9625", "0.3000"),
    ]
    assert reliability["total"] == _level(
        "total", "Всего", 50, 4, 14, "40.7833", "0.8157", "0.2800"
    )
    assert (reliability["outages_counted"], reliability["outages_excluded"]) == (4, 2)
    assert [r["code"] for r in reliability["rules"]] == [
        "consumer_request",
        "consumer_network",
        "force_majeure",
        "load_shedding",
    ]
    assert body["connection"] == {
        "formula": "Доля сроков ТП, соблюдённых сетевой организацией "
        "(по умолчанию, не подтверждено)",
        "status_mark": "❓",
        "expression": "0 + 1 × «Доля сроков всех этапов, соблюдённых»",
        "value": None,
        "terms": [
            {
                "measure": "all_on_time_share",
                "label": "Доля сроков всех этапов, соблюдённых",
                "weight": "1.0000",
                "numerator": 0,
                "denominator": 0,
                "value": None,
            }
        ],
        "stages": [
            {
                "stage": "offer",
                "label": "Направление договора (оферты) и технических условий",
                "with_deadline": 0,
                "on_time": 0,
                "late": 0,
                "overdue_open": 0,
            },
            {
                "stage": "connection",
                "label": "Фактическое присоединение",
                "with_deadline": 0,
                "on_time": 0,
                "late": 0,
                "overdue_open": 0,
            },
        ],
    }
    service = body["customer_service"]
    assert service["value"] is None
    assert [
        (s["code"], s["form"], len(s["parameters"])) for s in service["sub_indicators"]
    ] == [
        ("informativeness", "2.1 / 6.1", 6),
        ("timeliness", "2.2 / 6.2", 5),
        ("feedback", "2.3 / 6.3", 6),
    ]
    assert service["sub_indicators"][0]["parameters"][0] == {
        "number": "1.1",
        "name": "Структурные подразделения, ведущие личный приём заявителей и "
        "потребителей уполномоченными сотрудниками, % от всех структурных подразделений",
        "status_mark": "✅",
        "direction": "direct",
        "fact_entered": True,
        "fact": None,
        "plan": None,
        "ratio": None,
        "score": None,
    }


def test_protocol_is_paginated(supervisor, example):
    response = api_client(supervisor).get(
        f"{BASE}/indicators/years/2025/reliability/protocol?limit=2&offset=3"
    )

    assert response.status_code == 200
    assert response.json() == {
        "count": 6,
        "limit": 2,
        "offset": 3,
        "items": [
            {
                "outage_id": example["D"].pk,
                "kind": "unplanned",
                "cause": "consumer_request",
                "started_at": "2025-07-01T08:00:00+03:00",
                "ended_at": "2025-07-01T09:00:00+03:00",
                "duration_hours": "1.0000",
                "points_by_level": {"NN": 1},
                "counted": False,
                "exclusion_rule": "consumer_request",
                "reason": "Отключение по заявке потребителя (Приказ Минэнерго России от "
                "29.11.2016 № 1256 (ред. 544, 399): перечень прекращений, не учитываемых "
                "в Пsaidi/Пsaifi, не подтверждён — проверить по тексту.) ❓",
            },
            {
                "outage_id": example["E"].pk,
                "kind": "unplanned",
                "cause": "equipment_failure",
                "started_at": "2025-08-01T00:00:00+03:00",
                "ended_at": "2025-08-01T05:00:00+03:00",
                "duration_hours": "5.0000",
                "points_by_level": {"SN2": 3},
                "counted": False,
                "exclusion_rule": "force_majeure",
                "reason": "Обстоятельства непреодолимой силы (класс прекращения) (Приказ "
                "Минэнерго России от 29.11.2016 № 1256 (ред. 544, 399): перечень "
                "прекращений, не учитываемых в Пsaidi/Пsaifi, не подтверждён — проверить "
                "по тексту.) ❓",
            },
        ],
    }


def test_form81_data(administrator, example):
    response = api_client(administrator).get(
        f"{BASE}/indicators/form81?year=2025&month=9"
    )

    assert response.status_code == 200
    body = response.json()
    assert body["title"] == "Форма 8.1 за сентябрь 2025 г."
    assert [c["field"] for c in body["columns"]][:3] == [
        "row_number",
        "branch",
        "district_unit",
    ]
    assert body["rows"] == [
        [1, "Казанские электрические сети", "", "СН1 (35 кВ)", "", "Аварийное",
         "Повреждение оборудования", "01.09.2025 10:00", "01.09.2025 10:02", "0.0333", 1,
         0, 1, 0, 0, "0.0333", "да", ""],
    ]  # fmt: skip
    assert body["summary"][1] == _level(
        "SN1", "СН1 (35 кВ)", 2, 1, 1, "0.0333", "0.0167", "0.5000"
    )


@pytest.mark.parametrize("who", ["consumer", "operator", "specialist"])
def test_consumers_and_front_office_are_refused(request, who):
    client = api_client(request.getfixturevalue(who))

    for path in (
        "/indicators/years/2025",
        "/indicators/years/2025/reliability/protocol",
        "/indicators/form81?year=2025&month=3",
    ):
        response = client.get(f"{BASE}{path}")
        assert (response.status_code, response.json()) == (403, FORBIDDEN)


def test_anonymous_needs_a_token():
    response = api_client().get(f"{BASE}/indicators/years/2025")

    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthorized"


def test_bad_month_and_year_are_explained(analyst):
    client = api_client(analyst)

    month = client.get(f"{BASE}/indicators/form81?year=2025&month=13")
    year = client.get(f"{BASE}/indicators/years/1900")

    assert month.status_code == 422
    assert month.json() == {
        "error": {
            "code": "validation_error",
            "message": "Поле «month»: не больше 12.",
            "details": {"fields": [{"field": "month", "message": "не больше 12"}]},
        }
    }
    assert (year.status_code, year.json()) == (
        400,
        {
            "error": {
                "code": "year_invalid",
                "message": "Год должен быть от 2010 до 2100.",
                "details": None,
            }
        },
    )
