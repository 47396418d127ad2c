from django.apps import AppConfig


class ConsumersConfig(AppConfig):
    name = "gridcare.consumers"
    label = "consumers"
    verbose_name = "Потребители"
