from django.apps import AppConfig


class GridConnectionsConfig(AppConfig):
    name = "gridcare.grid_connections"
    label = "grid_connections"
    verbose_name = "Технологическое присоединение"
