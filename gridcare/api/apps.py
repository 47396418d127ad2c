from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "gridcare.api"
    label = "api"
    verbose_name = "API"
