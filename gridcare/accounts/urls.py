from django.urls import path

from gridcare.accounts import views

app_name = "accounts"

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("login/code/", views.otp_verify, name="otp_verify"),
    path("account/two-factor/", views.otp_setup, name="otp_setup"),
    path("account/sessions/", views.session_list, name="sessions"),
    path(
        "account/sessions/<int:session_id>/end/",
        views.session_end,
        name="session_end",
    ),
    path(
        "account/sessions/end-others/",
        views.session_end_others,
        name="session_end_others",
    ),
    path(
        "account/tokens/<int:token_id>/revoke/",
        views.token_revoke,
        name="token_revoke",
    ),
]
