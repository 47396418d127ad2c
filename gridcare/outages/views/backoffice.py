"""Back-office outage pages: the registry, opening, editing and closing outages, the
planned-works import and the dispatch queue of reports without a known outage."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gridcare.accounts.access import staff_view
from gridcare.accounts.roles import Right
from gridcare.core.errors import ApplicationError, PermissionDeniedError
from gridcare.core.web import form_errors
from gridcare.outages import intake, services
from gridcare.outages.dispatch import (
    dispatch_queue_get,
    schedule_import_get_for_user,
    suggestion_get_for_user,
)
from gridcare.outages.forms import (
    CancelForm,
    EstimateForm,
    OutageForm,
    RestoreForm,
    ScheduleUploadForm,
    StartForm,
)
from gridcare.outages.models import Outage, OutageKind
from gridcare.outages.schedule_import import (
    parse_area_lines,
    schedule_import_apply,
    schedule_import_discard,
    schedule_import_preview,
)
from gridcare.outages.selectors import (
    StaffFilters,
    can_manage,
    outage_get_for_user,
    outage_list_for_staff,
    supply_point_ids_for_codes,
)

PAGE_SIZE = 50
EVENT_TITLES = {
    "planned": gettext_lazy("Объявлены плановые работы"),
    "registered": gettext_lazy("Зарегистрировано аварийное отключение"),
    "notice_sent": gettext_lazy("Подписчикам разослано уведомление о плановых работах"),
    "started": gettext_lazy("Начались работы, электроснабжение прекращено"),
    "estimate_changed": gettext_lazy("Изменено ожидаемое время восстановления"),
    "restored": gettext_lazy("Электроснабжение восстановлено"),
    "cancelled": gettext_lazy("Плановые работы отменены"),
    "updated": gettext_lazy("Изменены сведения"),
    "reports_linked": gettext_lazy("Привязаны сообщения «нет света»"),
    "report_linked": gettext_lazy("Привязано сообщение «нет света»"),
    "suggestion_accepted": gettext_lazy("Открыто по предложению диспетчеру"),
}


@staff_view(Right.OUTAGE_VIEW)
@require_GET
def registry(request: HttpRequest) -> HttpResponse:
    filters = StaffFilters(
        status=request.GET.get("status", ""),
        kind=request.GET.get("kind", ""),
        query=request.GET.get("q", "").strip(),
    )
    page = Paginator(
        outage_list_for_staff(user=request.user, filters=filters), PAGE_SIZE
    )
    return render(
        request,
        "outages/backoffice/registry.html",
        {
            "page": page.get_page(request.GET.get("page")),
            "filters": filters,
            "statuses": Outage.Status.choices,
            "kinds": OutageKind.choices,
            "can_manage": can_manage(request.user),
        },
    )


def _input_from(form: OutageForm) -> tuple[services.OutageInput | None, list[str]]:
    d = form.cleaned_data
    areas, problems = parse_area_lines(d["areas_text"])
    codes = set(d["supply_point_codes"].replace(",", " ").split())
    point_ids = supply_point_ids_for_codes(codes=codes)
    if len(point_ids) != len(codes):
        problems.append(_("Некоторые коды точек поставки не найдены."))
    if problems:
        return None, problems
    return (
        services.OutageInput(
            cause=d["cause"],
            cause_text=d["cause_text"],
            voltage_level=d["voltage_level"],
            equipment=d["equipment"],
            areas=areas,
            planned_start=d["planned_start"],
            planned_end=d["planned_end"],
            started_at=d["started_at"],
            estimated_restoration_at=d["estimated_restoration_at"],
            description=d["description"],
            internal_note=d["internal_note"],
            supply_point_ids=point_ids,
            exclusion_class_id=d["exclusion_class"].pk
            if d["exclusion_class"]
            else None,
            notice_lead_hours=d["notice_lead_hours"],
        ),
        [],
    )


def _save(
    request: HttpRequest,
    form: OutageForm,
    perform: Callable[[services.OutageInput], Outage],
) -> Outage | None:
    data, problems = _input_from(form)
    for problem in problems:
        form.add_error("areas_text", problem)
    if data is None:
        return None
    try:
        return perform(data)
    except PermissionDeniedError:
        raise
    except ApplicationError as exc:
        form.add_error(None, exc.message)
        return None


@staff_view(Right.OUTAGE_MANAGE)
@require_http_methods(["GET", "POST"])
def create(request: HttpRequest) -> HttpResponse:
    form = OutageForm(
        request.POST or None, initial={"kind": request.GET.get("kind", "unplanned")}
    )
    if request.method == "POST" and form.is_valid():
        planned = form.cleaned_data["kind"] == OutageKind.PLANNED
        action = services.outage_plan if planned else services.outage_register_unplanned
        outage = _save(
            request, form, lambda data: action(actor=request.user, data=data)
        )
        if outage is not None:
            messages.success(
                request, _("Отключение № %(n)s открыто.") % {"n": outage.pk}
            )
            return redirect("outages:staff_card", outage_id=outage.pk)
    return render(
        request, "outages/backoffice/form.html", {"form": form, "outage": None}
    )


def _areas_text(outage: Outage) -> str:
    lines = []
    for area in outage.areas.all():
        parts = [area.settlement.name]
        if area.building_id:
            if area.building.street_id:
                parts.append(area.building.street.name)
            parts.append(area.building.number)
        else:
            if area.street_id:
                parts.append(area.street.name)
            if area.house_from is not None:
                span = f"{area.house_from}-{area.house_to}"
                prefix = {"odd": "нечётные ", "even": "чётные "}.get(area.parity, "")
                parts.append(prefix + span)
        lines.append(", ".join(parts))
    return "\n".join(lines)


@staff_view(Right.OUTAGE_MANAGE)
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, outage_id: int) -> HttpResponse:
    outage = outage_get_for_user(user=request.user, outage_id=outage_id)
    if not can_manage(request.user, outage):
        raise PermissionDeniedError()
    initial: dict[str, Any] = {
        "kind": outage.kind,
        "cause": outage.cause,
        "cause_text": outage.cause_text,
        "voltage_level": outage.voltage_level,
        "equipment": outage.equipment,
        "areas_text": _areas_text(outage),
        "planned_start": outage.planned_start,
        "planned_end": outage.planned_end,
        "started_at": outage.started_at,
        "estimated_restoration_at": outage.estimated_restoration_at,
        "exclusion_class": outage.exclusion_class,
        "notice_lead_hours": outage.notice_lead_hours,
        "description": outage.description,
        "internal_note": outage.internal_note,
        "supply_point_codes": " ".join(
            outage.supply_point_links.filter(source="manual").values_list(
                "supply_point__code", flat=True
            )
        ),
    }
    form = OutageForm(request.POST or None, initial=initial)
    form.fields["kind"].disabled = True
    if request.method == "POST" and form.is_valid():
        done = _save(
            request,
            form,
            lambda data: services.outage_update(
                actor=request.user, outage=outage, data=data
            ),
        )
        if done is not None:
            messages.success(request, _("Изменения сохранены."))
            return redirect("outages:staff_card", outage_id=outage.pk)
    return render(
        request, "outages/backoffice/form.html", {"form": form, "outage": outage}
    )


@staff_view(Right.OUTAGE_VIEW)
@require_GET
def card(request: HttpRequest, outage_id: int) -> HttpResponse:
    outage = outage_get_for_user(user=request.user, outage_id=outage_id)
    manage = can_manage(request.user, outage)
    return render(
        request,
        "outages/backoffice/card.html",
        {
            "outage": outage,
            "events": [
                (event, EVENT_TITLES.get(event.action, event.action))
                for event in outage.events.select_related("actor").order_by("at", "pk")
            ],
            "estimates": list(
                outage.estimates.select_related("set_by").order_by("set_at", "pk")
            ),
            "reports": outage.power_reports.count(),
            "can_manage": manage,
            "start_form": StartForm()
            if manage and outage.can_move_to("in_progress")
            else None,
            "estimate_form": EstimateForm() if manage and outage.is_open else None,
            "restore_form": RestoreForm()
            if manage and outage.can_move_to("restored")
            else None,
            "cancel_form": CancelForm()
            if manage and outage.can_move_to("cancelled")
            else None,
        },
    )


def _act(
    request: HttpRequest,
    outage_id: int,
    form_class: type[forms.Form],
    perform: Callable[[Outage, dict[str, Any]], object],
    done: str,
) -> HttpResponse:
    outage = outage_get_for_user(user=request.user, outage_id=outage_id)
    form = form_class(request.POST)
    if not form.is_valid():
        for line in form_errors(form):
            messages.error(request, line)
    else:
        try:
            perform(outage, form.cleaned_data)
        except PermissionDeniedError:
            raise
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, done)
    return redirect("outages:staff_card", outage_id=outage.pk)


@staff_view(Right.OUTAGE_MANAGE)
@require_POST
def start(request: HttpRequest, outage_id: int) -> HttpResponse:
    return _act(
        request,
        outage_id,
        StartForm,
        lambda o, d: services.outage_start(
            actor=request.user, outage=o, started_at=d["started_at"]
        ),
        _("Отмечено начало работ: электроснабжение прекращено."),
    )


@staff_view(Right.OUTAGE_MANAGE)
@require_POST
def estimate(request: HttpRequest, outage_id: int) -> HttpResponse:
    return _act(
        request,
        outage_id,
        EstimateForm,
        lambda o, d: services.outage_estimate_change(
            actor=request.user,
            outage=o,
            estimated_at=d["estimated_at"],
            reason=d["reason"],
        ),
        _("Ожидаемое время восстановления изменено."),
    )


@staff_view(Right.OUTAGE_MANAGE)
@require_POST
def restore(request: HttpRequest, outage_id: int) -> HttpResponse:
    return _act(
        request,
        outage_id,
        RestoreForm,
        lambda o, d: services.outage_restore(
            actor=request.user, outage=o, ended_at=d["ended_at"]
        ),
        _("Электроснабжение восстановлено, подписчики уведомлены."),
    )


@staff_view(Right.OUTAGE_MANAGE)
@require_POST
def cancel(request: HttpRequest, outage_id: int) -> HttpResponse:
    return _act(
        request,
        outage_id,
        CancelForm,
        lambda o, d: services.outage_cancel(
            actor=request.user, outage=o, reason=d["reason"]
        ),
        _("Плановые работы отменены."),
    )


@staff_view(Right.OUTAGE_MANAGE)
@require_http_methods(["GET", "POST"])
def schedule_upload(request: HttpRequest) -> HttpResponse:
    form = ScheduleUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            imported = schedule_import_preview(
                actor=request.user, file_name=upload.name, content=upload.read()
            )
        except PermissionDeniedError:
            raise
        except ApplicationError as exc:
            form.add_error("file", exc.message)
        else:
            return redirect("outages:staff_import_preview", import_id=imported.pk)
    return render(request, "outages/backoffice/import_upload.html", {"form": form})


@staff_view(Right.OUTAGE_MANAGE)
@require_http_methods(["GET", "POST"])
def schedule_preview(request: HttpRequest, import_id: int) -> HttpResponse:
    imported = schedule_import_get_for_user(user=request.user, import_id=import_id)
    if request.method == "POST":
        try:
            if request.POST.get("action") == "discard":
                schedule_import_discard(actor=request.user, schedule_import=imported)
                messages.success(request, _("Загрузка отменена."))
                return redirect("outages:staff_import")
            created = schedule_import_apply(
                actor=request.user, schedule_import=imported
            )
        except PermissionDeniedError:
            raise
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request, _("Создано плановых отключений: %(n)s.") % {"n": created}
            )
            return redirect("outages:staff_registry")
    return render(
        request, "outages/backoffice/import_preview.html", {"imported": imported}
    )


@staff_view(Right.OUTAGE_VIEW)
@require_GET
def dispatch(request: HttpRequest) -> HttpResponse:
    queue = dispatch_queue_get(user=request.user)
    return render(
        request,
        "outages/backoffice/dispatch.html",
        {"queue": queue, "can_manage": can_manage(request.user)},
    )


@staff_view(Right.OUTAGE_MANAGE)
@require_POST
def suggestion_decide(request: HttpRequest, suggestion_id: int) -> HttpResponse:
    suggestion = suggestion_get_for_user(user=request.user, suggestion_id=suggestion_id)
    try:
        if request.POST.get("action") == "dismiss":
            intake.suggestion_dismiss(actor=request.user, suggestion=suggestion)
            messages.success(request, _("Предложение отклонено."))
            return redirect("outages:staff_dispatch")
        outage = services.outage_open_from_suggestion(
            actor=request.user,
            suggestion=suggestion,
            voltage_level=request.POST.get("voltage_level") or "NN",
        )
    except PermissionDeniedError:
        raise
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("outages:staff_dispatch")
    messages.success(
        request, _("Открыто аварийное отключение № %(n)s.") % {"n": outage.pk}
    )
    return redirect("outages:staff_card", outage_id=outage.pk)
