from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "gridcare.accounts"
    label = "accounts"
    verbose_name = "Учётные записи"
