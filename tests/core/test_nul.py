"""A NUL character never gets to PostgreSQL (which answers DataError, a 500): 400 for one in
the address or a header, a field error for one typed into a form."""

from __future__ import annotations

import pytest
from django.db import DataError
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse

from apps.core.middleware import RejectNulMiddleware
from tests.accounts.factories import UserFactory
from tests.community.factories import TagFactory
from tests.hackathons.factories import HackathonFactory, ParticipationFactory, TeamFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(member_client):
    hackathon = HackathonFactory(phase="open", slug="hack")
    ParticipationFactory(hackathon=hackathon, user=member_client.user)
    TeamFactory(hackathon=hackathon)
    UserFactory(handle="alice")
    TagFactory(name="python")
    return member_client


def _client() -> Client:
    return Client(raise_request_exception=False)


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/u/ali%00ce/"),
        ("get", "/tags/py%00/"),
        ("post", "/tags/py%00/follow/"),
        ("post", "/members/ali%00ce/follow/"),
        ("post", "/members/ali%00ce/mute/"),
        ("get", "/hackathons/hack/teams/join/AB%00CD/"),
        ("post", "/hackathons/hack/teams/join/AB%00CD/"),
        ("get", "/hackathons/ha%00ck/"),
        ("get", "/static/css/site%00.css"),
    ],
)
def test_nul_in_a_path_segment_is_a_400(site, method, path):
    response = getattr(site, method)(path)
    assert response.status_code == 400
    assert "Bad request" in response.content.decode()


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/search/?q=py%00"),
        ("get", "/search/?type=members&q=%00"),
        ("get", "/jobs/?q=%00"),
        ("get", "/jobs/?skills=py%00"),
        ("get", "/hackathons/?q=%00&tech=x"),
        ("get", "/projects/?q=%00"),
        ("get", "/feed/?tab=%00"),
        ("get", "/tags/suggest/?tags=py%00"),
        ("get", "/settings/profile/skills/?new_skills=py%00"),
        ("get", "/settings/profile/skills/add/?name=py%00"),
        ("post", "/members/alice/follow/?next=/feed/%00"),
        ("post", "/tags/python/mute/?next=%00"),
    ],
)
def test_nul_in_a_query_string_is_a_400(site, method, path):
    assert getattr(site, method)(path).status_code == 400


def test_nul_in_a_cookie_or_header_is_a_400(db):
    client = _client()
    client.cookies["sessionid"] = "abcdefgh\x00ijkl"
    assert client.get("/jobs/").status_code == 400
    assert _client().get("/jobs/", headers={"HX-Current-URL": "/jobs/\x00"}).status_code == 400


def test_nul_typed_into_a_form_is_a_field_error_and_the_rest_is_kept(site):
    data = {
        "first_name": "Ada\x00", "last_name": "Obi", "headline": "Engineer", "bio": "Hi", "location": "Lagos",
        "experience_level": "intermediate\x00", "links_visibility": "public", "experience_visibility": "public",
        "education_visibility": "members", "new_skills": "Go", "skills": ["Python", "Ru\x00st"],
        "exp-TOTAL_FORMS": "0", "exp-INITIAL_FORMS": "0", "edu-TOTAL_FORMS": "0", "edu-INITIAL_FORMS": "0",
    }  # fmt: skip
    response = site.post(reverse("profiles:edit"), data)
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["first_name"] == ["Null characters are not allowed."]
    assert form.errors["new_skills"] == ["Null characters are not allowed."]
    assert "experience_level" in form.errors
    assert 'value="Engineer"' in response.content.decode()


def test_nul_in_a_team_join_code_or_a_post_is_answered_by_the_form(site):
    response = site.post("/hackathons/hack/teams/join/", {"code": "AB\x00CD"}, follow=True)
    assert response.status_code == 200
    assert "join code" in response.content.decode()

    response = site.post(
        reverse("community:post-create"), {"title": "Hello\x00", "body": "x", "tags": "py\x00"}
    )
    assert response.status_code in (200, 422)
    assert response.context["form"].errors["title"] == ["Null characters are not allowed."]


def test_a_nul_that_slips_past_the_forms_is_a_400_not_a_500(db):
    def view(request):
        raise DataError("A string literal cannot contain NUL (0x00) characters.")

    middleware = RejectNulMiddleware(view)
    request = RequestFactory().post("/somewhere/", {"name": "a\x00b"})
    assert middleware.process_exception(request, DataError()).status_code == 400
    clean = RequestFactory().post("/somewhere/", {"name": "ab"})
    assert middleware.process_exception(clean, DataError()) is None


def test_requests_without_nul_pass_untouched(rf):
    middleware = RejectNulMiddleware(lambda request: HttpResponse("ok"))
    assert middleware(rf.get("/search/", {"q": "python 100%"})).content == b"ok"
