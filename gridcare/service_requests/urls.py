from django.urls import path

from gridcare.service_requests.views import backoffice, portal

app_name = "service_requests"

urlpatterns = [
    # Public catalogue; the consumer's orders (before the <code> route: "orders" is
    # not a service code).
    path("services/", portal.catalogue, name="catalogue"),
    path("services/orders/", portal.order_list, name="portal_list"),
    path("services/orders/<int:order_id>/", portal.order_detail, name="portal_detail"),
    path(
        "services/orders/<int:order_id>/cancel/",
        portal.order_cancel,
        name="portal_cancel",
    ),
    path("services/<slug:code>/", portal.service_detail, name="service_detail"),
    path("services/<slug:code>/order/", portal.order_new, name="order_new"),
    # Back office.
    path("staff/service-requests/", backoffice.queue, name="staff_queue"),
    path(
        "staff/service-requests/<int:order_id>/",
        backoffice.order_card,
        name="staff_detail",
    ),
    path(
        "staff/service-requests/<int:order_id>/<slug:action>/",
        backoffice.order_act,
        name="staff_action",
    ),
]
