"""What the learning app holds about a member: export it, or erase it."""

from __future__ import annotations

from django.db import transaction

from apps.learning.models import Attempt, Certificate, Enrollment, LessonProgress


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def export_member_data(user) -> dict:
    return {
        "enrollments": [
            {
                "course": e.course.title,
                "enrolled_at": _iso(e.created_at),
                "completed_at": _iso(e.completed_at),
            }
            for e in Enrollment.objects.filter(user=user).select_related("course").order_by("created_at")
        ],
        "lessons_read": [
            {
                "course": p.lesson.module.course.title,
                "lesson": p.lesson.title,
                "read_at": _iso(p.completed_at),
            }
            for p in LessonProgress.objects.filter(user=user)
            .select_related("lesson__module__course")
            .order_by("completed_at")
        ],
        "attempts": [
            {
                "course": a.exercise.module.course.title,
                "exercise": a.exercise.title,
                "exercise_version": a.version.number,
                "code": a.code,
                "status": a.status,
                "verdict": a.verdict,
                "summary": a.summary,
                "tests": a.result.get("tests", []),
                "duration_ms": a.duration_ms,
                "submitted_at": _iso(a.created_at),
            }
            for a in Attempt.objects.filter(user=user)
            .select_related("exercise__module__course", "version")
            .order_by("created_at")
        ],
        "certificates": [
            {
                "number": c.number,
                "course": c.course_title,
                "name": c.recipient_name,
                "issued_at": _iso(c.issued_at),
                "revoked_at": _iso(c.revoked_at),
            }
            for c in Certificate.objects.filter(user=user).order_by("issued_at")
        ],
    }


@transaction.atomic
def erase_member_data(user) -> None:
    """Delete the member's attempts, progress and enrolments. Certificates stay verifiable
    (someone may hold the paper) but no longer name them: the page then says "issued to a
    former member". Their PDFs, which carry the name, are deleted."""
    Attempt.objects.filter(user=user).delete()
    LessonProgress.objects.filter(user=user).delete()
    Enrollment.objects.filter(user=user).delete()
    for certificate in Certificate.objects.filter(user=user):
        if certificate.pdf:
            certificate.pdf.delete(save=False)
        certificate.user = None
        certificate.recipient_name = ""
        certificate.pdf = ""
        certificate.pdf_generated_at = None
        certificate.save(update_fields=["user", "recipient_name", "pdf", "pdf_generated_at"])
