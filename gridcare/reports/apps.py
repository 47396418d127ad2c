from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "gridcare.reports"
    label = "reports"
    verbose_name = "Отчёты"
