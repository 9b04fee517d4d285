"""What the careers app holds about a member: their quiz sessions with every answer, and the
results scored from them. Export it, or erase it."""

from __future__ import annotations

from django.db import transaction

from apps.careers.models import Answer, QuizSession, Result


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def export_member_data(user) -> dict:
    sessions = QuizSession.objects.filter(user=user).select_related("version").order_by("started_at")
    answers: dict[int, list[dict]] = {}
    for answer in Answer.objects.filter(session__user=user).select_related("item").order_by("item__position"):
        item = answer.item
        answers.setdefault(answer.session_id, []).append(
            {
                "item": item.key,
                "statement": item.text if item.kind == "likert" else f"{item.text} / {item.other_text}",
                "answer": answer.value,
            }
        )
    results: dict[int, list[dict]] = {}
    for result in Result.objects.filter(user=user).order_by("created_at"):
        results.setdefault(result.session_id, []).append(
            {
                "scoring_version": result.scoring_version,
                "primary_track": result.primary_track,
                "secondary_track": result.secondary_track,
                "confidence": result.confidence,
                "margin": result.margin,
                "flags": result.flags,
                "track_scores": result.track_scores,
                "category_scores": result.category_scores,
                "reasons": [reason["text"] for reason in result.reasons],
                "shown_on_profile": result.shared,
                "created_at": _iso(result.created_at),
            }
        )
    return {
        "quizzes": [
            {
                "quiz_version": session.version.number,
                "started_at": _iso(session.started_at),
                "completed_at": _iso(session.completed_at),
                "answers": answers.get(session.pk, []),
                "results": results.get(session.pk, []),
            }
            for session in sessions
        ]
    }


@transaction.atomic
def erase_member_data(user) -> None:
    """Delete the member's results, answers and sessions."""
    Result.objects.filter(user=user).delete()
    Answer.objects.filter(session__user=user).delete()
    QuizSession.objects.filter(user=user).delete()
