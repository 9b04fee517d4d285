from __future__ import annotations

from django.urls import path, re_path
from django.views.generic import RedirectView

from apps.mentor import api, views

app_name = "mentor_api"

urlpatterns = [
    path("chat", api.chat, name="chat"),
    path("conversations", api.conversation_list, name="conversation-list"),
    path("conversations/<int:pk>", api.conversation_detail, name="conversation-detail"),
    path("suggestions", api.suggestions, name="suggestions"),
    path("code-review", api.code_review, name="code-review"),
    path("explain", api.explain, name="explain"),
    path("feedback", api.feedback, name="feedback"),
    path("openapi.json", api.openapi_json, name="openapi"),
    path("docs/", views.api_docs, name="docs"),
    path("docs", RedirectView.as_view(pattern_name="mentor_api:docs", permanent=True)),
    # Anything else under the API answers JSON, not the HTML 404 page.
    re_path(r"^(?P<rest>.*)$", api.not_found, name="not-found"),
]
