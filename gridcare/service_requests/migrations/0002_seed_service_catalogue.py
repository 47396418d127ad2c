"""Load the starting service catalogue (sample prices, marked `is_sample`) and the VAT
rates; reversible: unapplying removes exactly these rows when no order refers to them."""

from decimal import Decimal

from django.db import migrations
from datetime import UTC, datetime

from gridcare.service_requests import catalogue_data as data


def _applicants(individuals: bool, legal: bool) -> str:
    if individuals and legal:
        return "Физические и юридические лица, индивидуальные предприниматели"
    if individuals:
        return "Физические лица"
    return "Юридические лица и индивидуальные предприниматели"


def load(apps, schema_editor):
    VatRate = apps.get_model("service_requests", "VatRate")
    Category = apps.get_model("service_requests", "ServiceCategory")
    Service = apps.get_model("service_requests", "Service")
    Field = apps.get_model("service_requests", "ServicePassportField")
    Stage = apps.get_model("service_requests", "ServicePassportStage")
    for row in data.VAT_RATES:
        VatRate.objects.get_or_create(valid_from=row["valid_from"], defaults=row)
    categories = {}
    for order, (code, title, description) in enumerate(data.CATEGORIES, start=1):
        categories[code], _ = Category.objects.get_or_create(
            code=code,
            defaults={"title": title, "description": description, "order": order},
        )
    # Published from the start of 2025, so the catalogue is there on any test date.
    published = datetime(2024, 12, 31, 21, 0, tzinfo=UTC)
    for order, row in enumerate(data.SERVICES, start=1):
        (code, category, title, description, price, with_vat, unit, term,
         individuals, legal, appeal_category, topic, request_type) = row
        if Service.objects.filter(code=code).exists():
            continue
        service = Service.objects.create(
            code=code,
            category=categories[category],
            title=title,
            description=description,
            price=Decimal(price),
            price_includes_vat=with_vat,
            unit=unit,
            term_working_days=term,
            for_individuals=individuals,
            for_legal_entities=legal,
            is_active=True,
            published_at=published,
            version=1,
            is_sample=True,
            appeal_category=appeal_category,
            appeal_topic=topic,
            service_request_type=request_type,
            order=order,
        )
        applicants = _applicants(individuals, legal)
        for index, (name, value) in enumerate(
            data.passport_fields(title, applicants, description, term), start=1
        ):
            Field.objects.create(service=service, order=index, field=name, value=value)
        for stage in data.passport_stages(term):
            Stage.objects.create(service=service, **stage)


def unload(apps, schema_editor):
    Service = apps.get_model("service_requests", "Service")
    Category = apps.get_model("service_requests", "ServiceCategory")
    VatRate = apps.get_model("service_requests", "VatRate")
    codes = [row[0] for row in data.SERVICES]
    Service.objects.filter(code__in=codes, is_sample=True, orders__isnull=True).delete()
    Category.objects.filter(
        code__in=[c[0] for c in data.CATEGORIES], services__isnull=True
    ).delete()
    VatRate.objects.filter(
        valid_from__in=[row["valid_from"] for row in data.VAT_RATES]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("service_requests", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
