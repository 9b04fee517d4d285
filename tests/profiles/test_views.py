from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from apps.profiles.models import PointsEntry, Profile, Visibility
from apps.profiles.selectors import member_activity_invalidate
from apps.profiles.services import points_award
from tests.accounts.factories import UserFactory
from tests.profiles.factories import (
    EducationFactory,
    ExperienceFactory,
    ProfileFactory,
    SkillFactory,
    image_upload,
    png_disguised_html,
)
from tests.projects.factories import ProjectFactory

pytestmark = pytest.mark.django_db
HX = {"HTTP_HX_REQUEST": "true"}


def _url(profile: Profile) -> str:
    return reverse("profiles:detail", args=[profile.user.handle])


# --- The profile page -----------------------------------------------------------------------


def test_profile_page_shows_the_member_and_share_meta(client):
    profile = ProfileFactory(
        headline="Data engineer", open_to_work=True, user__first_name="Ada", user__last_name="Obi"
    )
    profile.skills.set([SkillFactory(name="Python")])
    html = client.get(_url(profile)).content.decode()
    assert "Ada Obi" in html and "Data engineer" in html and "Python" in html
    assert 'data-testid="open-to-work"' in html
    assert 'property="og:title"' in html and "Ada Obi (@" in html
    assert "<strong>things</strong>" in html  # bio Markdown rendered


def test_profile_of_a_member_without_a_profile_row_renders(client, user):
    response = client.get(reverse("profiles:detail", args=[user.handle]))
    assert response.status_code == 200
    assert not Profile.objects.filter(user=user).exists()  # a GET never writes


def test_unknown_handle_is_404(client, db):
    assert client.get(reverse("profiles:detail", args=["nobody_here"])).status_code == 404


def test_handle_in_other_case_redirects_to_the_canonical_url(client):
    ProfileFactory(user__handle="AdaDev")
    response = client.get(reverse("profiles:detail", args=["adadev"]))
    assert response.status_code == 301 and response["Location"] == "/u/AdaDev/"


def test_bio_markdown_is_sanitised(client):
    profile = ProfileFactory(
        bio='<script>alert(1)</script> [x](javascript:alert(2)) <img src=x onerror="alert(3)">'
    )
    html = client.get(_url(profile)).content.decode()
    assert (
        "<script>alert(1)" not in html
        and 'href="javascript:' not in html
        and "<img src=x onerror" not in html
    )
    assert "&lt;script&gt;alert(1)" in html  # shown as text


def test_hidden_sections_never_reach_the_html(client):
    profile = ProfileFactory(
        experience_visibility=Visibility.HIDDEN, education_visibility=Visibility.HIDDEN, links_visibility=Visibility.HIDDEN,
        github_url="https://github.com/secret-gh",
    )  # fmt: skip
    ExperienceFactory(profile=profile, company="SecretCorp")
    EducationFactory(profile=profile, school="SecretSchool")
    for viewer in (None, UserFactory()):
        if viewer:
            client.force_login(viewer)
        html = client.get(_url(profile)).content.decode()
        assert "SecretCorp" not in html and "SecretSchool" not in html and "secret-gh" not in html


def test_members_only_sections_are_hidden_from_anonymous_visitors(client):
    profile = ProfileFactory(
        experience_visibility=Visibility.MEMBERS,
        links_visibility=Visibility.MEMBERS,
        github_url="https://github.com/members-gh",
    )
    ExperienceFactory(profile=profile, company="MembersCorp")
    html = client.get(_url(profile)).content.decode()
    assert "MembersCorp" not in html and "members-gh" not in html
    client.force_login(UserFactory())
    html = client.get(_url(profile)).content.decode()
    assert "MembersCorp" in html and "members-gh" in html


def test_owner_sees_their_own_hidden_sections(client):
    profile = ProfileFactory(experience_visibility=Visibility.HIDDEN)
    ExperienceFactory(profile=profile, company="MyHiddenCorp")
    client.force_login(profile.user)
    assert "MyHiddenCorp" in client.get(_url(profile)).content.decode()


def test_phone_is_never_on_the_profile_page_even_for_its_owner(client):
    profile = ProfileFactory(phone="+2348012345678")
    assert "8012345678" not in client.get(_url(profile)).content.decode()
    client.force_login(profile.user)
    assert "8012345678" not in client.get(_url(profile)).content.decode()


def test_profile_shows_points_badges_projects_and_hackathon_wins(client, django_capture_on_commit_callbacks):
    from tests.hackathons.factories import HackathonFactory, ParticipationFactory, SubmissionFactory

    profile = ProfileFactory()
    hackathon = HackathonFactory(title="Green Hack")
    other = HackathonFactory(title="Blue Hack")
    ParticipationFactory(user=profile.user, hackathon=hackathon)
    ParticipationFactory(user=profile.user, hackathon=other)
    submission = SubmissionFactory(hackathon=hackathon, owner=profile.user)
    client.get(_url(profile))  # the activity is cached now; what follows must refresh it
    with django_capture_on_commit_callbacks(execute=True):
        ProjectFactory(creator=profile.user, title="Rainfall Radar", hackathon=hackathon)
        points_award(member=profile.user, reason="hackathon_win", source=submission)
    html = client.get(_url(profile)).content.decode()
    assert "<strong>100</strong> points" in html
    assert "Rainfall Radar" in html and "from Green Hack" in html
    assert "First win" in html and "100 points</span>" in html  # badges, with the century
    assert "won 1" in html
    section = html[html.index('id="hackathons-heading"') :]
    assert section.index("Green Hack") < section.index("Winner") < section.index("Blue Hack") or (
        section.index("Blue Hack") < section.index("Green Hack") < section.index("Winner")
    )
    assert section.count("Winner") == 1


def test_activity_heatmap_is_svg_without_inline_style(client):
    profile = ProfileFactory()
    points_award(member=profile.user, reason="hackathon_join", source=ProjectFactory())
    html = client.get(_url(profile)).content.decode()
    assert 'aria-labelledby="heatmap-title"' in html
    assert html.count("<rect") >= 365
    assert "style=" not in html
    assert "1 contribution in the last year" in html


def test_heatmap_counts_a_day_in_the_right_cell():
    from apps.profiles.selectors import heatmap_cells

    today = datetime.date(2026, 11, 23)
    cells = heatmap_cells(counts={today: 7, today - datetime.timedelta(days=1): 1}, today=today)
    assert cells[-1].day == today and cells[-1].count == 7 and cells[-1].fill == "#065f46"
    assert cells[-2].count == 1 and cells[0].day.weekday() == 6  # weeks start on Sunday
    assert len(cells) >= 365


def _add_items(profile: Profile, n: int) -> None:
    profile.skills.add(*SkillFactory.create_batch(n))
    for _ in range(n):
        ProjectFactory(creator=profile.user)
    ExperienceFactory.create_batch(n, profile=profile)
    EducationFactory.create_batch(n, profile=profile)


def test_profile_page_query_count_is_the_same_for_1_and_50_items(client, assert_page_queries):
    profile = ProfileFactory()
    client.force_login(UserFactory())

    # user (the session is cached), profile+user, skills, experience, education, projects,
    # whether the viewer follows/mutes the member, their certificates, the career track they
    # chose to show; on a
    # cold cache also the activity: ledger + projects per day + badges (one UNION) and the
    # hackathons joined with their wins.
    def add_items(n):
        return _add_items(profile, n)

    def cold():
        member_activity_invalidate(member_id=profile.user_id)

    assert_page_queries(client, _url(profile), add_rows=add_items, before_each=cold, expected=10)


def test_a_member_follows_and_mutes_someone_from_their_profile_without_javascript(member_client):
    profile = ProfileFactory()
    handle = profile.user.handle
    page = member_client.get(_url(profile)).content.decode()
    assert f"Follow @{handle}" in page and f"Mute @{handle}" in page

    response = member_client.post(
        reverse("community:member-follow", args=[handle]), {"on": "1", "next": _url(profile)}
    )
    assert response.status_code == 302 and response["Location"] == _url(profile)
    assert f"Following @{handle}" in member_client.get(_url(profile)).content.decode()

    member_client.post(reverse("community:member-mute", args=[handle]), {"on": "1", "next": _url(profile)})
    assert f"Unmute @{handle}" in member_client.get(_url(profile)).content.decode()


def test_the_follow_button_swaps_in_place_with_htmx(member_client):
    profile = ProfileFactory()
    handle = profile.user.handle
    response = member_client.post(
        reverse("community:member-follow", args=[handle]), {"on": "1"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert f"Following @{handle}" in response.content.decode()
    assert "<html" not in response.content.decode()


def test_no_follow_buttons_for_visitors_or_on_one_s_own_profile(member_client):
    own = ProfileFactory(user=member_client.user)
    other = ProfileFactory()
    assert 'data-testid="profile-follow"' not in member_client.get(_url(own)).content.decode()
    assert 'data-testid="profile-follow"' not in Client().get(_url(other)).content.decode()


# --- Settings -------------------------------------------------------------------------------


def _valid_post(**overrides) -> dict:
    data = {
        "first_name": "Ada", "last_name": "Obi", "headline": "Engineer", "bio": "Hello", "location": "Lagos",
        "experience_level": "intermediate", "github_url": "https://github.com/ada", "linkedin_url": "", "portfolio_url": "",
        "website_url": "", "x_url": "", "phone": "", "links_visibility": "public", "experience_visibility": "public",
        "education_visibility": "members", "new_skills": "", "exp-TOTAL_FORMS": "1", "exp-INITIAL_FORMS": "0",
        "exp-0-title": "Dev", "exp-0-company": "Acme", "exp-0-start_date": "2021-01-01", "exp-0-end_date": "",
        "exp-0-is_current": "on", "edu-TOTAL_FORMS": "0", "edu-INITIAL_FORMS": "0",
    }  # fmt: skip
    data.update(overrides)
    return data


def test_settings_needs_login(client, db):
    response = client.get(reverse("profiles:edit"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_settings_page_shows_the_completeness_meter(member_client):
    html = member_client.get(reverse("profiles:edit")).content.decode()
    assert "<meter" in html and "a profile photo" in html
    assert 'name="exp-TOTAL_FORMS"' in html


def test_settings_shows_saved_rows_with_dates_a_date_input_can_read(member_client):
    ExperienceFactory(profile=ProfileFactory(user=member_client.user), company="Acme")
    html = member_client.get(reverse("profiles:edit")).content.decode()
    assert 'value="Acme"' in html
    assert 'type="date" name="exp-0-start_date" value="2020-01-01"' in html
    assert 'name="exp-1-title"' in html  # plus one blank row, for adding without JavaScript


def test_settings_saves_everything(member_client, django_capture_on_commit_callbacks):
    data = _valid_post(skills=["Python", "python"], new_skills="Django, HTMX", avatar_upload=image_upload())
    with django_capture_on_commit_callbacks(execute=True):
        response = member_client.post(reverse("profiles:edit"), data)
    assert response.status_code == 302
    profile = Profile.objects.get(user=member_client.user)
    assert profile.headline == "Engineer" and profile.education_visibility == "members"
    assert sorted(profile.skills.values_list("name", flat=True)) == ["Django", "HTMX", "Python"]
    assert profile.experiences.get().is_current
    assert profile.avatar.name.endswith(".webp") and profile.avatar_small.name.endswith("-96.webp")
    member_client.user.refresh_from_db()
    assert member_client.user.get_full_name() == "Ada Obi"
    html = member_client.get(reverse("profiles:edit")).content.decode()
    assert 'data-testid="completeness-percent">100%' in html
    assert "Profile complete" in member_client.get(f"/u/{member_client.user.handle}/").content.decode()


def test_settings_can_remove_the_photo(member_client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        member_client.post(reverse("profiles:edit"), _valid_post(avatar_upload=image_upload()))
    profile = Profile.objects.get(user=member_client.user)
    stored = profile.avatar.path
    assert "Remove my photo" in member_client.get(reverse("profiles:edit")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        member_client.post(reverse("profiles:edit"), _valid_post(remove_avatar="on"))
    profile.refresh_from_db()
    assert not profile.avatar and not profile.avatar_small
    import os

    assert not os.path.exists(stored)  # the file went too, after the commit


def test_settings_errors_keep_what_was_typed(member_client):
    data = _valid_post(headline="Keep me", github_url="not a url", **{"exp-0-end_date": "2020-01-01"})
    response = member_client.post(reverse("profiles:edit"), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="Keep me"' in html and "Enter a valid URL." in html
    assert "Leave the end date empty while this is current." in html
    assert "There are 2 problems" in html and 'href="#id_github_url"' in html
    assert not Profile.objects.get(user=member_client.user).headline


def test_settings_rejects_a_spoofed_avatar(member_client):
    response = member_client.post(reverse("profiles:edit"), _valid_post(avatar_upload=png_disguised_html()))
    assert response.status_code == 200
    assert "This file is not an image we can read." in response.content.decode()
    assert not Profile.objects.get(user=member_client.user).avatar


def test_settings_can_delete_an_existing_row(member_client):
    profile = ProfileFactory(user=member_client.user)
    entry = ExperienceFactory(profile=profile)
    data = _valid_post(
        **{"exp-TOTAL_FORMS": "1", "exp-INITIAL_FORMS": "1", "exp-0-id": str(entry.pk), "exp-0-DELETE": "on"}
    )
    assert member_client.post(reverse("profiles:edit"), data).status_code == 302
    assert not profile.experiences.exists()


def test_settings_cannot_touch_another_members_row(member_client):
    other = ExperienceFactory(company="NotYours")
    data = _valid_post(**{"exp-0-id": str(other.pk), "exp-0-company": "Hijacked"})
    member_client.post(reverse("profiles:edit"), data)
    other.refresh_from_db()
    assert other.company == "NotYours"


def test_skill_autocomplete_suggests_matches_and_offers_to_create(member_client):
    SkillFactory(name="JavaScript", key="javascript")
    SkillFactory(name="Java", key="java")
    html = member_client.get(reverse("profiles:skill-search"), {"new_skills": "jav"}, **HX).content.decode()
    assert "JavaScript" in html and "Java" in html and "Add “jav”" in html
    html = member_client.get(
        reverse("profiles:skill-search"), {"new_skills": "Go, javascript"}, **HX
    ).content.decode()
    assert "JavaScript" in html and "Add “" not in html  # exact match: nothing to create


def test_skill_chip_is_a_checked_box_and_clears_the_search(member_client):
    html = member_client.get(reverse("profiles:skill-chip"), {"name": "  Rust <b>"}, **HX).content.decode()
    assert 'name="skills" value="Rust &lt;b&gt;" checked' in html
    assert 'id="skill-input" data-hx-swap-oob="true"' in html


def test_add_row_returns_the_next_row_and_bumps_the_total(member_client):
    html = member_client.get(
        reverse("profiles:row-add", args=["exp"]), {"exp-TOTAL_FORMS": "2"}, **HX
    ).content.decode()
    assert 'name="exp-2-title"' in html
    assert 'id="id_exp-TOTAL_FORMS" value="3" data-hx-swap-oob="true"' in html


def test_add_row_for_an_unknown_kind_is_404(member_client):
    assert member_client.get(reverse("profiles:row-add", args=["pets"]), **HX).status_code == 404


def test_remove_row_marks_a_saved_row_for_deletion(member_client):
    html = member_client.get(
        reverse("profiles:row-remove"), {"prefix": "edu-1", "edu-1-id": "42"}, **HX
    ).content.decode()
    assert 'name="edu-1-DELETE" value="on"' in html and 'name="edu-1-id" value="42"' in html
    assert (
        member_client.get(reverse("profiles:row-remove"), {"prefix": 'x"><script>'}, **HX).status_code == 404
    )


# --- Leaderboard ----------------------------------------------------------------------------


def test_leaderboard_orders_by_points_and_month_counts_only_this_month(client):
    top, second = ProfileFactory(), ProfileFactory()
    creator = UserFactory()
    points_award(member=top.user, reason="hackathon_win", source=ProjectFactory(creator=creator))
    points_award(member=second.user, reason="hackathon_join", source=ProjectFactory(creator=creator))
    PointsEntry.objects.filter(member=top.user).update(created=timezone.now() - datetime.timedelta(days=40))
    html = client.get(reverse("profiles:leaderboard")).content.decode()
    assert html.index(f"/u/{top.user.handle}/") < html.index(f"/u/{second.user.handle}/")
    html = client.get(reverse("profiles:leaderboard"), {"period": "month"}, **HX).content.decode()
    assert f"/u/{second.user.handle}/" in html and f"/u/{top.user.handle}/" not in html
    assert "<html" not in html


@pytest.mark.parametrize("period", ["all", "month"])
def test_leaderboard_query_count_is_pinned(client, assert_page_queries, period):
    creator = UserFactory()

    def award(n):
        for _ in range(n):
            source = ProjectFactory(creator=creator)
            points_award(member=ProfileFactory().user, reason="hackathon_join", source=source)

    # count + page (anonymous: no session)
    url = reverse("profiles:leaderboard")
    assert_page_queries(client, url, add_rows=award, data={"period": period}, expected=2)


def test_header_shows_the_uploaded_photo_at_once_and_the_letter_after_removal(
    member_client, django_capture_on_commit_callbacks
):
    home = reverse("home")
    assert "data-header-avatar" not in member_client.get(home).content.decode()  # now cached
    with django_capture_on_commit_callbacks(execute=True):
        member_client.post(reverse("profiles:edit"), _valid_post(avatar_upload=image_upload()))
    small = Profile.objects.get(user=member_client.user).avatar_small.url
    html = member_client.get(home).content.decode()
    assert "data-header-avatar" in html and small in html
    with django_capture_on_commit_callbacks(execute=True):
        member_client.post(reverse("profiles:edit"), _valid_post(remove_avatar="on"))
    assert "data-header-avatar" not in member_client.get(home).content.decode()
