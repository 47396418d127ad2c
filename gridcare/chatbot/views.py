"""The chat page `/chat/` (works without JavaScript: plain form posts), the widget's
start endpoint, and the specialists' knowledge-base suggestions for the console."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from gridcare.accounts.access import staff_view
from gridcare.chatbot.engine import matcher_get
from gridcare.chatbot.models import Conversation
from gridcare.chatbot.selectors import conversation_get_for_user
from gridcare.chatbot.services import (
    conversation_callback,
    conversation_close,
    conversation_post,
    conversation_start,
)
from gridcare.contact_centre.models import ChatMessage
from gridcare.contact_centre.selectors import CONSOLE_RIGHT, live_chat_get_for_staff
from gridcare.core.errors import ApplicationError, NotFoundError
from gridcare.core.web import refusals_to_http

SESSION_KEY = "chat_token"
SUGGESTIONS = 3


def _current(request: HttpRequest, *, create: bool) -> Conversation | None:
    """The conversation of this browser session (a new one if asked and needed)."""
    token = request.session.get(SESSION_KEY)
    if token:
        try:
            conversation = conversation_get_for_user(user=request.user, token=token)
        except NotFoundError:
            conversation = None
        if conversation is not None and conversation.state != Conversation.State.CLOSED:
            return conversation
    if not create:
        return None
    conversation = conversation_start(
        user=request.user, channel=Conversation.Channel.PORTAL
    )
    request.session[SESSION_KEY] = conversation.token
    return conversation


@refusals_to_http
def chat_page(request: HttpRequest) -> HttpResponse:
    """The whole conversation and a message form; buttons are submit buttons."""
    conversation = _current(request, create=True)
    if request.method == "POST":
        text = request.POST.get("text", "")
        try:
            conversation_post(conversation=conversation, text=text)  # type: ignore[arg-type]
        except ApplicationError as exc:
            messages.error(request, exc.message)
        return redirect("chatbot:page")
    assert conversation is not None
    return render(
        request,
        "chatbot/chat.html",
        {
            "conversation": conversation,
            "chat_messages": conversation.messages.order_by("created_at", "pk"),
            "last_options": _last_options(conversation),
        },
    )


def _last_options(conversation: Conversation) -> list[dict[str, str]]:
    last = conversation.messages.order_by("-created_at", "-pk").first()
    return list(last.options) if last and last.options else []


@require_POST
@refusals_to_http
def chat_callback(request: HttpRequest) -> HttpResponse:
    conversation = _current(request, create=True)
    try:
        conversation_callback(
            conversation=conversation,  # type: ignore[arg-type]
            name=request.POST.get("name", ""),
            phone=request.POST.get("phone", ""),
            preferred_time=request.POST.get("preferred_time", ""),
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("chatbot:page")


@require_POST
@refusals_to_http
def chat_new(request: HttpRequest) -> HttpResponse:
    """End the current conversation and start a new one."""
    conversation = _current(request, create=False)
    if conversation is not None:
        conversation_close(conversation=conversation)
    request.session.pop(SESSION_KEY, None)
    return redirect("chatbot:page")


@require_POST
def chat_start(request: HttpRequest) -> JsonResponse:
    """The widget's start: the session's conversation token (created on first use)."""
    conversation = _current(request, create=True)
    assert conversation is not None
    return JsonResponse({"token": conversation.token, "state": conversation.state})


@staff_view(CONSOLE_RIGHT)
def staff_suggestions(request: HttpRequest, chat_id: int) -> HttpResponse:
    """Knowledge-base answers for the person's last message in a live chat (top 3)."""
    chat = live_chat_get_for_staff(user=request.user, chat_id=chat_id)
    last = (
        chat.messages.filter(author=ChatMessage.Author.PERSON)
        .order_by("-created_at", "-pk")
        .first()
    )
    question = last.text if last else chat.question
    articles = []
    matcher = matcher_get()
    if question:
        reply = matcher.reply(question)
        index = getattr(matcher, "index", None)
        for article_id, _share in reply.candidates[:SUGGESTIONS]:
            if index is not None and article_id in index:
                articles.append(index.article(article_id))
        if not articles and reply.article_id and index is not None:
            articles.append(index.article(reply.article_id))
    return render(
        request,
        "chatbot/_suggestions.html",
        {"chat": chat, "question": question, "articles": articles},
    )
