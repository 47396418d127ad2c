from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "gridcare.accounts"
    label = "accounts"
    verbose_name = "Учётные записи"

    def ready(self) -> None:
        from gridcare.accounts import checks  # noqa: F401  (registers the checks)
