"""Demo data: a few conversations for the demo member and a month of mentor calls spread over
members, so /staff/mentor/ has something to chart. Idempotent: nothing is added twice."""

from __future__ import annotations

import random
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from apps.mentor.models import MentorInteraction
from apps.mentor.services import conversation_ask

QUESTIONS = [
    "Which hackathon should I join?",
    "I get a KeyError when I read my JSON file. Where do I start?",
    "What should I learn after Python basics?",
    "How do I make my CV stand out for a junior backend job?",
]
KINDS = ["chat", "chat", "chat", "code_review", "explain", "suggestions"]


@transaction.atomic
def seed(*, size: str, stdout) -> None:
    if MentorInteraction.objects.exists():
        stdout.write("mentor: demo data already present")
        return
    user_model = get_user_model()
    members = list(user_model.objects.order_by("pk")[: 50 if size == "small" else 1000])
    if not members:
        stdout.write("mentor: no members yet, skipped")
        return
    demo = user_model.objects.filter(email="demo@example.com").first() or members[0]
    now = timezone.now()
    # Real answers of the offline mentor from the content seeded before it, so the demo shows
    # what a member would get.
    for question in QUESTIONS:
        conversation_ask(member=demo, message=question)
    rng = random.Random(42)
    count = 300 if size == "small" else 20_000
    rows = [
        MentorInteraction(
            member=rng.choice(members),
            kind=rng.choice(KINDS),
            prompt="demo question",
            reply="demo answer",
            backend=rng.choice(["local", "local", "openai"]),
            latency_ms=int(rng.expovariate(1 / 400)),
            helpful=rng.choice([None, None, True, True, False]),
        )
        for _ in range(count)
    ]
    created = MentorInteraction.objects.bulk_create(rows, batch_size=2000)
    # auto_now_add stamps "now": spread the calls over the last 30 days afterwards.
    for row in created:
        row.created_at = now - timedelta(minutes=rng.randint(0, 30 * 24 * 60))
    MentorInteraction.objects.bulk_update(created, ["created_at"], batch_size=2000)
    stdout.write(f"mentor: {len(QUESTIONS)} conversations, {count} interactions")
