"""The consumer's personal account: the dashboard, «Мои лицевые счета» (link, view,
unlink) and «Согласия» (review, give, withdraw optional ones)."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from gridcare.accounts.access import portal_view
from gridcare.consumers.consents import (
    consent_get_for_user,
    consent_list_for_consumer,
    consent_states_for_consumer,
    consumer_consent_give,
    consumer_consent_withdraw,
)
from gridcare.consumers.forms import AccountLinkForm
from gridcare.consumers.linking import (
    consumer_account_find_for_link,
    consumer_account_get_for_user,
    consumer_account_link,
    consumer_account_list_for_user,
    consumer_account_unlink,
    consumer_of_user,
)
from gridcare.core.errors import ApplicationError, NotFoundError
from gridcare.core.web import client_ip


@portal_view()
@require_GET
def portal_home(request: HttpRequest) -> HttpResponse:
    """The personal account's home: the sections and a short summary."""
    context = {
        "consumer": consumer_of_user(user=request.user),
        "accounts": consumer_account_list_for_user(user=request.user),
    }
    return render(request, "consumers/portal/home.html", context)


def _accounts_page(
    request: HttpRequest, form: AccountLinkForm, status: int = 200
) -> HttpResponse:
    context = {
        "accounts": consumer_account_list_for_user(user=request.user),
        "form": form,
    }
    return render(request, "consumers/portal/accounts.html", context, status=status)


@portal_view()
def account_list(request: HttpRequest) -> HttpResponse:
    """«Мои лицевые счета» with the link form; POST links an account."""
    form = AccountLinkForm(request.POST or None)
    if request.method == "POST":
        if not form.is_valid():
            return _accounts_page(request, form, status=400)
        try:
            account = consumer_account_find_for_link(
                user=request.user,
                number=form.cleaned_data["number"],
                meter_serial=form.cleaned_data["meter_serial"],
            )
            result = consumer_account_link(user=request.user, account=account)
        except NotFoundError:
            raise
        except ApplicationError as exc:
            form.add_error(None, exc.message)
            return _accounts_page(request, form, status=400)
        if result.created:
            messages.success(
                request,
                _("Лицевой счёт %(number)s привязан.") % {"number": account.number},
            )
        else:
            messages.info(
                request,
                _("Лицевой счёт %(number)s уже привязан к вашему кабинету.")
                % {"number": account.number},
            )
        return redirect("consumers:portal_account", account_id=account.pk)
    return _accounts_page(request, form)


@portal_view()
@require_GET
def account_detail(request: HttpRequest, account_id: int) -> HttpResponse:
    account = consumer_account_get_for_user(user=request.user, account_id=account_id)
    return render(request, "consumers/portal/account_detail.html", {"account": account})


@portal_view()
@require_POST
def account_unlink(request: HttpRequest, account_id: int) -> HttpResponse:
    account = consumer_account_get_for_user(user=request.user, account_id=account_id)
    try:
        consumer_account_unlink(user=request.user, account=account)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("consumers:portal_account", account_id=account.pk)
    messages.success(
        request, _("Лицевой счёт %(number)s отвязан.") % {"number": account.number}
    )
    return redirect("consumers:portal_accounts")


@portal_view()
@require_GET
def consent_list(request: HttpRequest) -> HttpResponse:
    """«Согласия»: each purpose with its text, whether given, and the history."""
    consumer = consumer_of_user(user=request.user)
    context = {
        "states": consent_states_for_consumer(consumer=consumer),
        "history": consent_list_for_consumer(consumer=consumer),
    }
    return render(request, "consumers/portal/consents.html", context)


@portal_view()
@require_POST
def consent_give_view(request: HttpRequest) -> HttpResponse:
    consumer = consumer_of_user(user=request.user)
    try:
        consumer_consent_give(
            consumer=consumer,
            purpose=request.POST.get("purpose", ""),
            channel="personal_account",
            ip_address=client_ip(request),
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Согласие дано."))
    return redirect("consumers:portal_consents")


@portal_view()
@require_POST
def consent_withdraw_view(request: HttpRequest, consent_id: int) -> HttpResponse:
    consent = consent_get_for_user(user=request.user, consent_id=consent_id)
    try:
        consumer_consent_withdraw(consent=consent)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Согласие отозвано."))
    return redirect("consumers:portal_consents")
