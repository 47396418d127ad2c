from django.apps import AppConfig


class AppealsConfig(AppConfig):
    name = "gridcare.appeals"
    label = "appeals"
    verbose_name = "Обращения"
