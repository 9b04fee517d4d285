"""What the AI mentor may read of other apps: the contract of their `mentor.py` modules, and
the query helpers those modules share.

The mentor grounds its answers in the site's own public content and suggests some of it to
members. It reads another app only through that app's `apps/<app>/mentor.py`, found with
`apps.core.discovery.app_modules("mentor")`:

- an app with content to offer declares `CONTENT = MentorContent(...)`: the name the mentor's
  API uses for one item (such as "job"), the QuerySet of what anyone may see, the QuerySet of
  what a member can act on now (join, apply to, read), how a row becomes a `MentorItem`, the
  fields searched and the skills field, if its rows are tagged;
- the profiles app implements `MentorProfiles`: what the mentor knows of the member asking;
- an app holding something of the member's own that they may ask about (a career quiz result)
  declares `MEMBER_CONTEXT = MemberContext(...)`: it is read only for its owner, never public.

The mentor's evaluation (`manage.py mentor_eval`) builds a small fixed world of content in a
throwaway database; each app makes its own rows for it through `MentorContent.sample` and
`MentorProfiles.mentor_sample_member`, so the evaluation never writes another app's models.

Each app states there, in plain code, what is public and what an item's title and text are;
the mentor reads through those alone and never looks at another app's models.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from django.contrib.postgres.aggregates import ArrayAgg
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection, models
from django.db.models import Count, F, Q, QuerySet, Subquery
from django.utils.html import strip_tags

from apps.core.markdown import render_markdown

# How much of an item's text the mentor gets, and how long a title made from it may be.
TEXT_LIMIT = 600
TITLE_FROM_TEXT = 60
# The non-PostgreSQL fallback scores this many newest word matches in Python.
FALLBACK_CANDIDATES = 50
# On PostgreSQL, the newest matches of a search that are ranked by relevance.
RANK_CANDIDATES = 200


@dataclass(frozen=True)
class MentorItem:
    """One public piece of content, as the mentor sees it."""

    kind: str
    pk: int
    title: str
    url: str
    text: str = ""
    skills: tuple[str, ...] = ()
    # What matters about it now, in a few words ("Registration open until 12 December").
    facts: str = ""
    # Who it is for: a job's seniority (intern, junior, mid, senior) or a hackathon's
    # difficulty (beginner, intermediate, advanced); empty when the item does not say.
    level: str = ""
    # The years of experience a job asks for, when its text says.
    years: int | None = None
    # What one of its kind is called in a reply ("Career quiz result"); the kind by default.
    label: str = ""

    @property
    def kind_label(self) -> str:
        return self.label or self.kind.capitalize()

    def as_source(self) -> dict[str, str]:
        return {"title": f"{self.kind_label}: {self.title}", "url": self.url}


@dataclass(frozen=True)
class MemberProfile:
    """What the mentor knows of the member asking."""

    handle: str
    name: str
    skills: tuple[str, ...] = ()
    about: str = ""
    # beginner | intermediate | advanced, as the member set it on their profile.
    level: str = ""
    # Whole years of work experience on their profile, and whether they study now.
    years: int = 0
    student: bool = False


@runtime_checkable
class MentorProfiles(Protocol):
    """The profiles app's `mentor.py`."""

    def mentor_member(self, *, member) -> MemberProfile:
        """The member's handle, name, profile skills and a short bio."""

    def mentor_member_skills(self, *, member) -> tuple[str, ...]:
        """The skill names on the member's profile, by name."""

    def mentor_member_level(self, *, member) -> MemberProfile:
        """In one query: the member's handle, level, years and whether they study (no skills)."""

    def mentor_sample_member(self, *, spec: dict):
        """A member for the mentor's evaluation world: handle, level, skills, years, student."""


@dataclass(frozen=True)
class MemberTrack:
    """The member's career track from their newest quiz result."""

    slug: str
    name: str
    confidence: str
    careers: tuple[str, ...]
    url: str
    # Words that mark content as fitting the track (job titles, hackathon themes).
    keywords: tuple[str, ...] = ()


@dataclass(frozen=True)
class MemberContext:
    """Something of the member's own the mentor may be asked about (`?context=<kind>:<id>`).
    `get(member=, pk=)` returns it as a MentorItem only when it is that member's (None
    otherwise: never another member's); `track(member=)` is the member's career track for
    suggestions, when the app knows one."""

    kind: str
    get: Callable[..., MentorItem | None]
    track: Callable[..., MemberTrack | None] | None = None


# --- Helpers for the apps' mentor.py ---------------------------------------------------------


def plain_text(markdown: str) -> str:
    """What a reader sees of `markdown`, as one line of text: no `##`, backticks or link
    syntax (the mentor quotes it inside its own replies)."""
    return " ".join(html.unescape(strip_tags(render_markdown(markdown))).split())


def item_text(*parts: str) -> str:
    """An item's text from its fields (Markdown), in order, as plain text without empty ones,
    cut to TEXT_LIMIT."""
    return " ".join(plain_text(p) for p in parts if p and p.strip())[:TEXT_LIMIT]


def item_title(title: str, text: str, *, kind: str, pk: int) -> str:
    """`title`, or for an untitled item the start of its text (or "post #4")."""
    if title:
        return title
    return (text[:TITLE_FROM_TEXT] + "…") if len(text) > TITLE_FROM_TEXT else text or f"{kind} #{pk}"


def skill_names(obj: models.Model, field: str) -> tuple[str, ...]:
    """The names of the skills in `obj`'s many-to-many `field` (prefetched by the caller)."""
    return tuple(skill.name for skill in getattr(obj, field).all())


def text_search(
    qs: QuerySet, *, fields: Iterable[str], terms: list[str], limit: int, vector: str | None = None
) -> list[models.Model]:
    """The rows of `qs` whose `fields` hold any of `terms`, most relevant first: PostgreSQL
    full-text search ranked by relevance, or a word count on other databases.

    On PostgreSQL the rows are matched with `@@` and only the matches ranked: `vector` names
    a stored, indexed tsvector column to match (posts keep one), otherwise the document is
    built from `fields`, which an expression index on the same SearchVector serves (jobs).
    Ranking every row to keep those above zero read all 200,000 posts' text (7 s)."""
    fields = list(fields)
    if connection.vendor == "postgresql":
        # Only [a-z0-9] survive in the raw query, so nothing the member typed is tsquery syntax.
        safe = [re.sub(r"[^a-z0-9]", "", t) for t in terms]
        raw = " | ".join(t for t in safe if t)
        if not raw:
            return []
        query = SearchQuery(raw, search_type="raw", config="english")
        document = F(vector) if vector else SearchVector(*fields, config="english")
        # Common words match half the jobs; ranking means computing each one's document
        # again, so only the newest RANK_CANDIDATES matches are ranked.
        newest = (
            qs.annotate(mentor_document=document)
            .filter(mentor_document=query)
            .order_by("-pk")
            .values("pk")[:RANK_CANDIDATES]
        )
        ranked = (
            qs.filter(pk__in=Subquery(newest))
            .annotate(mentor_rank=SearchRank(document, query))
            .order_by("-mentor_rank", "-pk")
        )
        return list(ranked[:limit])
    condition = Q()
    for term in terms:
        for name in fields:
            condition |= Q(**{f"{name}__icontains": term})
    candidates = list(qs.filter(condition).order_by("-pk")[:FALLBACK_CANDIDATES])

    def score(obj: models.Model) -> int:
        haystack = " ".join(str(getattr(obj, n) or "") for n in fields).lower()
        return sum(haystack.count(term) for term in terms)

    return sorted(candidates, key=score, reverse=True)[:limit]


def skill_matches(
    qs: QuerySet, *, field: str, skills: list[str], limit: int
) -> list[tuple[models.Model, tuple[str, ...]]]:
    """(row, the names of its skills) for the rows of `qs` tagged in their many-to-many
    `field` with any of `skills`, the most matches first. On PostgreSQL the names are only
    the matched ones and come with the rows (one query); elsewhere all of the row's skills
    are prefetched."""
    matching = Q(**{f"{field}__name__in": skills})
    ranked = (
        qs.filter(matching)
        .annotate(mentor_matched=Count(field, filter=matching, distinct=True))
        .order_by("-mentor_matched", "-pk")
    )
    if connection.vendor == "postgresql":
        ranked = ranked.annotate(
            mentor_matched_names=ArrayAgg(f"{field}__name", filter=matching, distinct=True)
        )
        return [(obj, tuple(obj.mentor_matched_names)) for obj in ranked[:limit]]
    return [(obj, skill_names(obj, field)) for obj in ranked.prefetch_related(field)[:limit]]


@dataclass(frozen=True)
class MentorContent:
    """The mentor's reads of one kind of an app's content, from what the app states.

    `public` returns what anyone may see (never a draft, a closed job, a hidden post): a
    member may ask about any of it. `actionable` returns the part a member can act on now (a
    hackathon still taking registrations, not one that ended); the mentor recommends and
    searches only that, and it defaults to `public`. `item` turns one row, with the names of
    its skills, into a MentorItem; `searched` are the text fields a question is matched
    against; `skills` is the many-to-many field to profiles' Skill when the rows are tagged
    with skills (None otherwise).
    """

    kind: str
    public: Callable[[], QuerySet]
    item: Callable[[models.Model, tuple[str, ...]], MentorItem]
    searched: tuple[str, ...]
    # A stored, indexed tsvector column holding the searched text, where the rows keep one.
    vector: str | None = None
    skills: str | None = None
    actionable: Callable[[], QuerySet] | None = None
    # Makes one row from an entry of the evaluation world (a dict from the questions file).
    sample: Callable[[dict], models.Model] | None = None

    def _now(self) -> QuerySet:
        return (self.actionable or self.public)()

    def _with_skills(self, qs: QuerySet) -> QuerySet:
        return qs.prefetch_related(self.skills) if self.skills else qs

    def _names(self, obj: models.Model) -> tuple[str, ...]:
        return skill_names(obj, self.skills) if self.skills else ()

    def get(self, *, pk: int) -> MentorItem | None:
        """The public item `pk`, or None when it does not exist or is not public."""
        obj = self._with_skills(self.public()).filter(pk=pk).first()
        return self.item(obj, self._names(obj)) if obj else None

    def can_act_on(self, *, pk: int) -> bool:
        """Whether a member can act on item `pk` now (join it, apply to it)."""
        return self._now().filter(pk=pk).exists()

    def search(self, *, terms: list[str], limit: int) -> list[MentorItem]:
        """Items a member can act on about `terms` (lower-case words), most relevant first."""
        found = text_search(
            self._with_skills(self._now()), fields=self.searched, terms=terms, limit=limit, vector=self.vector
        )
        return [self.item(obj, self._names(obj)) for obj in found]

    def for_skills(self, *, skills: list[str], limit: int) -> list[MentorItem] | None:
        """Items a member can act on tagged with any of `skills`, the most matches first, each carrying the
        names of its skills (on PostgreSQL only the matched ones); None when the rows carry
        no skills."""
        if not self.skills:
            return None
        matches = skill_matches(self._now(), field=self.skills, skills=skills, limit=limit)
        return [self.item(obj, names) for obj, names in matches]

    def recent(self, *, limit: int) -> list[MentorItem]:
        """The newest items a member can act on, each with all its skills."""
        rows = self._with_skills(self._now()).order_by("-pk")[:limit]
        return [self.item(obj, self._names(obj)) for obj in rows]

    def newest(self, *, limit: int) -> list[MentorItem]:
        """The newest items a member can act on (their skills are not read)."""
        return [self.item(obj, ()) for obj in self._now().order_by("-pk")[:limit]]
