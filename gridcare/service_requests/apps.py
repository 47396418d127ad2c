from django.apps import AppConfig


class ServiceRequestsConfig(AppConfig):
    name = "gridcare.service_requests"
    label = "service_requests"
    verbose_name = "Заявки на услуги"
