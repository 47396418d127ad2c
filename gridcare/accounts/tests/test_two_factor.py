"""Two-factor login of staff: TOTP codes after the password (gridcare.accounts.two_factor)."""

import json
from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client, override_settings
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from gridcare.conftest import PASSWORD

QUEUE = "/staff/appeals/"


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, digits=device.digits):06d}"


def _device(user, *, confirmed: bool = True) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="phone", confirmed=confirmed)


def _login(client: Client, user) -> object:
    return client.post("/login/", {"username": user.email, "password": PASSWORD})


@pytest.mark.django_db
def test_enrolled_mode_lets_staff_without_an_app_in(client, supervisor):
    _login(client, supervisor)

    assert client.get(QUEUE).status_code == 200


@pytest.mark.django_db
@override_settings(STAFF_TWO_FACTOR="required")
def test_required_mode_sends_staff_to_set_up_an_app(client, supervisor):
    _login(client, supervisor)

    response = client.get(QUEUE)

    assert response.status_code == 302
    assert response["Location"] == f"/account/two-factor/?next={QUEUE}"
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert 'src="data:image/svg+xml' in page.content.decode()


@pytest.mark.django_db
@override_settings(STAFF_TWO_FACTOR="required")
def test_setup_confirms_the_app_by_its_first_code(client, supervisor):
    _login(client, supervisor)
    client.get("/account/two-factor/")
    device = TOTPDevice.objects.get(user=supervisor)

    wrong = client.post("/account/two-factor/", {"code": "000000", "next": QUEUE})
    device.refresh_from_db()
    assert wrong.status_code == 400
    assert "Код не подошёл" in wrong.content.decode()
    assert device.confirmed is False

    with time_machine.travel(timezone.now() + timedelta(seconds=5)):
        right = client.post(
            "/account/two-factor/", {"code": _code(device), "next": QUEUE}
        )
    device.refresh_from_db()
    assert right.status_code == 302 and right["Location"] == QUEUE
    assert device.confirmed is True
    assert client.get(QUEUE).status_code == 200


@pytest.mark.django_db
def test_staff_with_an_app_give_its_code_after_the_password(client, supervisor):
    device = _device(supervisor)

    login = _login(client, supervisor)
    assert login.status_code == 302
    assert login["Location"].startswith("/login/code/")
    assert client.get(QUEUE)["Location"] == f"/login/code/?next={QUEUE}"

    wrong = client.post("/login/code/", {"code": "123456", "next": QUEUE})
    assert wrong.status_code == 400
    assert client.get(QUEUE).status_code == 302

    # A failure slows the next try down (django-otp's throttle); come back later.
    with time_machine.travel(timezone.now() + timedelta(seconds=5)):
        device.refresh_from_db()
        right = client.post("/login/code/", {"code": _code(device), "next": QUEUE})
    assert right["Location"] == QUEUE
    assert client.get(QUEUE).status_code == 200


@pytest.mark.django_db
def test_code_step_never_redirects_to_another_site(client, supervisor):
    device = _device(supervisor)
    _login(client, supervisor)

    response = client.post(
        "/login/code/", {"code": _code(device), "next": "https://evil.example/"}
    )

    assert response["Location"] == "/staff/"


@pytest.mark.django_db
@override_settings(STAFF_TWO_FACTOR="required")
def test_consumers_are_never_asked_for_an_app(client, consumer):
    client.post("/login/", {"username": consumer.email, "password": PASSWORD})

    assert client.get("/account/", follow=True).status_code == 200
    assert client.get("/account/two-factor/")["Location"] == "/"


@pytest.mark.django_db
def test_api_token_of_staff_with_an_app_needs_the_code(client, supervisor):
    device = _device(supervisor)
    body = {"login": supervisor.email, "password": PASSWORD}

    refused = client.post(
        "/api/v1/auth/token", json.dumps(body), content_type="application/json"
    )
    issued = client.post(
        "/api/v1/auth/token",
        json.dumps({**body, "otp": _code(device)}),
        content_type="application/json",
    )

    assert refused.status_code == 401
    assert refused.json()["error"]["code"] == "otp_invalid"
    assert issued.status_code == 201


@pytest.mark.django_db
def test_deploy_check_warns_unless_two_factor_is_required(capsys):
    with override_settings(STAFF_TWO_FACTOR="enrolled"):
        call_command("check", "--deploy", "--tag", "security")
    assert "gridcare.W001" in capsys.readouterr().err

    with override_settings(STAFF_TWO_FACTOR="required"):
        call_command("check", "--deploy", "--tag", "security")
    assert "gridcare.W001" not in capsys.readouterr().err
