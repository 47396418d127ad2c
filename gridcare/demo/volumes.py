"""How many appeals a demo year holds, by channel, topic and kind, and when they come.

Volumes are the seed's (company presentation, 2021): 712.2 thousand appeals a year,
114.8 thousand in person and 597.4 thousand remote; «ежедневно» 405 through the
personal account, internet reception, mobile app and post, 928 calls taken by
operators and 986 handled automatically. Read per calendar day these would add up to
more than the remote total (2 319 × 365 = 846 thousand), so they are per working day:
2 319 × 247 = 573 thousand, and the remaining ≈ 25 thousand remote appeals go to the
chatbot («>7 тыс.»), e-mail, social networks, retailers and other channels.

Topic shares follow Россети Урал 2022 ✅ [R10] (regulation.md §1.10): ТП 52 %,
outages 25 %, metering 11 %; complaints ≈ 3 % and service requests ≈ 16 % of all
appeals. The per-channel splits that produce those totals are our estimates ⚠️.
"""

from gridcare.appeals.codes import Channel, Topic

YEAR_TOTAL = 712_200
IN_PERSON_TOTAL = 114_800
REMOTE_TOTAL = 597_400
WRITTEN_PER_WORKING_DAY = 405
PHONE_PER_WORKING_DAY = 928
IVR_PER_WORKING_DAY = 986

# The 405 a day: ЛК + интернет-приёмная «>96 тыс.» of ≈100 thousand a year (seed).
WRITTEN_SPLIT = {
    Channel.PERSONAL_ACCOUNT: 0.60,
    Channel.INTERNET_RECEPTION: 0.36,
    Channel.MOBILE_APP: 0.025,
    Channel.POST: 0.015,
}
OTHER_REMOTE_SPLIT = {
    Channel.CHATBOT: 0.30,
    Channel.EMAIL: 0.30,
    Channel.RETAILER: 0.25,
    Channel.SOCIAL: 0.12,
    Channel.OTHER: 0.03,
}

C, S, R, M, G = (
    Topic.CONNECTION,
    Topic.SERVICES,
    Topic.RELIABILITY,
    Topic.METERING,
    Topic.GENERAL,
)
_WEB = {C: 0.85, M: 0.06, R: 0.04, S: 0.04, G: 0.01}
TOPIC_SHARES: dict[str, dict[str, float]] = {
    Channel.IVR: {R: 0.45, C: 0.29, M: 0.16, G: 0.10},
    Channel.PHONE: {R: 0.25, C: 0.53, M: 0.08, S: 0.08, G: 0.06},
    Channel.OFFICE: {C: 0.75, M: 0.08, S: 0.12, G: 0.04, R: 0.01},
    Channel.PERSONAL_ACCOUNT: _WEB,
    Channel.INTERNET_RECEPTION: _WEB,
    Channel.MOBILE_APP: {C: 0.55, M: 0.25, R: 0.15, S: 0.04, G: 0.01},
    Channel.POST: {C: 0.40, S: 0.20, M: 0.15, R: 0.15, G: 0.10},
    Channel.EMAIL: {C: 0.40, R: 0.20, M: 0.15, S: 0.15, G: 0.10},
    Channel.CHATBOT: {R: 0.35, C: 0.30, M: 0.25, G: 0.10},
    Channel.SOCIAL: {R: 0.55, C: 0.20, G: 0.15, M: 0.10},
    Channel.RETAILER: {M: 0.55, S: 0.25, R: 0.15, C: 0.05},
    Channel.OTHER: {C: 0.40, R: 0.30, G: 0.30},
}
# Probability that an appeal of the channel is a complaint / a service request.
COMPLAINT_SHARE = {
    Channel.PERSONAL_ACCOUNT: 0.08,
    Channel.INTERNET_RECEPTION: 0.09,
    Channel.MOBILE_APP: 0.05,
    Channel.POST: 0.12,
    Channel.EMAIL: 0.10,
    Channel.SOCIAL: 0.15,
    Channel.RETAILER: 0.05,
    Channel.PHONE: 0.035,
    Channel.OFFICE: 0.02,
    Channel.CHATBOT: 0.01,
    Channel.OTHER: 0.10,
    Channel.IVR: 0.0,
}
SERVICE_REQUEST_SHARE = {
    Channel.PERSONAL_ACCOUNT: 0.55,
    Channel.INTERNET_RECEPTION: 0.55,
    Channel.MOBILE_APP: 0.55,
    Channel.POST: 0.25,
    Channel.EMAIL: 0.05,
    Channel.RETAILER: 0.10,
    Channel.PHONE: 0.05,
    Channel.OFFICE: 0.45,
}
# Share of appeals answered on the spot (during the call, at the desk, by the bot).
INSTANT_SHARE = {
    Channel.IVR: 1.0,
    Channel.PHONE: 0.80,
    Channel.OFFICE: 0.70,
    Channel.CHATBOT: 0.60,
}
# Share of appeals whose author is a known consumer (an account in the register).
IDENTIFIED_SHARE = {
    Channel.PERSONAL_ACCOUNT: 1.0,
    Channel.MOBILE_APP: 1.0,
    Channel.INTERNET_RECEPTION: 0.6,
    Channel.IVR: 0.5,
    Channel.PHONE: 0.7,
    Channel.OFFICE: 0.85,
    Channel.POST: 0.6,
    Channel.EMAIL: 0.6,
    Channel.RETAILER: 0.9,
    Channel.CHATBOT: 0.3,
    Channel.SOCIAL: 0.2,
    Channel.OTHER: 0.3,
}


def _hours(text: str) -> tuple[int, ...]:
    weights = tuple(int(w) for w in text.split())
    assert len(weights) == 24
    return weights


# Hour-of-day weights (Moscow time), 0..23.
_CALLS = _hours("2 1 1 1 1 2 4 12 60 100 100 90 70 80 80 70 60 40 30 20 15 10 6 4")
_WEB_HOURS = _hours("8 4 2 1 1 2 6 20 45 70 75 70 60 65 65 60 55 55 60 70 75 65 40 20")
_OFFICE_HOURS = _hours("0 0 0 0 0 0 0 0 90 100 95 85 50 80 85 75 60 0 0 0 0 0 0 0")
_MAIL_HOURS = _hours("0 0 0 0 0 0 0 0 30 100 100 90 40 80 80 70 40 0 0 0 0 0 0 0")
HOUR_WEIGHTS: dict[str, tuple[int, ...]] = {
    Channel.PHONE: _CALLS,
    Channel.IVR: _CALLS,
    Channel.OFFICE: _OFFICE_HOURS,
    Channel.POST: _MAIL_HOURS,
    Channel.RETAILER: _MAIL_HOURS,
    Channel.OTHER: _MAIL_HOURS,
}
DEFAULT_HOUR_WEIGHTS = _WEB_HOURS
# Channels that receive only on working days (offices open, mail delivered, letters
# from retailers registered).
WORKING_DAYS_ONLY = frozenset({Channel.OFFICE, Channel.POST, Channel.RETAILER})
# Weight of a day off against a working day, by channel (phone lines and the portal
# work every day, with fewer callers).
DAY_OFF_WEIGHT = 0.3
SATURDAY_WEIGHT = 0.45
# Seasonality: storms in summer, connection works in spring and summer.
MONTH_WEIGHTS = (0.85, 0.9, 1.0, 1.05, 1.0, 1.1, 1.15, 1.1, 1.0, 1.0, 0.95, 0.9)


def channel_volumes(total: int, working_days: int) -> dict[str, int]:
    """Appeals per channel for a year of `total` appeals with `working_days` working
    days, in the seed's proportions; the counts add up to `total` exactly."""
    full: dict[str, float] = {Channel.OFFICE: IN_PERSON_TOTAL}
    written = WRITTEN_PER_WORKING_DAY * working_days
    for channel, share in WRITTEN_SPLIT.items():
        full[channel] = written * share
    full[Channel.PHONE] = PHONE_PER_WORKING_DAY * working_days
    full[Channel.IVR] = IVR_PER_WORKING_DAY * working_days
    rest = max(
        0.0, REMOTE_TOTAL - sum(v for k, v in full.items() if k != Channel.OFFICE)
    )
    for channel, share in OTHER_REMOTE_SPLIT.items():
        full[channel] = rest * share
    factor = total / sum(full.values())
    exact = {channel: value * factor for channel, value in full.items()}
    counts = {channel: int(value) for channel, value in exact.items()}
    # Largest remainders get the appeals lost to rounding down.
    by_remainder = sorted(exact, key=lambda c: counts[c] - exact[c])
    for channel in by_remainder[: total - sum(counts.values())]:
        counts[channel] += 1
    return counts
