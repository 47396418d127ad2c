from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "gridcare.notifications"
    label = "notifications"
    verbose_name = "Уведомления"

    def ready(self) -> None:
        from gridcare.core.metrics import register_state_gauge
        from gridcare.notifications import metrics as notification_metrics

        register_state_gauge(
            "gridcare_notifications_last_day",
            "Notifications of the last 24 hours by channel and status",
            notification_metrics.notifications_last_day,
        )
