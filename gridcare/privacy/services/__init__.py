"""Writes of the privacy app: subject requests (`requests`) and anonymisation
(`anonymise`)."""

from gridcare.privacy.services.anonymise import anonymise_blockers, subject_anonymise
from gridcare.privacy.services.requests import (
    RequestInput,
    correction_value_clean,
    subject_request_answer,
    subject_request_correct,
    subject_request_extend,
    subject_request_file,
    subject_request_take,
)

__all__ = [
    "RequestInput",
    "anonymise_blockers",
    "correction_value_clean",
    "subject_anonymise",
    "subject_request_answer",
    "subject_request_correct",
    "subject_request_extend",
    "subject_request_file",
    "subject_request_take",
]
