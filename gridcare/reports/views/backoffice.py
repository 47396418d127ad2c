"""Back-office pages of reports: Приложение 7 download, the dashboards with their
JSON, CSV and XLSX exports, and long exports with a progress page."""

from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    JsonResponse,
)
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from gridcare.accounts.access import staff_view
from gridcare.accounts.roles import Right
from gridcare.core.web import file_response, form_errors
from gridcare.reports.dashboards import (
    TABLE_SLUGS,
    dashboard_charts,
    dashboard_tables,
)
from gridcare.reports.forms import DashboardFilterForm, YearForm
from gridcare.reports.models import ExportJob
from gridcare.reports.pdf import report_186_pdf
from gridcare.reports.report186 import report_186_build
from gridcare.reports.services import (
    XLSX,
    export_job_get_for_user,
    export_job_start,
)
from gridcare.reports.tables import table_csv, tables_xlsx
from gridcare.reports.xlsx import report_186_xlsx


def _attachment(content: bytes | str, name: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_GET
@staff_view(Right.REPORT_VIEW)
def reports_index(request: HttpRequest) -> HttpResponse:
    form = YearForm(
        request.GET or None, initial={"year": timezone.localdate().year - 1}
    )
    return render(
        request,
        "reports/backoffice/index.html",
        {"form": form, "years": range(timezone.localdate().year, 2014, -1)},
    )


@require_GET
@staff_view(Right.REPORT_VIEW)
def report_186_download(request: HttpRequest, year: int, fmt: str) -> HttpResponse:
    form = YearForm({"year": year})
    if fmt not in ("xlsx", "pdf") or not form.is_valid():
        raise Http404(_("Отчёт за этот год построить нельзя."))
    report = report_186_build(year=year)
    if fmt == "pdf":
        return _attachment(
            report_186_pdf(report), f"prilozhenie-7-{year}.pdf", "application/pdf"
        )
    return _attachment(report_186_xlsx(report), f"prilozhenie-7-{year}.xlsx", XLSX)


def _filter_form(request: HttpRequest) -> DashboardFilterForm:
    return DashboardFilterForm(request.GET)


@require_GET
@staff_view(Right.REPORT_VIEW)
def dashboard(request: HttpRequest) -> HttpResponse:
    form = _filter_form(request)
    tables = dashboard_tables(form.filters()) if form.is_valid() else []
    return render(
        request,
        "reports/backoffice/dashboard.html",
        {
            "form": form,
            "errors": form_errors(form)
            if form.is_bound and not form.is_valid()
            else [],
            "tables": tables,
            "query": request.GET.urlencode(),
        },
    )


@require_GET
@staff_view(Right.REPORT_VIEW)
def dashboard_data(request: HttpRequest) -> HttpResponse:
    form = _filter_form(request)
    if not form.is_valid():
        return JsonResponse(
            {
                "error": {
                    "code": "invalid",
                    "message": _("Проверьте фильтры."),
                    "details": form.errors.get_json_data(),
                }
            },
            status=400,
        )
    tables = dashboard_tables(form.filters())
    return JsonResponse(
        {"filters": form.params(), "charts": dashboard_charts(tables)},
        json_dumps_params={"ensure_ascii": False},
    )


@require_GET
@staff_view(Right.REPORT_VIEW)
def dashboard_table_export(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    build = TABLE_SLUGS.get(slug)
    if build is None or fmt not in ("csv", "xlsx"):
        raise Http404(_("Таблица не найдена."))
    form = _filter_form(request)
    if not form.is_valid():
        return HttpResponseBadRequest("; ".join(form_errors(form)))
    table = build(form.filters())
    if fmt == "csv":
        return _attachment(table_csv(table), f"{slug}.csv", "text/csv; charset=utf-8")
    return _attachment(tables_xlsx([table]), f"{slug}.xlsx", XLSX)


@require_POST
@staff_view(Right.REPORT_VIEW)
def export_start(request: HttpRequest) -> HttpResponse:
    kind = request.POST.get("kind", "")
    if kind == ExportJob.Kind.DASHBOARD_XLSX:
        form = DashboardFilterForm(request.POST)
        if not form.is_valid():
            return HttpResponseBadRequest("; ".join(form_errors(form)))
        params = form.params()
    else:
        year_form = YearForm(request.POST)
        if not year_form.is_valid():
            return HttpResponseBadRequest("; ".join(form_errors(year_form)))
        params = {"year": year_form.cleaned_data["year"]}
    job = export_job_start(user=request.user, kind=kind, params=params)
    return redirect("reports:export_status", job_id=job.pk)


@require_GET
@staff_view(Right.REPORT_VIEW)
def export_status(request: HttpRequest, job_id: int) -> HttpResponse:
    job = export_job_get_for_user(user=request.user, job_id=job_id)
    if request.headers.get("Accept") == "application/json":
        return JsonResponse(
            {
                "status": job.status,
                "percent": job.percent,
                "download": reverse("reports:export_download", args=[job.pk])
                if job.status == ExportJob.Status.DONE
                else "",
            }
        )
    return render(request, "reports/backoffice/export.html", {"job": job})


@require_GET
@staff_view(Right.REPORT_VIEW)
def export_download(request: HttpRequest, job_id: int) -> HttpResponse:
    job = export_job_get_for_user(user=request.user, job_id=job_id)
    if job.status != ExportJob.Status.DONE:
        raise Http404(_("Файл ещё не готов."))
    content_type = "application/pdf" if job.filename.endswith(".pdf") else XLSX
    return file_response(job.file, job.filename, content_type)
