"""Taking the quiz: one page per category, back without losing answers, answers kept as they
go (resume later), finishing, and when a member may take it again."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.careers import services
from apps.careers.content import QuizData, quiz_read
from apps.careers.models import Answer, QuizSession, Result
from apps.careers.selectors import quiz_pages, retake_status
from tests.careers.conftest import QUIZ_FILE
from tests.careers.factories import answers_leaning, finished_quiz

pytestmark = pytest.mark.django_db

QUIZ = reverse("careers:quiz")


def _start(client) -> QuizSession:
    response = client.post(reverse("careers:quiz-start"))
    assert response.status_code == 302
    return QuizSession.objects.get(user=client.user if hasattr(client, "user") else None)


def _page_post(client, quiz, number: int, answers: dict[str, int], move: str):
    page = quiz_pages(version=quiz)[number - 1]
    data = {"page": number, "move": move}
    data |= {f"item-{item.key}": answers[item.key] for item in page.items if item.key in answers}
    return client.post(QUIZ, data)


@pytest.fixture
def started(member_client, user, quiz):
    member_client.user = user
    member_client.post(reverse("careers:quiz-start"))
    return QuizSession.objects.get(user=user)


def test_quiz_offers_a_start_page_before_a_session_exists(member_client, quiz):
    response = member_client.get(QUIZ)
    assert response.status_code == 200
    assert b"Start the quiz" in response.content
    assert response["Cache-Control"].startswith("private")


def test_quiz_needs_a_signed_in_member(client, quiz):
    response = client.get(QUIZ)
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_first_page_shows_one_category_with_a_progress_bar(member_client, started, quiz):
    response = member_client.get(QUIZ)
    html = response.content.decode()
    assert "<h1" in html and "Technical aptitude" in html
    assert '<progress class="mt-3 w-full accent-indigo-600" max="4" value="1"' in html
    first = quiz_pages(version=quiz)[0]
    assert html.count("<fieldset") == len(first.items)
    assert "Problem-solving style" in html  # the page list


def test_next_requires_every_answer_on_the_page_and_keeps_what_was_given(member_client, started, quiz):
    answers = answers_leaning(quiz, "builders")
    first = quiz_pages(version=quiz)[0]
    partial = {first.items[0].key: answers[first.items[0].key]}

    response = _page_post(member_client, quiz, 1, partial, "next")

    assert response.status_code == 200
    html = response.content.decode()
    assert "There are" in html and "Choose an answer." in html
    second = first.items[1]
    assert f'href="#id_item-{second.key}_0"' in html  # the summary links into the question
    assert Answer.objects.filter(session=started).count() == 1  # kept anyway


def test_back_keeps_the_answers_of_the_page_left(member_client, started, quiz):
    answers = answers_leaning(quiz, "builders")
    assert _page_post(member_client, quiz, 1, answers, "next")["Location"] == f"{QUIZ}?page=2"
    second = quiz_pages(version=quiz)[1]
    half = {item.key: answers[item.key] for item in second.items[:3]}

    response = _page_post(member_client, quiz, 2, half, "back")

    assert response["Location"] == f"{QUIZ}?page=1"
    page2 = member_client.get(f"{QUIZ}?page=2").content.decode()
    for item in second.items[:3]:
        assert (
            f'name="item-{item.key}" value="{answers[item.key]}" id="id_item-{item.key}_{answers[item.key] - 1}" checked'
            in page2
        )


def test_a_member_resumes_where_they_left_off(member_client, started, quiz):
    answers = answers_leaning(quiz, "researchers")
    _page_post(member_client, quiz, 1, answers, "next")
    _page_post(member_client, quiz, 2, answers, "save")

    # Later, from the quiz's address with no page named: the page they were on.
    response = member_client.get(QUIZ)
    assert "Problem-solving style" in response.content.decode().split("<h1", 1)[1][:200]
    started.refresh_from_db()
    assert started.page == 2
    assert Answer.objects.filter(session=started).count() == len(quiz_pages(version=quiz)[0].items) + len(
        quiz_pages(version=quiz)[1].items
    )


def test_autosave_keeps_an_answer_as_it_is_chosen(member_client, started, quiz):
    item = quiz_pages(version=quiz)[0].items[0]
    response = member_client.post(
        reverse("careers:quiz-autosave"), {"page": 1, f"item-{item.key}": 4}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 204
    assert Answer.objects.get(session=started, item=item).value == 4


def test_answers_out_of_range_are_refused_with_a_message_not_an_error(member_client, started, quiz):
    item = quiz_pages(version=quiz)[0].items[0]
    response = member_client.post(QUIZ, {"page": 1, "move": "next", f"item-{item.key}": "9"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Answer.objects.filter(session=started).exists()
    garbage = member_client.post(QUIZ, {"page": "x" * 5000, "move": "<script>", f"item-{item.key}": "\x00"})
    assert garbage.status_code in (200, 400)


def test_finishing_scores_the_quiz_and_shows_the_result(member_client, started, quiz):
    answers = answers_leaning(quiz, "educators")
    for number in (1, 2, 3):
        _page_post(member_client, quiz, number, answers, "next")

    response = _page_post(member_client, quiz, 4, answers, "finish")

    result = Result.objects.get(session=started)
    assert response["Location"] == result.get_absolute_url()
    assert result.primary_track == "educators"
    started.refresh_from_db()
    assert started.completed_at is not None


def test_finishing_with_an_earlier_page_unanswered_goes_back_to_it(member_client, started, quiz):
    answers = answers_leaning(quiz, "educators")
    _page_post(member_client, quiz, 1, answers, "next")
    _page_post(member_client, quiz, 3, answers, "next")

    response = _page_post(member_client, quiz, 4, answers, "finish")

    assert response["Location"] == f"{QUIZ}?page=2"
    assert not Result.objects.exists()


def test_retake_waits_thirty_days_after_the_last_quiz(user, quiz):
    result = finished_quiz(user, quiz)
    done = result.session.completed_at

    assert retake_status(user=user, now=done + timedelta(days=29)).allowed is False
    assert retake_status(user=user, now=done + timedelta(days=30)).allowed is True
    with pytest.raises(Exception, match="take the quiz again from"):
        services.session_start(user=user)


def test_a_new_quiz_version_can_be_taken_at_once(user, quiz):
    finished_quiz(user, quiz)
    data = quiz_read(QUIZ_FILE)
    services.quiz_import(data=QuizData(2, "Find your track, v2", "", data.items), publish=True)

    assert retake_status(user=user).allowed is True
    session = services.session_start(user=user)
    assert session.version.number == 2


def test_retaking_keeps_the_earlier_results_in_the_history(member_client, user, quiz):
    first = finished_quiz(user, quiz, "builders")
    QuizSession.objects.filter(pk=first.session_id).update(completed_at=timezone.now() - timedelta(days=31))
    second = finished_quiz(user, quiz, "leaders")

    html = member_client.get(reverse("careers:history")).content.decode()
    assert first.get_absolute_url() in html and second.get_absolute_url() in html
    assert html.index(second.get_absolute_url()) < html.index(first.get_absolute_url())


def test_the_open_session_is_resumed_rather_than_a_second_one_started(user, quiz):
    first = services.session_start(user=user)
    assert services.session_start(user=user) == first
    assert QuizSession.objects.filter(user=user).count() == 1


def test_quiz_posts_are_rate_limited_per_member(member_client, started, quiz, settings):
    settings.CAREERS_ANSWER_RATE = "2/h"
    item = quiz_pages(version=quiz)[0].items[0]
    for _ in range(2):
        assert member_client.post(QUIZ, {"page": 1, "move": "save", f"item-{item.key}": 4}).status_code == 302
    assert member_client.post(QUIZ, {"page": 1, "move": "save", f"item-{item.key}": 4}).status_code == 429
