from django.urls import path

from apps.community import views

app_name = "community"

urlpatterns = [
    path("feed/", views.feed, name="feed"),
    path("search/", views.search, name="search"),
    path("posts/new/", views.post_create, name="post-create"),
    path("posts/preview/", views.post_preview, name="post-preview"),
    path("posts/drafts/", views.drafts, name="drafts"),
    path("posts/saved/", views.reading_list, name="reading-list"),
    path("posts/<int:pk>/", views.post_detail, name="post-detail"),
    path("posts/<int:pk>/edit/", views.post_edit, name="post-edit"),
    path("posts/<int:pk>/delete/", views.post_delete, name="post-delete"),
    path("posts/<int:pk>/history/", views.post_history, name="post-history"),
    path("posts/<int:pk>/lock/", views.post_lock, name="post-lock"),
    path("posts/<int:pk>/react/", views.post_react, name="post-react"),
    path("posts/<int:pk>/save/", views.post_save, name="post-save"),
    path("posts/<int:pk>/comments/", views.comment_create, name="comment-create"),
    path("posts/<int:pk>/report/", views.report, {"what": "post"}, name="post-report"),
    path("comments/<int:pk>/reply/", views.comment_reply, name="comment-reply"),
    path("comments/<int:pk>/edit/", views.comment_edit, name="comment-edit"),
    path("comments/<int:pk>/delete/", views.comment_delete, name="comment-delete"),
    path("comments/<int:pk>/react/", views.comment_react, name="comment-react"),
    path("comments/<int:pk>/report/", views.report, {"what": "comment"}, name="comment-report"),
    path("tags/suggest/", views.tag_suggest, name="tag-suggest"),
    path("tags/<str:tag>/", views.tag_detail, name="tag-detail"),
    path("tags/<str:tag>/follow/", views.tag_follow, {"action": "follow"}, name="tag-follow"),
    path("tags/<str:tag>/mute/", views.tag_follow, {"action": "mute"}, name="tag-mute"),
    path("members/<str:handle>/follow/", views.member_follow, {"action": "follow"}, name="member-follow"),
    path("members/<str:handle>/mute/", views.member_follow, {"action": "mute"}, name="member-mute"),
]
