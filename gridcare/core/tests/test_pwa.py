"""The installable app: manifest, service worker and the offline page."""

import json
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.test import Client


@pytest.mark.django_db
def test_manifest_describes_an_installable_app(client: Client) -> None:
    response = client.get("/manifest.webmanifest")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json; charset=utf-8"
    data = json.loads(response.content)
    assert data["display"] == "standalone"
    assert data["start_url"] == "/?source=pwa"
    assert data["scope"] == "/"
    assert data["lang"] == "ru"
    assert data["short_name"] == "Электросети"
    sizes = {(icon["sizes"], icon["purpose"]) for icon in data["icons"]}
    assert sizes == {
        ("192x192", "any"),
        ("512x512", "any"),
        ("192x192", "maskable"),
        ("512x512", "maskable"),
    }


@pytest.mark.django_db
def test_every_icon_of_the_manifest_exists(client: Client) -> None:
    data = json.loads(client.get("/manifest.webmanifest").content)

    for icon in data["icons"]:
        name = icon["src"].removeprefix(settings.STATIC_URL)
        found = finders.find(name)
        assert found, icon["src"]
        assert Path(found).read_bytes().startswith(b"\x89PNG"), icon["src"]


@pytest.mark.django_db
def test_service_worker_is_served_from_the_root_uncached(client: Client) -> None:
    response = client.get("/sw.js")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/javascript; charset=utf-8"
    assert response["Service-Worker-Allowed"] == "/"
    assert "no-cache" in response["Cache-Control"]
    text = response.content.decode()
    assert '"/offline/"' in text
    assert 'addEventListener("push"' in text  # web push lives in the same worker
    assert "{%" not in text and "{{" not in text


@pytest.mark.django_db
def test_service_worker_version_is_stable_between_requests(client: Client) -> None:
    first = client.get("/sw.js").content
    second = client.get("/sw.js").content

    assert first == second


@pytest.mark.django_db
def test_offline_page_and_portal_pages_link_the_app(client: Client) -> None:
    offline = client.get("/offline/")
    home = client.get("/").content.decode()

    assert offline.status_code == 200
    assert "Нет соединения с интернетом" in offline.content.decode()
    assert 'rel="manifest" href="/manifest.webmanifest"' in home
    assert 'data-sw="/sw.js"' in home


@pytest.mark.django_db
def test_signed_in_person_is_marked_for_the_worker(
    client: Client, consumer: Any
) -> None:
    client.force_login(consumer)

    home = client.get("/", follow=True).content.decode()

    assert f'data-who="{consumer.pk}"' in home
