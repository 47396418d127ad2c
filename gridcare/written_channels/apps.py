from django.apps import AppConfig


class WrittenChannelsConfig(AppConfig):
    name = "gridcare.written_channels"
    label = "written_channels"
    verbose_name = "Письменные каналы"
