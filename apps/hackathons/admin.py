from __future__ import annotations

from django.contrib import admin

from apps.hackathons.models import (
    Criterion,
    Hackathon,
    HackathonParticipation,
    Judge,
    Prize,
    Submission,
    Team,
    TeamMembership,
    Track,
)


class TrackInline(admin.TabularInline):
    model = Track
    extra = 0


class PrizeInline(admin.TabularInline):
    model = Prize
    extra = 0


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 0


class JudgeInline(admin.TabularInline):
    model = Judge
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Hackathon)
class HackathonAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "starts_at",
        "submission_deadline",
        "difficulty",
        "mode",
        "participant_count",
        "prize_total",
    ]
    list_filter = ["difficulty", "mode"]
    search_fields = ["title", "slug"]
    raw_id_fields = ["organiser"]
    filter_horizontal = ["technologies"]
    # Counters are kept by the services; editing them by hand would make them lie.
    readonly_fields = ["participant_count", "prize_total", "results_published_at"]
    inlines = [TrackInline, PrizeInline, CriterionInline, JudgeInline]


@admin.register(HackathonParticipation)
class ParticipationAdmin(admin.ModelAdmin):
    list_display = ["hackathon", "user", "joined_at"]
    raw_id_fields = ["hackathon", "user"]
    search_fields = ["user__handle", "hackathon__title"]


class MembershipInline(admin.TabularInline):
    model = TeamMembership
    extra = 0
    raw_id_fields = ["user", "hackathon"]


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name", "hackathon", "leader", "member_count"]
    raw_id_fields = ["hackathon", "leader"]
    search_fields = ["name", "hackathon__title"]
    readonly_fields = ["member_count", "join_code"]
    inlines = [MembershipInline]


@admin.register(Submission)
class SubmissionAdmin(admin.ModelAdmin):
    list_display = ["title", "hackathon", "team", "owner", "rank", "final_score"]
    raw_id_fields = ["hackathon", "team", "owner", "track"]
    search_fields = ["title", "hackathon__title"]
    readonly_fields = ["final_score", "rank", "track_winner"]
