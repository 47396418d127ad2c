from django.urls import path

from gridcare.contact_centre.views import chat, desk, wallboard

app_name = "contact_centre"

urlpatterns = [
    path("staff/chats/", chat.console, name="console"),
    path("staff/chats/<int:chat_id>/accept/", chat.accept, name="accept"),
    path("staff/chats/<int:chat_id>/message/", chat.message, name="message"),
    path("staff/chats/<int:chat_id>/close/", chat.close, name="close"),
    path("staff/chats/<int:chat_id>/appeal/", chat.to_appeal, name="appeal"),
    # The operator desk.
    path("staff/desk/", desk.desk, name="desk"),
    path("staff/desk/panel/", desk.panel, name="desk_panel"),
    path("staff/desk/status/", desk.status, name="desk_status"),
    path("staff/desk/written/next/", desk.written_next, name="desk_written_next"),
    path("staff/desk/<int:interaction_id>/answer/", desk.answer, name="desk_answer"),
    path("staff/desk/<int:interaction_id>/end/", desk.end, name="desk_end"),
    path(
        "staff/desk/<int:interaction_id>/appeal/",
        desk.register_appeal,
        name="desk_appeal",
    ),
    path(
        "staff/desk/<int:interaction_id>/attach/",
        desk.attach_appeal,
        name="desk_attach",
    ),
    path("staff/desk/<int:interaction_id>/wrap-up/", desk.wrap_up, name="desk_wrap_up"),
    path(
        "staff/desk/callbacks/<int:request_id>/take/",
        desk.callback_take,
        name="desk_callback_take",
    ),
    path(
        "staff/desk/callbacks/<int:request_id>/done/",
        desk.callback_done,
        name="desk_callback_done",
    ),
    # The supervisors' wallboard.
    path("staff/wallboard/", wallboard.wallboard, name="wallboard"),
    path("staff/wallboard/panel/", wallboard.panel, name="wallboard_panel"),
]
