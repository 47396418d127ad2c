from django.apps import AppConfig


class ContactCentreConfig(AppConfig):
    name = "gridcare.contact_centre"
    label = "contact_centre"
    verbose_name = "Контакт-центр"
