from django.apps import AppConfig


class ContactCentreConfig(AppConfig):
    name = "gridcare.contact_centre"
    label = "contact_centre"
    verbose_name = "Контакт-центр"

    def ready(self) -> None:
        # Written appeals of the remote centres become work items of the routing
        # engine (services/written.py): the layers below cannot call us directly.
        from django.db.models.signals import post_save

        from gridcare.appeals.models import Appeal
        from gridcare.contact_centre.services.written import MIRROR, appeal_post_save
        from gridcare.written_channels.hooks import remote_queue_listener_add

        remote_queue_listener_add(MIRROR)
        post_save.connect(
            appeal_post_save, sender=Appeal, dispatch_uid="contact_centre_written"
        )
