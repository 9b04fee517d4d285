"""What the mentor may read of mentorship and coaching (see apps/core/mentor.py): a member's
own coaching (goals, habits and last reflections) as the context of a question,
`/mentor/?context=coaching:<their member id>`. It is read only for the member it belongs to:
any other id gives nothing."""

from __future__ import annotations

from django.urls import reverse

from apps.core.mentor import MemberContext, MentorItem

KIND = "coaching"
TEXT_LIMIT = 1500


def _get(*, member, pk: int) -> MentorItem | None:
    from apps.mentorship.coach import coaching_context

    if not member.is_authenticated or member.pk != pk:
        return None
    context = coaching_context(user=member)
    facts = f"{len(context.goals)} active goals, {len(context.habits)} habits, {len(context.reflections)} recent reflections"
    return MentorItem(
        KIND,
        member.pk,
        "Your goals, habits and reflections",
        reverse("coaching:home"),
        context.as_text()[:TEXT_LIMIT],
        facts=facts,
        label="Coaching",
    )


MEMBER_CONTEXT = MemberContext(kind=KIND, get=_get)
