"""/api/v1/consumer-accounts: registration and confirmation by code, password reset,
consents, linked accounts with exact JSON; idempotent creates; 404 for others."""

from datetime import timedelta

import pytest
from django.utils import timezone

from gridcare.accounts.models import User
from gridcare.api.testing import BASE, api_client
from gridcare.consumers.models import AccountLink, Consent

pytestmark = pytest.mark.django_db
URL = f"{BASE}/consumer-accounts"
START = (timezone.now() + timedelta(days=1)).replace(microsecond=0)


def _local(moment) -> str:
    return timezone.localtime(moment).isoformat(timespec="seconds")


def test_register_confirm_and_get_a_token(
    smtp, django_capture_on_commit_callbacks, time_machine
):
    time_machine.move_to(START, tick=False)
    client = api_client()
    body = {
        "full_name": "Смирнова Мария Ивановна",
        "login": "smirnova@example.ru",
        "password": "Kvartira-Baumana-9",
        "consents": ["service", "surveys"],
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post_json(
            f"{URL}/registration", body, HTTP_IDEMPOTENCY_KEY="reg-1"
        )
        replay = client.post_json(
            f"{URL}/registration", body, HTTP_IDEMPOTENCY_KEY="reg-1"
        )
    expected = {
        "login": "s***@example.ru",
        "channel": "email",
        "expires_at": _local(START + timedelta(minutes=10)),
        "resend_at": _local(START + timedelta(minutes=1)),
    }
    assert (response.status_code, response.json()) == (202, expected)
    assert (replay.status_code, replay.json()) == (202, expected)
    assert replay["Idempotency-Replayed"] == "true"
    assert len(smtp.to("smirnova@example.ru")) == 1
    user = User.objects.get(email="smirnova@example.ru")
    assert sorted(
        c.text.purpose for c in Consent.objects.filter(consumer__user=user)
    ) == [
        "service",
        "surveys",
    ]
    assert {c.channel for c in Consent.objects.filter(consumer__user=user)} == {
        "mobile_app"
    }

    wrong = client.post_json(
        f"{URL}/registration/confirm", {"login": "smirnova@example.ru", "code": "12345"}
    )
    assert wrong.status_code == 400
    assert wrong.json() == {
        "error": {
            "code": "code_invalid",
            "message": "Неверный код. Осталось попыток: 4.",
            "details": None,
        }
    }
    code = smtp.last_code("smirnova@example.ru")
    response = client.post_json(
        f"{URL}/registration/confirm",
        {"login": "smirnova@example.ru", "code": code, "device_name": "Pixel"},
    )
    assert response.status_code == 201
    data = response.json()
    assert data["user"]["email"] == "smirnova@example.ru"
    assert data["user"]["consumer_id"] == user.consumer.pk
    me = api_client()
    me.defaults["HTTP_AUTHORIZATION"] = f"Bearer {data['token']}"
    assert me.get(f"{BASE}/auth/me").status_code == 200


def test_register_without_required_consent_is_refused_and_nothing_saved():
    users = User.objects.count()
    response = api_client().post_json(
        f"{URL}/registration",
        {
            "full_name": "Смирнова Мария",
            "login": "+79171234567",
            "password": "Kvartira-Baumana-9",
            "consents": ["marketing"],
        },
    )
    assert response.status_code == 400
    assert response.json() == {
        "error": {
            "code": "consent_required",
            "message": "Без согласия на обработку персональных данных с целью "
            "«Рассмотрение обращений и оказание услуг» личный кабинет создать нельзя: "
            "без него мы не можем рассматривать обращения и оказывать услуги.",
            "details": None,
        }
    }
    assert User.objects.count() == users


def test_weak_password_lists_every_reason():
    response = api_client().post_json(
        f"{URL}/registration",
        {
            "full_name": "Смирнова Мария",
            "login": "+79171234567",
            "password": "1234",
            "consents": ["service"],
        },
    )
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "password_rejected"
    assert error["details"]["reasons"] == [
        "Введённый пароль слишком короткий. Он должен состоять из как минимум 8 символов.",
        "Введённый пароль слишком широко распространён.",
        "Введённый пароль состоит только из цифр.",
    ]


def test_password_reset_answers_the_same_for_unknown_logins(consumer, time_machine):
    time_machine.move_to(START, tick=False)
    client = api_client()
    known = client.post_json(f"{URL}/password-reset", {"login": "ivanova@example.ru"})
    unknown = client.post_json(f"{URL}/password-reset", {"login": "nobody@example.ru"})
    assert known.status_code == unknown.status_code == 202
    assert known.json()["expires_at"] == unknown.json()["expires_at"]
    again = client.post_json(f"{URL}/password-reset", {"login": "ivanova@example.ru"})
    assert again.status_code == 429
    assert again.json()["error"]["code"] == "code_resend_too_soon"


def test_link_account_exact_json_idempotent_and_unlink(consumer, billing_account):
    client = api_client(consumer)
    body = {"number": "1600000099", "meter_serial": "0987654321"}
    first = client.post_json(URL, body, HTTP_IDEMPOTENCY_KEY="link-1")
    replay = client.post_json(URL, body, HTTP_IDEMPOTENCY_KEY="link-1")
    point = billing_account.supply_points.get()
    meter = point.meters.get(removed_on=None)
    link = AccountLink.objects.get()
    expected = {
        "id": billing_account.pk,
        "number": "1600000099",
        "branch": str(billing_account.branch),
        "is_active": True,
        "linked_at": _local(link.linked_at),
        "can_unlink": True,
        "supply_points": [
            {
                "id": point.pk,
                "code": "SP-1600000099",
                "address": "г. Казань, ул. Баумана, д. 9",
                "premises": "12",
                "voltage_level": "NN",
                "voltage_level_label": "НН (0,4 кВ и ниже)",
                "max_power_kw": "15.00",
                "meters": [
                    {
                        "id": meter.pk,
                        "serial_number": "0987654321",
                        "model": "Меркурий 200",
                        "tariff_zones": 2,
                        "zones": [
                            {"code": "t1", "label": "Т1 (день)"},
                            {"code": "t2", "label": "Т2 (ночь)"},
                        ],
                        "is_remote": True,
                        "installed_on": None,
                        "verification_due_on": "2032-06-30",
                    }
                ],
            }
        ],
    }
    assert (first.status_code, first.json()) == (201, expected)
    assert (replay.status_code, replay.json()) == (201, expected)
    assert AccountLink.objects.count() == 1
    listing = client.get(URL).json()
    assert listing["count"] == 2
    assert [a["number"] for a in listing["items"]] == ["1600000001", "1600000099"]
    assert listing["items"][0]["can_unlink"] is False
    assert client.get(f"{URL}/{billing_account.pk}").json() == expected
    assert client.delete(f"{URL}/{billing_account.pk}").status_code == 204
    assert client.get(f"{URL}/{billing_account.pk}").status_code == 404


def test_wrong_pair_and_foreign_accounts(consumer, other_consumer, billing_account):
    client = api_client(consumer)
    response = client.post_json(URL, {"number": "1600000099", "meter_serial": "000"})
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "account_not_matched"
    own = consumer.consumer.accounts.get()
    stranger = api_client(other_consumer)
    assert stranger.get(f"{URL}/{own.pk}").status_code == 404
    assert stranger.delete(f"{URL}/{own.pk}").status_code == 404
    office = client.delete(f"{URL}/{own.pk}")
    assert office.status_code == 409
    assert office.json()["error"]["code"] == "account_not_linked_here"


def test_consents_give_withdraw_and_refusals(consumer, other_consumer):
    client = api_client(consumer)
    purposes = client.get(f"{URL}/consents/purposes").json()
    assert [(p["purpose"], p["is_required"], p["consent_id"]) for p in purposes] == [
        ("service", True, None),
        ("notifications", False, None),
        ("surveys", False, None),
        ("marketing", False, None),
    ]
    given = client.post_json(
        f"{URL}/consents", {"purpose": "marketing"}, HTTP_IDEMPOTENCY_KEY="c-1"
    )
    assert given.status_code == 201
    consent = Consent.objects.get()
    assert given.json() == {
        "id": consent.pk,
        "purpose": "marketing",
        "label": "Информация о новых услугах",
        "text_version": 1,
        "is_required": False,
        "given_at": _local(consent.given_at),
        "withdrawn_at": None,
        "channel": "mobile_app",
    }
    assert (
        client.post_json(
            f"{URL}/consents", {"purpose": "marketing"}, HTTP_IDEMPOTENCY_KEY="c-1"
        ).json()
        == given.json()
    )
    assert (
        api_client(other_consumer)
        .post_json(f"{URL}/consents/{consent.pk}/withdraw")
        .status_code
        == 404
    )
    withdrawn = client.post_json(f"{URL}/consents/{consent.pk}/withdraw")
    assert withdrawn.status_code == 200
    assert withdrawn.json()["withdrawn_at"] is not None
    service = client.post_json(f"{URL}/consents", {"purpose": "service"}).json()
    refused = client.post_json(f"{URL}/consents/{service['id']}/withdraw")
    assert refused.status_code == 409
    assert refused.json()["error"]["code"] == "consent_required"
    assert client.get(f"{URL}/consents").json()["count"] == 2


def test_anonymous_and_staff_get_no_accounts(specialist):
    assert api_client().get(URL).status_code == 401
    assert api_client(specialist).get(URL).json()["count"] == 0
