"""Which rights open the indicators. Viewing: `report.view` (supervisors, analysts,
administrators). Entering plans and yearly inputs: `reference.edit` until a dedicated
right exists (proposed `indicator.edit` for supervisors and administrators)."""

from gridcare.accounts.roles import Right

VIEW_RIGHT = Right.REPORT_VIEW
EDIT_RIGHT = Right.REFERENCE_EDIT
