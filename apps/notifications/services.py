"""The one way any app tells a member something happened."""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.db import IntegrityError, models, transaction
from django.urls import reverse
from django.utils import timezone

from apps.core.live import publish, user_channel
from apps.notifications.models import Channel, DigestSubscription, Notification, NotificationPreference

logger = logging.getLogger(__name__)

# The kinds a member can set preferences for (in-app, email, off).
KINDS = {
    "comment": "Comments on my posts",
    "reply": "Replies to my comments",
    "mention": "Mentions of me",
    "reaction": "Reactions to my posts and comments",
    "follow": "New followers",
    "job_application": "Job application updates",
    "team_invite": "Hackathon team invites and requests",
    "hackathon_result": "Hackathon results",
    "event_decision": "Event application decisions",
    "moderation": "Moderation decisions",
    "project": "Project invitations, join requests and tasks",
    "learning": "Course completions and certificates",
    "program": "Programs: application decisions, mission reviews, completion",
    "mentorship": "Mentorship requests and sessions",
}

# Repeats of these on the same target fold into one unread row: "5 people reacted to your post".
GROUPED_KINDS = frozenset({"reaction", "follow", "comment"})
# How many actor handles a grouped row remembers (the summary names the latest one).
MAX_ACTOR_HANDLES = 5


def preference_for(*, user, kind: str) -> str:
    row = (
        NotificationPreference.objects.filter(user=user, kind=kind).values_list("channel", flat=True).first()
    )
    return row or Channel.IN_APP


def notify(
    *,
    recipient,
    kind: str,
    verb: str,
    actor=None,
    target: models.Model | None = None,
    url: str = "",
) -> object | None:
    """Tell `recipient` that `actor` did `verb` (e.g. "commented on your post") to `target`.

    Call it inside the caller's transaction. Respects the recipient's preference for `kind`
    (in-app, email through the outbox, or off), groups repeats (five reactions become "5
    people reacted to your post") and never notifies members about their own actions.
    Returns the notification, or None when nothing was written.
    """
    if kind not in KINDS:
        raise ValueError(f"Unknown notification kind {kind!r}; add it to KINDS.")
    if recipient is None or not getattr(recipient, "is_active", True):
        return None
    if actor is not None and actor.pk == recipient.pk:
        return None
    url = _safe_url(url)
    channel = preference_for(user=recipient, kind=kind)
    if channel == Channel.OFF:
        return None
    with transaction.atomic():
        notification = _write(recipient=recipient, kind=kind, verb=verb, actor=actor, target=target, url=url)
        if channel == Channel.EMAIL:
            _enqueue_email(notification)
        _tell_open_pages(recipient.pk)
    return notification


def _tell_open_pages(user_id: int) -> None:
    """The member's open pages refresh their bell and list (after commit; no-op without
    live updates, where the bell polls)."""
    publish(user_channel(user_id), "notification")


def _write(*, recipient, kind: str, verb: str, actor, target, url: str) -> Notification:
    now = timezone.now()
    target_type = ContentType.objects.get_for_model(target) if target is not None else None
    target_id = target.pk if target is not None else None
    handle = getattr(actor, "handle", None)
    if kind in GROUPED_KINDS:
        existing = (
            Notification.objects.select_for_update()
            .filter(recipient=recipient, kind=kind, target_type=target_type, target_id=target_id)
            .unread()
            .order_by("-created")
            .first()
        )
        if existing is not None:
            handles = [h for h in existing.actor_handles if h != handle]
            if handle is not None and handle in existing.actor_handles:
                # The same person again (e.g. a second reaction kind): no new person to count.
                existing.actor_handles = [handle, *handles][:MAX_ACTOR_HANDLES]
                existing.created = now
                existing.save(update_fields=["actor_handles", "created"])
                return existing
            existing.count += 1
            existing.actor = actor
            existing.actor_handles = ([handle] if handle else []) + handles[: MAX_ACTOR_HANDLES - 1]
            existing.verb = verb
            existing.url = url or existing.url
            existing.created = now
            existing.save(update_fields=["count", "actor", "actor_handles", "verb", "url", "created"])
            return existing
    return Notification.objects.create(
        recipient=recipient,
        actor=actor,
        kind=kind,
        verb=verb,
        target_type=target_type,
        target_id=target_id,
        url=url,
        created=now,
        actor_handles=[handle] if handle else [],
    )


def _safe_url(url: str) -> str:
    """Only site paths and http(s) links end up in an href: never javascript: or //evil."""
    url = (url or "").strip()[:500]
    if url.startswith("/") and not url.startswith("//"):
        return url
    if url.startswith(("https://", "http://")):
        return url
    return ""


def _absolute(url: str) -> str:
    if url.startswith(("http://", "https://")):
        return url
    return f"{settings.SITE_URL}{url or reverse('notifications:list')}"


def _enqueue_email(notification: Notification) -> None:
    from apps.mailer.services import email_enqueue

    email_enqueue(
        to=notification.recipient.email,
        template="notifications/notification",
        context={
            "summary": notification.summary,
            "kind_label": KINDS[notification.kind],
            "url": _absolute(notification.url),
            "preferences_url": settings.SITE_URL + reverse("notifications:preferences"),
        },
        key=f"notification:{notification.pk}:{notification.count}",
        related=notification,
        list_unsubscribe=unsubscribe_url(user=notification.recipient, topic=notification.kind),
    )


# --- Unsubscribe links --------------------------------------------------------------------
# Every email a member can turn off carries a signed link (and the List-Unsubscribe headers,
# RFC 8058) that turns it off without a login: the digest, or the emails of one kind.

DIGEST = "digest"
UNSUBSCRIBE_SALT = "notifications.unsubscribe"


class UnsubscribeLinkInvalid(Exception):
    pass


def unsubscribe_topics() -> dict[str, str]:
    """Every topic a link can turn off, with what the page calls it."""
    return {DIGEST: "the weekly digest", **{kind: f"emails about “{label}”" for kind, label in KINDS.items()}}


def unsubscribe_url(*, user, topic: str) -> str:
    if topic not in unsubscribe_topics():
        raise ValueError(f"Unknown unsubscribe topic {topic!r}.")
    token = signing.dumps({"u": user.pk, "t": topic}, salt=UNSUBSCRIBE_SALT, compress=True)
    return settings.SITE_URL + reverse("notifications:unsubscribe", args=[token])


def unsubscribe_token_load(token: str) -> tuple[object, str]:
    """(member, topic) of a link, or UnsubscribeLinkInvalid. Links do not expire: an old
    email must still be able to stop the next one."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature as error:
        raise UnsubscribeLinkInvalid from error
    if not isinstance(data, dict) or data.get("t") not in unsubscribe_topics():
        raise UnsubscribeLinkInvalid
    user = get_user_model().objects.filter(pk=data.get("u")).first()
    if user is None:
        raise UnsubscribeLinkInvalid
    return user, data["t"]


@transaction.atomic
def email_unsubscribe(*, user, topic: str) -> None:
    """Turn off the digest, or the emails of one kind (the in-app notifications stay on)."""
    if topic == DIGEST:
        DigestSubscription.objects.filter(user=user).update(weekly=False)
        return
    if topic not in KINDS:
        raise ValueError(f"Unknown unsubscribe topic {topic!r}.")
    NotificationPreference.objects.filter(user=user, kind=topic, channel=Channel.EMAIL).update(
        channel=Channel.IN_APP
    )


@transaction.atomic
def notification_mark_read(*, user, pk: int) -> Notification:
    notification = Notification.objects.for_recipient(user).get(pk=pk)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
        _tell_open_pages(user.pk)
    return notification


@transaction.atomic
def notification_mark_all_read(*, user) -> int:
    marked = Notification.objects.for_recipient(user).unread().update(read_at=timezone.now())
    if marked:
        _tell_open_pages(user.pk)
    return marked


@transaction.atomic
def preferences_set(*, user, channels: dict[str, str], weekly_digest: bool) -> None:
    """Store a channel per kind (unknown kinds and channels are rejected) and the digest choice."""
    for kind, channel in channels.items():
        if kind not in KINDS or channel not in Channel.values:
            raise ValueError(f"Invalid preference {kind}={channel}")
        try:
            with transaction.atomic():
                NotificationPreference.objects.update_or_create(
                    user=user, kind=kind, defaults={"channel": channel}
                )
        except IntegrityError:  # a concurrent save created the row first
            NotificationPreference.objects.filter(user=user, kind=kind).update(channel=channel)
    DigestSubscription.objects.update_or_create(user=user, defaults={"weekly": weekly_digest})


@transaction.atomic
def digest_mark_sent(*, user, when) -> None:
    DigestSubscription.objects.filter(user=user).update(last_sent_at=when)
