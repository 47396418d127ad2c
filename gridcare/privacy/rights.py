"""Who is the data protection officer (ответственный за организацию обработки ПДн).

The right `PERSONAL_DATA_OFFICER` (administrators have it); every privacy page,
endpoint and service reads it from here."""

from gridcare.accounts.roles import Right, has_right

PRIVACY_OFFICER = Right.PERSONAL_DATA_OFFICER


def is_privacy_officer(user: object) -> bool:
    return has_right(user, PRIVACY_OFFICER)
