"""What a person filing by themselves (personal account, internet reception) is asked,
and how it maps onto the registry's codes.

A person picks what the appeal is about (the routing topic); the table 4.1 category is
derived from it. The mapping is our proposal (⚠️ regulation.md §1.10: the row list is
reconstructed), kept in one place; staff see and may correct both on the card."""

from gridcare.appeals.codes import AnswerChannel, Category, Kind, Topic

TOPIC_CATEGORY: dict[str, str] = {
    Topic.CONNECTION: Category.CONNECTION,
    Topic.SERVICES: Category.TRANSMISSION,
    Topic.RELIABILITY: Category.TRANSMISSION,
    Topic.METERING: Category.METERING,
    Topic.GENERAL: Category.OTHER,
}

# A person files an appeal or a complaint; service requests have their own forms.
SELF_SERVICE_KINDS = (Kind.APPEAL, Kind.COMPLAINT)

# Answer channels a person without an account may choose (no personal account).
RECEPTION_ANSWER_CHANNELS = (AnswerChannel.EMAIL, AnswerChannel.POST)
PORTAL_ANSWER_CHANNELS = (
    AnswerChannel.PERSONAL_ACCOUNT,
    AnswerChannel.EMAIL,
    AnswerChannel.SMS,
    AnswerChannel.POST,
)


def category_for(*, topic: str, kind: str) -> str:
    """The table 4.1 category of a self-filed appeal: a general complaint is about the
    quality of service; otherwise the topic decides."""
    if kind == Kind.COMPLAINT and topic == Topic.GENERAL:
        return Category.SERVICE_QUALITY
    return TOPIC_CATEGORY.get(topic, Category.OTHER)
