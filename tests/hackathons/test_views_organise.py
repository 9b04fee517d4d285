from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from apps.hackathons.models import Criterion, Hackathon, Judge, Score
from tests.accounts.factories import UserFactory
from tests.hackathons.factories import (
    CriterionFactory,
    HackathonFactory,
    JudgeFactory,
    SubmissionFactory,
    TeamFactory,
)

pytestmark = pytest.mark.django_db
NEW = reverse("hackathons:create")


def png_bytes(width=40, height=20) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "purple").save(buffer, format="PNG")
    return buffer.getvalue()


def form_data(**overrides) -> dict:
    now = timezone.now()
    fmt = "%Y-%m-%dT%H:%M"
    return {
        "title": "Ogbomoso Health Hack",
        "tagline": "Clinics",
        "description": "Build for clinics",
        "difficulty": "beginner",
        "mode": "in_person",
        "city": "Ogbomoso",
        "technologies": "Python, Django",
        "registration_opens_at": now.strftime(fmt),
        "registration_deadline": (now + timedelta(days=5)).strftime(fmt),
        "starts_at": (now + timedelta(days=3)).strftime(fmt),
        "submission_deadline": (now + timedelta(days=6)).strftime(fmt),
        "judging_ends_at": (now + timedelta(days=9)).strftime(fmt),
        "max_team_size": 4,
        "currency": "ngn",
    } | overrides


def test_member_without_permission_cannot_create(member_client):
    assert member_client.get(NEW).status_code == 403
    assert member_client.post(NEW, form_data()).status_code == 403
    assert not Hackathon.objects.exists()


def test_anonymous_is_sent_to_login(client):
    assert client.get(NEW).status_code == 302


def test_organiser_creates_hackathon_with_banner(organiser_client):
    banner = SimpleUploadedFile("../../evil name.png", png_bytes(3200, 800), content_type="image/png")
    response = organiser_client.post(NEW, form_data(banner=banner))
    hackathon = Hackathon.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/{hackathon.slug}/manage/")
    assert hackathon.organiser == organiser_client.user
    assert hackathon.slug == "ogbomoso-health-hack"
    assert hackathon.currency == "NGN"
    assert sorted(s.name for s in hackathon.technologies.all()) == ["Django", "Python"]
    assert hackathon.banner.name.startswith("hackathons/banners/") and hackathon.banner.name.endswith(".webp")
    assert "evil" not in hackathon.banner.name
    with Image.open(hackathon.banner) as stored:
        assert stored.format == "WEBP" and stored.size == (1600, 400)


def test_html_with_png_header_is_refused(organiser_client):
    hostile = SimpleUploadedFile(
        "banner.png", b"\x89PNG\r\n\x1a\n<html><script>alert(1)</script></html>", content_type="image/png"
    )
    response = organiser_client.post(NEW, form_data(banner=hostile))
    assert response.status_code == 200
    assert b"not an image we can read" in response.content
    assert b'value="Ogbomoso Health Hack"' in response.content
    assert not Hackathon.objects.exists()


def test_oversized_banner_is_refused(organiser_client, settings):
    settings.HACKATHON_BANNER_MAX_BYTES = 1000
    big = SimpleUploadedFile("banner.png", png_bytes(400, 400) + b"\0" * 2000, content_type="image/png")
    response = organiser_client.post(NEW, form_data(banner=big))
    assert b"the limit is" in response.content
    assert not Hackathon.objects.exists()


def test_dates_out_of_order_are_explained(organiser_client):
    response = organiser_client.post(
        NEW, form_data(submission_deadline=form_data()["starts_at"], mode="in_person", city="")
    )
    content = response.content.decode()
    assert "Say where an in-person hackathon happens." in content
    assert "Hacking needs some time" in content or "must be after" in content
    assert not Hackathon.objects.exists()


def test_reserved_slug_new_is_avoided(organiser_client):
    organiser_client.post(NEW, form_data(title="New"))
    assert Hackathon.objects.get().slug == "new-hackathon"


def test_other_organiser_cannot_edit_or_manage(organiser_client):
    hackathon = HackathonFactory()
    for name in ("edit", "manage"):
        assert (
            organiser_client.get(reverse(f"hackathons:{name}", kwargs={"slug": hackathon.slug})).status_code
            == 403
        )
    response = organiser_client.post(
        reverse("hackathons:manage-add", kwargs={"slug": hackathon.slug, "kind": "judges"}),
        {"handle": organiser_client.user.handle},
    )
    assert response.status_code == 403
    assert not Judge.objects.exists()


def test_unknown_hackathon_manage_is_404(organiser_client):
    assert organiser_client.get(reverse("hackathons:manage", kwargs={"slug": "nope"})).status_code == 404


def test_staff_can_edit_any_hackathon(staff_client):
    hackathon = HackathonFactory(title="Old")
    data = form_data(title="Renamed", mode="online", city="Ibadan")
    response = staff_client.post(reverse("hackathons:edit", kwargs={"slug": hackathon.slug}), data)
    assert response.status_code == 302
    hackathon.refresh_from_db()
    assert hackathon.title == "Renamed" and hackathon.city == ""


def test_manage_sections_and_prize_total(organiser_client):
    hackathon = HackathonFactory(organiser=organiser_client.user)
    judge = UserFactory(handle="ada")

    def add(kind, data):
        return organiser_client.post(
            reverse("hackathons:manage-add", kwargs={"slug": hackathon.slug, "kind": kind}), data
        )

    add("tracks", {"name": "Health"})
    track = hackathon.tracks.get()
    add("prizes", {"title": "First", "amount": 500_000})
    add("prizes", {"title": "Health winner", "amount": 100_000, "track": track.pk})
    add("criteria", {"name": "Innovation", "weight": 30})
    add("judges", {"handle": "@Ada"})
    hackathon.refresh_from_db()
    assert hackathon.prize_total == 600_000
    assert list(hackathon.criteria.values_list("name", "weight")) == [("Innovation", 30)]
    assert hackathon.judges.get().user == judge
    prize = hackathon.prizes.get(title="First")
    organiser_client.post(
        reverse("hackathons:manage-delete", kwargs={"slug": hackathon.slug, "kind": "prizes", "pk": prize.pk})
    )
    hackathon.refresh_from_db()
    assert hackathon.prize_total == 100_000
    page = organiser_client.get(reverse("hackathons:manage", kwargs={"slug": hackathon.slug}))
    assert b"@ada" in page.content and b"Health winner" in page.content


def test_manage_add_errors_are_shown_next_to_the_form(organiser_client):
    hackathon = HackathonFactory(organiser=organiser_client.user)
    response = organiser_client.post(
        reverse("hackathons:manage-add", kwargs={"slug": hackathon.slug, "kind": "judges"}),
        {"handle": "ghost"},
    )
    assert response.status_code == 422
    assert b"No member has that handle." in response.content and b'value="ghost"' in response.content


def test_criteria_locked_once_scored(organiser_client):
    hackathon = HackathonFactory(organiser=organiser_client.user, phase="judging")
    criterion = CriterionFactory(hackathon=hackathon)
    Score.objects.create(
        submission=SubmissionFactory(hackathon=hackathon), judge=UserFactory(), criterion=criterion, value=5
    )
    organiser_client.post(
        reverse(
            "hackathons:manage-delete",
            kwargs={"slug": hackathon.slug, "kind": "criteria", "pk": criterion.pk},
        ),
        follow=True,
    )
    assert Criterion.objects.filter(pk=criterion.pk).exists()


def test_judge_scores_through_page_and_organiser_publishes(client, organiser):
    hackathon = HackathonFactory(organiser=organiser, phase="judging")
    criterion = CriterionFactory(hackathon=hackathon, name="Impact", weight=100)
    judge = JudgeFactory(hackathon=hackathon).user
    team = TeamFactory(hackathon=hackathon, name="Owls")
    submission = SubmissionFactory(hackathon=hackathon, team=team, owner=team.leader, title="Rain alert")
    client.force_login(judge)
    listing = client.get(reverse("hackathons:judging", kwargs={"slug": hackathon.slug}))
    assert b"Rain alert" in listing.content
    score_url = reverse("hackathons:score", kwargs={"slug": hackathon.slug, "submission_id": submission.pk})
    bad = client.post(score_url, {f"score_{criterion.pk}": 11}, headers={"HX-Request": "true"})
    assert bad.status_code == 200 and b"less than or equal to 10" in bad.content
    client.post(score_url, {f"score_{criterion.pk}": 8, f"comment_{criterion.pk}": "Solid"})
    assert Score.objects.get().value == 8
    assert client.post(reverse("hackathons:publish", kwargs={"slug": hackathon.slug})).status_code == 403
    client.force_login(organiser)
    client.post(reverse("hackathons:publish", kwargs={"slug": hackathon.slug}))
    board = client.get(reverse("hackathons:leaderboard", kwargs={"slug": hackathon.slug}))
    client.logout()
    public = client.get(reverse("hackathons:leaderboard", kwargs={"slug": hackathon.slug}))
    assert public.status_code == 200 and b"Owls" in public.content and b"Rain alert" in public.content
    assert board.status_code == 200


def test_non_judge_gets_403_on_judging_pages(member_client):
    hackathon = HackathonFactory(phase="judging")
    submission = SubmissionFactory(hackathon=hackathon)
    assert (
        member_client.get(reverse("hackathons:judging", kwargs={"slug": hackathon.slug})).status_code == 403
    )
    score_url = reverse("hackathons:score", kwargs={"slug": hackathon.slug, "submission_id": submission.pk})
    assert member_client.get(score_url).status_code == 403


@pytest.mark.parametrize(("phase", "offered"), [("open", False), ("running", False), ("judging", True)])
def test_manage_offers_publish_only_once_submissions_close(organiser_client, organiser, phase, offered):
    hackathon = HackathonFactory(organiser=organiser, phase=phase)
    page = organiser_client.get(reverse("hackathons:manage", kwargs={"slug": hackathon.slug}))
    publish_url = reverse("hackathons:publish", kwargs={"slug": hackathon.slug})
    assert page.status_code == 200
    assert (f'action="{publish_url}"' in page.content.decode()) is offered
    assert (b"once submissions close" in page.content) is not offered


def test_score_form_labels_say_the_number_is_a_weight_not_a_maximum(client):
    hackathon = HackathonFactory(phase="judging")
    CriterionFactory(hackathon=hackathon, name="Impact", weight=30, description="Does it help people?")
    judge = JudgeFactory(hackathon=hackathon).user
    submission = SubmissionFactory(hackathon=hackathon)
    client.force_login(judge)
    page = client.get(
        reverse("hackathons:score", kwargs={"slug": hackathon.slug, "submission_id": submission.pk})
    )
    assert page.status_code == 200
    assert b"Impact (weight 30)" in page.content
    assert b"Does it help people? Score 1 (weak) to 10 (outstanding)." in page.content


def test_new_hackathon_form_says_which_time_zone_its_times_are_in(organiser_client):
    page = organiser_client.get(NEW)
    from django.conf import settings

    assert f"All times on this form are {settings.TIME_ZONE} time." in page.content.decode()
