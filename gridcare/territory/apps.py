from django.apps import AppConfig


class TerritoryConfig(AppConfig):
    name = "gridcare.territory"
    label = "territory"
    verbose_name = "Территория и адреса"
