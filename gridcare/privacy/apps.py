from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "gridcare.privacy"
    label = "privacy"
    verbose_name = "Персональные данные"
