"""Knowledge-base search for staff at the operator desk: every word in any form,
published articles only, an htmx fragment or a whole page; consumers are refused."""

from typing import Any

import pytest
from django.test import Client

from gridcare.conftest import PASSWORD

pytestmark = pytest.mark.django_db

URL = "/staff/kb/search/"
RIGHT = "Замена исправного счётчика по желанию"  # svc-meter-replace-paid (shipped)


def _login(user: Any) -> Client:
    client = Client()
    assert client.login(username=user.email, password=PASSWORD)
    return client


def test_an_operator_finds_the_article_beside_the_call(operator: Any) -> None:
    client = _login(operator)

    fragment = client.get(URL, {"q": "счётчик замена"}, headers={"HX-Request": "true"})

    html = fragment.content.decode()
    assert fragment.status_code == 200
    assert "<html" not in html  # a fragment for htmx
    assert 'data-kb-article="svc-meter-replace-paid"' in html
    assert RIGHT in html and "платная услуга" in html and "Услуги" in html


def test_titles_about_the_question_come_first(operator: Any) -> None:
    html = _login(operator).get(URL, {"q": "замена исправного счётчика"})
    html = html.content.decode()
    first = html.index('data-kb-article="')
    assert html[first:].startswith('data-kb-article="svc-meter-replace-paid"')


def test_without_javascript_the_form_gives_a_whole_page(operator: Any) -> None:
    page = _login(operator).get(URL, {"q": "заменой счетчиков"}).content.decode()
    assert "<html" in page and RIGHT in page
    nothing = _login(operator).get(URL, {"q": "жираф"}).content.decode()
    assert "ничего не найдено" in nothing


def test_the_desk_offers_the_search_box(operator: Any) -> None:
    desk = _login(operator).get("/staff/desk/").content.decode()
    assert f'action="{URL}"' in desk and 'hx-get="' in desk


def test_a_consumer_is_refused(consumer: Any) -> None:
    response = _login(consumer).get(URL, {"q": "счётчик замена"})
    assert response.status_code == 403
    assert RIGHT not in response.content.decode()
