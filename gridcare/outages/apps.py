from django.apps import AppConfig


class OutagesConfig(AppConfig):
    name = "gridcare.outages"
    label = "outages"
    verbose_name = "Отключения электроэнергии"
