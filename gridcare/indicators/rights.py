"""Which rights open the indicators. Viewing: `report.view` (supervisors, analysts,
administrators). Entering plans and yearly inputs: `indicator.edit` (supervisors and
administrators)."""

from gridcare.accounts.roles import Right

VIEW_RIGHT = Right.REPORT_VIEW
EDIT_RIGHT = Right.INDICATOR_EDIT
