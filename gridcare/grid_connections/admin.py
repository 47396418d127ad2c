"""Operators' admin for the reference data of grid connection: rate tables (with an
XLSX/CSV upload), document requirements, unconfirmed stage deadlines, special groups,
the appliance catalogue. Applications are worked in the back office; here they are
read-only."""

from decimal import Decimal
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse

from gridcare.calendars.models import StatusMark
from gridcare.core.errors import ApplicationError
from gridcare.grid_connections.models import (
    ApplianceType,
    ApplicationEvent,
    ConnectionApplication,
    DocumentRequirement,
    GeneratedDocument,
    PowerProfile,
    RateItem,
    RateTable,
    SpecialGroup,
    StageDeadlineRule,
)
from gridcare.grid_connections.rate_import import (
    RateTableMeta,
    rate_rows_read,
    rate_table_import,
)


class RateItemInline(admin.TabularInline):
    model = RateItem
    extra = 0


class RateImportForm(forms.Form):
    file = forms.FileField(label="Файл XLSX или CSV")
    code = forms.SlugField(label="Код серии", help_text="Например rt-2027-standard")
    title = forms.CharField(label="Название", max_length=300)
    region = forms.CharField(label="Регион", initial="RU-TA", max_length=8)
    act = forms.CharField(label="Решение тарифного органа", required=False)
    valid_from = forms.DateField(label="Действует с")
    valid_to = forms.DateField(label="Действует по", required=False)
    includes_vat = forms.BooleanField(label="Ставки с НДС", required=False)
    vat_rate = forms.DecimalField(label="НДС, %", initial=Decimal(20))
    status_mark = forms.ChoiceField(label="Статус значения", choices=StatusMark.choices)
    reference = forms.CharField(label="Источник", max_length=300)
    is_sample = forms.BooleanField(label="ОБРАЗЕЦ (не официальные)", required=False)


@admin.register(RateTable)
class RateTableAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "code",
        "version",
        "region",
        "valid_from",
        "valid_to",
        "includes_vat",
        "is_sample",
        "is_published",
        "status_mark",
    ]
    list_filter = ["region", "is_sample", "is_published", "status_mark"]
    inlines = [RateItemInline]
    change_list_template = "grid_connections/admin/rate_table_changelist.html"

    def get_urls(self) -> list[Any]:
        return [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="grid_connections_ratetable_import",
            ),
            *super().get_urls(),
        ]

    def import_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_add_permission(request):
            return redirect("admin:index")
        form = RateImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            upload = data["file"]
            try:
                rows = rate_rows_read(name=upload.name, content=upload.read())
                table = rate_table_import(
                    meta=RateTableMeta(
                        code=data["code"],
                        title=data["title"],
                        region=data["region"],
                        act=data["act"],
                        valid_from=data["valid_from"],
                        valid_to=data["valid_to"],
                        includes_vat=data["includes_vat"],
                        vat_rate=data["vat_rate"],
                        status_mark=data["status_mark"],
                        reference=data["reference"],
                        is_sample=data["is_sample"],
                    ),
                    rows=rows,
                    actor=request.user,
                    source_file=upload.name,
                )
            except ApplicationError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(
                    request, f"Загружена «{table.title}», версия {table.version}."
                )
                return redirect(
                    reverse("admin:grid_connections_ratetable_change", args=[table.pk])
                )
        return render(
            request,
            "grid_connections/admin/rate_table_import.html",
            {
                **self.admin_site.each_context(request),
                "form": form,
                "title": "Загрузка",
            },
        )


@admin.register(DocumentRequirement)
class DocumentRequirementAdmin(admin.ModelAdmin):
    list_display = ["title", "code", "is_required", "status_mark", "is_active", "order"]
    list_filter = ["is_active", "status_mark"]


@admin.register(StageDeadlineRule)
class StageDeadlineRuleAdmin(admin.ModelAdmin):
    list_display = [
        "stage",
        "case",
        "amount",
        "unit",
        "status_mark",
        "valid_from",
        "valid_to",
        "is_active",
    ]
    list_filter = ["stage", "status_mark", "is_active"]


@admin.register(SpecialGroup)
class SpecialGroupAdmin(admin.ModelAdmin):
    list_display = ["clause", "title", "status_mark"]


@admin.register(ApplianceType)
class ApplianceTypeAdmin(admin.ModelAdmin):
    list_display = ["name", "group", "typical_power_kw", "is_active", "order"]
    list_filter = ["group", "is_active"]


@admin.register(PowerProfile)
class PowerProfileAdmin(admin.ModelAdmin):
    list_display = ["name", "simultaneity", "status_mark", "order"]


class ApplicationEventInline(admin.TabularInline):
    model = ApplicationEvent
    extra = 0
    can_delete = False
    readonly_fields = ["at", "actor", "action", "from_status", "to_status", "details"]

    def has_add_permission(self, request, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return False


@admin.register(ConnectionApplication)
class ConnectionApplicationAdmin(admin.ModelAdmin):
    list_display = ["number", "status", "category", "branch", "registered_at"]
    list_filter = ["status", "category", "branch"]
    search_fields = ["number", "applicant_name", "contact_phone"]
    inlines = [ApplicationEventInline]

    def has_change_permission(self, request, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return False


@admin.register(GeneratedDocument)
class GeneratedDocumentAdmin(admin.ModelAdmin):
    list_display = ["application", "kind", "version", "number", "issued_at"]
    list_filter = ["kind"]

    def has_change_permission(self, request, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return False
