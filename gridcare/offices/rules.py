"""Limits of appointments and the queue. The waiting limit is the standard's (✅ [R5]);
the others are product choices, changed here with a release."""

# ✅ [R5] Waiting time at the office: not more than 30 minutes.
WAIT_LIMIT_MINUTES = 30
# How far ahead a slot can be booked (days, today included).
BOOKING_DAYS_AHEAD = 14
# How many future appointments one consumer may hold at a time.
MAX_FUTURE_APPOINTMENTS = 3
# A shortened pre-holiday day ends this many minutes earlier (ТК РФ ст. 95).
SHORTENED_DAY_MINUTES = 60
# The letter of queue tickets («А-012»).
TICKET_PREFIX = "А"
