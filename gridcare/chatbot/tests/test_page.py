"""The /chat/ page works without JavaScript: plain form posts and button values."""

import pytest
from django.test import Client

from gridcare.chatbot.models import Conversation
from gridcare.chatbot.tests.fakes import fake_matcher  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fake_matcher")]


def test_visitor_talks_through_plain_forms():
    client = Client()
    page = client.get("/chat/").content.decode()
    assert "Здравствуйте! Я Алсу" in page
    assert 'name="text" value="Нет света"' in page
    response = client.post("/chat/", {"text": "пломба"})
    assert response.status_code == 302
    page = client.get("/chat/").content.decode()
    assert 'value="article:seal-install"' in page
    client.post("/chat/", {"text": "article:seal-install"})
    assert (
        "Опломбирование после замены прибора учёта бесплатное."
        in client.get("/chat/").content.decode()
    )
    assert Conversation.objects.get().channel == "portal"
    assert "<script>" not in page and "style=" not in page


def test_widget_start_returns_the_sessions_conversation():
    client = Client()
    first = client.post("/chat/start/").json()
    assert client.post("/chat/start/").json() == first
    assert first["state"] == "bot"
