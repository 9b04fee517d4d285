"""What the mentor may read of the careers app (see apps/core/mentor.py): a member's own quiz
result, as the context of a question ("ask the mentor about this plan",
`/mentor/?context=careers_result:<id>`), and their track for suggestions. Results are private:
the mentor reads one only for the member it belongs to."""

from __future__ import annotations

from apps.careers.models import Result
from apps.careers.scoring import CONFIDENCE_WORDS, RETAKE_ADVICE
from apps.careers.selectors import result_latest_for_member
from apps.careers.tracks import track_by_slug, track_keywords
from apps.core.mentor import MemberContext, MemberTrack, MentorItem

KIND = "careers_result"


def result_item(result: Result) -> MentorItem:
    """The result as the mentor reads it: the track, its careers, how sure, and the reasons."""
    track = track_by_slug(result.primary_track)
    confidence = RETAKE_ADVICE if result.flags else CONFIDENCE_WORDS[result.confidence]
    facts = f"{track.name} track ({', '.join(track.careers)}); {result.get_confidence_display().lower()} confidence"
    if result.secondary_track:
        facts += f"; close second: {track_by_slug(result.secondary_track).name}"
    reasons = " ".join(reason["text"] for reason in result.reasons[:5])
    return MentorItem(
        KIND,
        result.pk,
        f"{track.name} ({track.focus.split(':')[0].lower()})",
        result.get_absolute_url(),
        f"{confidence} Why: {reasons}"[:600],
        facts=facts,
        label="Career quiz result",
    )


def _get(*, member, pk: int) -> MentorItem | None:
    result = Result.objects.filter(pk=pk, user=member).first() if member.is_authenticated else None
    return result_item(result) if result else None


def _track(*, member) -> MemberTrack | None:
    result = result_latest_for_member(user=member)
    if result is None:
        return None
    track = track_by_slug(result.primary_track)
    return MemberTrack(
        slug=track.slug,
        name=track.name,
        confidence=result.confidence,
        careers=track.careers,
        url=result.get_absolute_url(),
        keywords=track_keywords(track.slug),
    )


MEMBER_CONTEXT = MemberContext(kind=KIND, get=_get, track=_track)
