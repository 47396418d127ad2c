"""The specialists' chat console `/staff/chats/`: several chats at once, the bot
conversation so far, knowledge-base suggestions (loaded from the chat-bot), canned
replies, accept, write, close and register as an appeal. Plain forms; the console's
socket (chat-console.js) only refreshes it live."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from gridcare.accounts.access import staff_view
from gridcare.contact_centre.models import ChatMessage
from gridcare.contact_centre.selectors import (
    CONSOLE_RIGHT,
    callback_request_list_open,
    canned_reply_list,
    chat_messages,
    chat_topics_for,
    live_chat_get_for_staff,
    live_chat_list_for_console,
)
from gridcare.contact_centre.services import (
    chat_accept,
    chat_close,
    chat_message_post,
    chat_to_appeal,
)
from gridcare.core.errors import ApplicationError


@staff_view(CONSOLE_RIGHT)
def console(request: HttpRequest) -> HttpResponse:
    chats = list(live_chat_list_for_console(user=request.user))
    selected = None
    chat_id = request.GET.get("chat")
    if chat_id and chat_id.isdigit():
        selected = live_chat_get_for_staff(user=request.user, chat_id=int(chat_id))
    elif chats:
        mine = [c for c in chats if c.specialist_id == request.user.pk]
        selected = mine[0] if mine else None
    return render(
        request,
        "contact_centre/console.html",
        {
            "chats": chats,
            "chat": selected,
            "live_messages": chat_messages(selected) if selected else [],
            "canned": canned_reply_list(topic=selected.topic) if selected else [],
            "topics": chat_topics_for(request.user),
            "callbacks": callback_request_list_open()[:20],
        },
    )


def _back(chat_id: int) -> HttpResponse:
    return redirect(f"{reverse('contact_centre:console')}?chat={chat_id}")


def _run(request: HttpRequest, chat_id: int, act: object, done: str) -> HttpResponse:
    chat = live_chat_get_for_staff(user=request.user, chat_id=chat_id)
    try:
        act(chat)  # type: ignore[operator]
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        if done:
            messages.success(request, done)
    return _back(chat_id)


@require_POST
@staff_view(CONSOLE_RIGHT)
def accept(request: HttpRequest, chat_id: int) -> HttpResponse:
    return _run(request, chat_id, lambda c: chat_accept(actor=request.user, chat=c), "")


@require_POST
@staff_view(CONSOLE_RIGHT)
def message(request: HttpRequest, chat_id: int) -> HttpResponse:
    return _run(
        request,
        chat_id,
        lambda c: chat_message_post(
            chat=c,
            author=ChatMessage.Author.SPECIALIST,
            text=request.POST.get("text", ""),
            user=request.user,
        ),
        "",
    )


@require_POST
@staff_view(CONSOLE_RIGHT)
def close(request: HttpRequest, chat_id: int) -> HttpResponse:
    return _run(
        request,
        chat_id,
        lambda c: chat_close(chat=c, actor=request.user),
        "Чат завершён.",
    )


@require_POST
@staff_view(CONSOLE_RIGHT)
def to_appeal(request: HttpRequest, chat_id: int) -> HttpResponse:
    return _run(
        request,
        chat_id,
        lambda c: chat_to_appeal(
            actor=request.user, chat=c, text=request.POST.get("text", "")
        ),
        "Обращение зарегистрировано.",
    )
