"""Site-wide pages and environment readers."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from gridcare.core import env
from gridcare.core.text import normalize_phone, search_key


@pytest.mark.django_db
def test_health_check_reports_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


@pytest.mark.django_db
def test_portal_home_is_russian(client):
    response = client.get("/")
    assert response.status_code == 200
    assert "Обслуживание потребителей" in response.content.decode()


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("8 (917) 123-45-67", "+79171234567"),
        ("+7 917 123 45 67", "+79171234567"),
        ("9171234567", "+79171234567"),
        ("12345", ""),
        ("", ""),
    ],
)
def test_normalize_phone(raw, expected):
    assert normalize_phone(raw) == expected


def test_search_key_folds_yo_case_and_punctuation():
    assert search_key("  Ул. Пушкина, д.5 — Семёнов ") == "ул пушкина д 5 семенов"


def test_bad_boolean_stops_start_up(monkeypatch):
    monkeypatch.setenv("SOME_FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured):
        env.env_bool("SOME_FLAG")


def test_secret_from_file(monkeypatch, tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("s3cr3t\n")
    monkeypatch.setenv("TOKEN_FILE", str(secret))
    assert env.env_secret("TOKEN") == "s3cr3t"
