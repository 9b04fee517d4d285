"""Read-only access to the site's own content (hackathons, jobs, projects, posts) and the
member's profile, for grounding the mentor and for suggestions.

Those belong to other apps; the mentor never writes them and reads them only through each
app's `mentor.py` (the contract is in apps/core/mentor.py). A kind whose app offers none (not
installed, or not migrated yet) is skipped instead of breaking the mentor.

It recommends only what a member can act on now (a hackathon still taking registrations, an
open job, a published post) and, for jobs and hackathons, only what fits the member's level:
no senior role for a student, no role asking three years of a beginner.
"""

from __future__ import annotations

import hashlib
import re
from types import ModuleType

from django.core.cache import cache
from django.db import DatabaseError

from apps.core.discovery import app_modules
from apps.core.mentor import (
    MemberContext,
    MemberProfile,
    MemberTrack,
    MentorContent,
    MentorItem,
    MentorProfiles,
)

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
    found = {kind: offered[kind] for kind in KIND_LABELS if kind in offered}
    return found, [kind for kind in KIND_LABELS if kind not in offered]


def _member_contexts() -> dict[str, MemberContext]:
    """An app declares one `MEMBER_CONTEXT`, or several as `MEMBER_CONTEXTS`."""
    found = {}
    for _label, module in app_modules("mentor"):
        declared = [getattr(module, "MEMBER_CONTEXT", None), *getattr(module, "MEMBER_CONTEXTS", ())]
        found |= {context.kind: context for context in declared if isinstance(context, MemberContext)}
    return found


def member_context_kinds() -> list[str]:
    """The kinds of a member's own things the mentor may be asked about (a quiz result)."""
    return list(_member_contexts())


def context_get(*, member, kind: str, pk: int) -> MentorItem | None:
    """The item a question is about: public content, or something of `member`'s own (their
    career quiz result); None when it does not exist, is not public or not theirs."""
    own = _member_contexts().get(kind)
    if own is not None:
        try:
            return own.get(member=member, pk=pk)
        except DatabaseError:
            return None
    return content_get(kind=kind, pk=pk)


def member_track(user) -> MemberTrack | None:
    """The member's career track from their newest quiz result, if an app knows one."""
    for context in _member_contexts().values():
        if context.track is not None:
            try:
                track = context.track(member=user)
            except DatabaseError:
                continue
            if track is not None:
                return track
    return None


def _profiles() -> ModuleType | None:
    return next(
        (module for _label, module in app_modules("mentor") if isinstance(module, MentorProfiles)), None
    )


def content_get(*, kind: str, pk: int) -> MentorItem | None:
    """One visible piece of content, or None when it does not exist, is not public, or its
    app is not there."""
    source = content_sources()[0].get(kind)
    return source.get(pk=pk) if source else None


def content_can_act_on(*, kind: str, pk: int) -> bool:
    """Whether a member can act on that item now (a hackathon still taking registrations)."""
    source = content_sources()[0].get(kind)
    return bool(source and source.can_act_on(pk=pk))


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


def member_level(user) -> MemberProfile:
    """`user`'s level, years and whether they study, in one query (no skills)."""
    source = _profiles()
    if source is not None:
        try:
            return source.mentor_member_level(member=user)
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


def suggestions_for(
    user, *, per_kind: int = 5, track: MemberTrack | None = None
) -> tuple[dict[str, list[dict]], list[str], tuple[str, ...]]:
    """Content for `user` by their profile skills, each with a one-line reason, and, when they
    have a career track from the quiz (`track`), content that fits the track next.

    Returns (items by kind, kinds skipped because their app is not there yet, the skills used).
    Without skills or track, the newest items are offered with a reason that says so.
    """
    skills = member_skill_names(user)
    level = member_level(user)
    tier = member_tier(level)
    # The suggestions depend on the skills, the level and the track alone (the content is
    # public), so members alike share one cached answer; new content shows within
    # SUGGESTIONS_CACHE_SECONDS.
    digest = hashlib.sha256(
        "\n".join(
            [tier, str(level.years), track.slug if track else "", *sorted(s.casefold() for s in skills)]
        ).encode()
    ).hexdigest()
    key = f"mentor:suggestions:{per_kind}:{digest}"
    cached = cache.get(key)
    if cached is not None:
        result, skipped = cached
        return result, skipped, skills
    skill_set = {s.casefold(): s for s in skills}
    sources, skipped = content_sources()
    result: dict[str, list[dict]] = {label: [] for label in KIND_LABELS.values()}
    for kind, source in sources.items():
        try:
            items = _suggest_kind(kind, source, skill_set, per_kind, level, track)
        except DatabaseError:
            skipped.append(kind)
            continue
        result[KIND_LABELS[kind]] = items
    cache.set(key, (result, skipped), SUGGESTIONS_CACHE_SECONDS)
    return result, skipped, skills


def _suggest_kind(
    kind: str,
    source: MentorContent,
    skill_set: dict[str, str],
    limit: int,
    level: MemberProfile,
    track: MemberTrack | None = None,
) -> list[dict]:
    out: list[dict] = []
    # Read more than shown: roles above the member's level are left out afterwards.
    tagged = source.for_skills(skills=list(skill_set.values()), limit=limit * 3) if skill_set else None
    if tagged is not None:
        tagged = [item for item in tagged if fits_member(item, level)][:limit]
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
    if track is not None and len(out) < limit and kind in {"job", "hackathon"}:
        # Fill up with what fits the member's career track (the quiz result), by its words.
        terms = [w for w in (search_terms(" ".join(track.keywords), limit=20)) if w not in QUESTION_WORDS]
        taken = {row["id"] for row in out}
        for item in source.search(terms=terms, limit=limit * 2) if terms else []:
            if item.pk not in taken and fits_member(item, level) and len(out) < limit:
                out.append(_suggestion(item, f"Fits your {track.name} track, from your career quiz."))
                taken.add(item.pk)
    if not out:
        reason = (
            "New on DiceyTech; nothing matches your skills yet."
            if skill_set
            else "New on DiceyTech. Add skills to your profile for suggestions that fit you."
        )
        newest = source.recent(limit=limit * 3) if kind == "job" else source.newest(limit=limit)
        out.extend(_suggestion(item, reason) for item in newest if fits_member(item, level))
        out = out[:limit]
    return out


def _suggestion(item: MentorItem, reason: str) -> dict:
    return {"id": item.pk, "title": item.title, "url": item.url, "reason": reason}


# --- Retrieval for a question, by intent and profile ---------------------------------------

# Words that say what kind of answer is wanted rather than what it is about: searching for
# "hackathon" in hackathons' text would rank them by how often they say the word.
QUESTION_WORDS = frozenset(
    """hackathon hackathons hack join joining enter which best good recommend suggest should
    next learn learning study job jobs role roles work internship internships intern interns
    apply applying application prepare preparing preparation interview interviews career
    careers find looking look search ready first start starting new beginner junior senior
    student skills skill site diceytech mentor get getting""".split()  # noqa: SIM905 - prose
)
# The job levels that fit a member, by how they describe themselves.
JOB_LEVELS_FOR = {
    "student": {"intern", "junior"},
    "beginner": {"intern", "junior"},
    "intermediate": {"junior", "mid"},
    "advanced": {"mid", "senior"},
}
# The levels that suit a member best (a hackathon's difficulty, a job's seniority): ranked
# first among those that fit.
BEST_LEVELS = {
    "student": {"beginner", "intern"},
    "beginner": {"beginner", "intern", "junior"},
    "intermediate": {"intermediate", "junior", "mid"},
    "advanced": {"advanced", "senior"},
}
# The most years of experience a role may ask of a member at each level (None: no limit).
MAX_YEARS_FOR = {"student": 1, "beginner": 1, "intermediate": 2, "advanced": None}
# What each intent looks for, in order of kinds.
KINDS_FOR_INTENT = {
    "hackathon": ("hackathon", "post"),
    "career": ("job", "post"),
    "interview": ("job", "post"),
    "learn": ("job", "post", "project"),
    "debug": ("post",),
    "code": ("post",),
    "site": (),
    "general": ("hackathon", "job", "project", "post"),
}
# Kinds recommended from the profile even when the question names no topic.
_BY_PROFILE = {"hackathon": ("hackathon",), "career": ("job",), "interview": ("job",), "learn": ("job",)}


def member_tier(profile: MemberProfile) -> str:
    """student, beginner, intermediate or advanced: what the member set, a student counted
    apart while they have not said they are past beginner."""
    level = profile.level or "beginner"
    if profile.student and level == "beginner":
        return "student"
    return level if level in JOB_LEVELS_FOR else "beginner"


def fits_member(item: MentorItem, profile: MemberProfile) -> bool:
    """Whether `item` is at the member's level: a job's seniority and the years it asks, a
    hackathon's difficulty. Other kinds fit everyone."""
    tier = member_tier(profile)
    if item.kind == "job":
        if item.level and item.level not in JOB_LEVELS_FOR[tier]:
            return False
        if tier == "advanced" and not item.level and item.years is not None and item.years < 2:
            return False
        limit = MAX_YEARS_FOR[tier]
        # A beginner's years elsewhere (a career changer's) do not make them a mid-level developer.
        if limit is not None and tier == "intermediate":
            limit = max(limit, profile.years + 1)
        return limit is None or item.years is None or item.years <= limit
    if item.kind == "hackathon":
        return not (tier in {"student", "beginner"} and item.level == "advanced")
    return True


def why_line(item: MentorItem, profile: MemberProfile) -> str:
    """One line on why `item` is worth the member's time."""
    known = {s.casefold() for s in profile.skills}
    have = [s for s in item.skills if s.casefold() in known]
    new = [s for s in item.skills if s.casefold() not in known]
    parts = [item.facts] if item.facts else []
    if have:
        parts.append(f"uses {_join(have[:3])}, which you list")
    elif new and item.kind in {"job", "hackathon"}:
        parts.append(f"asks for {_join(new[:3])}")
    if item.kind == "job" and item.years:
        parts.append(f"asks for {item.years}+ years")
    line = "; ".join(parts)
    return (line[0].upper() + line[1:] + ".") if line else ""


def _join(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + f" and {names[-1]}"


def topic_terms(text: str) -> list[str]:
    """The words of a question that name its topic (a technology, an error, a field)."""
    return [t for t in search_terms(text) if t not in QUESTION_WORDS]


def retrieve(
    *, message: str, intent: str, profile: MemberProfile, per_kind: int = 3, extra: str = ""
) -> list[MentorItem]:
    """What to ground an answer to `message` in: for each kind the intent looks at, items a
    member can act on now that fit their level, those about the question's topic first, then
    those sharing the member's skills. `extra` is more text to match (the context's title)."""
    terms = topic_terms(f"{message} {extra}")
    skills = list(profile.skills)
    known = {s.casefold() for s in skills}
    sources = content_sources()[0]
    found: list[MentorItem] = []
    for kind in KINDS_FOR_INTENT.get(intent, KINDS_FOR_INTENT["general"]):
        source = sources.get(kind)
        if source is None:
            continue
        by_profile = kind in _BY_PROFILE.get(intent, ())
        pool = per_kind * 4
        try:
            candidates = source.search(terms=terms, limit=pool) if terms else []
            if by_profile:
                if skills:
                    candidates += source.for_skills(skills=skills, limit=pool) or []
                candidates += source.recent(limit=pool)
        except DatabaseError:
            continue
        # One row per item, the reading that carries the most of its skills (a skill match on
        # PostgreSQL names only the matched ones).
        unique: dict[int, MentorItem] = {}
        for item in candidates:
            if item.pk not in unique or len(item.skills) > len(unique[item.pk].skills):
                unique[item.pk] = item
        wanted = wanted_job_level(message) if kind == "job" else ""
        ranked: list[tuple[int, int, int, MentorItem]] = []
        for item in unique.values():
            if not fits_member(item, profile) or (wanted and item.level != wanted):
                continue
            overlap = sum(1 for s in item.skills if s.casefold() in known)
            on_topic = 1 if terms and _mentions(item, terms) else 0
            at_level = 1 if item.level in BEST_LEVELS[member_tier(profile)] else 0
            ranked.append((-on_topic, -at_level, -overlap, item))
        ranked.sort(key=lambda row: row[:3])
        found.extend(row[3] for row in ranked[:per_kind])
    return found


_WANTED_LEVELS = [
    ("intern", re.compile(r"\bintern(ship)?s?\b")),
    ("senior", re.compile(r"\b(senior|lead|staff|principal)\b")),
    ("junior", re.compile(r"\b(junior|entry[- ]level|graduate)\b")),
]


def wanted_job_level(message: str) -> str:
    """The seniority a question asks for ("internships", "senior roles"), or empty."""
    lowered = message.lower()
    return next((level for level, pattern in _WANTED_LEVELS if pattern.search(lowered)), "")


def _mentions(item: MentorItem, terms: list[str]) -> bool:
    haystack = f"{item.title} {item.text} {' '.join(item.skills)}".lower()
    return any(term in haystack for term in terms)
