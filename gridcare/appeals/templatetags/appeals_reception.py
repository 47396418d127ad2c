"""`{{ appeal|reception_tracking_link }}` for message templates: appeals from the
internet reception are followed by their tracking link, not the personal account."""

from django import template

from gridcare.appeals.reception import reception_tracking_link_for_appeal

register = template.Library()


@register.filter
def reception_tracking_link(appeal: object) -> str:
    return reception_tracking_link_for_appeal(appeal)
