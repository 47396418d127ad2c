"""The catalogue: seeded sample services, search, categories, publication, VAT rate
by date, and the public pages with the price breakdown and the passport."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from gridcare.core.errors import ApplicationError, NotFoundError
from gridcare.service_requests.models import Service, VatRate
from gridcare.service_requests.selectors import (
    service_category_list,
    service_get_published,
    service_list_published,
    service_price_on,
    vat_rate_on,
)

pytestmark = pytest.mark.django_db
NBSP = "\u00a0"


def test_seeded_catalogue_has_15_sample_services_with_passports():
    services = service_list_published()
    assert len(services) == 15
    assert all(s.is_sample for s in services)
    sealing = service_get_published(code="meter-sealing")
    assert [f.field for f in sealing.passport_fields.all()] == [
        "Наименование услуги (процесса)",
        "Круг заявителей",
        "Размер платы за предоставление услуги (процесса) и основание её взимания",
        "Условия оказания услуги (процесса)",
        "Результат оказания услуги (процесса)",
        "Общий срок оказания услуги (процесса)",
        "Контактная информация для направления обращений",
    ]
    assert sealing.passport_stages.count() == 5


def test_search_ignores_case_and_yo():
    titles = [s.title for s in service_list_published(query="ЗАМЕНА учета")]
    assert titles == [
        "Замена однофазного прибора учёта",
        "Замена трёхфазного прибора учёта",
    ]


def test_filters_by_category():
    codes = [s.code for s in service_list_published(category_code="switching")]
    assert codes == [
        "disconnect-on-request",
        "reconnect-on-request",
        "temporary-disconnect-for-works",
    ]
    assert [c.code for c in service_category_list()] == [
        "metering",
        "switching",
        "documents",
        "protected-zone",
        "technical",
    ]


def test_unpublished_and_future_services_are_hidden():
    Service.objects.filter(code="meter-sealing").update(published_at=None)
    Service.objects.filter(code="meter-move-to-pole").update(
        published_at=timezone.now() + timedelta(days=1)
    )
    codes = {s.code for s in service_list_published()}
    assert "meter-sealing" not in codes and "meter-move-to-pole" not in codes
    with pytest.raises(NotFoundError):
        service_get_published(code="meter-sealing")


def test_vat_rate_is_data_valid_by_date():
    assert vat_rate_on(date(2025, 12, 31)) == Decimal("20.00")
    assert vat_rate_on(date(2026, 1, 1)) == Decimal("22.00")
    with pytest.raises(ApplicationError) as refused:
        vat_rate_on(date(2018, 12, 31))
    assert refused.value.code == "vat_rate_missing"
    VatRate.objects.filter(valid_from=date(2026, 1, 1)).update(rate=Decimal("25"))
    assert vat_rate_on(date(2026, 6, 1)) == Decimal("25.00")


def test_price_of_a_service_on_a_day_uses_that_days_rate():
    sealing = Service.objects.get(code="meter-sealing")
    old = service_price_on(sealing, date(2025, 6, 1))
    new = service_price_on(sealing, date(2026, 6, 1))
    assert (old.vat, new.vat) == (Decimal("158.33"), Decimal("171.31"))


def test_catalogue_page_is_public_and_searchable(client):
    response = client.get("/services/", {"q": "ОХРАННОЙ зоне"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Согласование работ в охранной зоне электрических сетей" in html
    assert "Технический надзор при работах в охранной зоне" in html
    assert "Опломбировка прибора учёта" not in html


def test_service_page_shows_price_with_vat_breakdown_term_and_passport(client):
    response = client.get("/services/meter-sealing/")  # on 03.03.2026 (conftest)
    html = response.content.decode()
    assert response.status_code == 200
    assert f"950,00{NBSP}₽" in html
    assert f"в т.ч. НДС 22{NBSP}% — 171,31{NBSP}₽" in html
    assert f"778,69{NBSP}₽" in html
    assert "5 рабочих дней со дня оплаты" in html
    assert "Круг заявителей" in html
    assert "Ссылка на НПА" in html


def test_net_price_page_shows_vat_on_top(client, net_service):
    html = client.get("/services/test-net/").content.decode()
    assert f"+ НДС 22{NBSP}% — 220,01{NBSP}₽" in html
    assert f"1{NBSP}220,06{NBSP}₽" in html


def test_unknown_service_page_is_404(client):
    assert client.get("/services/no-such-service/").status_code == 404
