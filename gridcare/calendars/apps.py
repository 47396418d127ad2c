from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class CalendarsConfig(AppConfig):
    name = "gridcare.calendars"
    label = "calendars"
    verbose_name = "Производственный календарь"

    def ready(self) -> None:
        from gridcare.calendars.calendar_cache import calendar_changed_receiver
        from gridcare.calendars.models import CalendarDay, WorkSchedule

        # Derived data within one app (STYLE §5): the in-memory calendar copies
        # these rows, so every write must invalidate it.
        for model in (CalendarDay, WorkSchedule):
            post_save.connect(
                calendar_changed_receiver,
                sender=model,
                dispatch_uid=f"calendars-{model.__name__}-saved",
            )
            post_delete.connect(
                calendar_changed_receiver,
                sender=model,
                dispatch_uid=f"calendars-{model.__name__}-deleted",
            )
