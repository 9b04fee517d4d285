from __future__ import annotations

from django.urls import path

from apps.mentor import views

app_name = "mentor"

urlpatterns = [
    path("", views.mentor_home, name="home"),
    path("chat/", views.chat_create, name="chat-create"),
    path("code/", views.code_submit, name="code-submit"),
    path("feedback/<int:pk>/", views.feedback_submit, name="feedback"),
    path("tokens/", views.token_list, name="token-list"),
    path("tokens/<int:pk>/revoke/", views.token_revoke, name="token-revoke"),
]
