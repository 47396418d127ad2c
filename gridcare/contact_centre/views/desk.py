"""The operator desk `/staff/desk/`: status with time in status, the current call
with the caller's card, register or attach an appeal, wrap-up, scripts and the
knowledge base, call-back tasks. Plain forms; desk-live.js refreshes the panel when
the desk socket (or, without it, polling) says something changed."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gridcare.accounts.access import staff_view
from gridcare.contact_centre.desk_selectors import (
    callback_request_get_for_user,
    callback_request_list_for_desk,
    caller_card_get,
    interaction_current_for,
    interaction_get_for_user,
    operator_status_times,
    script_list,
    wrap_up_code_list,
    written_items_for_desk,
    written_waiting_count,
)
from gridcare.contact_centre.models import ChatTopic, OperatorStatus
from gridcare.contact_centre.selectors import CONSOLE_RIGHT
from gridcare.contact_centre.services import (
    callback_request_complete,
    callback_request_take,
    interaction_answered,
    interaction_appeal_attach,
    interaction_appeal_register,
    interaction_ended,
    interaction_wrap_up,
    operator_profile_get_or_create,
    operator_status_set,
)
from gridcare.contact_centre.services.written import written_take_next
from gridcare.core.errors import ApplicationError

# The chat-bot's knowledge-base search for staff (GET ?q=), if it is installed; this
# app may not import the chat-bot, so the desk only links to it.
KB_SEARCH_URL_NAME = "chatbot:staff_kb_search"


def _kb_search_url() -> str | None:
    try:
        return reverse(KB_SEARCH_URL_NAME)
    except NoReverseMatch:
        return None


def _context(request: HttpRequest) -> dict[str, Any]:
    user = request.user
    profile = operator_profile_get_or_create(user)  # type: ignore[arg-type]
    current = interaction_current_for(user=user)
    now = timezone.now()
    times = operator_status_times(operator=user, now=now)
    return {
        "profile": profile,
        "statuses": OperatorStatus.choices,
        "status_seconds": int((now - profile.status_since).total_seconds())
        if profile.status_since
        else 0,
        "times": [(label, times[value]) for value, label in OperatorStatus.choices],
        "current": current,
        "card": caller_card_get(user=user, interaction=current) if current else None,
        "scripts": script_list(topic=current.topic) if current else [],
        "wrap_up_codes": wrap_up_code_list() if current else [],
        "topics": ChatTopic.choices,
        "callbacks": callback_request_list_for_desk(user=user)[:20],
        "kb_search_url": _kb_search_url(),
        "written": list(written_items_for_desk(user=user)),
        "written_waiting": written_waiting_count(),
        "now": now,
    }


@staff_view(CONSOLE_RIGHT)
def desk(request: HttpRequest) -> HttpResponse:
    return render(request, "contact_centre/desk.html", _context(request))


@staff_view(CONSOLE_RIGHT)
def panel(request: HttpRequest) -> HttpResponse:
    """The desk panel alone (live refresh, polling)."""
    return render(request, "contact_centre/_desk_panel.html", _context(request))


def _back() -> HttpResponse:
    return redirect("contact_centre:desk")


def _run(request: HttpRequest, act: Callable[[], object], done: str) -> HttpResponse:
    try:
        act()
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        if done:
            messages.success(request, done)
    return _back()


@require_POST
@staff_view(CONSOLE_RIGHT)
def status(request: HttpRequest) -> HttpResponse:
    return _run(
        request,
        lambda: operator_status_set(request.user, request.POST.get("status", "")),  # type: ignore[arg-type]
        "",
    )


@require_POST
@staff_view(CONSOLE_RIGHT)
def written_next(request: HttpRequest) -> HttpResponse:
    """«Взять следующее»: the engine gives the operator the next written appeal."""
    result: dict[str, Any] = {}

    def act() -> None:
        result["item"] = written_take_next(actor=request.user)  # type: ignore[arg-type]

    response = _run(request, act, "")
    item = result.get("item")
    if item is not None and item.appeal_id:
        messages.success(
            request,
            _("Вы взяли обращение № %(number)s.") % {"number": item.appeal.number},
        )
    return response


@require_POST
@staff_view(CONSOLE_RIGHT)
def answer(request: HttpRequest, interaction_id: int) -> HttpResponse:
    found = interaction_get_for_user(user=request.user, interaction_id=interaction_id)
    return _run(
        request,
        lambda: interaction_answered(interaction=found, operator=request.user),  # type: ignore[arg-type]
        "",
    )


@require_POST
@staff_view(CONSOLE_RIGHT)
def end(request: HttpRequest, interaction_id: int) -> HttpResponse:
    found = interaction_get_for_user(user=request.user, interaction_id=interaction_id)
    return _run(request, lambda: interaction_ended(interaction=found), "")


@require_POST
@staff_view(CONSOLE_RIGHT)
def register_appeal(request: HttpRequest, interaction_id: int) -> HttpResponse:
    found = interaction_get_for_user(user=request.user, interaction_id=interaction_id)
    result: dict[str, Any] = {}

    def act() -> None:
        result["appeal"] = interaction_appeal_register(
            actor=request.user,  # type: ignore[arg-type]
            interaction=found,
            text=request.POST.get("text", ""),
            topic=request.POST.get("topic", ""),
        )

    response = _run(request, act, "")
    if "appeal" in result:
        messages.success(
            request,
            _("Обращение № %(number)s зарегистрировано.")
            % {"number": result["appeal"].number},
        )
    return response


@require_POST
@staff_view(CONSOLE_RIGHT)
def attach_appeal(request: HttpRequest, interaction_id: int) -> HttpResponse:
    found = interaction_get_for_user(user=request.user, interaction_id=interaction_id)
    appeal_id = request.POST.get("appeal", "")
    if not appeal_id.isdigit():
        messages.error(request, _("Выберите обращение."))
        return _back()
    return _run(
        request,
        lambda: interaction_appeal_attach(
            actor=request.user,  # type: ignore[arg-type]
            interaction=found,
            appeal_id=int(appeal_id),
            text=request.POST.get("text", ""),
        ),
        _("Звонок добавлен к обращению."),
    )


@require_POST
@staff_view(CONSOLE_RIGHT)
def wrap_up(request: HttpRequest, interaction_id: int) -> HttpResponse:
    found = interaction_get_for_user(user=request.user, interaction_id=interaction_id)
    return _run(
        request,
        lambda: interaction_wrap_up(
            actor=request.user,  # type: ignore[arg-type]
            interaction=found,
            code=request.POST.get("code", ""),
        ),
        _("Звонок обработан. Вы снова готовы принимать звонки."),
    )


@require_POST
@staff_view(CONSOLE_RIGHT)
def callback_take(request: HttpRequest, request_id: int) -> HttpResponse:
    found = callback_request_get_for_user(user=request.user, request_id=request_id)
    return _run(
        request,
        lambda: callback_request_take(actor=request.user, request=found),  # type: ignore[arg-type]
        _("Обратный звонок в вашем списке."),
    )


@require_POST
@staff_view(CONSOLE_RIGHT)
def callback_done(request: HttpRequest, request_id: int) -> HttpResponse:
    found = callback_request_get_for_user(user=request.user, request_id=request_id)
    return _run(
        request,
        lambda: callback_request_complete(
            actor=request.user,  # type: ignore[arg-type]
            request=found,
            outcome=request.POST.get("outcome", ""),
        ),
        _("Обратный звонок выполнен."),
    )
