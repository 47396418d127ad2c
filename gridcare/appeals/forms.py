"""Forms of the back office and the portal: they parse and check input only; every
business rule lives in the services, whose ApplicationError the views show."""

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gridcare.accounts.models import User
from gridcare.appeals.codes import (
    AnswerChannel,
    Category,
    Channel,
    Kind,
    ServiceForm,
    ServiceRequestType,
    Status,
    Topic,
)
from gridcare.appeals.selectors import OPEN, QueueFilters
from gridcare.territory.models import Branch

ANY = [("", _("Все"))]
# Channels a staff member registers on a consumer's behalf (the others file themselves).
STAFF_CHANNELS = [
    Channel.PHONE,
    Channel.OFFICE,
    Channel.POST,
    Channel.EMAIL,
    Channel.SOCIAL,
    Channel.RETAILER,
    Channel.OTHER,
]
DATETIME_INPUT = "%Y-%m-%dT%H:%M"


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; the services check type and size."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return f"{obj} ({obj.get_role_display()})"


# --- the queue -----------------------------------------------------------------------


class QueueFilterForm(forms.Form):
    """GET filters of the staff queue; a bad value is ignored, never an error page."""

    q = forms.CharField(
        label=_("Поиск"),
        required=False,
        max_length=200,
        widget=forms.TextInput(
            attrs={
                "type": "search",
                "placeholder": _("№, ФИО, телефон, адрес"),
                "autocomplete": "off",
            }
        ),
    )
    status = forms.ChoiceField(
        label=_("Статус"),
        required=False,
        choices=[ANY[0], (OPEN, _("Открытые")), *Status.choices],
        initial=OPEN,
    )
    channel = forms.ChoiceField(
        label=_("Канал"), required=False, choices=ANY + Channel.choices
    )
    topic = forms.ChoiceField(
        label=_("Тематика"), required=False, choices=ANY + Topic.choices
    )
    category = forms.ChoiceField(
        label=_("Категория"), required=False, choices=ANY + Category.choices
    )
    service_form = forms.ChoiceField(
        label=_("Форма обслуживания"), required=False, choices=ANY + ServiceForm.choices
    )
    branch = forms.ModelChoiceField(
        label=_("Филиал"), required=False, queryset=Branch.objects.none()
    )
    no_branch = forms.BooleanField(label=_("Без филиала"), required=False)
    # The dashboards' drill-down: appeals received on these days, and how they stand
    # against their deadline (selectors.DEADLINE_STATES).
    date_from = forms.DateField(
        label=_("Поступили с"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    date_to = forms.DateField(
        label=_("Поступили по"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    deadline = forms.ChoiceField(
        label=_("Срок ответа"),
        required=False,
        choices=[
            *ANY,
            ("open", _("В работе")),
            ("on_time", _("Ответ в срок")),
            ("late", _("Ответ с нарушением срока")),
            ("no_answer", _("Без ответа по существу")),
        ],
    )
    assignee = forms.ChoiceField(label=_("Исполнитель"), required=False)
    overdue = forms.BooleanField(label=_("Просрочены"), required=False)
    due_soon = forms.BooleanField(label=_("Срок истекает"), required=False)

    def __init__(
        self,
        *args: Any,
        branches: QuerySet[Branch] | None,
        assignees: QuerySet[User],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if branches is None:
            del self.fields["branch"]
        else:
            self.fields["branch"].queryset = branches
            self.fields["branch"].empty_label = _("Все")
        self.fields["assignee"].choices = [
            ("", _("Все")),
            ("me", _("Мои")),
            ("none", _("Не назначены")),
            *[(str(u.pk), str(u)) for u in assignees],
        ]

    def to_filters(self, *, user: User) -> QueueFilters:
        """The selector's filters; invalid fields count as not set."""
        data: dict[str, Any] = {}
        if self.is_bound:
            self.is_valid()  # cleaned_data then holds the valid fields only
            data = self.cleaned_data
        assignee = data.get("assignee") or ""
        branch = data.get("branch")
        return QueueFilters(
            # The queue opens on the work still to do; «Все» shows everything.
            status=data.get("status", "") if self.is_bound else OPEN,
            channel=data.get("channel") or "",
            topic=data.get("topic") or "",
            category=data.get("category") or "",
            service_form=data.get("service_form") or "",
            branch_id=branch.pk if branch else None,
            no_branch=bool(data.get("no_branch")),
            received_from=data.get("date_from"),
            received_to=data.get("date_to"),
            deadline=data.get("deadline") or "",
            assignee_id=user.pk
            if assignee == "me"
            else (int(assignee) if assignee.isdigit() else None),
            unassigned=assignee == "none",
            overdue=bool(data.get("overdue")),
            due_soon=bool(data.get("due_soon")),
            query=(data.get("q") or "").strip(),
        )


class BulkAssignForm(forms.Form):
    appeal_ids = forms.TypedMultipleChoiceField(
        label=_("Обращения"), coerce=int, choices=[], required=True
    )
    assignee = StaffChoiceField(
        label=_("Назначить исполнителя"), queryset=User.objects.none()
    )

    def __init__(self, *args: Any, assignees: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = assignees
        self.fields["assignee"].empty_label = _("— выберите —")
        # Any id may be posted; the selector keeps only the appeals the user sees.
        raw = self.data.getlist("appeal_ids") if self.is_bound else []
        self.fields["appeal_ids"].choices = [(v, v) for v in raw if v.isdigit()]
        self.fields["appeal_ids"].error_messages["required"] = _(
            "Отметьте хотя бы одно обращение."
        )


# --- the appeal card ------------------------------------------------------------------


class AssignForm(forms.Form):
    assignee = StaffChoiceField(label=_("Исполнитель"), queryset=User.objects.none())

    def __init__(self, *args: Any, assignees: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = assignees
        self.fields["assignee"].empty_label = _("— выберите —")


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("Внутренняя заметка"),
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Видна только сотрудникам."),
    )
    files = MultipleFileField(label=_("Файлы"))


class RequestInformationForm(forms.Form):
    text = forms.CharField(
        label=_("Какие сведения нужны от потребителя"),
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Сообщение уйдёт потребителю; срок рассмотрения приостановится."),
    )


class AnswerForm(forms.Form):
    text = forms.CharField(
        label=_("Ответ потребителю"),
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    via = forms.ChoiceField(label=_("Способ ответа"), choices=AnswerChannel.choices)


class CloseForm(forms.Form):
    complaint_settled = forms.TypedChoiceField(
        label=_("Жалоба урегулирована?"),
        choices=[("yes", _("Да")), ("no", _("Нет"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )

    def __init__(self, *args: Any, is_complaint: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not is_complaint:
            del self.fields["complaint_settled"]


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("Причина возобновления"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ForwardForm(forms.Form):
    to = forms.CharField(
        label=_("Куда перенаправлено"),
        max_length=300,
        help_text=_("Например: АО «Татэнергосбыт»."),
    )
    text = forms.CharField(
        label=_("Сообщение потребителю"),
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class OutcomeForm(forms.Form):
    led_to_connection_contract = forms.BooleanField(
        label=_("Заключён договор ТП"), required=False
    )
    led_to_transmission_contract = forms.BooleanField(
        label=_("Заключён договор на передачу э/э"), required=False
    )
    complaint_settled = forms.BooleanField(
        label=_("Жалоба урегулирована"), required=False
    )

    def __init__(self, *args: Any, is_complaint: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not is_complaint:
            del self.fields["complaint_settled"]


# --- registering on a consumer's behalf ----------------------------------------------


class RegisterForm(forms.Form):
    """An appeal taken by phone, in an office, by post and so on."""

    channel = forms.ChoiceField(
        label=_("Канал поступления"),
        choices=[(c.value, c.label) for c in STAFF_CHANNELS],
        initial=Channel.PHONE,
    )
    received_at = forms.DateTimeField(
        label=_("Поступило"),
        input_formats=[DATETIME_INPUT],
        widget=forms.DateTimeInput(
            attrs={"type": "datetime-local"}, format=DATETIME_INPUT
        ),
        help_text=_("По умолчанию — сейчас; для писем — дата поступления письма."),
    )
    consumer_id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    account_id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    supply_point_id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    contact_name = forms.CharField(label=_("Заявитель (ФИО)"), max_length=300)
    contact_phone = forms.CharField(
        label=_("Телефон"),
        max_length=32,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
    )
    contact_email = forms.CharField(
        label=_("E-mail"),
        max_length=254,
        required=False,
        widget=forms.TextInput(attrs={"type": "email", "autocomplete": "off"}),
    )
    contact_postal_address = forms.CharField(
        label=_("Почтовый адрес"), max_length=500, required=False
    )
    address_text = forms.CharField(
        label=_("Адрес, о котором обращение"), max_length=300, required=False
    )
    category = forms.ChoiceField(label=_("Категория"), choices=Category.choices)
    kind = forms.ChoiceField(label=_("Вид"), choices=Kind.choices, initial=Kind.APPEAL)
    topic = forms.ChoiceField(label=_("Тематика"), choices=Topic.choices)
    service_request_type = forms.ChoiceField(
        label=_("Вид заявки на услугу"),
        choices=[("", _("— не заявка —")), *ServiceRequestType.choices],
        required=False,
    )
    subject = forms.CharField(label=_("Тема"), max_length=300, required=False)
    text = forms.CharField(
        label=_("Текст обращения"),
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    answer_channel = forms.ChoiceField(
        label=_("Способ ответа"), choices=AnswerChannel.choices
    )
    files = MultipleFileField(
        label=_("Файлы (скан письма и др.)"),
        help_text=_("PDF, JPEG, PNG, HEIC, TIFF, DOCX, XLSX, ODT, TXT."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["received_at"].initial = timezone.localtime().replace(
            second=0, microsecond=0
        )


# --- the portal -----------------------------------------------------------------------


class ConsumerReplyForm(forms.Form):
    text = forms.CharField(
        label=_("Сообщение"),
        max_length=20_000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    files = MultipleFileField(label=_("Файлы"))


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Причина (необязательно)"), max_length=2000, required=False
    )


class RateForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("Оценка ответа"),
        choices=[(str(n), str(n)) for n in range(5, 0, -1)],
        coerce=int,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Почему такая оценка"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("При оценке 3 и ниже напишите, что было не так."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        rating = data.get("rating")
        if rating is not None and rating <= 3 and not data.get("comment", "").strip():
            self.add_error("comment", _("При оценке 3 и ниже причина обязательна."))
        return data


# --- filing an appeal: the personal account and the internet reception ----------------


class SelfServiceAppealForm(forms.Form):
    """What a person files by themselves; the category follows from the topic
    (`self_service.category_for`)."""

    topic = forms.ChoiceField(label=_("О чём обращение"), choices=Topic.choices)
    kind = forms.ChoiceField(
        label=_("Вид"),
        choices=[
            (Kind.APPEAL, _("Обращение (вопрос, просьба)")),
            (Kind.COMPLAINT, _("Жалоба (на действия или качество услуг)")),
        ],
        initial=Kind.APPEAL,
        widget=forms.RadioSelect,
    )
    subject = forms.CharField(label=_("Тема"), max_length=300, required=False)
    text = forms.CharField(
        label=_("Текст обращения"),
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    address_text = forms.CharField(
        label=_("Адрес, о котором обращение"),
        max_length=300,
        required=False,
        help_text=_(
            "Если вопрос не о вашем лицевом счёте: населённый пункт, улица, дом."
        ),
    )
    answer_channel = forms.ChoiceField(label=_("Как прислать ответ"), choices=[])
    files = MultipleFileField(
        label=_("Файлы"),
        help_text=_("PDF, JPEG, PNG, HEIC, TIFF, DOCX, XLSX, ODT, TXT; до 10 файлов."),
    )

    answer_channels: tuple[str, ...] = ()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["answer_channel"].choices = [
            (c, AnswerChannel(c).label) for c in self.answer_channels
        ]


class PortalAppealForm(SelfServiceAppealForm):
    """A new appeal in the personal account: about one of the consumer's own accounts
    or an address."""

    answer_channels = (
        AnswerChannel.PERSONAL_ACCOUNT,
        AnswerChannel.EMAIL,
        AnswerChannel.SMS,
        AnswerChannel.POST,
    )
    account = forms.ModelChoiceField(
        label=_("Лицевой счёт"), queryset=None, required=False
    )

    def __init__(self, *args: Any, accounts: QuerySet[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["account"]
        field.queryset = accounts  # only the consumer's own: others are «not a choice»
        field.empty_label = _("— не о лицевом счёте —")
        field.label_from_instance = self._account_label
        self.order_fields(
            ["topic", "kind", "account", "address_text", "subject", "text"]
        )

    @staticmethod
    def _account_label(account: Any) -> str:
        point = account.supply_points.first()
        where = f", {point.building}" if point and point.building_id else ""
        return f"№ {account.number}{where}"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        has_place = data.get("account") or (data.get("address_text") or "").strip()
        if not has_place and "account" not in self.errors:
            self.add_error(
                "address_text",
                _("Выберите лицевой счёт или укажите адрес, о котором обращение."),
            )
        return data


class ReceptionForm(SelfServiceAppealForm):
    """The internet reception: the same appeal plus contact data and the consent."""

    answer_channels = (AnswerChannel.EMAIL, AnswerChannel.POST)
    contact_name = forms.CharField(label=_("Фамилия, имя, отчество"), max_length=300)
    contact_email = forms.EmailField(
        label=_("E-mail"),
        max_length=254,
        help_text=_("На него придёт ссылка для подтверждения обращения."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    contact_phone = forms.CharField(
        label=_("Телефон"),
        max_length=32,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    contact_postal_address = forms.CharField(
        label=_("Почтовый адрес"),
        max_length=500,
        required=False,
        help_text=_("Обязателен, если ответ нужен почтой."),
    )
    consent = forms.BooleanField(
        label=_(
            "Согласен(на) на обработку персональных данных для рассмотрения обращения"
        ),
        required=True,
        error_messages={
            "required": _(
                "Без согласия на обработку персональных данных обращение рассмотреть "
                "нельзя."
            )
        },
    )
    # Robots fill every field; people never see this one (hidden by a CSS class).
    website = forms.CharField(label=_("Не заполняйте это поле"), required=False)
    started = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["website"].widget.attrs.update(
            {"autocomplete": "off", "tabindex": "-1"}
        )
        self.order_fields(
            [
                "contact_name",
                "contact_email",
                "contact_phone",
                "topic",
                "kind",
                "address_text",
                "subject",
                "text",
                "files",
                "answer_channel",
                "contact_postal_address",
                "consent",
            ]
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            data.get("answer_channel") == AnswerChannel.POST
            and not (data.get("contact_postal_address") or "").strip()
        ):
            self.add_error(
                "contact_postal_address",
                _("Укажите почтовый адрес: ответ будет направлен почтой."),
            )
        return data
