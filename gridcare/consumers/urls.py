from django.urls import path

from gridcare.consumers.views import backoffice, identity, portal

app_name = "consumers"

urlpatterns = [
    path("staff/consumers/lookup/", backoffice.consumer_lookup, name="staff_lookup"),
    path(
        "staff/consumers/<int:consumer_id>/",
        backoffice.consumer_card,
        name="staff_detail",
    ),
    path("register/", identity.register, name="register"),
    path("register/confirm/", identity.register_confirm, name="register_confirm"),
    path("register/resend/", identity.register_resend, name="register_resend"),
    path("password/reset/", identity.password_reset, name="password_reset"),
    path(
        "password/reset/confirm/",
        identity.password_reset_set,
        name="password_reset_confirm",
    ),
    path("account/", portal.portal_home, name="portal_home"),
    path("account/accounts/", portal.account_list, name="portal_accounts"),
    path(
        "account/accounts/<int:account_id>/",
        portal.account_detail,
        name="portal_account",
    ),
    path(
        "account/accounts/<int:account_id>/unlink/",
        portal.account_unlink,
        name="portal_account_unlink",
    ),
    path("account/consents/", portal.consent_list, name="portal_consents"),
    path(
        "account/consents/give/", portal.consent_give_view, name="portal_consent_give"
    ),
    path(
        "account/consents/<int:consent_id>/withdraw/",
        portal.consent_withdraw_view,
        name="portal_consent_withdraw",
    ),
]
