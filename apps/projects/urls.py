from django.urls import path

from apps.projects import views

app_name = "projects"

urlpatterns = [
    path("", views.project_list, name="list"),
    path("new/", views.project_create_view, name="create"),
    path("saved/", views.project_saved, name="saved"),
    path("<int:pk>/", views.project_detail, name="detail"),
    path("<int:pk>/edit/", views.project_edit, name="edit"),
    path("<int:pk>/delete/", views.project_delete_view, name="delete"),
    path("<int:pk>/like/", views.project_like, name="like"),
    path("<int:pk>/save/", views.project_save, name="save"),
    path("<int:pk>/collaborators/", views.collaborator_add, name="collaborator-add"),
    path(
        "<int:pk>/collaborators/<int:member_id>/remove/",
        views.collaborator_remove,
        name="collaborator-remove",
    ),
]
