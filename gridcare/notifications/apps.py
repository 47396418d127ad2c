from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "gridcare.notifications"
    label = "notifications"
    verbose_name = "Уведомления"
