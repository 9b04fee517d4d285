from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from apps.profiles.models import Badge, BadgeAward, PointsEntry, Profile, Skill
from apps.profiles.services import (
    TimelineRow,
    badges_evaluate,
    points_award,
    profile_get_or_create,
    profile_update,
    skill_get_or_create,
)
from tests.accounts.factories import UserFactory
from tests.profiles.factories import ExperienceFactory, ProfileFactory, SkillFactory, image_upload
from tests.projects.factories import ProjectFactory

pytestmark = pytest.mark.django_db


# --- Skills ---------------------------------------------------------------------------------


def test_skill_spellings_that_differ_in_case_and_spaces_are_one_skill():
    first = skill_get_or_create(name="JavaScript")
    assert skill_get_or_create(name="Javascript") == first
    assert skill_get_or_create(name="  javascript  ") == first
    assert Skill.objects.count() == 1
    assert first.name == "JavaScript"  # the first spelling is the display name


def test_skill_inner_whitespace_is_collapsed():
    skill = skill_get_or_create(name="Machine    learning")
    assert skill.name == "Machine learning"
    assert skill_get_or_create(name="machine learning") == skill


def test_skill_with_blank_name_is_refused():
    with pytest.raises(ValueError, match="needs a name"):
        skill_get_or_create(name="   ")


def test_skill_key_is_unique_in_the_database():
    skill_get_or_create(name="Go")
    with pytest.raises(IntegrityError), transaction.atomic():
        Skill.objects.create(name="GO", key="go")


# --- Profiles -------------------------------------------------------------------------------


def test_profile_is_created_once_lazily(user):
    profile = profile_get_or_create(user=user)
    assert profile_get_or_create(user=user) == profile
    assert Profile.objects.filter(user=user).count() == 1


def _update(user, **overrides):
    kwargs = {
        "user": user,
        "first_name": "Ada",
        "last_name": "Lovelace",
        "fields": {"headline": "Engineer"},
        "skill_names": [],
        "experiences": [],
        "educations": [],
    }
    kwargs.update(overrides)
    return profile_update(**kwargs)


def test_profile_update_normalises_and_dedupes_skills(user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        profile = _update(user, skill_names=["Python", "python", "Django", " DJANGO "])
    assert sorted(profile.skills.values_list("name", flat=True)) == ["Django", "Python"]


def test_profile_update_saves_timeline_rows_and_ignores_other_members_rows(
    user, django_capture_on_commit_callbacks
):
    other = ExperienceFactory()
    row = {
        "title": "Dev",
        "company": "Acme",
        "start_date": datetime.date(2021, 1, 1),
        "end_date": None,
        "is_current": True,
    }
    with django_capture_on_commit_callbacks(execute=True):
        profile = _update(
            user,
            experiences=[TimelineRow(pk=None, data=row), TimelineRow(pk=other.pk, data=row, delete=True)],
        )
    assert profile.experiences.get().company == "Acme"
    other.refresh_from_db()  # someone else's row, named by id, is untouched
    assert other.company == "Acme" and other.profile_id != profile.pk


def test_profile_update_deletes_a_row_marked_for_deletion(django_capture_on_commit_callbacks):
    entry = ExperienceFactory()
    with django_capture_on_commit_callbacks(execute=True):
        _update(entry.profile.user, experiences=[TimelineRow(pk=entry.pk, data={}, delete=True)])
    assert not entry.profile.experiences.exists()


def test_timeline_end_before_start_is_rejected_by_the_service(user):
    row = {
        "title": "Dev",
        "company": "Acme",
        "start_date": datetime.date(2021, 1, 1),
        "end_date": datetime.date(2020, 1, 1),
    }
    with pytest.raises(ValidationError):
        _update(user, experiences=[TimelineRow(pk=None, data=row)])


def test_avatar_is_reencoded_to_square_webp_in_two_sizes(user, django_capture_on_commit_callbacks):
    from apps.core.uploads import AVATAR, validate_image_upload

    image = validate_image_upload(image_upload(size=(800, 500)), max_bytes=2 * 1024 * 1024, kind=AVATAR)
    with django_capture_on_commit_callbacks(execute=True):
        profile = _update(user, avatar=image)
    from PIL import Image

    with Image.open(profile.avatar.path) as big, Image.open(profile.avatar_small.path) as small:
        assert (big.format, big.size) == ("WEBP", (400, 400))
        assert small.size == (96, 96)


# --- Points ---------------------------------------------------------------------------------


def test_points_award_writes_the_ledger_and_caches_the_total(user):
    project = ProjectFactory()
    entry = points_award(member=user, reason="hackathon_join", source=project)
    assert entry.amount == 10 and entry.source == project
    assert Profile.objects.get(user=user).points_total == 10


def test_points_award_is_once_per_source(user):
    project = ProjectFactory()
    assert points_award(member=user, reason="hackathon_submit", source=project) is not None
    assert points_award(member=user, reason="hackathon_submit", source=project) is None
    assert PointsEntry.objects.filter(member=user).count() == 1
    assert Profile.objects.get(user=user).points_total == 25


def test_same_source_may_earn_points_for_different_reasons(user):
    project = ProjectFactory()
    points_award(member=user, reason="hackathon_join", source=project)
    points_award(member=user, reason="hackathon_win", source=project)
    assert Profile.objects.get(user=user).points_total == 110


def test_the_ledger_refuses_a_duplicate_source_at_the_database(user):
    project = ProjectFactory()
    points_award(member=user, reason="hackathon_join", source=project)
    entry = PointsEntry.objects.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        PointsEntry.objects.create(
            member=user,
            amount=1,
            reason="hackathon_join",
            source_type=entry.source_type,
            source_id=entry.source_id,
        )


def test_daily_cap_stops_farming_and_the_last_award_is_trimmed(user):
    projects = ProjectFactory.create_batch(22)
    awarded = [points_award(member=user, reason="project_like", source=p) for p in projects]
    assert sum(e.amount for e in awarded if e) == 40  # cap: 40 a day at 2 a like
    assert awarded[-1] is None and awarded[-2] is None
    assert Profile.objects.get(user=user).points_total == 40


def test_daily_cap_resets_the_next_day(user):
    projects = ProjectFactory.create_batch(21)
    for project in projects[:20]:
        points_award(member=user, reason="project_like", source=project)
    PointsEntry.objects.filter(member=user).update(created=timezone.now() - datetime.timedelta(days=1))
    assert points_award(member=user, reason="project_like", source=projects[20]).amount == 2


def test_points_award_rejects_an_unknown_reason(user):
    with pytest.raises(ValueError, match="Unknown points reason"):
        points_award(member=user, reason="being_nice")


# --- Badges ---------------------------------------------------------------------------------


def _badges(member) -> set[str]:
    return set(BadgeAward.objects.filter(member=member).values_list("badge", flat=True))


def test_first_hackathon_and_first_win_badges_come_from_the_ledger(user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        points_award(member=user, reason="hackathon_join", source=ProjectFactory())
    assert _badges(user) == {Badge.FIRST_HACKATHON}
    with django_capture_on_commit_callbacks(execute=True):
        points_award(member=user, reason="hackathon_win", source=ProjectFactory())
    assert {Badge.FIRST_HACKATHON, Badge.FIRST_WIN, Badge.CENTURY} <= _badges(user)


def test_ten_liked_badge_needs_ten_active_likes(user):
    from apps.projects.models import ProjectLike

    for project in ProjectFactory.create_batch(9):
        ProjectLike.objects.create(project=project, member=user)
    badges_evaluate(member=user)
    assert Badge.TEN_LIKED not in _badges(user)
    ProjectLike.objects.create(project=ProjectFactory(), member=user)
    badges_evaluate(member=user)
    assert Badge.TEN_LIKED in _badges(user)


def test_profile_complete_badge_only_for_a_complete_profile():
    profile = ProfileFactory()
    badges_evaluate(member=profile.user)
    assert Badge.PROFILE_COMPLETE not in _badges(profile.user)
    profile.avatar = "avatars/a.webp"
    profile.save()
    profile.skills.set(SkillFactory.create_batch(2))
    ExperienceFactory(profile=profile)
    badges_evaluate(member=profile.user)
    assert Badge.PROFILE_COMPLETE in _badges(profile.user)


def test_badges_are_awarded_once_with_a_date():
    member = UserFactory()
    ProjectFactory(creator=member)
    first = badges_evaluate(member=member)
    assert [a.badge for a in first] == [Badge.FIRST_PROJECT]
    assert first[0].earned is not None
    assert badges_evaluate(member=member) == []


def test_saving_the_profile_never_overwrites_points_earned_meanwhile(
    user, django_capture_on_commit_callbacks
):
    profile = profile_get_or_create(user=user)
    Profile.objects.filter(pk=profile.pk).update(points_total=50)  # awarded after the page loaded
    with django_capture_on_commit_callbacks(execute=True):
        _update(user)
    assert Profile.objects.get(pk=profile.pk).points_total == 50
