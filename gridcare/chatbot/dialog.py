"""Алсу's turn: the answer to a follow-up question she asked, else a live action
recognised by intents.py, else the knowledge base (matcher). Her replies are written
into the conversation as they are decided, so a hand-off's queue notice comes after
«передаю специалисту».

Steps (conversation.step) and what ends them:

    outage_address / no_power_address  → an address
    report_confirm                     → да (report no power) / нет
    appeal_number                      → a registration number
    reading_meter → reading_values     → a meter, then its values
    appeal_text → appeal_topic (→ appeal_contact for visitors) → the appeal is filed
    handoff_contact / callback_contact → a visitor's name and phone
«отмена» leaves any step."""

from collections.abc import Callable

from django.utils.translation import gettext as _

from gridcare.chatbot import actions, intents
from gridcare.chatbot.actions import ask, bot, consumer_of, done
from gridcare.chatbot.engine import matcher_get
from gridcare.chatbot.handoff import (
    conversation_callback,
    conversation_handoff,
    queue_of,
)
from gridcare.chatbot.messages import Say
from gridcare.chatbot.models import Conversation
from gridcare.contact_centre.models import ChatTopic
from gridcare.core.errors import ApplicationError

CALLBACK_OPTION = {"label": "Перезвоните мне", "value": "Перезвоните мне"}


def conversation_reply(conversation: Conversation, text: str) -> None:
    """Answer the person's message (already saved) and save the step reached."""
    step_before = (conversation.step, dict(conversation.step_data))
    _reply(conversation, text)
    if (conversation.step, conversation.step_data) != step_before:
        conversation.save(update_fields=["step", "step_data"])


def _reply(conversation: Conversation, text: str) -> None:
    if conversation.step and intents.is_cancel(text):
        done(conversation)
        bot(conversation, _("Хорошо, отменила. Чем ещё помочь?"))
        return
    handler = STEPS.get(conversation.step)
    if handler is not None and handler(conversation, text):
        return
    done(conversation)
    if text.startswith(intents.ARTICLE_PREFIX) and _article(conversation, text):
        return
    intent = intents.recognise(text)
    if intent is not None:
        INTENTS[intent.name](conversation, intent.argument, text)
        return
    _from_knowledge_base(conversation, text)


def _article(conversation: Conversation, text: str) -> bool:
    """A clarifying button was pressed: answer with that article."""
    article_id = text.removeprefix(intents.ARTICLE_PREFIX)
    index = getattr(matcher_get(), "index", None)
    if index is None or article_id not in index:
        return False
    article = index.article(article_id)
    conversation.topic = queue_of(article.topic)
    conversation.save(update_fields=["topic"])
    bot(
        conversation,
        Say(article.answer, kind="answer", article_id=article.id, confidence=1.0),
    )
    return True


def _from_knowledge_base(conversation: Conversation, text: str) -> None:
    reply = matcher_get().reply(text)
    if reply.kind != "smalltalk" and reply.topic:
        conversation.topic = queue_of(reply.topic)
        conversation.save(update_fields=["topic"])
    if reply.kind == "clarify":
        options = [
            {"label": o.title, "value": f"{intents.ARTICLE_PREFIX}{o.article_id}"}
            for o in reply.options
        ]
        bot(
            conversation,
            Say(
                reply.text, kind="clarify", options=options, confidence=reply.confidence
            ),
        )
        return
    if reply.kind == "handoff":
        bot(conversation, Say(reply.text, kind="handoff", confidence=reply.confidence))
        _handoff(conversation, text)
        return
    bot(
        conversation,
        Say(
            reply.text,
            kind=reply.kind,
            article_id=reply.article_id or "",
            confidence=reply.confidence,
        ),
    )


def _handoff(conversation: Conversation, question: str) -> None:
    """Hand over now (the person is known) or ask a visitor's name and phone first."""
    if conversation.user is not None:
        conversation_handoff(
            conversation=conversation, topic=conversation.topic, question=question
        )
        return
    ask(
        conversation,
        "handoff_contact",
        Say(
            _(
                "Чтобы специалист мог ответить, напишите ваше имя и телефон, например: Анна, +7 917 000-00-00."
            ),
            kind="handoff",
            options=[CALLBACK_OPTION],
        ),
        question=question,
    )


# ---- intents ----------------------------------------------------------------------


def _human(conversation: Conversation, _argument: str, text: str) -> None:
    bot(conversation, Say(_("Передаю разговор специалисту."), kind="handoff"))
    _handoff(conversation, text)


def _callback(conversation: Conversation, _argument: str, text: str) -> None:
    consumer = consumer_of(conversation)
    phone = getattr(consumer, "phone", "") if consumer else ""
    if consumer is not None and phone:
        conversation_callback(
            conversation=conversation, name=consumer.name, phone=phone, question=text
        )
        return
    ask(
        conversation,
        "callback_contact",
        _(
            "Напишите имя, телефон и, если нужно, удобное время звонка, например: Анна, +7 917 000-00-00, после 18:00."
        ),
        question=text,
    )


INTENTS: dict[str, Callable[[Conversation, str, str], None]] = {
    "no_power": lambda c, arg, _t: actions.no_power(c, arg),
    "outage": lambda c, arg, _t: actions.outage_at_address(c, arg),
    "appeal_status": lambda c, arg, _t: actions.appeal_status(c, arg),
    "reading": lambda c, _a, _t: actions.reading_start(c),
    "appeal": lambda c, _a, _t: actions.appeal_start(c),
    "callback": _callback,
    "human": _human,
}


# ---- follow-up steps: True when the message was the answer ------------------------


def _step_address(conversation: Conversation, text: str) -> bool:
    if intents.recognise(text) is not None:
        return False
    if conversation.step == "no_power_address":
        actions.no_power(conversation, text.strip())
    else:
        actions.outage_at_address(conversation, text.strip())
    return True


def _step_report(conversation: Conversation, text: str) -> bool:
    if intents.is_yes(text):
        actions.report_no_power(conversation)
        return True
    if intents.is_no(text):
        done(conversation)
        bot(conversation, _("Хорошо. Если свет не появится, напишите мне снова."))
        return True
    return False


def _step_number(conversation: Conversation, text: str) -> bool:
    number = intents.appeal_number(text)
    if number is None:
        return False
    actions.appeal_status(conversation, number)
    return True


def _step_meter(conversation: Conversation, text: str) -> bool:
    return actions.reading_choose(conversation, text)


def _step_values(conversation: Conversation, text: str) -> bool:
    return actions.reading_values(conversation, text)


def _step_appeal_text(conversation: Conversation, text: str) -> bool:
    text = text.strip()
    if len(text) < 5:
        bot(conversation, _("Опишите вопрос подробнее, хотя бы несколькими словами."))
        return True
    reply = matcher_get().reply(text)
    actions.appeal_topic_ask(conversation, text, queue_of(reply.topic))
    return True


def _step_appeal_topic(conversation: Conversation, text: str) -> bool:
    topic = text.strip().removeprefix("topic:")
    if topic not in ChatTopic.values:
        labels = {str(label).lower(): value for value, label in ChatTopic.choices}
        topic = labels.get(text.strip().lower(), "")
    if not topic:
        return False
    if consumer_of(conversation) is not None:
        _file_appeal(conversation, topic=topic)
        return True
    ask(
        conversation,
        "appeal_contact",
        _("Напишите ваше имя и телефон для ответа, например: Анна, +7 917 000-00-00."),
        text=conversation.step_data.get("text", ""),
        topic=topic,
    )
    return True


def _step_appeal_contact(conversation: Conversation, text: str) -> bool:
    name, phone, _rest = intents.split_contact(text)
    if not (name and phone):
        bot(
            conversation, _("Нужны и имя, и телефон, например: Анна, +7 917 000-00-00.")
        )
        return True
    _file_appeal(
        conversation, topic=conversation.step_data["topic"], name=name, phone=phone
    )
    return True


def _file_appeal(
    conversation: Conversation, *, topic: str, name: str = "", phone: str = ""
) -> None:
    try:
        actions.appeal_file(conversation, topic=topic, name=name, phone=phone)
    except ApplicationError as exc:
        bot(conversation, exc.message)


def _step_handoff_contact(conversation: Conversation, text: str) -> bool:
    if (
        intents.recognise(text) is not None
        and intents.recognise(text).name == "callback"
    ):  # type: ignore[union-attr]
        _callback(conversation, "", conversation.step_data.get("question", ""))
        return True
    name, phone, _rest = intents.split_contact(text)
    if not (name and phone):
        bot(
            conversation, _("Нужны и имя, и телефон, например: Анна, +7 917 000-00-00.")
        )
        return True
    question = conversation.step_data.get("question", "")
    try:
        conversation_handoff(
            conversation=conversation,
            topic=conversation.topic,
            question=question,
            name=name,
            phone=phone,
        )
    except ApplicationError as exc:
        bot(conversation, exc.message)
    return True


def _step_callback_contact(conversation: Conversation, text: str) -> bool:
    name, phone, preferred = intents.split_contact(text)
    if not (name and phone):
        bot(
            conversation, _("Нужны и имя, и телефон, например: Анна, +7 917 000-00-00.")
        )
        return True
    try:
        conversation_callback(
            conversation=conversation,
            name=name.strip(),
            phone=phone,
            preferred_time=preferred.strip(),
            question=conversation.step_data.get("question", ""),
        )
    except ApplicationError as exc:
        bot(conversation, exc.message)
    return True


STEPS: dict[str, Callable[[Conversation, str], bool]] = {
    "outage_address": _step_address,
    "no_power_address": _step_address,
    "report_confirm": _step_report,
    "appeal_number": _step_number,
    "reading_meter": _step_meter,
    "reading_values": _step_values,
    "appeal_text": _step_appeal_text,
    "appeal_topic": _step_appeal_topic,
    "appeal_contact": _step_appeal_contact,
    "handoff_contact": _step_handoff_contact,
    "callback_contact": _step_callback_contact,
}
