"""Who is the data protection officer (ответственный за организацию обработки ПДн).

There is no dedicated right yet: the administrator-only `REFERENCE_EDIT` stands in
for `Right.PERSONAL_DATA_OFFICER` (to be added to accounts/roles.py); every privacy
page, endpoint and service reads the right from here, so the switch is one line."""

from gridcare.accounts.roles import Right, has_right

PRIVACY_OFFICER = Right.REFERENCE_EDIT


def is_privacy_officer(user: object) -> bool:
    return has_right(user, PRIVACY_OFFICER)
