"""Who may see and write what in learning, in one place."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qs, urlparse

from django.conf import settings
from django.http import Http404

from apps.core.permissions import has_permission, is_verified_staff
from apps.learning.models import Course

TEACH_PERMISSION = "learning.teach_course"


def can_teach(user) -> bool:
    """Instructors (the teach_course permission) and verified staff write courses on the site."""
    return bool(user.is_authenticated and (is_verified_staff(user) or has_permission(user, TEACH_PERMISSION)))


def course_for_view(*, user, slug: str) -> Course:
    """A published course, or an unpublished one for those who can teach; 404 otherwise."""
    course = Course.objects.filter(slug=slug).first()
    if course is None or not (course.published or can_teach(user)):
        raise Http404("No such course.")
    return course


@dataclass(frozen=True)
class VideoEmbed:
    host: str
    src: str


def video_embed_url(url: str) -> VideoEmbed | None:
    """The embeddable address of a lesson video, or None when its host is not allowed.
    YouTube watch and short links become privacy-enhanced embeds."""
    if not url:
        return None
    parsed = urlparse(url)
    host = (parsed.hostname or "").lower()
    if parsed.scheme != "https" or host not in settings.LEARNING_VIDEO_HOSTS:
        return None
    if host in {"www.youtube.com", "youtube.com"} and parsed.path == "/watch":
        video_id = parse_qs(parsed.query).get("v", [""])[0]
        return (
            VideoEmbed("www.youtube-nocookie.com", f"https://www.youtube-nocookie.com/embed/{video_id}")
            if video_id.isascii() and video_id.replace("-", "").replace("_", "").isalnum()
            else None
        )
    if host == "youtu.be":
        video_id = parsed.path.strip("/")
        return (
            VideoEmbed("www.youtube-nocookie.com", f"https://www.youtube-nocookie.com/embed/{video_id}")
            if video_id.replace("-", "").replace("_", "").isalnum()
            else None
        )
    return VideoEmbed(host, url)
