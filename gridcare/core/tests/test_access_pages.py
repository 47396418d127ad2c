"""Who reaches every web page: one rule per URL, every persona tried on every page.

The walk of the URL resolver fails on a page without a rule (and on a rule without a
page); each page is then requested as anonymous, both consumers and every staff role.
Addressed objects belong to `consumer` (Kazan), so `other_consumer` must be refused on
every one of them. A refused POST must change nothing.

Refused: 401, 403, 404, a redirect to the login page, or (a staff member on a
personal-account page) a redirect to the back office. Allowed: anything else below 500.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.apps import apps
from django.core import signing
from django.db import transaction
from django.forms.models import model_to_dict
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from gridcare.accounts.models import User
from gridcare.accounts.roles import ROLE_RIGHTS, Right
from gridcare.chatbot.engine import matcher_set
from gridcare.chatbot.tests.fakes import FakeMatcher
from gridcare.core.tests.access_fixtures import (
    ANONYMOUS,
    CONSUMER,
    OTHER_CONSUMER,
    PERSONAS,
    STAFF,
    World,
    extra_staff,
)

# ---- the vocabulary ---------------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    label: str
    allowed: frozenset[str]
    link: bool = False  # a secret link: anyone holding it; a forged one is refused


_ROLE_OF = {
    "operator": "operator",
    "specialist": "specialist",
    "other_specialist": "specialist",
    "remote_specialist": "specialist",
    "office_specialist": "office_specialist",
    "connection_engineer": "connection_engineer",
    "remote_engineer": "connection_engineer",
    "supervisor": "supervisor",
    "analyst": "analyst",
    "administrator": "administrator",
}

PUBLIC = Rule("PUBLIC", frozenset(PERSONAS))
LOGIN = Rule("LOGIN", frozenset(PERSONAS) - {ANONYMOUS})
# Personal-account pages: consumers only (staff are sent to the back office).
CONSUMER_ONLY = Rule("CONSUMER", frozenset({CONSUMER, OTHER_CONSUMER}))
# A page of one object of `consumer`: nobody else, not even another consumer.
OWNER = Rule("OWNER", frozenset({CONSUMER}))
# Secret-link pages (confirmation, tracking, unsubscribe): whoever holds the link.
LINK = Rule("LINK", frozenset(PERSONAS), link=True)
# Webhooks and scrapers with their own key: nobody without it.
TOKEN = Rule("TOKEN", frozenset())

# Staff the app refuses an object of `consumer` (Kazan, topic «учёт»): another
# branch, another competence (engineers have no «учёт» competence either).
OTHER_BRANCH = ("remote_specialist", "remote_engineer")
OTHER_TOPIC = ("other_specialist", "connection_engineer", "remote_engineer")


def STAFF_WITH(right: Right, *, deny: tuple[str, ...] = ()) -> Rule:
    """Staff whose role has `right` (accounts/roles.py), minus `deny`."""
    allowed = {
        persona
        for persona in STAFF
        if right in ROLE_RIGHTS[_ROLE_OF[persona]] and persona not in deny
    }
    suffix = f" − {', '.join(deny)}" if deny else ""
    return Rule(f"STAFF({right.name}){suffix}", frozenset(allowed))


R = Right
QUEUE = STAFF_WITH(R.APPEAL_VIEW_QUEUE)
APPEAL_CARD = STAFF_WITH(R.APPEAL_VIEW_QUEUE, deny=OTHER_BRANCH + OTHER_TOPIC)
APPEAL_WORK = STAFF_WITH(R.APPEAL_WORK, deny=OTHER_BRANCH + OTHER_TOPIC)
CONSUMER_CARD = STAFF_WITH(R.CONSUMER_VIEW, deny=OTHER_BRANCH)
# A connection application filed in Kazan: that branch's connection staff.
CONNECTION = STAFF_WITH(R.CONNECTION_VIEW, deny=OTHER_BRANCH)
WORK = STAFF_WITH(R.APPEAL_WORK)
# Live chats on topic «учёт»: the console of those who take that queue.
CHAT_QUEUE = STAFF_WITH(R.APPEAL_WORK, deny=OTHER_TOPIC)
# Office desks of the Kazan office: its branch's staff who register appeals.
DESK = STAFF_WITH(R.APPEAL_REGISTER, deny=OTHER_BRANCH)
# A call on the contact-centre desk: only the operator holding it.
CALL_HOLDER = Rule("HOLDER(operator)", frozenset({"operator"}))
REPORTS = STAFF_WITH(R.REPORT_VIEW)
OFFICER = STAFF_WITH(R.PERSONAL_DATA_OFFICER)
KB_EDIT = STAFF_WITH(R.REFERENCE_EDIT)

# ---- the matrix: every page of the site ------------------------------------------------

PAGES: dict[str, Rule] = {
    # core
    "portal_home": PUBLIC,
    "healthz": PUBLIC,
    "livez": PUBLIC,
    "readyz": PUBLIC,
    "metrics": TOKEN,
    "manifest": PUBLIC,
    "service_worker": PUBLIC,
    "offline": PUBLIC,
    "javascript_catalog": PUBLIC,
    "staff_home": LOGIN,
    # accounts
    "accounts:login": PUBLIC,
    "accounts:logout": PUBLIC,
    "accounts:otp_verify": LOGIN,
    "accounts:otp_setup": LOGIN,
    "accounts:sessions": LOGIN,
    "accounts:session_end": OWNER,
    "accounts:session_end_others": LOGIN,
    "accounts:token_revoke": OWNER,
    # appeals
    "appeals:portal_list": CONSUMER_ONLY,
    "appeals:portal_new": CONSUMER_ONLY,
    "appeals:portal_detail": OWNER,
    "appeals:portal_reply": OWNER,
    "appeals:portal_withdraw": OWNER,
    "appeals:portal_rate": OWNER,
    "appeals:portal_attachment": OWNER,
    "appeals:reception": PUBLIC,
    "appeals:reception_sent": PUBLIC,
    "appeals:reception_confirm": LINK,
    "appeals:reception_track": LINK,
    "appeals:staff_queue": QUEUE,
    "appeals:staff_bulk_assign": STAFF_WITH(R.APPEAL_ASSIGN),
    "appeals:staff_register": STAFF_WITH(R.APPEAL_REGISTER),
    "appeals:staff_detail": APPEAL_CARD,
    "appeals:staff_attachment": APPEAL_CARD,
    "appeals:staff_consumer_appeals": CONSUMER_CARD,
    "appeals:staff_take": APPEAL_WORK,
    "appeals:staff_assign": STAFF_WITH(R.APPEAL_ASSIGN),
    "appeals:staff_note": APPEAL_WORK,
    "appeals:staff_request_information": APPEAL_WORK,
    "appeals:staff_answer": APPEAL_WORK,
    "appeals:staff_close": APPEAL_WORK,
    "appeals:staff_reopen": APPEAL_WORK,
    "appeals:staff_forward": APPEAL_WORK,
    "appeals:staff_outcome": APPEAL_WORK,
    # grid connection
    "grid_connections:power_calculator": PUBLIC,
    "grid_connections:cost_calculator": PUBLIC,
    "grid_connections:portal_list": CONSUMER_ONLY,
    "grid_connections:portal_new": CONSUMER_ONLY,
    "grid_connections:portal_detail": OWNER,
    "grid_connections:portal_step": OWNER,
    "grid_connections:portal_file_add": OWNER,
    "grid_connections:portal_file_remove": OWNER,
    "grid_connections:portal_submit": OWNER,
    "grid_connections:portal_correction": OWNER,
    "grid_connections:portal_works": OWNER,
    "grid_connections:portal_withdraw": OWNER,
    "grid_connections:portal_document": OWNER,
    "grid_connections:portal_upload": OWNER,
    "grid_connections:staff_queue": STAFF_WITH(R.CONNECTION_VIEW),
    "grid_connections:staff_register": STAFF_WITH(R.CONNECTION_REGISTER),
    "grid_connections:staff_detail": CONNECTION,
    "grid_connections:staff_action": STAFF_WITH(R.CONNECTION_WORK, deny=OTHER_BRANCH),
    "grid_connections:staff_document": CONNECTION,
    "grid_connections:staff_upload": CONNECTION,
    # consumers
    "consumers:staff_lookup": STAFF_WITH(R.CONSUMER_VIEW),
    "consumers:staff_detail": CONSUMER_CARD,
    "consumers:register": PUBLIC,
    "consumers:register_confirm": PUBLIC,
    "consumers:register_resend": PUBLIC,
    "consumers:password_reset": PUBLIC,
    "consumers:password_reset_confirm": PUBLIC,
    "consumers:portal_home": CONSUMER_ONLY,
    "consumers:portal_accounts": CONSUMER_ONLY,
    "consumers:portal_account": OWNER,
    "consumers:portal_account_unlink": OWNER,
    "consumers:portal_consents": CONSUMER_ONLY,
    "consumers:portal_consent_give": CONSUMER_ONLY,
    "consumers:portal_consent_withdraw": OWNER,
    # outages
    "outages:public_index": PUBLIC,
    "outages:public_map": PUBLIC,
    "outages:public_geojson": PUBLIC,
    "outages:feed_rss": PUBLIC,
    "outages:feed_atom": PUBLIC,
    "outages:feed_ical": PUBLIC,
    "outages:public_detail": PUBLIC,
    "outages:subscribe": PUBLIC,
    "outages:confirm_code": PUBLIC,  # the SMS code is the secret
    "outages:confirm": LINK,
    "outages:unsubscribe": LINK,
    "outages:my_subscriptions": CONSUMER_ONLY,
    "outages:staff_registry": STAFF_WITH(R.OUTAGE_VIEW),
    "outages:staff_create": STAFF_WITH(R.OUTAGE_MANAGE),
    "outages:staff_import": STAFF_WITH(R.OUTAGE_MANAGE),
    "outages:staff_import_preview": STAFF_WITH(R.OUTAGE_MANAGE),
    "outages:staff_dispatch": STAFF_WITH(R.OUTAGE_VIEW),
    "outages:staff_suggestion": STAFF_WITH(R.OUTAGE_MANAGE),
    "outages:staff_card": STAFF_WITH(R.OUTAGE_VIEW),
    "outages:staff_edit": STAFF_WITH(R.OUTAGE_MANAGE),
    "outages:staff_start": STAFF_WITH(R.OUTAGE_MANAGE),
    "outages:staff_estimate": STAFF_WITH(R.OUTAGE_MANAGE),
    "outages:staff_restore": STAFF_WITH(R.OUTAGE_MANAGE),
    "outages:staff_cancel": STAFF_WITH(R.OUTAGE_MANAGE),
    "power_reports:report": PUBLIC,
    "power_reports:storm_list": QUEUE,
    "power_reports:storm_detail": QUEUE,
    # notifications
    "notifications:inbox": LOGIN,
    "notifications:mark_read": LOGIN,
    "notifications:settings": LOGIN,
    "notifications:push_worker": PUBLIC,
    "notifications:unsubscribe": LINK,
    # metering
    "metering:portal_readings": CONSUMER_ONLY,
    "metering:portal_submit": OWNER,
    "metering:staff_meter": CONSUMER_CARD,
    "metering:staff_submit": STAFF_WITH(R.METER_READING_REGISTER, deny=OTHER_BRANCH),
    # offices
    "offices:index": PUBLIC,
    "offices:detail": PUBLIC,
    "offices:book": CONSUMER_ONLY,
    "offices:my_appointments": CONSUMER_ONLY,
    "offices:appointment_detail": OWNER,
    "offices:appointment_move": OWNER,
    "offices:appointment_cancel": OWNER,
    "offices:appointment_arrive": OWNER,
    "offices:desk_offices": STAFF_WITH(R.APPEAL_REGISTER),
    "offices:desk": DESK,
    "offices:walk_in": DESK,
    "offices:ticket_by_code": DESK,
    "offices:call_next": DESK,
    "offices:appointment_no_show": DESK,
    "offices:serve": DESK,
    "offices:visit_no_show": DESK,
    # service requests
    "service_requests:catalogue": PUBLIC,
    "service_requests:portal_list": CONSUMER_ONLY,
    "service_requests:portal_detail": OWNER,
    "service_requests:portal_cancel": OWNER,
    "service_requests:service_detail": PUBLIC,
    "service_requests:order_new": CONSUMER_ONLY,
    "service_requests:staff_queue": QUEUE,
    "service_requests:staff_detail": APPEAL_CARD,
    "service_requests:staff_action": APPEAL_WORK,
    # written channels
    "written_channels:vk_callback": TOKEN,
    "written_channels:post_register": STAFF_WITH(R.APPEAL_REGISTER),
    "written_channels:letters": WORK,
    "written_channels:letter_create": WORK,
    "written_channels:letter_tracking": APPEAL_WORK,
    "written_channels:letter_pdf": APPEAL_WORK,
    "written_channels:register_export": WORK,
    "written_channels:queues": QUEUE,
    # contact centre
    "contact_centre:console": WORK,
    "contact_centre:accept": CHAT_QUEUE,
    "contact_centre:message": CHAT_QUEUE,
    "contact_centre:close": CHAT_QUEUE,
    "contact_centre:appeal": CHAT_QUEUE,
    "contact_centre:desk": WORK,
    "contact_centre:desk_panel": WORK,
    "contact_centre:desk_status": WORK,
    "contact_centre:desk_written_next": WORK,
    "contact_centre:desk_answer": CALL_HOLDER,
    "contact_centre:desk_end": CALL_HOLDER,
    "contact_centre:desk_appeal": CALL_HOLDER,
    "contact_centre:desk_attach": CALL_HOLDER,
    "contact_centre:desk_wrap_up": CALL_HOLDER,
    "contact_centre:desk_callback_take": WORK,
    "contact_centre:desk_callback_done": WORK,
    "contact_centre:wallboard": REPORTS,
    "contact_centre:wallboard_panel": REPORTS,
    # privacy
    "privacy:portal_index": CONSUMER_ONLY,
    "privacy:portal_detail": OWNER,
    "privacy:portal_export": CONSUMER_ONLY,
    "privacy:staff_requests": OFFICER,
    "privacy:staff_register": OFFICER,
    "privacy:staff_detail": OFFICER,
    "privacy:staff_action": OFFICER,
    "privacy:staff_consumer": OFFICER,
    "privacy:staff_export": OFFICER,
    "privacy:staff_access_log": OFFICER,
    "privacy:staff_consents": OFFICER,
    "privacy:staff_retention": OFFICER,
    # chat-bot and its knowledge base
    "chatbot:page": PUBLIC,
    "chatbot:start": PUBLIC,
    "chatbot:callback": PUBLIC,
    "chatbot:new": PUBLIC,
    "chatbot:staff_suggestions": CHAT_QUEUE,
    "chatbot:kb_list": WORK,
    "chatbot:staff_kb_search": WORK,
    "chatbot:kb_new": KB_EDIT,
    "chatbot:kb_test": WORK,
    "chatbot:kb_import": KB_EDIT,
    "chatbot:kb_export": WORK,
    "chatbot:kb_misses": WORK,
    "chatbot:kb_miss_regroup": KB_EDIT,
    "chatbot:kb_miss_variant": KB_EDIT,
    "chatbot:kb_miss_dismiss": KB_EDIT,
    "chatbot:kb_article": WORK,
    "chatbot:kb_edit": KB_EDIT,
    "chatbot:kb_publish": KB_EDIT,
    "chatbot:kb_unpublish": KB_EDIT,
    "chatbot:kb_version": WORK,
    # indicators (№ 1256) and reports
    "indicators:index": REPORTS,
    "indicators:plans_save": STAFF_WITH(R.INDICATOR_EDIT),
    "indicators:points_save": STAFF_WITH(R.INDICATOR_EDIT),
    "indicators:export_xlsx": REPORTS,
    "indicators:form81": REPORTS,
    "reports:index": REPORTS,
    "reports:report_186": REPORTS,
    "reports:export_start": REPORTS,
    # An export belongs to whoever started it (here the analyst).
    "reports:export_status": Rule("OWNER(analyst)", frozenset({"analyst"})),
    "reports:export_download": Rule("OWNER(analyst)", frozenset({"analyst"})),
    "reports:dashboard": REPORTS,
    "reports:dashboard_data": REPORTS,
    "reports:dashboard_table": REPORTS,
}

# ---- the URL arguments: objects of `consumer` -------------------------------------------


def _outage_confirm(w: World) -> str:
    from gridcare.outages.subscriptions import CONFIRM_SALT

    return signing.dumps(w.subscription.pk, salt=CONFIRM_SALT)


def _outage_unsubscribe(w: World) -> str:
    from gridcare.outages.notices import unsubscribe_token

    return unsubscribe_token([w.subscription.pk])


def _mail_unsubscribe(w: World) -> str:
    from gridcare.notifications.tokens import unsubscribe_token

    return unsubscribe_token(channel="email", address=w.consumer.email, topic="appeals")


def _reception_confirm(w: World) -> str:
    from gridcare.appeals.reception import confirm_token

    return confirm_token(w.reception)


def _reception_track(w: World) -> str:
    from gridcare.appeals.reception import tracking_token

    return tracking_token(w.reception)


Kwargs = Callable[[World], dict[str, Any]]
APPEAL: Kwargs = lambda w: {"appeal_id": w.appeal.pk}  # noqa: E731
APPLICATION: Kwargs = lambda w: {"application_id": w.application.pk}  # noqa: E731
DRAFT: Kwargs = lambda w: {"application_id": w.draft.pk}  # noqa: E731
OUTAGE: Kwargs = lambda w: {"outage_id": w.outage.pk}  # noqa: E731
OFFICE: Kwargs = lambda w: {"office_id": w.office.pk}  # noqa: E731
APPOINTMENT: Kwargs = lambda w: {"appointment_id": w.appointment.pk}  # noqa: E731
ORDER: Kwargs = lambda w: {"order_id": w.order.pk}  # noqa: E731
CHAT: Kwargs = lambda w: {"chat_id": w.live_chat.pk}  # noqa: E731
INTERACTION: Kwargs = lambda w: {"interaction_id": w.interaction.pk}  # noqa: E731
CALLBACK: Kwargs = lambda w: {"request_id": w.callback_request.pk}  # noqa: E731
SUBJECT_REQUEST: Kwargs = lambda w: {"request_id": w.subject_request.pk}  # noqa: E731
CONSUMER_ID: Kwargs = lambda w: {"consumer_id": w.consumer.pk}  # noqa: E731
ARTICLE: Kwargs = lambda w: {"slug": w.article.slug}  # noqa: E731
MISS: Kwargs = lambda w: {"group_id": w.miss_group.pk}  # noqa: E731
JOB: Kwargs = lambda w: {"job_id": w.export_job.pk}  # noqa: E731
LETTER: Kwargs = lambda w: {"letter_id": w.letter.pk}  # noqa: E731
VISIT: Kwargs = lambda w: {"visit_id": w.visit.pk}  # noqa: E731

ARGS: dict[str, Kwargs] = {
    "accounts:session_end": lambda w: {"session_id": w.user_session.pk},
    "accounts:token_revoke": lambda w: {"token_id": w.api_token.pk},
    "appeals:portal_detail": APPEAL,
    "appeals:portal_reply": APPEAL,
    "appeals:portal_withdraw": APPEAL,
    "appeals:portal_rate": APPEAL,
    "appeals:portal_attachment": lambda w: {"attachment_id": w.attachment.pk},
    "appeals:reception_confirm": lambda w: {"token": _reception_confirm(w)},
    "appeals:reception_track": lambda w: {"token": _reception_track(w)},
    "appeals:staff_detail": APPEAL,
    "appeals:staff_attachment": lambda w: {"attachment_id": w.attachment.pk},
    "appeals:staff_consumer_appeals": CONSUMER_ID,
    "appeals:staff_take": APPEAL,
    "appeals:staff_assign": APPEAL,
    "appeals:staff_note": APPEAL,
    "appeals:staff_request_information": APPEAL,
    "appeals:staff_answer": APPEAL,
    "appeals:staff_close": APPEAL,
    "appeals:staff_reopen": APPEAL,
    "appeals:staff_forward": APPEAL,
    "appeals:staff_outcome": APPEAL,
    "grid_connections:portal_detail": APPLICATION,
    "grid_connections:portal_step": lambda w: {
        "application_id": w.draft.pk,
        "step": "object",
    },
    "grid_connections:portal_file_add": DRAFT,
    "grid_connections:portal_file_remove": lambda w: {
        "application_id": w.draft.pk,
        "file_id": w.application_file.pk,
    },
    "grid_connections:portal_submit": DRAFT,
    "grid_connections:portal_correction": APPLICATION,
    "grid_connections:portal_works": APPLICATION,
    "grid_connections:portal_withdraw": APPLICATION,
    "grid_connections:portal_document": lambda w: {"document_id": w.document.pk},
    "grid_connections:portal_upload": lambda w: {"file_id": w.filed_upload.pk},
    "grid_connections:staff_detail": APPLICATION,
    "grid_connections:staff_action": lambda w: {
        "application_id": w.application.pk,
        "action": "take",
    },
    "grid_connections:staff_document": lambda w: {"document_id": w.document.pk},
    "grid_connections:staff_upload": lambda w: {"file_id": w.filed_upload.pk},
    "consumers:staff_detail": CONSUMER_ID,
    "consumers:portal_account": lambda w: {"account_id": w.account.pk},
    "consumers:portal_account_unlink": lambda w: {"account_id": w.account.pk},
    "consumers:portal_consent_withdraw": lambda w: {"consent_id": w.consent.pk},
    "outages:public_detail": OUTAGE,
    "outages:confirm_code": lambda w: {"subscription_id": w.subscription.pk},
    "outages:confirm": lambda w: {"token": _outage_confirm(w)},
    "outages:unsubscribe": lambda w: {"token": _outage_unsubscribe(w)},
    "outages:staff_import_preview": lambda w: {"import_id": w.schedule_import.pk},
    "outages:staff_suggestion": lambda w: {"suggestion_id": w.suggestion.pk},
    "outages:staff_card": OUTAGE,
    "outages:staff_edit": OUTAGE,
    "outages:staff_start": OUTAGE,
    "outages:staff_estimate": OUTAGE,
    "outages:staff_restore": OUTAGE,
    "outages:staff_cancel": OUTAGE,
    "power_reports:storm_detail": OUTAGE,
    "notifications:unsubscribe": lambda w: {"token": _mail_unsubscribe(w)},
    "metering:portal_submit": lambda w: {"meter_id": w.meter.pk},
    "metering:staff_meter": lambda w: {"meter_id": w.meter.pk},
    "metering:staff_submit": lambda w: {"meter_id": w.meter.pk},
    "offices:detail": OFFICE,
    "offices:book": OFFICE,
    "offices:appointment_detail": APPOINTMENT,
    "offices:appointment_move": APPOINTMENT,
    "offices:appointment_cancel": APPOINTMENT,
    "offices:appointment_arrive": APPOINTMENT,
    "offices:desk": OFFICE,
    "offices:walk_in": OFFICE,
    "offices:ticket_by_code": OFFICE,
    "offices:call_next": OFFICE,
    "offices:appointment_no_show": lambda w: {
        "office_id": w.office.pk,
        "code": w.appointment.code,
    },
    "offices:serve": VISIT,
    "offices:visit_no_show": VISIT,
    "service_requests:portal_detail": ORDER,
    "service_requests:portal_cancel": ORDER,
    "service_requests:service_detail": lambda w: {"code": w.service_code},
    "service_requests:order_new": lambda w: {"code": w.service_code},
    "service_requests:staff_detail": ORDER,
    "service_requests:staff_action": lambda w: {
        "order_id": w.order.pk,
        "action": "invoice",
    },
    "written_channels:letter_tracking": LETTER,
    "written_channels:letter_pdf": LETTER,
    "written_channels:register_export": lambda w: {"fmt": "xlsx"},
    "contact_centre:accept": CHAT,
    "contact_centre:message": CHAT,
    "contact_centre:close": CHAT,
    "contact_centre:appeal": CHAT,
    "contact_centre:desk_answer": INTERACTION,
    "contact_centre:desk_end": INTERACTION,
    "contact_centre:desk_appeal": INTERACTION,
    "contact_centre:desk_attach": INTERACTION,
    "contact_centre:desk_wrap_up": INTERACTION,
    "contact_centre:desk_callback_take": CALLBACK,
    "contact_centre:desk_callback_done": CALLBACK,
    "privacy:portal_detail": SUBJECT_REQUEST,
    "privacy:staff_detail": SUBJECT_REQUEST,
    "privacy:staff_action": lambda w: {
        "request_id": w.subject_request.pk,
        "action": "take",
    },
    "privacy:staff_consumer": CONSUMER_ID,
    "privacy:staff_export": CONSUMER_ID,
    "chatbot:staff_suggestions": CHAT,
    "chatbot:kb_export": lambda w: {"fmt": "jsonl"},
    "chatbot:kb_miss_variant": MISS,
    "chatbot:kb_miss_dismiss": MISS,
    "chatbot:kb_article": ARTICLE,
    "chatbot:kb_edit": ARTICLE,
    "chatbot:kb_publish": ARTICLE,
    "chatbot:kb_unpublish": ARTICLE,
    "chatbot:kb_version": lambda w: {
        "slug": w.article.slug,
        "number": w.article.current_version.number,
    },
    "indicators:plans_save": lambda w: {"year": 2026},
    "indicators:points_save": lambda w: {"year": 2026},
    "indicators:export_xlsx": lambda w: {"year": 2026},
    "reports:report_186": lambda w: {"year": 2026, "fmt": "xlsx"},
    "reports:export_status": JOB,
    "reports:export_download": JOB,
    "reports:dashboard_table": lambda w: {"slug": "by_channel", "fmt": "csv"},
}

# ---- the walk ---------------------------------------------------------------------------

SKIPPED_PREFIXES = ("api/v1/", "admin/", "i18n/", "static/", "media/")


def _walk(
    resolver: URLResolver, prefix: str = "", namespace: str | None = None
) -> Iterator[tuple[str, str]]:
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            ns = namespace
            if pattern.namespace:
                ns = (
                    f"{namespace}:{pattern.namespace}"
                    if namespace
                    else pattern.namespace
                )
            yield from _walk(pattern, route, ns)
        elif isinstance(pattern, URLPattern):
            name = pattern.name and (
                f"{namespace}:{pattern.name}" if namespace else pattern.name
            )
            yield (name or route), route


def site_pages() -> dict[str, str]:
    """Every page of the site outside the API, the admin and i18n: key → route."""
    return {
        key: route
        for key, route in _walk(get_resolver())
        if not route.lstrip("^").startswith(SKIPPED_PREFIXES)
    }


def test_every_page_has_a_rule() -> None:
    pages = site_pages()
    missing = sorted(set(pages) - set(PAGES))
    stale = sorted(set(PAGES) - set(pages))
    assert not missing, f"страницы без правила доступа в PAGES: {missing}"
    assert not stale, f"правила для несуществующих страниц: {stale}"


def test_every_addressed_page_has_arguments() -> None:
    """A page with URL parameters needs a builder; a builder needs such a page."""
    pages = site_pages()
    with_params = {
        key for key, route in pages.items() if "<" in route or "(?P" in route
    }
    assert sorted(with_params - set(ARGS)) == []
    assert sorted(set(ARGS) - with_params) == []


# ---- the requests -------------------------------------------------------------------------

# Tables a refused POST must leave as they were.
WATCHED = (
    "appeals.Appeal",
    "appeals.AppealMessage",
    "appeals.AppealNote",
    "appeals.AppealEvent",
    "contact_centre.InteractionEvent",
    "contact_centre.LiveChatEvent",
    "privacy.SubjectRequestEvent",
    "outages.OutageEvent",
    "service_requests.ServiceOrderEvent",
    "offices.OfficeEvent",
    "chatbot.KbArticleEvent",
    "grid_connections.ConnectionApplication",
    "grid_connections.ApplicationFile",
    "grid_connections.ApplicationEvent",
    "service_requests.ServiceOrder",
    "metering.MeterReading",
    "offices.Appointment",
    "offices.Visit",
    "outages.Outage",
    "outages.Subscription",
    "consumers.Consent",
    "consumers.AccountLink",
    "contact_centre.ChatMessage",
    "privacy.SubjectRequest",
    "chatbot.KbArticleVersion",
    "written_channels.OutgoingLetter",
    "reports.ExportJob",
    "accounts.UserSession",
    "accounts.ApiToken",
)


def _counts() -> dict[str, int]:
    return {label: apps.get_model(label).objects.count() for label in WATCHED}


def _snapshot(objects: list[Any]) -> list[dict[str, Any]]:
    out = []
    for obj in objects:
        obj.refresh_from_db()
        out.append({k: str(v) for k, v in model_to_dict(obj).items()})
    return out


def _is_login(location: str) -> bool:
    return location.split("?")[0] in (
        reverse("accounts:login"),
        reverse("admin:login"),
    )


def _is_back_office(location: str) -> bool:
    return location.split("?")[0].startswith("/staff/")


# POST bodies of pages that take JSON; every other POST-only page gets a form of junk.
JSON_BODIES = {
    # A VK event without the community's secret.
    "written_channels:vk_callback": {
        "type": "message_new",
        "group_id": 1,
        "object": {},
    },
}


def _request(
    client: Client, name: str, url: str, state: Callable[[], object]
) -> tuple[str, Any, object]:
    """GET the page; a POST-only page (405) is POSTed junk instead. Returns the method,
    the response and the data state before a POST (None for a GET)."""
    response = client.get(url)
    if response.status_code != 405:
        return "GET", response, None
    before = state()
    if name in JSON_BODIES:
        body = JSON_BODIES[name]
        return "POST", client.post(url, body, content_type="application/json"), before
    return "POST", client.post(url, {"h1": "мусор", "text": ""}), before


def _refused(persona: str, response: Any, rule: Rule) -> bool:
    if response.status_code in (401, 403, 404):
        return True
    if response.status_code in (301, 302, 303):
        location = response.get("Location", "")
        if _is_login(location):
            return True
        # A staff member on a personal-account page is sent to the back office.
        portal = bool(rule.allowed) and rule.allowed <= {CONSUMER, OTHER_CONSUMER}
        return portal and persona in STAFF and _is_back_office(location)
    return False


def _allowed_ok(response: Any) -> bool:
    if response.status_code in (401, 403, 404) or response.status_code >= 500:
        return False
    if response.status_code in (301, 302, 303):
        return not _is_login(response.get("Location", ""))
    return True


@pytest.fixture
def cast(
    consumer: User,
    other_consumer: User,
    operator: User,
    specialist: User,
    other_specialist: User,
    remote_specialist: User,
    supervisor: User,
    analyst: User,
    administrator: User,
    branch: Any,
    other_branch: Any,
) -> dict[str, User]:
    users = {
        "consumer": consumer,
        "other_consumer": other_consumer,
        "operator": operator,
        "specialist": specialist,
        "other_specialist": other_specialist,
        "remote_specialist": remote_specialist,
        "supervisor": supervisor,
        "analyst": analyst,
        "administrator": administrator,
    }
    users.update(extra_staff(branch, other_branch))
    return users


@pytest.fixture
def world(
    cast: dict[str, User],
    branch: Any,
    street: Any,
    make_building: Any,
    settings: Any,
    tmp_path: Any,
) -> Iterator[World]:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.METRICS_TOKEN = "h1-metrics-token"
    matcher_set(FakeMatcher())  # the chat-bot answers without loading its model
    yield World(cast, branch=branch, street=street, make_building=make_building)
    matcher_set(None)


def _objects_of(world: World, kwargs_builder: Kwargs | None) -> list[Any]:
    """The model objects a URL addresses (for the before/after comparison)."""
    if kwargs_builder is None:
        return []
    return [v for k, v in vars(world).items() if hasattr(v, "_meta") and k != "users"]


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(PAGES))
def test_page_access(name: str, world: World) -> None:
    failures = _check(name, PAGES[name], world)
    assert not failures, f"{name}:\n" + "\n".join(failures)


@pytest.mark.django_db
def test_the_walk_catches_a_wrong_rule(world: World) -> None:
    """The check can fail: a rule letting another consumer into `consumer`'s appeal
    is contradicted, and so is one refusing the owner."""
    too_open = _check("appeals:portal_detail", CONSUMER_ONLY, world)
    assert [f for f in too_open if "refused but CONSUMER allows" in f] == [
        f"refused but CONSUMER allows: GET {url} as other_consumer → 404 "
        for url in [reverse("appeals:portal_detail", args=[world.appeal.pk])]
    ]
    too_closed = _check("appeals:portal_reply", TOKEN, world)
    assert any(
        "reached but TOKEN refuses" in f and "as consumer" in f for f in too_closed
    )


def _check(name: str, rule: Rule, world: World) -> list[str]:
    """Request page `name` as every persona; the contradictions of `rule`."""
    builder = ARGS.get(name)
    url = reverse(name, kwargs=builder(world) if builder else None)
    objects = _objects_of(world, builder)

    def state() -> object:
        return (_counts(), _snapshot(objects))

    failures: list[str] = []
    # Refused personas first: what they try must not change what the allowed see.
    order = sorted(PERSONAS, key=lambda p: p in rule.allowed)
    for persona in order:
        client = Client()
        if persona != ANONYMOUS:
            client.force_login(world.users[persona])
        # Each persona meets the same state: what one does is rolled back.
        with transaction.atomic():
            method, response, before = _request(client, name, url, state)
            status = response.status_code
            where = (
                f"{method} {url} as {persona} → {status} {response.get('Location', '')}"
            )
            if persona in rule.allowed:
                if not _allowed_ok(response):
                    failures.append(f"refused but {rule.label} allows: {where}")
            elif not _refused(persona, response, rule):
                failures.append(f"reached but {rule.label} refuses: {where}")
            elif method == "POST" and state() != before:
                failures.append(f"refused POST changed data: {where}")
            transaction.set_rollback(True)
    if rule.link:
        forged = reverse(
            name, kwargs={**(builder(world) if builder else {}), "token": "forged"}
        )
        response = Client().get(forged)
        if response.status_code not in (400, 404, 410):
            failures.append(f"forged link answered {response.status_code}: {forged}")
    return failures


@pytest.mark.django_db
def test_admin_only_for_staff_flag(world: World) -> None:
    """Django admin: administrators with is_staff get in; everyone else, staff roles
    included, is sent to the admin login."""
    admin = world.users["administrator"]
    admin.is_staff = True
    admin.save(update_fields=["is_staff"])
    url = reverse("admin:index")
    failures = []
    for persona in PERSONAS:
        client = Client()
        if persona != ANONYMOUS:
            client.force_login(world.users[persona])
        response = client.get(url)
        if persona == "administrator":
            if response.status_code != 200:
                failures.append(f"{persona} → {response.status_code}")
        elif not (
            response.status_code == 302
            and response["Location"].startswith(reverse("admin:login"))
        ):
            failures.append(f"{persona} → {response.status_code}")
    assert not failures, failures
