"""Signed links in event emails: confirm (valid 7 days) and the private status page.

A token carries the form kind and the submission's random UUID, never its primary key; once
the row is deleted the link leads nowhere.
"""

from __future__ import annotations

import uuid
from datetime import timedelta

from django.conf import settings
from django.core import signing

CONFIRM_SALT = "events.confirm"
STATUS_SALT = "events.status"


class LinkExpired(Exception):
    pass


class LinkInvalid(Exception):
    pass


def _dump(submission, salt: str) -> str:
    return signing.dumps({"k": submission.KIND, "t": str(submission.token)}, salt=salt, compress=True)


def confirm_token(submission) -> str:
    return _dump(submission, CONFIRM_SALT)


def status_token(submission) -> str:
    return _dump(submission, STATUS_SALT)


def _load(token: str, salt: str, max_age: timedelta | None) -> tuple[str, uuid.UUID]:
    try:
        payload = signing.loads(token, salt=salt, max_age=max_age)
    except signing.SignatureExpired as exc:
        raise LinkExpired from exc
    except signing.BadSignature as exc:
        raise LinkInvalid from exc
    try:
        return str(payload["k"]), uuid.UUID(str(payload["t"]))
    except (KeyError, TypeError, ValueError) as exc:
        raise LinkInvalid from exc


def confirm_token_load(token: str) -> tuple[str, uuid.UUID]:
    return _load(token, CONFIRM_SALT, timedelta(days=settings.EVENTS_CONFIRM_MAX_AGE_DAYS))


def status_token_load(token: str) -> tuple[str, uuid.UUID]:
    return _load(token, STATUS_SALT, None)
