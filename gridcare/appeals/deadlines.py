"""Which deadline rule applies to an appeal, and the deadline it gives."""

from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings

from gridcare.appeals.models import DeadlineRule
from gridcare.calendars.terms import due_at


@dataclass(frozen=True)
class Deadline:
    rule: DeadlineRule
    due_at: datetime
    due_soon_at: datetime


class DeadlineRuleSet:
    """The active rules, loaded once; picks the most specific rule for an appeal.

    Specificity: a rule naming kind, channel or topic beats one that leaves it blank;
    blank fields match anything. Built per call in the service layer and once per run
    in bulk loads."""

    def __init__(self, rules: list[DeadlineRule]):
        self.rules = rules

    @classmethod
    def load(cls) -> "DeadlineRuleSet":
        return cls(list(DeadlineRule.objects.filter(is_active=True).order_by("pk")))

    def pick(
        self, *, regime: str, kind: str, channel: str, topic: str, on: date
    ) -> DeadlineRule | None:
        best: tuple[int, DeadlineRule] | None = None
        for rule in self.rules:
            if rule.regime != regime:
                continue
            if rule.valid_from and on < rule.valid_from:
                continue
            if rule.valid_to and on > rule.valid_to:
                continue
            score = 0
            for field, value in (
                ("kind", kind),
                ("channel", channel),
                ("topic", topic),
            ):
                wanted = getattr(rule, field)
                if wanted and wanted != value:
                    break
                score += bool(wanted)
            else:
                if best is None or score > best[0]:
                    best = (score, rule)
        return best[1] if best else None

    def deadline(
        self, *, regime: str, kind: str, channel: str, topic: str, start: datetime
    ) -> Deadline | None:
        rule = self.pick(
            regime=regime, kind=kind, channel=channel, topic=topic, on=start.date()
        )
        if rule is None:
            return None
        due = due_at(
            start=start,
            amount=rule.amount,
            unit=rule.unit,
            region=settings.CALENDAR_REGION,
        )
        soon = start + (due - start) * float(rule.due_soon_share)
        return Deadline(rule=rule, due_at=due, due_soon_at=soon)
