from __future__ import annotations

from django.urls import path

from apps.jobs import employer_views, views
from apps.jobs.feeds import OpenJobsAtomFeed, OpenJobsFeed

app_name = "jobs"

urlpatterns = [
    path("", views.job_list, name="job-list"),
    path("feed/", OpenJobsFeed(), name="feed"),
    path("feed/atom/", OpenJobsAtomFeed(), name="feed-atom"),
    path("saved/", views.saved_list, name="saved-list"),
    path("applications/", views.application_list, name="application-list"),
    path("applications/<int:pk>/withdraw/", views.application_withdraw, name="application-withdraw"),
    path("applications/<int:pk>/cv/", views.application_cv, name="application-cv"),
    path("applications/<int:pk>/move/", employer_views.application_move, name="application-move"),
    path("applications/<int:pk>/notes/", employer_views.application_notes, name="application-notes"),
    path("mine/", employer_views.job_mine, name="job-mine"),
    path("new/", employer_views.job_create, name="job-create"),
    path("<int:pk>/", views.job_detail, name="job-detail"),
    path("<int:pk>/save/", views.job_save, name="job-save"),
    path("<int:pk>/apply/", views.job_apply, name="job-apply"),
    path("<int:pk>/edit/", employer_views.job_edit, name="job-edit"),
    path("<int:pk>/manage/", employer_views.job_manage, name="job-manage"),
    path("<int:pk>/submit/", employer_views.job_submit, name="job-submit"),
    path("<int:pk>/close/", employer_views.job_close, name="job-close"),
    path("<int:pk>/applications/", employer_views.pipeline, name="pipeline"),
]
