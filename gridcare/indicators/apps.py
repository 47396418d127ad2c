from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "gridcare.indicators"
    label = "indicators"
    verbose_name = "Показатели качества"
