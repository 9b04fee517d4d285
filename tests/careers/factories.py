"""Quiz answers and finished quizzes for tests, made through the services."""

from __future__ import annotations

from apps.careers import services
from apps.careers.models import QuizSession, QuizVersion, Result


def answers_leaning(version: QuizVersion, track: str) -> dict[str, int]:
    """Answers of a member who fits `track`: agreeing with its statements (and disagreeing
    with its reverse-worded ones), mildly disagreeing with the other tracks', choosing it in
    every forced choice it is in."""
    values = {}
    for item in version.items.all():
        if item.kind == "choice":
            values[item.key] = 2 if item.other_track == track else 1
            continue
        value = 5 if item.track == track else 2
        values[item.key] = 6 - value if item.reverse else value
    return values


def finished_quiz(user, version: QuizVersion, track: str = "builders") -> Result:
    session = QuizSession.objects.create(user=user, version=version)
    services.answers_save(session=session, values=answers_leaning(version, track))
    return services.session_complete(session=session)
