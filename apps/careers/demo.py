"""Demo data: the quiz from content/careers/quiz-v1.toml, published, and finished quizzes for
some members (the demo member included, their track shown on their profile), so the result
page, the history and the staff statistics have something to show. Idempotent."""

from __future__ import annotations

import random
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone

from apps.careers import services
from apps.careers.content import quiz_read
from apps.careers.models import QuizSession, QuizVersion, Result
from apps.careers.tracks import TRACK_SLUGS

QUIZ_FILE = Path(settings.BASE_DIR) / "content" / "careers" / "quiz-v1.toml"
MEMBERS = {"small": 40, "large": 400}


def _answers(rng: random.Random, version: QuizVersion, leaning: str) -> dict[str, int]:
    """Answers of someone leaning to one track: agreeing with its statements, less with others'."""
    values = {}
    for item in version.items.all():
        if item.kind == "choice":
            values[item.key] = (
                1 if item.track == leaning else 2 if item.other_track == leaning else rng.choice([1, 2])
            )
            continue
        fit = 4.3 if item.track == leaning else 2.8
        value = max(1, min(5, round(rng.gauss(fit, 0.8))))
        values[item.key] = 6 - value if item.reverse else value
    return values


def seed(*, size: str, stdout) -> None:
    version = QuizVersion.objects.current()
    if version is None:
        version = services.quiz_import(data=quiz_read(QUIZ_FILE), publish=True)
    if QuizSession.objects.exists():
        stdout.write("careers: demo quizzes already there")
        return
    user_model = get_user_model()
    members = list(user_model.objects.order_by("pk")[: MEMBERS[size]])
    if not members:
        stdout.write("careers: no members yet, skipped")
        return
    demo = user_model.objects.filter(email="demo@example.com").first()
    if demo is not None and demo not in members:
        members = [demo, *members[:-1]]
    rng = random.Random(21)
    now = timezone.now()
    for n, member in enumerate(members):
        leaning = "builders" if member == demo else TRACK_SLUGS[n % len(TRACK_SLUGS)]
        session = QuizSession.objects.create(user=member, version=version)
        services.answers_save(session=session, values=_answers(rng, version, leaning))
        result = services.session_complete(session=session)
        # Spread over the last weeks (the demo member's is recent: no retake yet).
        done = now - timedelta(days=0 if member == demo else rng.randint(0, 60))
        QuizSession.objects.filter(pk=session.pk).update(
            completed_at=done, started_at=done - timedelta(minutes=9)
        )
        Result.objects.filter(pk=result.pk).update(created_at=done)
        if member == demo or rng.random() < 0.4:
            services.result_share_set(result=result, shared=True)
    stdout.write(f"careers: quiz v{version.number}, {len(members)} finished quizzes")
