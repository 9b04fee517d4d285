"""The /mentor/ page, its HTMX partials (same services as the API) and the token page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from apps.mentor.models import ApiToken, Conversation, MentorInteraction
from apps.mentor.services import token_hash
from tests.accounts.factories import UserFactory
from tests.mentor.factories import ConversationFactory, MessageFactory, make_hackathon

pytestmark = pytest.mark.django_db
HX = {"HX-Request": "true"}


def test_mentor_page_needs_login(client):
    response = client.get("/mentor/")

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_mentor_page_shows_conversations_chat_and_code_panel(member_client):
    ConversationFactory(member=member_client.user, title="My first question")
    ConversationFactory(title="Someone else's")

    response = member_client.get("/mentor/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "My first question" in html
    assert "Someone else&#x27;s" not in html and "Someone else's" not in html
    assert 'data-testid="chat-form"' in html and 'data-testid="code-form"' in html
    assert 'style="' not in html
    assert "<html" in html


def test_htmx_request_gets_only_the_workspace_partial(member_client):
    response = member_client.get("/mentor/", headers=HX)

    html = response.content.decode()
    assert 'id="mentor-workspace"' in html
    assert "<html" not in html
    assert 'id="code-panel"' not in html


def test_plain_post_asks_and_redirects_to_the_conversation(member_client):
    response = member_client.post("/mentor/chat/", {"message": "How do I fix a KeyError?"})

    conversation = Conversation.objects.get(member=member_client.user)
    assert response.status_code == 302
    assert response["Location"] == f"/mentor/?c={conversation.pk}"
    page = member_client.get(response["Location"]).content.decode()
    assert "How do I fix a KeyError?" in page
    assert "last line" in page
    assert "data-toast" not in page, "chat messages are not Django messages (no toasts)"
    assert MentorInteraction.objects.get().member == member_client.user


def test_htmx_post_swaps_the_workspace_and_pushes_the_url(member_client):
    response = member_client.post("/mentor/chat/", {"message": "How do I learn Go?"}, headers=HX)

    conversation = Conversation.objects.get()
    html = response.content.decode()
    assert response.status_code == 200
    assert response["HX-Push-Url"] == f"/mentor/?c={conversation.pk}"
    assert "<html" not in html
    assert "How do I learn Go?" in html
    assert 'data-role="mentor"' in html


def test_context_param_shows_the_hackathon_and_the_answer_lists_it(member_client):
    hackathon = make_hackathon(title="Lagos Climate Hack", technologies=["Python"])

    page = member_client.get(f"/mentor/?context=hackathon:{hackathon.pk}").content.decode()
    assert 'data-testid="context-banner"' in page
    assert "Lagos Climate Hack" in page
    assert f'value="hackathon:{hackathon.pk}"' in page

    response = member_client.post(
        "/mentor/chat/", {"message": "How do I prepare?", "context": f"hackathon:{hackathon.pk}"}, follow=True
    )

    html = response.content.decode()
    assert 'data-testid="sources"' in html
    assert f'href="{hackathon.get_absolute_url()}"' in html
    assert Conversation.objects.get().context_type == "hackathon"


def test_unknown_context_is_shown_as_unavailable(member_client):
    page = member_client.get("/mentor/?context=hackathon:999999").content.decode()

    assert "That page is not available" in page


def test_empty_question_re_renders_the_form_with_an_error(member_client):
    response = member_client.post("/mentor/chat/", {"message": "   ", "context": "post:5"}, headers=HX)

    html = response.content.decode()
    assert response.status_code == 200
    assert "This field is required." in html
    assert 'value="post:5"' in html, "the context is kept"
    assert not Conversation.objects.exists()


def test_too_long_question_keeps_what_was_typed(member_client):
    text = "why " * 1001

    html = member_client.post("/mentor/chat/", {"message": text}).content.decode()

    assert "at most 4000 characters" in html
    assert text.strip() in html


def test_hostile_question_is_escaped(member_client):
    payload = '<script>alert(1)</script><img src=x onerror="alert(2)">'

    response = member_client.post("/mentor/chat/", {"message": payload}, follow=True)

    html = response.content.decode()
    assert "<script>alert(1)</script>" not in html
    assert 'onerror="alert(2)"' not in html
    assert "&lt;script&gt;" in html


def test_someone_elses_conversation_page_is_404(member_client):
    theirs = ConversationFactory(title="Private")

    assert member_client.get(f"/mentor/?c={theirs.pk}").status_code == 404
    response = member_client.post("/mentor/chat/", {"message": "hi", "conversation_id": theirs.pk})
    assert response.status_code == 404
    assert theirs.messages.count() == 0


@pytest.mark.parametrize("headers", [{}, {"HX-Request": "true"}], ids=["plain", "htmx"])
def test_page_chat_over_the_member_limit_keeps_the_question(member_client, settings, headers):
    settings.MENTOR_RATE_PER_MINUTE = 1
    member_client.post("/mentor/chat/", {"message": "one"})

    response = member_client.post(
        "/mentor/chat/", {"message": "Why does my loop never end?"}, headers=headers
    )

    assert response.status_code == 429
    html = response.content.decode()
    assert "limit of questions to the mentor" in html and "What you typed is still here" in html
    assert "Why does my loop never end?</textarea>" in html
    assert MentorInteraction.objects.count() == 1


def test_page_chat_with_an_invalid_form_does_not_count(member_client, settings):
    settings.MENTOR_RATE_PER_MINUTE = 1
    for _ in range(3):
        assert member_client.post("/mentor/chat/", {"message": "   "}).status_code == 200
    assert member_client.post("/mentor/chat/", {"message": "one"}).status_code == 302


@pytest.mark.parametrize("headers", [{}, {"HX-Request": "true"}], ids=["plain", "htmx"])
def test_code_panel_over_the_member_limit_keeps_the_code(member_client, settings, headers):
    settings.MENTOR_RATE_PER_MINUTE = 1
    member_client.post("/mentor/code/", {"language": "python", "code": "x = 1\n", "action": "review"})

    response = member_client.post(
        "/mentor/code/",
        {"language": "python", "code": "def f():\n    return 2\n", "action": "explain"},
        headers=headers,
    )

    assert response.status_code == 429
    html = response.content.decode()
    assert "limit of questions to the mentor" in html
    assert "def f():\n    return 2\n</textarea>" in html
    assert MentorInteraction.objects.count() == 1


def test_code_panel_reviews_python_as_htmx_partial(member_client):
    response = member_client.post(
        "/mentor/code/",
        {"language": "python", "code": "def f(x=[]):\n    return x\n", "action": "review"},
        headers=HX,
    )

    html = response.content.decode()
    assert 'id="code-panel"' in html
    assert "<html" not in html
    assert "mutable-default" in html
    assert MentorInteraction.objects.get().kind == "code_review"


def test_code_panel_explains_without_javascript(member_client):
    response = member_client.post(
        "/mentor/code/",
        {"language": "python", "code": "def greet(name):\n    print(name)\n", "action": "explain"},
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" in html
    assert (
        "`greet` is a function taking 1 parameter (name)" in html or "greet</code>" in html or "greet" in html
    )
    assert MentorInteraction.objects.get().kind == "explain"


def test_code_panel_requires_code(member_client):
    html = member_client.post(
        "/mentor/code/", {"language": "python", "code": "  ", "action": "review"}, headers=HX
    ).content.decode()

    assert "Paste some code." in html
    assert not MentorInteraction.objects.exists()


def test_mentor_page_query_count_is_pinned_at_1_and_50_rows(member_client, assert_page_queries):
    conversation = ConversationFactory(member=member_client.user, title="Question 0")

    def add_rows(n):
        ConversationFactory.create_batch(n, member=member_client.user)
        MessageFactory.create_batch(
            n,
            conversation=conversation,
            role="mentor",
            content="Hint",
            backend="local",
            sources=[{"title": "T", "url": "/t"}],
        )

    page = assert_page_queries(member_client, f"/mentor/?c={conversation.pk}", add_rows=add_rows)
    assert page.count <= 8, "session and user included"


# --- tokens -------------------------------------------------------------------------------


def test_token_is_shown_once_and_stored_hashed(member_client):
    response = member_client.post(reverse("mentor:token-list"), {"name": "my editor"})

    html = response.content.decode()
    token = ApiToken.objects.get(member=member_client.user)
    start = html.index('data-testid="new-token">') + len('data-testid="new-token">')
    plain = html[start : html.index("<", start)]
    assert token_hash(plain) == token.token_hash
    assert plain not in token.token_hash
    again = member_client.get(reverse("mentor:token-list")).content.decode()
    assert plain not in again
    assert token.prefix in again


def test_token_name_is_required(member_client):
    html = member_client.post(reverse("mentor:token-list"), {"name": ""}, headers=HX).content.decode()

    assert "This field is required." in html
    assert not ApiToken.objects.exists()


def test_revoke_token(member_client):
    member_client.post(reverse("mentor:token-list"), {"name": "old"})
    token = ApiToken.objects.get()

    response = member_client.post(reverse("mentor:token-revoke", args=[token.pk]))

    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_cannot_revoke_someone_elses_token(member_client):
    from apps.mentor.services import token_create

    theirs, _ = token_create(member=UserFactory(), name="theirs")

    assert member_client.post(reverse("mentor:token-revoke", args=[theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.revoked_at is None


@pytest.mark.parametrize("headers", [{}, {"HX-Request": "true"}], ids=["plain", "htmx"])
def test_token_creation_is_rate_limited_and_keeps_the_name(member_client, settings, headers):
    settings.MENTOR_TOKEN_CREATE_RATE = "2/h"
    for _ in range(3):  # a refused name does not count
        assert member_client.post(reverse("mentor:token-list"), {"name": ""}).status_code == 200
    for n in range(2):
        member_client.post(reverse("mentor:token-list"), {"name": f"t{n}"})

    response = member_client.post(reverse("mentor:token-list"), {"name": "my laptop"}, headers=headers)

    assert response.status_code == 429
    html = response.content.decode()
    assert "sent too many times" in html and 'value="my laptop"' in html
    assert ApiToken.objects.count() == 2


def test_mentor_reply_can_be_marked_helpful_in_place(member_client):
    member_client.post("/mentor/chat/", {"message": "How do I learn SQL?"})
    interaction = MentorInteraction.objects.get()
    page = member_client.get(f"/mentor/?c={interaction.conversation_id}").content.decode()
    assert "Was this helpful?" in page

    response = member_client.post(f"/mentor/feedback/{interaction.pk}/", {"helpful": "no"}, headers=HX)

    html = response.content.decode()
    assert "Thanks for the feedback: not helpful." in html
    assert "<html" not in html
    interaction.refresh_from_db()
    assert interaction.helpful is False


def test_feedback_without_javascript_redirects_back(member_client):
    member_client.post("/mentor/chat/", {"message": "How do I learn SQL?"})
    interaction = MentorInteraction.objects.get()

    response = member_client.post(f"/mentor/feedback/{interaction.pk}/", {"helpful": "yes"})

    assert response["Location"] == f"/mentor/?c={interaction.conversation_id}"
    interaction.refresh_from_db()
    assert interaction.helpful is True
    assert member_client.post(f"/mentor/feedback/{interaction.pk}/", {"helpful": "maybe"}).status_code == 400


def test_feedback_on_someone_elses_reply_is_404(member_client):
    from tests.mentor.factories import InteractionFactory

    theirs = InteractionFactory()

    assert member_client.post(f"/mentor/feedback/{theirs.pk}/", {"helpful": "yes"}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.helpful is None


def test_token_page_query_count_is_pinned_at_1_and_50_tokens(member_client, assert_page_queries):
    from apps.mentor.services import token_create

    def add_tokens(n):
        for i in range(n):
            token_create(member=member_client.user, name=f"Script {i}")

    # the tokens (the user and the session come from the cache)
    page = assert_page_queries(member_client, reverse("mentor:token-list"), add_rows=add_tokens, expected=1)
    assert page.response.content.decode().count('class="font-mono text-sm') == 50
