from django.urls import path

from apps.community import staff_views

app_name = "community_staff"

urlpatterns = [
    path("", staff_views.queue, name="queue"),
    path("reports/<int:pk>/<str:action>/", staff_views.report_act, name="report-act"),
    path("posts/<int:pk>/<str:action>/", staff_views.content_act, {"what": "post"}, name="post-act"),
    path("comments/<int:pk>/<str:action>/", staff_views.content_act, {"what": "comment"}, name="comment-act"),
    path("bans/<int:user_id>/lift/", staff_views.ban_lift, name="ban-lift"),
]
