"""`{% load privacy %}{% if user|is_privacy_officer %}…` for navigation links."""

from django import template

from gridcare.privacy.rights import is_privacy_officer as _is_privacy_officer

register = template.Library()


@register.filter
def is_privacy_officer(user: object) -> bool:
    return _is_privacy_officer(user)
