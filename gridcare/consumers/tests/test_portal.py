"""The personal account: dashboard, linking consumer accounts by number and meter,
unlinking, consents; another consumer never sees or touches them (404)."""

import pytest
from django.urls import reverse

from gridcare.consumers.models import AccountLink, AccountLinkFailure, Consent
from gridcare.consumers.services import consent_give

pytestmark = pytest.mark.django_db
ACCOUNTS = "/account/accounts/"


def _link(client, number="1600000099", serial="0987654321"):
    return client.post(ACCOUNTS, {"number": number, "meter_serial": serial})


def test_dashboard_links_every_section(client, consumer):
    client.force_login(consumer)
    body = client.get("/account/").content.decode()
    for name in (
        "consumers:portal_accounts",
        "appeals:portal_list",
        "grid_connections:portal_list",
        "notifications:inbox",
        "accounts:sessions",
        "consumers:portal_consents",
    ):
        assert f'href="{reverse(name)}"' in body
    assert reverse("consumers:portal_home") == "/account/"


def test_staff_are_sent_to_the_back_office(client, specialist):
    client.force_login(specialist)
    assert client.get("/account/").url == "/staff/"


def test_consumer_links_billing_account_and_sees_points_and_meters(
    client, consumer, billing_account
):
    client.force_login(consumer)
    response = _link(client, number=" 1600000099 ", serial="0987 654 321")
    assert response.status_code == 302
    billing_account.refresh_from_db()
    assert billing_account.consumer == consumer.consumer
    link = AccountLink.objects.get()
    assert link.previous_consumer.name == "Сидоров Пётр Ильич"
    body = client.get(response.url).content.decode()
    assert "Лицевой счёт 1600000099" in body
    assert "г. Казань, ул. Баумана, д. 9, пом. 12" in body
    assert "15,00 кВт" in body or "15.00 кВт" in body
    assert "НН (0,4 кВ и ниже)" in body
    assert "0987654321" in body and "Т1 (день), Т2 (ночь)" in body
    assert "30.06.2032" in body
    assert "1111111111" not in body  # removed meter
    listing = client.get(ACCOUNTS).content.decode()
    assert "1600000001" in listing and "1600000099" in listing  # several accounts


def test_wrong_meter_is_refused_counted_and_changes_nothing(
    client, consumer, billing_account
):
    client.force_login(consumer)
    response = _link(client, serial="1111111111")  # a removed meter
    body = response.content.decode()
    assert response.status_code == 400
    assert (
        "Лицевой счёт с таким номером и заводским номером счётчика не найден." in body
    )
    assert "Осталось попыток: 4." in body
    billing_account.refresh_from_db()
    assert billing_account.consumer.user_id is None
    assert AccountLinkFailure.objects.count() == 1
    assert not AccountLink.objects.exists()


def test_after_five_failures_even_the_right_pair_is_refused(
    client, consumer, billing_account
):
    client.force_login(consumer)
    for _ in range(5):
        _link(client, number="1600000098")
    body = _link(client).content.decode()
    assert "Слишком много неудачных попыток привязать лицевой счёт." in body
    billing_account.refresh_from_db()
    assert billing_account.consumer.user_id is None


def test_account_of_another_registered_consumer_is_refused(
    client, consumer, other_consumer
):
    from gridcare.metering.models import Meter

    point = other_consumer.consumer.accounts.get().supply_points.get()
    Meter.objects.create(supply_point=point, serial_number="555")
    client.force_login(consumer)
    body = _link(client, number="1600000002", serial="555").content.decode()
    assert "уже привязан к другому личному кабинету. Обратитесь в офис" in body
    assert other_consumer.consumer.accounts.count() == 1


def test_linking_own_account_again_changes_nothing(client, consumer, billing_account):
    client.force_login(consumer)
    _link(client)
    response = _link(client)
    assert response.status_code == 302
    assert AccountLink.objects.count() == 1


def test_unlink_returns_account_to_its_card(client, consumer, billing_account):
    client.force_login(consumer)
    _link(client)
    url = reverse("consumers:portal_account_unlink", args=[billing_account.pk])
    assert client.post(url).url == ACCOUNTS
    billing_account.refresh_from_db()
    assert billing_account.consumer.name == "Сидоров Пётр Ильич"
    assert AccountLink.objects.get().unlinked_at is not None


def test_office_account_cannot_be_unlinked_in_the_portal(client, consumer):
    account = consumer.consumer.accounts.get()
    client.force_login(consumer)
    url = reverse("consumers:portal_account_unlink", args=[account.pk])
    response = client.post(url, follow=True)
    assert "отвязать его можно только там" in response.content.decode()
    account.refresh_from_db()
    assert account.consumer == consumer.consumer


def test_other_consumer_gets_404_for_my_account(client, consumer, other_consumer):
    account = consumer.consumer.accounts.get()
    client.force_login(other_consumer)
    assert (
        client.get(reverse("consumers:portal_account", args=[account.pk])).status_code
        == 404
    )
    unlink = reverse("consumers:portal_account_unlink", args=[account.pk])
    assert client.post(unlink).status_code == 404
    account.refresh_from_db()
    assert account.consumer == consumer.consumer


def test_staff_card_shows_the_portal_link(
    client, consumer, specialist, billing_account
):
    client.force_login(consumer)
    _link(client)
    client.force_login(specialist)
    body = client.get(
        reverse("consumers:staff_detail", args=[consumer.consumer.pk])
    ).content.decode()
    assert "привязан потребителем в личном кабинете" in body
    assert "Привязки лицевых счетов в личном кабинете" in body
    assert "Сидоров Пётр Ильич" in body


def _service_consent(consumer):
    from gridcare.consumers.consents import consent_texts_current

    texts = consent_texts_current()
    return consent_give(
        consumer=consumer.consumer, text=texts["service"], channel="personal_account"
    )


def test_consents_page_gives_and_withdraws_optional_consents(client, consumer):
    _service_consent(consumer)
    client.force_login(consumer)
    body = client.get("/account/consents/").content.decode()
    assert "Рассмотрение обращений и оказание услуг" in body
    assert "Информация о новых услугах" in body
    client.post("/account/consents/give/", {"purpose": "marketing"})
    marketing = Consent.objects.get(text__purpose="marketing")
    assert marketing.withdrawn_at is None and marketing.text.version == 1
    client.post(f"/account/consents/{marketing.pk}/withdraw/")
    marketing.refresh_from_db()
    assert marketing.withdrawn_at is not None


def test_required_consent_is_not_withdrawn_by_a_click(client, consumer):
    service = _service_consent(consumer)
    client.force_login(consumer)
    response = client.post(f"/account/consents/{service.pk}/withdraw/", follow=True)
    assert "отзывается письменным заявлением" in response.content.decode()
    service.refresh_from_db()
    assert service.withdrawn_at is None


def test_unknown_purpose_is_refused(client, consumer):
    client.force_login(consumer)
    response = client.post("/account/consents/give/", {"purpose": "spam"}, follow=True)
    assert "Неизвестная цель согласия: spam." in response.content.decode()
    assert not Consent.objects.exists()


def test_other_consumer_cannot_withdraw_my_consent(client, consumer, other_consumer):
    client.force_login(consumer)
    client.post("/account/consents/give/", {"purpose": "surveys"})
    consent = Consent.objects.get()
    client.force_login(other_consumer)
    assert client.post(f"/account/consents/{consent.pk}/withdraw/").status_code == 404
    consent.refresh_from_db()
    assert consent.withdrawn_at is None
