"""What the mentor may read of the hackathon board (see apps/core/mentor.py). Every hackathon
is public: its status follows from its dates, and none is a draft."""

from __future__ import annotations

from apps.core.mentor import MentorContent, MentorItem, item_text
from apps.hackathons.models import Hackathon

KIND = "hackathon"


def _item(hackathon: Hackathon, skills: tuple[str, ...]) -> MentorItem:
    text = item_text(hackathon.tagline, hackathon.description)
    return MentorItem(KIND, hackathon.pk, hackathon.title, hackathon.get_absolute_url(), text, skills)


CONTENT = MentorContent(
    kind=KIND,
    public=Hackathon.objects.all,
    item=_item,
    searched=("title", "tagline", "description"),
    skills="technologies",
)
