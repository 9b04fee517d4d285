"""The two brains, with the OpenAI-compatible one reached over real HTTP (tests/fixtures/fake_llm.py)."""

from __future__ import annotations

import time

import pytest

from apps.mentor.backends import openai as openai_backend
from apps.mentor.models import Message
from tests.mentor.factories import give_skills, make_hackathon, make_post

pytestmark = pytest.mark.django_db


def test_openai_backend_answers_and_is_named(api, fake_llm):
    response = api.post("/chat", {"message": "How do I start learning Django?"})

    body = response.json()
    assert response.status_code == 200
    assert body["backend"] == "openai"
    assert body["fallback_from"] is None
    assert body["reply"] == fake_llm.reply
    assert Message.objects.get(role="mentor").backend == "openai"
    request = fake_llm.requests[-1]
    assert request["model"] == "fake-mentor"
    assert fake_llm.headers[-1]["Authorization"] == "Bearer test-key"


def test_prompt_sent_to_the_llm_is_grounded_in_content_and_profile(api, fake_llm):
    give_skills(api.member, "Python", "Django")
    hackathon = make_hackathon(
        title="Solar Co-op Hack",
        description="Build billing tools for solar cooperatives.",
        technologies=["Python", "React"],
    )
    make_post(title="Tips for billing systems", body="Idempotent invoices and solar meter readings.")

    api.post(
        "/chat",
        {"message": "What billing features matter?", "context": {"type": "hackathon", "id": hackathon.pk}},
    )

    prompt = fake_llm.last_prompt
    assert "hints" in prompt.lower(), "prompted as a mentor that teaches"
    assert "Solar Co-op Hack" in prompt
    assert "Build billing tools for solar cooperatives." in prompt
    assert "Python, React" in prompt
    assert (
        "Skills on their profile: Python, Django" in prompt
        or "Skills on their profile: Django, Python" in prompt
    )
    assert "Tips for billing systems" in prompt, "retrieved site content is in the grounding"
    assert fake_llm.requests[-1]["messages"][-1] == {
        "role": "user",
        "content": "What billing features matter?",
    }


def test_conversation_history_is_sent_on_the_next_turn(api, fake_llm):
    first = api.post("/chat", {"message": "I am building a todo app."}).json()

    api.post(
        "/chat", {"message": "How should I store the items?", "conversation_id": first["conversation_id"]}
    )

    messages = fake_llm.requests[-1]["messages"]
    assert {"role": "user", "content": "I am building a todo app."} in messages
    assert {"role": "assistant", "content": fake_llm.reply} in messages


@pytest.mark.parametrize("mode", ["fail", "garbage"])
def test_llm_errors_fall_back_to_local_and_say_so(api, fake_llm, mode):
    fake_llm.mode = mode

    body = api.post("/chat", {"message": "I get a KeyError when I run my script"}).json()

    assert len(fake_llm.requests) == 1, "the LLM was really called"
    assert body["backend"] == "local"
    assert body["fallback_from"] == "openai"
    assert "offline mentor (local) answered" in body["reply"]
    assert "last line" in body["reply"], "the local brain's debugging guidance"


def test_llm_stall_past_the_timeout_falls_back_to_local_quickly(api, fake_llm, settings):
    fake_llm.mode = "stall"
    settings.MENTOR_TIMEOUT = 0.3

    started = time.monotonic()
    body = api.post("/chat", {"message": "hello"}).json()
    elapsed = time.monotonic() - started

    assert body["backend"] == "local"
    assert body["fallback_from"] == "openai"
    assert elapsed < fake_llm.stall_seconds, "did not wait for the stalled server"


def test_unreachable_llm_falls_back_to_local(api, settings):
    settings.MENTOR_BACKEND = "openai"
    settings.MENTOR_API_BASE = "http://127.0.0.1:9/v1"  # discard port: connection refused
    settings.MENTOR_TIMEOUT = 0.5

    body = api.post("/chat", {"message": "hello"}).json()

    assert (body["backend"], body["fallback_from"]) == ("local", "openai")


def test_local_backend_says_honestly_when_it_found_nothing(api):
    body = api.post("/chat", {"message": "Quantum chromodynamics lattice gauge"}).json()

    assert body["backend"] == "local"
    assert body["sources"] == []
    assert "didn't find anything on DiceyTech" in body["reply"]


def test_local_backend_retrieves_site_content_and_lists_sources(api):
    post = make_post(
        title="Getting started with Kubernetes", body="Pods, deployments and services explained."
    )
    make_post(title="Hidden kubernetes notes", body="kubernetes", hidden=True)
    make_post(title="Draft kubernetes notes", body="kubernetes", published=False)

    body = api.post("/chat", {"message": "How do I learn kubernetes deployments?"}).json()

    assert body["sources"] == [
        {"title": "Post: Getting started with Kubernetes", "url": post.get_absolute_url()}
    ]
    assert "Getting started with Kubernetes" in body["reply"]
    assert "small" in body["reply"] or "example" in body["reply"], "learning guidance asks for a tiny example"


def test_local_backend_relates_the_context_to_the_members_skills(api):
    give_skills(api.member, "Python")
    hackathon = make_hackathon(title="AI for Farmers", technologies=["Python", "TensorFlow"])

    body = api.post(
        "/chat", {"message": "Can I join?", "context": {"type": "hackathon", "id": hackathon.pk}}
    ).json()

    assert "You already list Python" in body["reply"]
    assert "TensorFlow would be new to you" in body["reply"]


def test_grounding_lists_no_content_honestly():
    from apps.core.mentor import MemberProfile
    from apps.mentor.backends import ChatRequest

    text = openai_backend.grounding(
        ChatRequest(message="hi", profile=MemberProfile(handle="ada", name="Ada"))
    )

    assert "No other site content matched the question." in text
    assert "none listed" in text


@pytest.mark.parametrize(
    "message",
    [
        "foo & | ! ( ) :* <-> 'bar'",
        "'; DROP TABLE mentor_message; --",
        "\\\\ %% __ ** ``` ",
        "ünïcödé 漢字 ✓",
    ],
)
def test_search_syntax_in_questions_is_harmless(api, message):
    make_post(title="Operators", body="foo bar baz")

    response = api.post("/chat", {"message": message})

    assert response.status_code == 200
    assert Message.objects.filter(content=message.strip()).exists()
