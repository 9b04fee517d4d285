"""Read-only access to the site's own content (hackathons, jobs, projects, posts) and the
member's profile, for grounding the mentor and for suggestions.

Those belong to other apps; the mentor never writes them and reads them only through each
app's `mentor.py` (the contract is in apps/core/mentor.py). A kind whose app offers none (not
installed, or not migrated yet) is skipped instead of breaking the mentor.
"""

from __future__ import annotations

import hashlib
import re
from types import ModuleType

from django.core.cache import cache
from django.db import DatabaseError

from apps.core.discovery import app_modules
from apps.core.mentor import MemberProfile, MentorContent, MentorItem, MentorProfiles
from apps.mentor.models import ContextType

# How long one set of skills keeps its suggestions before the content is read again.
SUGGESTIONS_CACHE_SECONDS = 120
KIND_LABELS = {"hackathon": "hackathons", "job": "jobs", "project": "projects", "post": "posts"}

_WORD = re.compile(r"[a-z0-9][a-z0-9+#.-]{1,30}")
STOPWORDS = frozenset(
    """about above after again against all also and any are aren't because been before being
    below between both but can cannot could did does doing don't down during each few for from
    further had has have having her here hers herself him himself his how i'm into its itself
    just let's more most much must my myself need nor not now off once only other ought our ours
    ourselves out over own same she should some such than that that's the their theirs them
    themselves then there these they this those through too under until use using very want was
    were what when where which while who whom why will with would you your yours yourself
    yourselves tell know get make like help please thing things way really""".split()  # noqa: SIM905 - easier to read and extend as prose
)


def content_sources() -> tuple[dict[str, MentorContent], list[str]]:
    """(what each app offers by kind, in the API's order of kinds; the kinds no installed app
    offers)."""
    offered = {
        content.kind: content
        for _label, module in app_modules("mentor")
        if isinstance(content := getattr(module, "CONTENT", None), MentorContent)
    }
    found = {kind: offered[kind] for kind in ContextType.values if kind in offered}
    return found, [kind for kind in ContextType.values if kind not in offered]


def _profiles() -> ModuleType | None:
    return next(
        (module for _label, module in app_modules("mentor") if isinstance(module, MentorProfiles)), None
    )


def content_get(*, kind: str, pk: int) -> MentorItem | None:
    """One visible piece of content, or None when it does not exist, is not public, or its
    app is not there."""
    source = content_sources()[0].get(kind)
    return source.get(pk=pk) if source else None


def search_terms(text: str, *, limit: int = 10) -> list[str]:
    """The meaningful words of a question, lower-case, without stop words, de-duplicated."""
    seen: list[str] = []
    for word in _WORD.findall(text.lower()):
        word = word.strip(".-")
        if len(word) >= 3 and word not in STOPWORDS and word not in seen:
            seen.append(word)
    return seen[:limit]


def content_search(*, text: str, limit: int = 4, kinds: tuple[str, ...] | None = None) -> list[MentorItem]:
    """Site content relevant to `text`, most relevant first within each kind (PostgreSQL
    full-text search, or a word-match fallback on other databases). At most `limit` items
    per kind."""
    terms = search_terms(text)
    if not terms:
        return []
    found: list[MentorItem] = []
    for kind, source in content_sources()[0].items():
        if kinds is not None and kind not in kinds:
            continue
        try:
            found.extend(source.search(terms=terms, limit=limit))
        except DatabaseError:
            # A model whose table is not migrated yet: leave it out of the answer.
            continue
    return found


def member_profile(user) -> MemberProfile:
    """Handle, name, skills and bio of `user`, as far as the profiles app has them."""
    source = _profiles()
    if source is not None:
        try:
            return source.mentor_member(member=user)
        except DatabaseError:
            pass
    return MemberProfile(handle=user.handle, name=user.display_name)


def member_skill_names(user) -> tuple[str, ...]:
    """The skill names on `user`'s profile, in one query (no profile row is loaded)."""
    source = _profiles()
    if source is None:
        return ()
    try:
        return source.mentor_member_skills(member=user)
    except DatabaseError:
        return ()


def _reason(matched: list[str]) -> str:
    if len(matched) == 1:
        return f"Matches your {matched[0]} skill."
    listed = ", ".join(matched[:-1]) + f" and {matched[-1]}"
    return f"Matches your {listed} skills."


def suggestions_for(user, *, per_kind: int = 5) -> tuple[dict[str, list[dict]], list[str], tuple[str, ...]]:
    """Content for `user` by their profile skills, each with a one-line reason.

    Returns (items by kind, kinds skipped because their app is not there yet, the skills used).
    Without skills, the newest items are offered with a reason that says so.
    """
    skills = member_skill_names(user)
    # The suggestions depend on the skills alone (the content is public), so members with the
    # same skills share one cached answer; new content shows within SUGGESTIONS_CACHE_SECONDS.
    digest = hashlib.sha256("\n".join(sorted(s.casefold() for s in skills)).encode()).hexdigest()
    key = f"mentor:suggestions:{per_kind}:{digest}"
    cached = cache.get(key)
    if cached is not None:
        result, skipped = cached
        return result, skipped, skills
    skill_set = {s.casefold(): s for s in skills}
    sources, skipped = content_sources()
    result: dict[str, list[dict]] = {KIND_LABELS[k]: [] for k in ContextType.values}
    for kind, source in sources.items():
        try:
            items = _suggest_kind(kind, source, skill_set, per_kind)
        except DatabaseError:
            skipped.append(kind)
            continue
        result[KIND_LABELS[kind]] = items
    cache.set(key, (result, skipped), SUGGESTIONS_CACHE_SECONDS)
    return result, skipped, skills


def _suggest_kind(kind: str, source: MentorContent, skill_set: dict[str, str], limit: int) -> list[dict]:
    out: list[dict] = []
    tagged = source.for_skills(skills=list(skill_set.values()), limit=limit) if skill_set else None
    if tagged is not None:
        for item in tagged:
            matched = [s for s in item.skills if s.casefold() in skill_set]
            out.append(_suggestion(item, _reason(matched or list(skill_set.values())[:1])))
    elif skill_set:
        # Content without skill tags: found by the skills' words instead.
        for item in content_search(text=" ".join(skill_set.values()), limit=limit, kinds=(kind,)):
            mentioned = [s for key, s in skill_set.items() if key in f"{item.title} {item.text}".lower()]
            out.append(
                _suggestion(item, f"Mentions {', '.join(mentioned[:3]) or 'your skills'}, from your profile.")
            )
    if not out:
        reason = (
            "New on DiceyTech; nothing matches your skills yet."
            if skill_set
            else "New on DiceyTech. Add skills to your profile for suggestions that fit you."
        )
        out.extend(_suggestion(item, reason) for item in source.newest(limit=limit))
    return out


def _suggestion(item: MentorItem, reason: str) -> dict:
    return {"id": item.pk, "title": item.title, "url": item.url, "reason": reason}
