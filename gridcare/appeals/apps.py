from django.apps import AppConfig


class AppealsConfig(AppConfig):
    name = "gridcare.appeals"
    label = "appeals"
    verbose_name = "Обращения"

    def ready(self) -> None:
        from gridcare.appeals import metrics as appeal_metrics
        from gridcare.core.metrics import register_state_gauge

        register_state_gauge(
            "gridcare_appeals_open",
            "Open appeals by status; assigned=no counts those without an assignee",
            appeal_metrics.open_appeals,
        )
        register_state_gauge(
            "gridcare_appeals_overdue",
            "Open appeals past their answer deadline",
            appeal_metrics.overdue_appeals,
        )
