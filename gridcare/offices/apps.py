from django.apps import AppConfig


class OfficesConfig(AppConfig):
    name = "gridcare.offices"
    label = "offices"
    verbose_name = "Офисы обслуживания"
