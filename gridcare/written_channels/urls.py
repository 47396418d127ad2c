from django.urls import URLPattern, path, re_path

from gridcare.written_channels.views import backoffice, vk

app_name = "written_channels"

urlpatterns: list[URLPattern] = [
    path("channels/vk/callback/", vk.vk_callback, name="vk_callback"),
    path("staff/written/post/new/", backoffice.post_register, name="post_register"),
    path("staff/written/letters/", backoffice.letters, name="letters"),
    path("staff/written/letters/new/", backoffice.letter_create, name="letter_create"),
    path(
        "staff/written/letters/<int:letter_id>/tracking/",
        backoffice.letter_tracking,
        name="letter_tracking",
    ),
    path(
        "staff/written/letters/<int:letter_id>/pdf/",
        backoffice.letter_pdf,
        name="letter_pdf",
    ),
    re_path(
        r"^staff/written/letters/register\.(?P<fmt>xlsx|pdf)$",
        backoffice.register_export,
        name="register_export",
    ),
    path("staff/written/queues/", backoffice.queues, name="queues"),
]
