"""Receiving and registering appeals: numbers, routing, service form, bad input."""

from datetime import UTC, datetime

import pytest
import time_machine

from gridcare.appeals.codes import (
    AnswerChannel,
    Category,
    Channel,
    Kind,
    Regime,
    ServiceForm,
    Status,
    Topic,
)
from gridcare.appeals.models import (
    Appeal,
    AppealAttachment,
    AppealEvent,
    ChannelSetting,
)
from gridcare.appeals.services import AppealInput, appeal_receive, appeal_register
from gridcare.core.errors import ApplicationError, PermissionDeniedError

pytestmark = pytest.mark.django_db


def _anonymous(**overrides) -> AppealInput:
    fields = dict(
        channel=Channel.POST,
        category=Category.TRANSMISSION,
        topic=Topic.RELIABILITY,
        text="Третий день мигает свет в доме.",
        contact_name="Сидоров Павел",
        contact_postal_address="420111, г. Казань, ул. Баумана, д. 5, кв. 3",
        answer_channel=AnswerChannel.POST,
    )
    fields.update(overrides)
    return AppealInput(**fields)


def test_registration_gives_number_deadline_group_and_service_form(
    make_appeal, metering_group
):
    with time_machine.travel(datetime(2026, 3, 2, 9, 0, tzinfo=UTC), tick=False):
        first = make_appeal()
        second = make_appeal()
    assert (first.number, second.number) == ("26-0000001", "26-0000002")
    assert first.status == Status.REGISTERED
    assert first.service_form == ServiceForm.INTERNET
    assert first.group == metering_group
    assert first.branch == metering_group.branch
    assert first.regime == Regime.WRITTEN
    # 30 calendar days from Monday 02.03.2026 end on Wednesday 01.04.2026 (Moscow).
    assert first.due_at == datetime(2026, 4, 1, 20, 59, 59, tzinfo=UTC)


def test_numbers_restart_each_year(make_appeal):
    with time_machine.travel(datetime(2025, 12, 31, 12, 0, tzinfo=UTC), tick=False):
        last_2025 = make_appeal()
    with time_machine.travel(datetime(2026, 1, 10, 12, 0, tzinfo=UTC), tick=False):
        first_2026 = make_appeal()
    assert last_2025.number == "25-0000001"
    assert first_2026.number == "26-0000001"


def test_channel_mapping_is_data(make_appeal):
    ChannelSetting.objects.filter(channel=Channel.CHATBOT).update(
        service_form=ServiceForm.OTHER
    )
    appeal = make_appeal(channel=Channel.CHATBOT)
    assert appeal.service_form == ServiceForm.OTHER


def test_anonymous_post_appeal_is_registered_with_contacts(operator):
    appeal = appeal_receive(actor=operator, data=_anonymous())
    assert appeal.consumer is None
    assert appeal.service_form == ServiceForm.POST
    assert appeal.registered_by == operator
    assert appeal.regime == Regime.SUPPLY_QUALITY


def test_phone_appeal_gets_call_back_regime(operator):
    appeal = appeal_receive(
        actor=operator,
        data=_anonymous(
            channel=Channel.PHONE,
            contact_phone="8 (917) 123-45-67",
            answer_channel=AnswerChannel.PHONE,
            category=Category.OTHER,
            topic=Topic.GENERAL,
        ),
    )
    assert appeal.contact_phone == "+79171234567"
    assert appeal.regime == Regime.PHONE_CALLBACK
    assert appeal.deadline_rule.unit == "working_hours"


def test_complaint_is_flagged(make_appeal):
    appeal = make_appeal(kind=Kind.COMPLAINT, category=Category.SERVICE_QUALITY)
    assert appeal.has_complaint and not appeal.has_service_request
    assert appeal.regime == Regime.COMPLAINT


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"text": "   "}, "Напишите текст обращения."),
        ({"contact_name": ""}, "Укажите имя заявителя."),
        (
            {"contact_postal_address": ""},
            "Укажите хотя бы один способ связи: телефон, e-mail или почтовый адрес.",
        ),
        (
            {"contact_phone": "12345"},
            "Телефон указан неверно: нужен российский номер из 10 цифр после +7.",
        ),
        ({"contact_email": "не-почта"}, "Адрес электронной почты указан неверно."),
        ({"channel": "pigeon"}, "Неизвестное значение поля «канал»: 'pigeon'."),
        (
            {"answer_channel": AnswerChannel.EMAIL},
            "Для ответа выбранным способом укажите e-mail.",
        ),
        (
            {"received_at": datetime(2099, 1, 1, tzinfo=UTC)},
            "Дата поступления не может быть в будущем.",
        ),
    ],
)
def test_bad_input_is_refused_in_russian_and_writes_nothing(
    operator, overrides, message
):
    with pytest.raises(ApplicationError) as err:
        appeal_receive(actor=operator, data=_anonymous(**overrides))
    assert err.value.message == message
    assert Appeal.objects.count() == 0
    assert AppealEvent.objects.count() == 0


def test_bad_attachment_is_refused_and_nothing_is_stored(operator):
    from django.core.files.uploadedfile import SimpleUploadedFile

    exe = SimpleUploadedFile(
        "scan.pdf", b"MZ\x90\x00 this is not a pdf", content_type="application/pdf"
    )
    with pytest.raises(ApplicationError) as err:
        appeal_receive(actor=operator, data=_anonymous(files=[exe]))
    assert "такой тип не принимается" in err.value.message
    assert Appeal.objects.count() == 0
    assert AppealAttachment.objects.count() == 0


def test_pdf_attachment_is_stored_under_generated_name(operator, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    pdf = SimpleUploadedFile("письмо.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n")
    appeal = appeal_receive(actor=operator, data=_anonymous(files=[pdf]))
    attachment = appeal.attachments.get()
    assert attachment.original_name == "письмо.pdf"
    assert attachment.content_type == "application/pdf"
    assert "письмо" not in attachment.file.name
    assert (tmp_path / attachment.file.name).read_bytes().startswith(b"%PDF")


def test_analyst_cannot_register(analyst):
    with pytest.raises(PermissionDeniedError):
        appeal_receive(actor=analyst, data=_anonymous())
    assert Appeal.objects.count() == 0


def test_received_appeal_can_be_registered_later(operator):
    appeal = appeal_receive(actor=None, data=_anonymous(), register=False)
    assert appeal.status == Status.NEW and appeal.number is None
    appeal_register(actor=operator, appeal=appeal)
    assert appeal.status == Status.REGISTERED and appeal.number
