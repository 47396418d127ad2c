"""Template filters of the desk and the wallboard."""

from django import template

register = template.Library()


@register.filter
def duration(seconds: int | None) -> str:
    """Seconds as «Ч:ММ:СС» (or «ММ:СС» under an hour); «—» for none."""
    if seconds is None or seconds == "":
        return "—"
    seconds = max(0, int(seconds))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{secs:02d}"
    return f"{minutes:02d}:{secs:02d}"


@register.filter
def percent(value: float | None) -> str:
    """A percentage with a decimal comma; «—» for none."""
    if value is None:
        return "—"
    return f"{value:.1f}".replace(".", ",") + " %"
