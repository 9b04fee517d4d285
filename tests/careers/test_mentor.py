"""The mentor and a member's quiz result: "ask the mentor about this plan" hands it the result
as context (its owner's only), and the JSON API's suggestions use the member's track."""

from __future__ import annotations

import pytest
from django.urls import reverse

from apps.mentor.models import Conversation
from apps.mentor.openapi import openapi_document
from apps.mentor.services import token_create
from tests.careers.factories import finished_quiz
from tests.jobs.factories import JobFactory
from tests.mentor.conftest import ApiClient

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _mentor_offline(settings):
    settings.MENTOR_BACKEND = "local"
    settings.MENTOR_RATE_PER_MINUTE = 1000
    settings.MENTOR_RATE_PER_DAY = 10000


def test_the_mentor_page_shows_the_members_result_as_context(member_client, user, quiz):
    result = finished_quiz(user, quiz, "educators")

    page = member_client.get(f"{reverse('mentor:home')}?context=careers_result:{result.pk}").content.decode()

    assert 'data-testid="context-banner"' in page
    assert "career quiz result" in page and "Educators" in page
    assert f'value="careers_result:{result.pk}"' in page


def test_asking_about_the_plan_gives_the_mentor_the_result(member_client, user, quiz):
    result = finished_quiz(user, quiz, "educators")

    response = member_client.post(
        reverse("mentor:chat-create"),
        {"message": "What should I do next with this plan?", "context": f"careers_result:{result.pk}"},
        follow=True,
    )

    conversation = Conversation.objects.get(member=user)
    assert (conversation.context_type, conversation.context_id) == ("careers_result", result.pk)
    html = response.content.decode()
    assert "Career quiz result" in html and "Educators" in html


def test_another_members_result_is_never_given_to_the_mentor(other_client, user, quiz):
    result = finished_quiz(user, quiz, "educators")

    page = other_client.get(f"{reverse('mentor:home')}?context=careers_result:{result.pk}").content.decode()
    assert 'data-testid="context-banner"' not in page
    assert "Educators" not in page

    _, plain = token_create(member=other_client.user, name="t")
    api = ApiClient(plain)
    response = api.post(
        "/chat", {"message": "Tell me about it", "context": {"type": "careers_result", "id": result.pk}}
    )
    assert response.status_code == 404
    assert "context" in response.json()["error"]["fields"]


def test_api_suggestions_name_the_track_and_offer_jobs_that_fit_it(user, quiz):
    _, plain = token_create(member=user, name="t")
    api = ApiClient(plain)
    assert api.get("/suggestions").json()["career_track"] is None

    result = finished_quiz(user, quiz, "researchers")
    # (no years asked: the member set no level, so roles asking for years are left out)
    fitting = JobFactory(title="Junior Data Scientist", description="Analyse survey data.", requirements="")
    JobFactory(title="Head Chef", description="Run the kitchen.", requirements="")

    body = api.get("/suggestions").json()

    assert body["career_track"] == {
        "slug": "researchers",
        "name": "Researchers",
        "confidence": result.confidence,
        "careers": ["Research Scientist", "Data Scientist", "Principal Researcher"],
        "result_url": result.get_absolute_url(),
    }
    jobs = {job["id"]: job["reason"] for job in body["jobs"]}
    assert jobs.get(fitting.pk) == "Fits your Researchers track, from your career quiz."


def test_the_openapi_document_describes_the_career_track_and_context():
    document = openapi_document()
    schemas = document["components"]["schemas"]
    assert "careers_result" in schemas["Context"]["properties"]["type"]["enum"]
    assert "CareerTrack" in schemas and "career_track" in schemas["Suggestions"]["properties"]
