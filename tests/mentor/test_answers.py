"""The offline mentor's answers: only what a member can act on now and at their level, each
common intent answered with steps and links into the site, Markdown that renders."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.core.mentor import MemberProfile, MentorItem
from apps.mentor.content import fits_member, why_line
from apps.mentor.intents import intent_of
from tests.mentor.factories import give_skills, make_hackathon, make_job, make_post

pytestmark = pytest.mark.django_db


def _shift(hackathon, **days):
    """Move the hackathon's dates to `days` from now (fields not given keep their order)."""
    now = timezone.now()
    for name, offset in days.items():
        setattr(hackathon, name, now + timedelta(days=offset))
    hackathon.save()
    return hackathon


def _set_level(user, level: str) -> None:
    from django.apps import apps

    apps.get_model("profiles", "Profile").objects.filter(user=user).update(experience_level=level)


def _student(user) -> None:
    from django.apps import apps

    profile = apps.get_model("profiles", "Profile").objects.get(user=user)
    profile.educations.create(
        school="UNILAG", degree="BSc", start_date=timezone.localdate() - timedelta(days=300), is_current=True
    )


def test_which_hackathon_recommends_only_those_still_taking_registrations(api):
    give_skills(api.member, "Python")
    joinable = make_hackathon(title="Campus Climate Hack", technologies=["Python"], slug="climate")
    ended = _shift(
        make_hackathon(title="Lagos Fintech Sprint", technologies=["Python"], slug="fintech"),
        registration_opens_at=-90, registration_deadline=-70, starts_at=-68, submission_deadline=-66,
        judging_ends_at=-60,
    )  # fmt: skip
    closed = _shift(
        make_hackathon(title="AgriTech AI Challenge", technologies=["Python"], slug="agri"),
        registration_opens_at=-20, registration_deadline=-3, starts_at=-2, submission_deadline=3,
        judging_ends_at=8,
    )  # fmt: skip
    full = make_hackathon(title="Packed Hack", technologies=["Python"], slug="packed")
    full.max_participants, full.participant_count = 10, 10
    full.save()

    body = api.post("/chat", {"message": "Which hackathon should I join?"}).json()

    assert "Campus Climate Hack" in body["reply"]
    assert joinable.get_absolute_url() in body["reply"]
    for gone in (ended, closed, full):
        assert gone.title not in body["reply"]
        assert gone.get_absolute_url() not in [s["url"] for s in body["sources"]]
    assert "registration open until" in body["reply"], "each is explained in one line"
    assert "uses Python, which you list" in body["reply"]


def test_no_joinable_hackathon_is_said_honestly_with_a_link_to_upcoming_ones(api):
    _shift(
        make_hackathon(title="Old Hack", slug="old"),
        registration_opens_at=-90, registration_deadline=-70, starts_at=-68, submission_deadline=-66,
        judging_ends_at=-60,
    )  # fmt: skip

    reply = api.post("/chat", {"message": "Which hackathon should I join?"}).json()["reply"]

    assert "Old Hack" not in reply
    assert "No hackathon at your level is taking registrations" in reply
    assert reverse("hackathons:list") + "?status=upcoming" in reply


def test_asking_about_an_ended_hackathon_says_it_cannot_be_joined(api):
    ended = _shift(
        make_hackathon(title="Lagos Fintech Sprint", slug="fintech"),
        registration_opens_at=-90, registration_deadline=-70, starts_at=-68, submission_deadline=-66,
        judging_ends_at=-60,
    )  # fmt: skip

    reply = api.post(
        "/chat", {"message": "Can I still join this one?", "context": {"type": "hackathon", "id": ended.pk}}
    ).json()["reply"]

    assert "ended" in reply
    assert "you cannot join it" in reply


def test_a_student_is_offered_internships_never_senior_roles(api):
    give_skills(api.member, "Python")
    _student(api.member)
    intern = make_job(title="Backend Engineering Intern", technologies=["Python", "Django"])
    senior = make_job(title="Senior Backend Engineer", technologies=["Python"])
    asks_years = make_job(
        title="Software Engineer",
        description="You have 3+ years of production Python.",
        technologies=["Python"],
    )
    make_job(title="Python Intern (closed)", technologies=["Python"], published=False)

    body = api.post("/chat", {"message": "Are there internships I could apply for?"}).json()

    assert intern.title in body["reply"]
    assert senior.title not in body["reply"] and asks_years.title not in body["reply"]
    assert "Python Intern (closed)" not in body["reply"]
    assert reverse("jobs:application-list") in body["reply"]


def test_a_senior_member_is_not_offered_internships():
    senior = MemberProfile(handle="ngozi", name="Ngozi", level="advanced", years=9)
    intern = MentorItem("job", 1, "Backend Intern", "/jobs/1/", level="intern")
    lead = MentorItem("job", 2, "Lead Engineer", "/jobs/2/", level="senior", years=7)

    assert not fits_member(intern, senior)
    assert fits_member(lead, senior)


@pytest.mark.parametrize(
    ("profile", "years_asked", "fits"),
    [
        (MemberProfile(handle="a", name="a", level="beginner", student=True), 2, False),
        (MemberProfile(handle="a", name="a", level="beginner", years=7), 3, False),  # years in another field
        (MemberProfile(handle="a", name="a", level="beginner"), None, True),
        (MemberProfile(handle="a", name="a", level="intermediate", years=1), 2, True),
        (MemberProfile(handle="a", name="a", level="intermediate", years=1), 3, False),
        (MemberProfile(handle="a", name="a", level="intermediate", years=3), 3, True),
    ],
)
def test_a_role_fits_only_when_it_asks_no_more_years_than_the_member_has(profile, years_asked, fits):
    job = MentorItem("job", 1, "Software Engineer", "/jobs/1/", years=years_asked)

    assert fits_member(job, profile) is fits


def test_an_advanced_hackathon_is_not_recommended_to_a_beginner():
    beginner = MemberProfile(handle="a", name="a", level="beginner")

    assert not fits_member(MentorItem("hackathon", 1, "Deep Learning", "/h/", level="advanced"), beginner)
    assert fits_member(MentorItem("hackathon", 2, "First Hack", "/h/", level="beginner"), beginner)


def test_each_recommendation_is_explained_in_one_line():
    member = MemberProfile(handle="a", name="a", skills=("Python",))
    job = MentorItem(
        "job", 1, "Junior Dev", "/jobs/1/", skills=("Python", "Docker"), facts="Full-time, remote, at Acme"
    )

    line = why_line(job, member)

    assert line == "Full-time, remote, at Acme; uses Python, which you list."
    assert "\n" not in line


def test_what_to_learn_next_comes_from_the_open_roles_at_the_members_level(api):
    give_skills(api.member, "Python", "Django")
    _student(api.member)
    make_job(title="Backend Engineering Intern", technologies=["Python", "Django", "Git"])
    make_job(title="Junior Python Developer", technologies=["Python", "Docker", "Git"])
    make_job(title="Senior Platform Engineer", technologies=["Kubernetes", "Terraform"])

    reply = api.post("/chat", {"message": "What should I learn for an internship?"}).json()["reply"]

    assert "**Git**" in reply, "the skill the fitting roles ask for most"
    assert "Kubernetes" not in reply and "Senior Platform Engineer" not in reply
    assert reverse("projects:create") in reply


def test_only_published_posts_ground_an_answer(api):
    post = make_post(title="Docker for beginners", body="Build an image, run it, map a port.")
    make_post(title="Docker draft", body="Docker notes", published=False)
    make_post(title="Docker hidden", body="Docker notes", hidden=True)

    body = api.post("/chat", {"message": "How do I learn Docker?"}).json()

    assert [s["url"] for s in body["sources"]] == [post.get_absolute_url()]
    assert "Docker draft" not in body["reply"] and "Docker hidden" not in body["reply"]


@pytest.mark.parametrize(
    ("message", "intent"),
    [
        ("Which hackathon should I join?", "hackathon"),
        ("What should I learn for an internship?", "learn"),
        ("I have my first interview on Friday, how do I prepare?", "interview"),
        ("Are there internships I could apply for?", "career"),
        ("KeyError: 'name' when I read my JSON", "debug"),
        ("Review this code:\n```python\nprint(1)\n```", "code"),
        ("How do I add skills to my profile?", "site"),
        ("How do I prepare my application for this job?", "career"),
        ("Quantum chromodynamics", "general"),
    ],
)
def test_the_common_intents_are_understood(message, intent):
    assert intent_of(message) == intent


def test_an_error_is_explained_with_its_causes_and_what_to_check(api):
    reply = api.post(
        "/chat", {"message": "django.db.utils.OperationalError: no such table: blog_post"}
    ).json()["reply"]

    assert "migrate" in reply
    assert "**Usual causes**" in reply and "**Check first**" in reply
    assert "last line" in reply


def test_code_pasted_in_the_chat_is_reviewed_with_security_first(api):
    message = "Can you review this?\n```python\ndef add(x, items=[]):\n    return eval(x)\n```"

    reply = api.post("/chat", {"message": message}).json()["reply"]

    assert "error (security)" in reply
    assert reply.index("error (security)") < reply.index("mutable default")


def test_how_to_use_the_site_answers_with_steps_and_links(api):
    reply = api.post("/chat", {"message": "How do I join a team for a hackathon on this site?"}).json()[
        "reply"
    ]

    assert "1. " in reply and "2. " in reply
    assert f"]({reverse('hackathons:list')})" in reply


def test_the_reply_does_not_repeat_the_question(api):
    message = "Which hackathon should I join this month?"

    reply = api.post("/chat", {"message": message}).json()["reply"]

    assert message.lower() not in reply.lower()


def test_the_page_renders_replies_without_raw_markdown_and_item_text_as_plain_text(member_client):
    give_skills(member_client.user, "Python")
    make_hackathon(
        title="Campus Climate Hack",
        description="## The challenge\n\nBuild a **dashboard** with `pandas`.",
        technologies=["Python"],
        slug="climate",
    )

    html = member_client.post(
        "/mentor/chat/", {"message": "Which hackathon should I join?"}, follow=True
    ).content.decode()

    messages = html.split('data-testid="messages"')[1].split('data-testid="chat-form"')[0]
    mentor = messages.split('data-role="mentor"')[1]
    assert "Campus Climate Hack" in mentor
    for raw in ("##", "**", "`", "]("):
        assert raw not in mentor, raw
    assert "<strong>" in mentor and "<ol>" in mentor and '<a href="/hackathons/' in mentor


def test_the_api_reply_is_markdown_with_item_text_as_plain_text(api):
    hackathon = make_hackathon(
        title="Campus Climate Hack", description="## The challenge\n\nBuild **it**.", slug="c"
    )

    reply = api.post(
        "/chat", {"message": "Tell me about it", "context": {"type": "hackathon", "id": hackathon.pk}}
    ).json()["reply"]

    assert "## The challenge" not in reply and "**it**" not in reply
    assert f"[Campus Climate Hack]({hackathon.get_absolute_url()})" in reply


def test_the_page_says_what_the_local_mentor_is_and_how_to_connect_a_model(member_client):
    from tests.mentor.factories import ConversationFactory, MessageFactory

    conversation = ConversationFactory(member=member_client.user)
    MessageFactory(conversation=conversation, role="mentor", content="Hi", backend="local")

    html = member_client.get(f"/mentor/?c={conversation.pk}").content.decode()

    assert "answers from this site&#x27;s content, without an AI model" in html or (
        "answers from this site's content, without an AI model" in html
    )
    assert 'title="Answered offline from this site\'s content, without an AI model"' in html
    assert "MENTOR_BACKEND=openai" in html and "MENTOR_API_BASE" in html and "Ollama" in html


def test_the_page_names_the_model_when_one_is_configured(member_client, settings):
    settings.MENTOR_BACKEND = "openai"

    html = member_client.get("/mentor/").content.decode()

    assert "Answers come from an AI model" in html


def test_a_beginner_sees_beginner_hackathons_first(api):
    give_skills(api.member, "Python")
    harder = make_hackathon(title="Payments API Hackathon", technologies=["Python", "Go"], slug="pay")
    harder.difficulty = "intermediate"
    harder.save()
    make_hackathon(title="Campus Climate Hack", technologies=["Python"], slug="climate")

    reply = api.post("/chat", {"message": "Which hackathon should I join?"}).json()["reply"]

    assert reply.index("Campus Climate Hack") < reply.index("Payments API Hackathon")


def test_the_page_shows_the_question_once_in_the_conversation(member_client):
    message = "Which hackathon should I join this weekend?"

    html = member_client.post("/mentor/chat/", {"message": message}, follow=True).content.decode()

    conversation = html.split('id="chat-heading"')[1].split('data-testid="chat-form"')[0]
    assert conversation.count(message) == 1, "in the member's bubble only, not in the heading or the reply"


def test_demo_conversations_hold_real_answers_from_the_sites_content(member):
    from io import StringIO

    from apps.mentor import demo
    from apps.mentor.models import Message

    make_hackathon(title="Campus Climate Hack", slug="climate")

    demo.seed(size="small", stdout=StringIO())

    replies = list(Message.objects.filter(role="mentor").values_list("content", flat=True))
    assert len(replies) == len(demo.QUESTIONS)
    assert any("Campus Climate Hack" in reply for reply in replies)
    assert all(reply.count("\n") >= 2 for reply in replies), "structured answers, not one generic line"
