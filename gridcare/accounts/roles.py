"""What each staff role may do. One table, read by every permission check."""

from enum import StrEnum

from gridcare.accounts.models import Role


class Right(StrEnum):
    APPEAL_VIEW_QUEUE = "appeal.view_queue"  # see the back-office appeal registry
    APPEAL_REGISTER = "appeal.register"  # register an appeal on a consumer's behalf
    APPEAL_WORK = "appeal.work"  # take, comment, answer, close, forward
    APPEAL_ASSIGN = "appeal.assign"  # assign to others, bulk assignment
    APPEAL_VIEW_ALL_BRANCHES = "appeal.view_all_branches"
    APPEAL_VIEW_ALL_TOPICS = "appeal.view_all_topics"
    CONSUMER_VIEW = "consumer.view"  # open a consumer's card
    REPORT_VIEW = "report.view"
    REFERENCE_EDIT = "reference.edit"  # calendars, deadline rules, groups
    OUTAGE_VIEW = "outage.view"  # the outage registry, dispatch queue, storm mode
    OUTAGE_MANAGE = "outage.manage"  # open, update, close outages; import schedules
    # Grid connection (технологическое присоединение).
    CONNECTION_VIEW = "connection.view"  # see applications of the branch, the queue
    CONNECTION_REGISTER = "connection.register"  # file an application for an applicant
    CONNECTION_WORK = "connection.work"  # process: TU, offer, payment, works, act
    CONNECTION_VIEW_ALL_BRANCHES = "connection.view_all_branches"
    METER_READING_REGISTER = "meter_reading.register"  # readings taken by phone/office
    # Yearly plans and inputs of the № 1256 indicators.
    INDICATOR_EDIT = "indicator.edit"
    # The data protection officer: subjects' requests, exports, the access log.
    PERSONAL_DATA_OFFICER = "personal_data.officer"


_STAFF_BASE = {Right.APPEAL_VIEW_QUEUE, Right.CONSUMER_VIEW, Right.OUTAGE_VIEW}

ROLE_RIGHTS: dict[str, frozenset[Right]] = {
    Role.CONSUMER: frozenset(),
    Role.OPERATOR: frozenset(
        _STAFF_BASE
        | {
            Right.APPEAL_REGISTER,
            Right.APPEAL_WORK,
            Right.APPEAL_VIEW_ALL_TOPICS,
            Right.CONNECTION_VIEW,
            Right.METER_READING_REGISTER,
        }
    ),
    Role.SPECIALIST: frozenset(
        _STAFF_BASE
        | {Right.APPEAL_REGISTER, Right.APPEAL_WORK, Right.METER_READING_REGISTER}
    ),
    Role.OFFICE_SPECIALIST: frozenset(
        _STAFF_BASE
        | {
            Right.APPEAL_REGISTER,
            Right.APPEAL_WORK,
            Right.APPEAL_VIEW_ALL_TOPICS,
            Right.CONNECTION_VIEW,
            Right.CONNECTION_REGISTER,
            Right.METER_READING_REGISTER,
        }
    ),
    Role.CONNECTION_ENGINEER: frozenset(
        _STAFF_BASE
        | {
            Right.APPEAL_WORK,
            Right.CONNECTION_VIEW,
            Right.CONNECTION_REGISTER,
            Right.CONNECTION_WORK,
        }
    ),
    Role.SUPERVISOR: frozenset(
        _STAFF_BASE
        | {
            Right.APPEAL_REGISTER,
            Right.APPEAL_WORK,
            Right.APPEAL_ASSIGN,
            Right.APPEAL_VIEW_ALL_TOPICS,
            Right.REPORT_VIEW,
            Right.CONNECTION_VIEW,
            Right.CONNECTION_REGISTER,
            Right.CONNECTION_WORK,
            Right.OUTAGE_MANAGE,
            Right.METER_READING_REGISTER,
            Right.INDICATOR_EDIT,
        }
    ),
    Role.ANALYST: frozenset(
        {
            Right.APPEAL_VIEW_QUEUE,
            Right.APPEAL_VIEW_ALL_BRANCHES,
            Right.APPEAL_VIEW_ALL_TOPICS,
            Right.REPORT_VIEW,
            Right.CONNECTION_VIEW,
            Right.CONNECTION_VIEW_ALL_BRANCHES,
            Right.OUTAGE_VIEW,
        }
    ),
    Role.ADMINISTRATOR: frozenset(set(Right)),
}


def has_right(user: object, right: Right) -> bool:
    """True when an active, authenticated user's role grants `right`."""
    if not getattr(user, "is_authenticated", False) or not getattr(
        user, "is_active", False
    ):
        return False
    return right in ROLE_RIGHTS.get(user.role, frozenset())  # type: ignore[attr-defined]
