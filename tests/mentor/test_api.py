from __future__ import annotations

import json

import pytest
from django.test import Client

from apps.mentor import services
from apps.mentor.forms import CODE_MAX
from apps.mentor.models import ApiToken, Conversation, MentorInteraction
from apps.mentor.openapi import openapi_document
from tests.mentor.conftest import API, ApiClient, assert_error
from tests.mentor.factories import (
    ConversationFactory,
    InteractionFactory,
    MessageFactory,
    make_hackathon,
    make_post,
)

pytestmark = pytest.mark.django_db


# --- chat -----------------------------------------------------------------------------------


def test_chat_starts_a_conversation_and_logs_the_interaction(api):
    response = api.post("/chat", {"message": "How do I get better at debugging Python?"})

    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"conversation_id", "interaction_id", "reply", "sources", "backend", "fallback_from"}
    assert body["backend"] == "local"
    assert body["fallback_from"] is None
    conversation = Conversation.objects.get(pk=body["conversation_id"])
    assert conversation.member == api.member
    assert conversation.message_count == 2
    assert conversation.title == "How do I get better at debugging Python?"
    interaction = MentorInteraction.objects.get(pk=body["interaction_id"])
    assert (interaction.member, interaction.kind, interaction.backend) == (api.member, "chat", "local")
    assert interaction.prompt == "How do I get better at debugging Python?"
    assert interaction.reply == body["reply"]


def test_chat_about_a_hackathon_lists_it_as_a_source(api):
    hackathon = make_hackathon(
        title="Green Energy Hack", description="Build tools for solar co-ops.", technologies=["Python"]
    )

    response = api.post(
        "/chat", {"message": "How should I prepare?", "context": {"type": "hackathon", "id": hackathon.pk}}
    )

    body = response.json()
    assert response.status_code == 200
    assert {"title": "Hackathon: Green Energy Hack", "url": hackathon.get_absolute_url()} in body["sources"]
    assert "Green Energy Hack" in body["reply"]
    conversation = Conversation.objects.get(pk=body["conversation_id"])
    assert (conversation.context_type, conversation.context_id) == ("hackathon", hackathon.pk)


def test_chat_continues_a_conversation_with_its_context(api):
    hackathon = make_hackathon(title="Fintech Sprint", technologies=["Go"])
    first = api.post(
        "/chat", {"message": "What is this about?", "context": {"type": "hackathon", "id": hackathon.pk}}
    ).json()

    second = api.post(
        "/chat", {"message": "And who should be on my team?", "conversation_id": first["conversation_id"]}
    )

    assert second.status_code == 200
    assert second.json()["conversation_id"] == first["conversation_id"]
    assert Conversation.objects.get(pk=first["conversation_id"]).message_count == 4
    assert "Fintech Sprint" in second.json()["reply"]


def test_chat_in_another_members_conversation_is_404(api, other_api):
    theirs = ConversationFactory(member=other_api.member)

    response = api.post("/chat", {"message": "hello", "conversation_id": theirs.pk})

    assert_error(response, 404, "not_found")
    assert theirs.messages.count() == 0


def test_chat_context_that_does_not_exist_is_404_naming_the_field(api):
    response = api.post("/chat", {"message": "hello", "context": {"type": "hackathon", "id": 999999}})

    assert_error(response, 404, "not_found", field="context")
    assert not Conversation.objects.exists()


def test_chat_context_that_is_not_public_is_404_naming_the_field(api):
    draft = make_post(title="Unfinished thoughts", body="Not ready yet.", published=False)

    response = api.post("/chat", {"message": "hello", "context": {"type": "post", "id": draft.pk}})

    body = assert_error(response, 404, "not_found", field="context")
    assert "Unfinished" not in json.dumps(body)
    assert not Conversation.objects.exists()


def test_chat_continues_when_the_conversations_item_was_unpublished_since(api):
    post = make_post(title="Rust for web backends", body="Axum or Actix?")
    first = api.post("/chat", {"message": "Which one?", "context": {"type": "post", "id": post.pk}}).json()
    post.status = "draft"
    post.save(update_fields=["status"])

    second = api.post(
        "/chat", {"message": "And for a beginner?", "conversation_id": first["conversation_id"]}
    )

    assert second.status_code == 200, second.content
    assert "Rust for web backends" not in second.json()["reply"]
    assert MentorInteraction.objects.order_by("-pk").first().context == {}


def test_chat_in_an_unknown_conversation_is_404_naming_the_field(api):
    assert_error(
        api.post("/chat", {"message": "hi", "conversation_id": 999999}), 404, "not_found", "conversation_id"
    )


@pytest.mark.parametrize(
    "payload",
    [
        {"message": "hi", "conversation_id": None},
        {"message": "hi", "context": None},
        {"message": " hi \x1c"},
        {"message": "\ufeffhi"},
    ],
)
def test_chat_accepts_null_for_optional_fields_and_text_around_whitespace(api, payload):
    assert api.post("/chat", payload).status_code == 200


def test_integers_may_be_sent_as_integral_numbers(api):
    """JSON Schema counts 7.0 as the integer 7, and so does the API."""
    interaction = InteractionFactory(member=api.member)
    post = make_post(title="Go generics", body="When to use them.")

    first = api.post("/chat", {"message": "hi", "context": {"type": "post", "id": float(post.pk)}})
    assert first.status_code == 200, first.content
    again = api.post("/chat", {"message": "more", "conversation_id": float(first.json()["conversation_id"])})
    assert again.json()["conversation_id"] == first.json()["conversation_id"]
    feedback = api.post("/feedback", raw=f'{{"interaction_id": {interaction.pk}.0, "helpful": true}}')
    assert feedback.status_code == 200, feedback.content
    assert feedback.json()["interaction_id"] == interaction.pk


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({}, "message"),
        ({"message": "   "}, "message"),
        ({"message": 123}, "message"),
        ({"message": ["a"]}, "message"),
        ({"message": "hi", "conversation_id": "7"}, "conversation_id"),
        ({"message": "hi", "conversation_id": True}, "conversation_id"),
        ({"message": "hi", "conversation_id": 0}, "conversation_id"),
        ({"message": "hi", "context": "hackathon:1"}, "context"),
        ({"message": "hi", "context": {"type": "planet", "id": 1}}, "context"),
        ({"message": "hi", "context": {"type": "post", "id": "1"}}, "context"),
        ({"message": "hi", "context": {"type": "post", "id": 1, "extra": 1}}, "context"),
        ({"message": "hi", "context": {"type": "post", "id": 1.5}}, "context"),
        ({"message": "hi", "context": {}}, "context"),
        ({"message": "hi", "conversation_id": 2.5}, "conversation_id"),
        ({"message": "hi", "admin": True}, "admin"),
        ({"message": "x" * 4001}, "message"),
        ({"message": "x" + " " * 4000}, "message"),
        ({"message": "nul \x00 byte"}, "message"),
        ({"message": "\x1c\x1d\x85\ufeff"}, "message"),
    ],
)
def test_chat_rejects_invalid_fields_with_the_error_shape(api, payload, field):
    response = api.post("/chat", payload)

    body = assert_error(response, 400, "invalid", field=field)
    assert all(isinstance(m, str) for m in body["error"]["fields"][field])
    assert not MentorInteraction.objects.exists()


@pytest.mark.parametrize("raw", ["{not json", "", "NaN", '{"message": "a"', "\xff\xfe"])
def test_chat_malformed_json_is_400(api, raw):
    assert_error(api.post("/chat", raw=raw), 400, "malformed_json")


@pytest.mark.parametrize("raw", ["[]", '"text"', "42", "null"])
def test_chat_body_that_is_not_an_object_is_400(api, raw):
    assert_error(api.post("/chat", raw=raw), 400, "invalid", field="__all__")


def test_body_over_the_limit_is_413(api, settings):
    response = api.post("/chat", {"message": "x" * (settings.MENTOR_MAX_BODY_BYTES + 1)})

    assert_error(response, 413, "too_large")
    assert not MentorInteraction.objects.exists()


def test_longest_code_the_schema_allows_fits_the_body_limit_however_it_is_escaped(api):
    """15,000 characters outside the Basic Multilingual Plane, each sent as an escaped
    surrogate pair, are still a valid request, not a 413."""
    body = json.dumps({"code": "\U0001f600" * CODE_MAX, "language": "python"})
    assert len(body) > 12 * CODE_MAX

    response = api.post("/explain", raw=body)

    assert response.status_code == 200, response.content[:200]


def test_unexpected_error_answers_json_500(api, monkeypatch):
    def explode(**kwargs):
        raise RuntimeError("database on fire")

    monkeypatch.setattr(services, "conversation_ask", explode)

    body = assert_error(api.post("/chat", {"message": "hi"}), 500, "server_error")
    assert "fire" not in json.dumps(body)


def test_wrong_method_is_json_405_with_allow(api):
    response = api.get("/chat")

    assert_error(response, 405, "method_not_allowed")
    assert response["Allow"] == "POST"


def test_unknown_api_path_is_json_404(api):
    assert_error(api.get("/nope"), 404, "not_found")


# --- conversations ------------------------------------------------------------------------------


def test_conversation_list_shows_only_my_conversations_newest_first(api, other_api):
    older = ConversationFactory(member=api.member, title="Older")
    newer = ConversationFactory(member=api.member, title="Newer", context_type="post", context_id=3)
    ConversationFactory(member=other_api.member, title="Not mine")
    Conversation.objects.filter(pk=older.pk).update(updated_at=newer.updated_at.replace(year=2020))

    body = api.get("/conversations").json()

    assert [c["title"] for c in body["conversations"]] == ["Newer", "Older"]
    first = body["conversations"][0]
    assert set(first) == {"id", "title", "context", "message_count", "created_at", "updated_at"}
    assert first["context"] == {"type": "post", "id": 3}
    assert body["conversations"][1]["context"] is None


def test_conversation_detail_includes_messages(api):
    conversation = ConversationFactory(member=api.member)
    MessageFactory(conversation=conversation, content="Question?")
    MessageFactory(
        conversation=conversation,
        role="mentor",
        content="Hint.",
        backend="local",
        sources=[{"title": "T", "url": "/u"}],
    )

    body = api.get(f"/conversations/{conversation.pk}").json()

    assert body["id"] == conversation.pk
    assert [(m["role"], m["content"]) for m in body["messages"]] == [
        ("member", "Question?"),
        ("mentor", "Hint."),
    ]
    assert body["messages"][1]["sources"] == [{"title": "T", "url": "/u"}]
    assert body["messages"][0]["backend"] is None


@pytest.mark.parametrize("method", ["get", "patch", "delete"])
def test_another_members_conversation_is_404(api, other_api, method):
    theirs = ConversationFactory(member=other_api.member, title="Private")
    call = getattr(api, method)
    response = (
        call(f"/conversations/{theirs.pk}", {"title": "Mine now"})
        if method == "patch"
        else call(f"/conversations/{theirs.pk}")
    )

    assert_error(response, 404, "not_found")
    theirs.refresh_from_db()
    assert theirs.title == "Private"


def test_huge_conversation_id_is_404_not_an_error(api):
    assert_error(api.get(f"/conversations/{2**70}"), 404, "not_found")


def test_rename_conversation(api):
    conversation = ConversationFactory(member=api.member, title="Old")

    response = api.patch(f"/conversations/{conversation.pk}", {"title": "  Preparing for the hackathon  "})

    assert response.status_code == 200
    assert response.json()["title"] == "Preparing for the hackathon"
    conversation.refresh_from_db()
    assert conversation.title == "Preparing for the hackathon"


@pytest.mark.parametrize(
    "payload",
    [
        {"title": ""},
        {"title": "  "},
        {"title": 5},
        {"title": "x" * 121},
        {"title": " x" + " " * 119},
        {"title": "a\x00b"},
        {"title": None},
        {"name": "x"},
        {},
    ],
)
def test_rename_rejects_invalid_titles(api, payload):
    conversation = ConversationFactory(member=api.member, title="Old")

    assert_error(api.patch(f"/conversations/{conversation.pk}", payload), 400, "invalid")
    conversation.refresh_from_db()
    assert conversation.title == "Old"


def test_delete_conversation_then_it_is_gone(api):
    conversation = ConversationFactory(member=api.member)
    MessageFactory(conversation=conversation)

    response = api.delete(f"/conversations/{conversation.pk}")

    assert response.status_code == 204
    assert not Conversation.objects.filter(pk=conversation.pk).exists()
    assert_error(api.get(f"/conversations/{conversation.pk}"), 404, "not_found")


# --- feedback -------------------------------------------------------------------------------


def test_feedback_marks_an_interaction(api):
    interaction = InteractionFactory(member=api.member)

    response = api.post(
        "/feedback", {"interaction_id": interaction.pk, "helpful": False, "comment": "Too vague."}
    )

    assert response.status_code == 200
    assert response.json() == {"interaction_id": interaction.pk, "helpful": False, "comment": "Too vague."}
    interaction.refresh_from_db()
    assert (interaction.helpful, interaction.feedback_comment) == (False, "Too vague.")


def test_feedback_on_another_members_interaction_is_404(api, other_api):
    theirs = InteractionFactory(member=other_api.member)

    assert_error(api.post("/feedback", {"interaction_id": theirs.pk, "helpful": True}), 404, "not_found")
    theirs.refresh_from_db()
    assert theirs.helpful is None


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"interaction_id": 1}, "helpful"),
        ({"interaction_id": 1, "helpful": "yes"}, "helpful"),
        ({"interaction_id": 1, "helpful": 1}, "helpful"),
        ({"helpful": True}, "interaction_id"),
        ({"interaction_id": 1, "helpful": True, "comment": 3}, "comment"),
        ({"interaction_id": 1, "helpful": True, "comment": "nul\x00"}, "comment"),
        ({"interaction_id": 1, "helpful": True, "comment": "x" * 1001}, "comment"),
        ({"interaction_id": 1.5, "helpful": True}, "interaction_id"),
        ({"interaction_id": True, "helpful": True}, "interaction_id"),
    ],
)
def test_feedback_rejects_invalid_input(api, payload, field):
    assert_error(api.post("/feedback", payload), 400, "invalid", field=field)


# --- authentication ------------------------------------------------------------------------------


def test_anonymous_is_401_with_json_and_www_authenticate(client):
    response = client.post(f"{API}/chat", {"message": "hi"}, content_type="application/json")

    assert_error(response, 401, "not_authenticated")
    assert response["WWW-Authenticate"] == "Bearer"


@pytest.mark.parametrize("header", ["Bearer nope", "Bearer ", "Basic dXNlcjpwYXNz", "Token abc"])
def test_bad_authorization_header_is_401(db, header):
    response = Client().get(f"{API}/conversations", headers={"Authorization": header})

    assert_error(response, 401, "invalid_token")


def test_revoked_token_is_401(api):
    token = ApiToken.objects.get(member=api.member)
    services.token_revoke(token=token)

    assert_error(api.get("/conversations"), 401, "invalid_token")


def test_token_of_a_deactivated_member_is_401(api):
    api.member.is_active = False
    api.member.save(update_fields=["is_active"])

    assert_error(api.get("/conversations"), 401, "invalid_token")


def test_tokens_are_stored_hashed_and_record_their_use(member):
    token, plain = services.token_create(member=member, name="editor")

    assert plain.startswith("dtm_")
    assert plain not in {token.token_hash, token.prefix}
    assert token.token_hash == services.token_hash(plain)
    assert token.last_used_at is None
    ApiClient(plain).get("/conversations")
    token.refresh_from_db()
    assert token.last_used_at is not None


def _session_client(member) -> tuple[Client, str]:
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    client.get("/mentor/")
    return client, client.cookies["csrftoken"].value


def test_session_without_csrf_header_is_403(member):
    client, _ = _session_client(member)

    response = client.post(f"{API}/chat", {"message": "hi"}, content_type="application/json")

    assert_error(response, 403, "csrf_failed")
    assert not MentorInteraction.objects.exists()


def test_session_with_csrf_header_is_accepted(member):
    client, csrf = _session_client(member)

    response = client.post(
        f"{API}/chat", {"message": "hi"}, content_type="application/json", headers={"X-CSRFToken": csrf}
    )

    assert response.status_code == 200
    assert MentorInteraction.objects.get().member == member


def test_session_reads_need_no_csrf_header(member):
    client, _ = _session_client(member)
    ConversationFactory(member=member, title="Mine")

    response = client.get(f"{API}/conversations")

    assert response.status_code == 200
    assert response.json()["conversations"][0]["title"] == "Mine"


def test_bearer_token_needs_no_csrf_even_with_a_session(member, api):
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)

    response = client.post(
        f"{API}/chat",
        {"message": "hi"},
        content_type="application/json",
        headers={"Authorization": f"Bearer {api.token}"},
    )

    assert response.status_code == 200


# --- limits ---------------------------------------------------------------------------------


def test_per_minute_limit_answers_429_with_retry_after(api, other_api, settings):
    settings.MENTOR_RATE_PER_MINUTE = 2
    assert api.get("/conversations").status_code == 200
    assert api.post("/chat", {"message": "hi"}).status_code == 200

    response = api.post("/chat", {"message": "again"})

    assert_error(response, 429, "rate_limited")
    assert 1 <= int(response["Retry-After"]) <= 60
    assert MentorInteraction.objects.count() == 1
    assert other_api.get("/conversations").status_code == 200, "limits are per member"


def test_per_day_limit_answers_429_with_retry_after(api, settings):
    settings.MENTOR_RATE_PER_DAY = 1
    assert api.get("/conversations").status_code == 200

    response = api.get("/conversations")

    assert_error(response, 429, "rate_limited")
    assert 1 <= int(response["Retry-After"]) <= 86400


# --- documentation ------------------------------------------------------------------------------


def test_openapi_document_is_served(client, db):
    response = client.get(f"{API}/openapi.json")

    assert response.status_code == 200
    document = response.json()
    assert document["openapi"] == "3.1.0"
    assert document == json.loads(json.dumps(openapi_document())), "the tests read the served document"
    assert set(document["paths"]) == {
        "/chat", "/conversations", "/conversations/{conversation_id}", "/suggestions", "/code-review", "/explain", "/feedback",
    }  # fmt: skip


def test_reference_page_renders_every_endpoint_from_the_document(client, db):
    response = client.get(f"{API}/docs/")

    assert response.status_code == 200
    html = response.content.decode()
    for line in [
        "POST /api/mentor/v1/chat",
        "GET /api/mentor/v1/suggestions",
        "DELETE /api/mentor/v1/conversations/{conversation_id}",
    ]:
        assert line in html
    assert "Retry-After" in html
    assert 'style="' not in html


def test_reference_without_trailing_slash_redirects(client, db):
    response = client.get(f"{API}/docs")

    assert response.status_code == 301
    assert response["Location"] == f"{API}/docs/"
