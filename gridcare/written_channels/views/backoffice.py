"""Back-office pages of the written channels: register a paper letter, outgoing
letters and the day's mailing register, the remote centres' queues. Thin: parse,
look up, one service, render."""

from datetime import date

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from gridcare.accounts.access import staff_view
from gridcare.accounts.roles import Right
from gridcare.appeals.selectors import appeal_get_by_number_for_user
from gridcare.core.errors import ApplicationError
from gridcare.core.web import file_response, form_errors_to_messages
from gridcare.written_channels.forms import (
    DayForm,
    LetterCreateForm,
    PostalLetterForm,
    TrackingForm,
)
from gridcare.written_channels.letters_pdf import (
    mailing_register_pdf,
    mailing_register_xlsx,
)
from gridcare.written_channels.selectors import (
    outgoing_letter_get_for_user,
    outgoing_letter_list_for_day,
    remote_centres_overview,
)
from gridcare.written_channels.services.post import (
    PostalLetterInput,
    outgoing_letter_create,
    outgoing_letter_set_tracking,
    postal_letter_register,
)


@staff_view(Right.APPEAL_REGISTER)
@require_http_methods(["GET", "POST"])
def post_register(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    form = PostalLetterForm(
        request.POST or None,
        request.FILES or None,
        initial={"received_on": today, "postmark_date": today},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            letter = postal_letter_register(
                actor=request.user,
                data=PostalLetterInput(
                    sender_name=data["sender_name"],
                    sender_address=data["sender_address"],
                    postmark_date=data["postmark_date"],
                    received_on=data["received_on"],
                    category=data["category"],
                    topic=data["topic"],
                    kind=data["kind"],
                    summary=data["summary"],
                    scan=data["scan"],
                    contact_phone=data["contact_phone"],
                    contact_email=data["contact_email"],
                ),
            )
        except ApplicationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request,
                _("Письмо зарегистрировано, номер обращения %(number)s.")
                % {"number": letter.appeal.number},
            )
            return redirect("appeals:staff_detail", letter.appeal_id)
    return render(
        request, "written_channels/backoffice/post_register.html", {"form": form}
    )


def _day(request: HttpRequest) -> date:
    form = DayForm(request.GET)
    if form.is_valid() and form.cleaned_data["day"]:
        return form.cleaned_data["day"]  # type: ignore[no-any-return]
    return timezone.localdate()


@staff_view(Right.APPEAL_WORK)
def letters(request: HttpRequest) -> HttpResponse:
    day = _day(request)
    return render(
        request,
        "written_channels/backoffice/letters.html",
        {
            "day": day,
            "day_form": DayForm(initial={"day": day}),
            "create_form": LetterCreateForm(initial={"mailing_date": day}),
            "letters": outgoing_letter_list_for_day(user=request.user, day=day),
        },
    )


def _letters_url(day: date) -> str:
    return reverse("written_channels:letters") + f"?day={day:%Y-%m-%d}"


@staff_view(Right.APPEAL_WORK)
@require_POST
def letter_create(request: HttpRequest) -> HttpResponse:
    form = LetterCreateForm(request.POST)
    if not form.is_valid():
        form_errors_to_messages(request, form)
        return redirect("written_channels:letters")
    day = form.cleaned_data["mailing_date"]
    try:
        appeal = appeal_get_by_number_for_user(
            user=request.user, number=form.cleaned_data["number"]
        )
        letter = outgoing_letter_create(
            actor=request.user, appeal=appeal, mailing_date=day
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("Письмо по обращению %(number)s добавлено в реестр.")
            % {"number": letter.appeal.number},
        )
    return redirect(_letters_url(day))


@staff_view(Right.APPEAL_WORK)
@require_POST
def letter_tracking(request: HttpRequest, letter_id: int) -> HttpResponse:
    letter = outgoing_letter_get_for_user(user=request.user, letter_id=letter_id)
    form = TrackingForm(request.POST)
    if not form.is_valid():
        form_errors_to_messages(request, form)
    else:
        try:
            outgoing_letter_set_tracking(
                actor=request.user,
                letter=letter,
                tracking_number=form.cleaned_data["tracking_number"],
            )
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("ШПИ сохранён."))
    return redirect(_letters_url(letter.mailing_date))


@staff_view(Right.APPEAL_WORK)
def letter_pdf(request: HttpRequest, letter_id: int) -> HttpResponse:
    letter = outgoing_letter_get_for_user(user=request.user, letter_id=letter_id)
    return file_response(
        letter.pdf, f"otvet-{letter.appeal.number}.pdf", "application/pdf"
    )


@staff_view(Right.APPEAL_WORK)
def register_export(request: HttpRequest, fmt: str) -> HttpResponse:
    day = _day(request)
    rows = list(outgoing_letter_list_for_day(user=request.user, day=day))
    if fmt == "pdf":
        content, mime = mailing_register_pdf(day=day, letters=rows), "application/pdf"
    else:
        content = mailing_register_xlsx(day=day, letters=rows)
        mime = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    response = HttpResponse(content, content_type=mime)
    response["Content-Disposition"] = (
        f'attachment; filename="reestr-{day:%Y-%m-%d}.{fmt}"'
    )
    return response


@staff_view(Right.APPEAL_VIEW_QUEUE)
def queues(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "written_channels/backoffice/queues.html",
        {"centres": remote_centres_overview(user=request.user)},
    )
