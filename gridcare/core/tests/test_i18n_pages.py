"""The portal in Tatar and English: the language comes from the switch (cookie) or the
browser (Accept-Language); Russian stays the default; navigation, headings, service
errors and money read correctly in every language."""

import re
from decimal import Decimal

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from gridcare.conftest import PASSWORD
from gridcare.core.errors import ApplicationError

# What a visitor sees in the header and on the home page, per language.
ANONYMOUS_NAV = {
    "ru": [
        "Отключения",
        "Интернет-приёмная",
        "Услуги",
        "Офисы",
        "Регистрация",
        "Войти",
    ],
    "tt": [
        "Сүндерүләр",
        "Интернет-кабулханә",
        "Хезмәтләр",
        "Офислар",
        "Теркәлү",
        "Керү",
    ],
    "en": [
        "Outages",
        "Internet reception",
        "Services",
        "Offices",
        "Registration",
        "Log in",
    ],
}
HOME_HEADING = {
    "ru": "Обслуживание потребителей",
    "tt": "Кулланучыларга хезмәт күрсәтү",
    "en": "Customer service",
}
CONSUMER_NAV = {
    "tt": [
        "Шәхси кабинет",
        "Минем мөрәҗәгатьләрем",
        "Күрсәткечләр",
        "Белдерүләр",
        "Чыгу",
    ],
    "en": ["Personal account", "My appeals", "Readings", "Notifications", "Log out"],
}

# Public pages and the heading each shows, in Tatar and English.
PUBLIC_PAGES = [
    ("accounts:login", "Шәхси кабинетка керү", "Log in to your personal account"),
    (
        "consumers:register",
        "Шәхси кабинетта теркәлү",
        "Registration in the personal account",
    ),
    ("outages:public_index", "Электр энергиясен сүндерүләр", "Power outages"),
    ("offices:index", "Хезмәт күрсәтү офислары", "Service offices"),
    ("service_requests:catalogue", "Хезмәтләр каталогы", "Service catalogue"),
    (
        "grid_connections:power_calculator",
        "Кирәкле куәт калькуляторы",
        "Required capacity calculator",
    ),
    (
        "grid_connections:cost_calculator",
        "Технологик тоташтыру бәясе калькуляторы",
        "Grid connection cost calculator",
    ),
    ("offline", "Интернет белән элемтә юк", "No internet connection"),
]

# Personal-account pages of a signed-in consumer and their headings.
CONSUMER_PAGES = [
    ("appeals:portal_list", "Минем мөрәҗәгатьләрем", "My appeals"),
    ("metering:portal_readings", "Исәпләү приборлары күрсәткечләре", "Meter readings"),
    ("notifications:inbox", "Белдерүләр", "Notifications"),
    ("notifications:settings", "Белдерүләр көйләүләре", "Notification settings"),
    (
        "grid_connections:portal_list",
        "Технологик тоташтыруга гаризалар",
        "Grid connection applications",
    ),
    (
        "service_requests:portal_list",
        "Хезмәтләргә минем гаризаларым",
        "My service requests",
    ),
    ("offices:my_appointments", "Кабул итүгә минем язылуларым", "My appointments"),
    ("consumers:portal_accounts", "Минем шәхси счетларым", "My consumer accounts"),
    ("accounts:sessions", "Минем сеансларым", "My sessions"),
]


def _text(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def _headings(html: str) -> list[str]:
    return [
        re.sub(r"<[^>]+>", "", h).strip()
        for h in re.findall(r"<h[12][^>]*>(.*?)</h[12]>", html, flags=re.S)
    ]


def _choose(client, lang: str) -> None:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang


@pytest.mark.django_db
def test_russian_is_the_default(client):
    html = _text(client.get("/"))
    assert '<html lang="ru">' in html
    assert HOME_HEADING["ru"] in _headings(html)
    for item in ANONYMOUS_NAV["ru"]:
        assert f">{item}</a>" in html


@pytest.mark.django_db
def test_unknown_browser_language_falls_back_to_russian(client):
    html = _text(client.get("/", HTTP_ACCEPT_LANGUAGE="de-DE,de;q=0.9,fr;q=0.5"))
    assert '<html lang="ru">' in html
    assert HOME_HEADING["ru"] in _headings(html)


@pytest.mark.django_db
@pytest.mark.parametrize("lang", ["tt", "en"])
def test_home_follows_the_language_cookie(client, lang):
    _choose(client, lang)
    html = _text(client.get("/"))
    assert f'<html lang="{lang}">' in html
    assert HOME_HEADING[lang] in _headings(html)
    for item in ANONYMOUS_NAV[lang]:
        assert f">{item}</a>" in html
    for item in ANONYMOUS_NAV["ru"]:
        assert f">{item}</a>" not in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("header", "lang"), [("tt-RU,tt;q=0.9,ru;q=0.8", "tt"), ("en-GB,en;q=0.9", "en")]
)
def test_home_follows_the_browser_language(client, header, lang):
    html = _text(client.get("/", HTTP_ACCEPT_LANGUAGE=header))
    assert f'<html lang="{lang}">' in html
    assert HOME_HEADING[lang] in _headings(html)


@pytest.mark.django_db
@pytest.mark.parametrize("lang", ["tt", "en"])
def test_switch_form_sets_the_language(client, lang):
    response = client.post(reverse("set_language"), {"language": lang, "next": "/"})
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == lang
    html = _text(client.get("/"))
    assert f'<option value="{lang}" selected lang="{lang}">' in html
    assert HOME_HEADING[lang] in _headings(html)


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "tatar", "english"), PUBLIC_PAGES)
def test_public_pages_are_translated(client, name, tatar, english):
    for lang, heading in (("tt", tatar), ("en", english)):
        _choose(client, lang)
        html = _text(client.get(reverse(name)))
        assert f'<html lang="{lang}">' in html
        assert heading in _headings(html), (lang, _headings(html))


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "tatar", "english"), CONSUMER_PAGES)
def test_personal_account_pages_are_translated(client, consumer, name, tatar, english):
    client.login(username=consumer.email, password=PASSWORD)
    for lang, heading in (("tt", tatar), ("en", english)):
        _choose(client, lang)
        html = _text(client.get(reverse(name)))
        assert heading in _headings(html), (lang, _headings(html))
        for item in CONSUMER_NAV[lang]:
            assert item in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("lang", "message"),
    [
        ("ru", "Неверный телефон/e-mail или пароль."),
        ("tt", "Телефон/e-mail яки серсүз дөрес түгел."),
        ("en", "Wrong phone/e-mail or password."),
    ],
)
def test_login_error_is_in_the_chosen_language(client, consumer, lang, message):
    _choose(client, lang)
    response = client.post(
        reverse("accounts:login"), {"username": consumer.email, "password": "wrong-one"}
    )
    assert message in _text(response)


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        ("ru", "Напишите текст обращения."),
        ("tt", "Мөрәҗәгать текстын языгыз."),
        ("en", "Write the text of the appeal."),
    ],
)
def test_service_errors_are_translated(consumer, lang, message):
    from gridcare.appeals.codes import AnswerChannel, Category, Channel, Topic
    from gridcare.appeals.services import AppealInput, appeal_receive

    data = AppealInput(
        channel=Channel.PERSONAL_ACCOUNT,
        category=Category.OTHER,
        topic=Topic.GENERAL,
        text="   ",
        contact_name="Иванова Анна",
        answer_channel=AnswerChannel.PERSONAL_ACCOUNT,
    )
    with translation.override(lang), pytest.raises(ApplicationError) as refused:
        appeal_receive(actor=consumer, data=data)
    assert str(refused.value.message) == message


@pytest.mark.django_db
@pytest.mark.parametrize("lang", ["ru", "tt", "en"])
def test_prices_keep_roubles_and_kopecks(client, lang):
    from gridcare.service_requests.models import Service

    service = Service.objects.filter(is_active=True).exclude(price=None).first()
    if service is None:
        pytest.skip("каталог услуг пуст")
    _choose(client, lang)
    html = _text(client.get(reverse("service_requests:catalogue")))
    assert "₽" in html
    assert re.search(r"\d,\d\d\s₽", html), "цена с копейками и знаком ₽"
    assert isinstance(service.price, Decimal)
