"""Replacing personal data with placeholders, one function per kind of record.

Used by `subject_anonymise` (one subject) and by the retention rules (old records).
Rows are never deleted where reports count them (appeals, chats, applications):
categories, channels, statuses and dates stay, so the reports stay equal. Stored files
are removed from the storage and their rows deleted (no report counts files)."""

from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet

from gridcare.appeals.models import Appeal, AppealAttachment, AppealMessage, AppealNote
from gridcare.contact_centre.models import ChatMessage, LiveChat

PLACEHOLDER = "[обезличено]"


def files_remove(rows: Iterable[Any]) -> int:
    """Delete each row's stored file and the row itself; return how many."""
    count = 0
    for row in rows:
        if row.file:
            row.file.delete(save=False)
        row.delete()
        count += 1
    return count


def appeals_anonymise_contacts(appeals: QuerySet[Appeal]) -> int:
    """Contact data of appeals → placeholder; the texts stay (kept for the retention
    period of the registry). Files are removed."""
    files_remove(AppealAttachment.objects.filter(appeal__in=appeals))
    return appeals.update(
        contact_name=PLACEHOLDER,
        contact_phone="",
        contact_email="",
        contact_postal_address="",
        search_text="",
        rating_comment="",
    )


def appeals_anonymise_fully(appeal_ids: list[int]) -> int:
    """Contacts, texts, answers, messages, notes → placeholder; files removed.
    Precondition: the appeals are closed (their retention period passed)."""
    appeals = Appeal.objects.filter(pk__in=appeal_ids)
    appeals_anonymise_contacts(appeals)
    AppealMessage.objects.filter(appeal_id__in=appeal_ids).update(text=PLACEHOLDER)
    AppealNote.objects.filter(appeal_id__in=appeal_ids).update(text=PLACEHOLDER)
    return appeals.update(
        text=PLACEHOLDER,
        subject="",
        answer_text=PLACEHOLDER,
        address_text="",
    )


def live_chats_anonymise_contacts(chats: QuerySet[LiveChat]) -> int:
    return chats.update(contact_name=PLACEHOLDER, contact_phone="")


def live_chats_anonymise_fully(chat_ids: list[int]) -> int:
    """Contacts, the question, the bot transcript and the messages → placeholder."""
    ChatMessage.objects.filter(chat_id__in=chat_ids).update(text=PLACEHOLDER)
    return LiveChat.objects.filter(pk__in=chat_ids).update(
        contact_name=PLACEHOLDER, contact_phone="", question=PLACEHOLDER, transcript=[]
    )
