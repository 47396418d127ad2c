from django.apps import AppConfig


class TelephonyConfig(AppConfig):
    name = "gridcare.telephony"
    label = "telephony"
    verbose_name = "Телефония и IVR"
