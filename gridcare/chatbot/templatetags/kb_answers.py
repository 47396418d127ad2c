"""`{{ text|kb_answer }}`: a knowledge-base answer with its limited formatting
(kb_markup.py), everything else escaped."""

from django import template
from django.utils.safestring import SafeString

from gridcare.chatbot.kb_markup import answer_html

register = template.Library()


@register.filter
def kb_answer(text: str) -> SafeString:
    return answer_html(str(text or ""))
