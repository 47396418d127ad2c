from django.urls import path

from gridcare.chatbot import views, views_kb

app_name = "chatbot"

urlpatterns = [
    path("chat/", views.chat_page, name="page"),
    path("chat/start/", views.chat_start, name="start"),
    path("chat/callback/", views.chat_callback, name="callback"),
    path("chat/new/", views.chat_new, name="new"),
    path(
        "staff/chats/<int:chat_id>/suggestions/",
        views.staff_suggestions,
        name="staff_suggestions",
    ),
    # The knowledge-base editor (views_kb.py).
    path("staff/kb/", views_kb.kb_list, name="kb_list"),
    path("staff/kb/search/", views_kb.staff_kb_search, name="staff_kb_search"),
    path("staff/kb/new/", views_kb.kb_new, name="kb_new"),
    path("staff/kb/test/", views_kb.kb_test, name="kb_test"),
    path("staff/kb/import/", views_kb.kb_import, name="kb_import"),
    path("staff/kb/export.<str:fmt>", views_kb.kb_export, name="kb_export"),
    path("staff/kb/misses/", views_kb.kb_misses, name="kb_misses"),
    path("staff/kb/misses/regroup/", views_kb.kb_miss_regroup, name="kb_miss_regroup"),
    path(
        "staff/kb/misses/<int:group_id>/variant/",
        views_kb.kb_miss_variant,
        name="kb_miss_variant",
    ),
    path(
        "staff/kb/misses/<int:group_id>/dismiss/",
        views_kb.kb_miss_dismiss,
        name="kb_miss_dismiss",
    ),
    path("staff/kb/a/<str:slug>/", views_kb.kb_article, name="kb_article"),
    path("staff/kb/a/<str:slug>/edit/", views_kb.kb_edit, name="kb_edit"),
    path("staff/kb/a/<str:slug>/publish/", views_kb.kb_publish, name="kb_publish"),
    path(
        "staff/kb/a/<str:slug>/unpublish/", views_kb.kb_unpublish, name="kb_unpublish"
    ),
    path(
        "staff/kb/a/<str:slug>/versions/<int:number>/",
        views_kb.kb_version,
        name="kb_version",
    ),
]
