from __future__ import annotations

from django.urls import path

from apps.programs.views import cohorts, public, setup, staff

app_name = "programs"

urlpatterns = [
    path("programs/", public.program_list, name="program-list"),
    path("programs/applications/", public.application_list, name="application-list"),
    path(
        "programs/applications/<int:pk>/withdraw/", public.application_withdraw, name="application-withdraw"
    ),
    path("programs/applications/<int:pk>/decide/", staff.application_decide, name="application-decide"),
    path("programs/reviews/", staff.review_queue, name="review-queue"),
    path("programs/reviews/<int:pk>/", staff.review_create, name="review-create"),
    path("programs/reviews/<int:pk>/release/", staff.review_release, name="review-release"),
    path("programs/submissions/<int:pk>/file/", cohorts.submission_file, name="submission-file"),
    path("director/programs/new/", setup.program_create, name="program-create"),
    path("programs/<slug:slug>/", public.program_detail, name="program-detail"),
    path("programs/<slug:slug>/apply/", public.program_apply, name="program-apply"),
    path("programs/<slug:slug>/edit/", setup.program_edit, name="program-edit"),
    path("programs/<slug:slug>/cohorts/new/", setup.cohort_create, name="cohort-create"),
    path("programs/<slug:slug>/review/", staff.application_review, name="application-review"),
    path("programs/<slug:slug>/missions/new/", staff.mission_create, name="mission-create"),
    path("programs/<slug:slug>/missions/<int:pk>/edit/", staff.mission_edit, name="mission-edit"),
    path("cohorts/<int:pk>/", cohorts.cohort_home, name="cohort-home"),
    path("cohorts/<int:pk>/edit/", setup.cohort_edit, name="cohort-edit"),
    path("cohorts/<int:pk>/schedule/new/", setup.schedule_item_edit, name="schedule-create"),
    path("cohorts/<int:pk>/schedule/<int:item_pk>/edit/", setup.schedule_item_edit, name="schedule-edit"),
    path(
        "cohorts/<int:pk>/schedule/<int:item_pk>/delete/", setup.schedule_item_delete, name="schedule-delete"
    ),
    path("cohorts/<int:pk>/leave/", cohorts.cohort_leave, name="cohort-leave"),
    path("cohorts/<int:pk>/capacity/", staff.cohort_capacity, name="cohort-capacity"),
    path("cohorts/<int:pk>/mentors/", staff.cohort_mentor, name="cohort-mentor"),
    path("cohorts/<int:pk>/quote/", cohorts.cohort_quote, name="cohort-quote"),
    path("cohorts/<int:pk>/announcements/", cohorts.announcement_create, name="announcement-create"),
    path("cohorts/<int:pk>/missions/<int:mission_pk>/", cohorts.mission_detail, name="mission-detail"),
    path("director/", staff.director, name="director"),
    path("director/exports/<slug:what>/", staff.director_export, name="director-export"),
    path("sponsor/<slug:slug>/", staff.sponsor, name="sponsor"),
]
