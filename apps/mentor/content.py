"""Read-only access to the site's own content (hackathons, jobs, projects, posts) and the
member's profile, for grounding the mentor and for suggestions.

Those models belong to other apps; the mentor never writes them. Each is looked up by app label
and model name and read through its fields' metadata, so a category whose app is not installed
(or not migrated yet) is skipped instead of breaking the mentor.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.postgres.aggregates import ArrayAgg
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.core.cache import cache
from django.db import DatabaseError, connection, models
from django.db.models import Count, Q, QuerySet
from django.urls import NoReverseMatch

# kind → (app label, model name, listing URL used when an object has no get_absolute_url)
CONTENT_KINDS: dict[str, tuple[str, str, str]] = {
    "hackathon": ("hackathons", "Hackathon", "/hackathons/"),
    "job": ("jobs", "Job", "/jobs/"),
    "project": ("projects", "Project", "/projects/"),
    "post": ("community", "Post", "/feed/"),
}
# How long one set of skills keeps its suggestions before the content is read again.
SUGGESTIONS_CACHE_SECONDS = 120
KIND_LABELS = {"hackathon": "hackathons", "job": "jobs", "project": "projects", "post": "posts"}

_TITLE_FIELDS = ("title", "name", "headline")
_TEXT_FIELDS = ("tagline", "summary", "excerpt", "description", "body", "content", "text", "about")
# Manager/QuerySet methods that the other apps may expose for what the public can see.
_VISIBLE_METHODS = ("listed", "open", "published", "visible", "public")
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


@dataclass(frozen=True)
class ContentItem:
    kind: str
    pk: int
    title: str
    url: str
    text: str = ""
    skills: tuple[str, ...] = ()

    def as_source(self) -> dict[str, str]:
        return {"title": f"{self.kind.capitalize()}: {self.title}", "url": self.url}


@dataclass(frozen=True)
class MemberProfile:
    handle: str
    name: str
    skills: tuple[str, ...] = ()
    about: str = ""


@dataclass
class ContentModel:
    kind: str
    model: type[models.Model]
    listing_url: str
    title_field: str | None
    text_fields: list[str] = field(default_factory=list)
    skills_field: str | None = None

    @property
    def search_fields(self) -> list[str]:
        return [name for name in [self.title_field, *self.text_fields] if name]


def _skill_model() -> type[models.Model] | None:
    try:
        return apps.get_model("profiles", "Skill")
    except LookupError:
        return None


def content_model(kind: str) -> ContentModel | None:
    """The model behind `kind`, described by its fields; None when its app has no such model."""
    label, name, listing = CONTENT_KINDS[kind]
    try:
        model = apps.get_model(label, name)
    except LookupError:
        return None
    concrete = {f.name: f for f in model._meta.get_fields() if getattr(f, "concrete", False)}
    text_types = (models.CharField, models.TextField)
    title = next((n for n in _TITLE_FIELDS if isinstance(concrete.get(n), text_types)), None)
    texts = [n for n in _TEXT_FIELDS if isinstance(concrete.get(n), text_types)]
    skill_model = _skill_model()
    skills = next(
        (
            f.name
            for f in model._meta.get_fields()
            if isinstance(f, models.ManyToManyField)
            and skill_model is not None
            and f.related_model is skill_model
        ),
        None,
    )
    if not title and not texts:
        return None
    return ContentModel(kind, model, listing, title, texts, skills)


def content_models() -> tuple[list[ContentModel], list[str]]:
    """(available content models, kinds skipped because their app has no model yet)."""
    found, skipped = [], []
    for kind in CONTENT_KINDS:
        described = content_model(kind)
        if described is None:
            skipped.append(kind)
        else:
            found.append(described)
    return found, skipped


def _visible(cm: ContentModel) -> QuerySet:
    """What anyone may see: the owning app's own `published()`-style QuerySet method when it
    has one, otherwise a filter on the usual publication fields."""
    qs = cm.model._default_manager.all()
    for method in _VISIBLE_METHODS:
        if callable(getattr(qs, method, None)):
            return getattr(qs, method)()
    names = {f.name for f in cm.model._meta.get_fields()}
    if "is_published" in names:
        qs = qs.filter(is_published=True)
    if "status" in names:
        choices = {value for value, _ in (cm.model._meta.get_field("status").choices or [])}
        public = choices & {"published", "open", "active", "live"}
        if public:
            qs = qs.filter(status__in=public)
    for flag in ("is_removed", "is_hidden", "is_deleted", "is_draft"):
        if flag in names:
            qs = qs.filter(**{flag: False})
    if "deleted_at" in names:
        qs = qs.filter(deleted_at__isnull=True)
    return qs


def _url(obj: models.Model, cm: ContentModel) -> str:
    try:
        return obj.get_absolute_url() if hasattr(obj, "get_absolute_url") else cm.listing_url
    except (NoReverseMatch, AttributeError, ValueError):
        return cm.listing_url


def _item(obj: models.Model, cm: ContentModel, skills: tuple[str, ...] = ()) -> ContentItem:
    texts = [str(getattr(obj, name) or "") for name in cm.text_fields]
    text = " ".join(t.strip() for t in texts if t.strip())
    title = str(getattr(obj, cm.title_field) or "") if cm.title_field else ""
    if not title:
        title = (text[:60] + "…") if len(text) > 60 else text or f"{cm.kind} #{obj.pk}"
    return ContentItem(cm.kind, obj.pk, title, _url(obj, cm), text[:600], skills)


def _skill_names(obj: models.Model, cm: ContentModel) -> tuple[str, ...]:
    if not cm.skills_field:
        return ()
    return tuple(skill.name for skill in getattr(obj, cm.skills_field).all())


def _with_skills(qs: QuerySet, cm: ContentModel) -> QuerySet:
    return qs.prefetch_related(cm.skills_field) if cm.skills_field else qs


def content_get(*, kind: str, pk: int) -> ContentItem | None:
    """One visible piece of content, or None when it does not exist, is not public, or its
    app is not there."""
    cm = content_model(kind) if kind in CONTENT_KINDS else None
    if cm is None:
        return None
    obj = _with_skills(_visible(cm), cm).filter(pk=pk).first()
    return _item(obj, cm, _skill_names(obj, cm)) if obj else None


def search_terms(text: str, *, limit: int = 10) -> list[str]:
    """The meaningful words of a question, lower-case, without stop words, de-duplicated."""
    seen: list[str] = []
    for word in _WORD.findall(text.lower()):
        word = word.strip(".-")
        if len(word) >= 3 and word not in STOPWORDS and word not in seen:
            seen.append(word)
    return seen[:limit]


def _search_postgres(cm: ContentModel, terms: list[str], limit: int) -> list[models.Model]:
    # Only [a-z0-9] survive in the raw query, so nothing the member typed is tsquery syntax.
    safe = [re.sub(r"[^a-z0-9]", "", t) for t in terms]
    raw = " | ".join(t for t in safe if t)
    if not raw:
        return []
    vector = SearchVector(*cm.search_fields, config="english")
    query = SearchQuery(raw, search_type="raw", config="english")
    qs = (
        _visible(cm)
        .annotate(mentor_rank=SearchRank(vector, query))
        .filter(mentor_rank__gt=0)
        .order_by("-mentor_rank", "-pk")
    )
    return list(_with_skills(qs, cm)[:limit])


def _search_fallback(cm: ContentModel, terms: list[str], limit: int) -> list[models.Model]:
    condition = Q()
    for term in terms:
        for name in cm.search_fields:
            condition |= Q(**{f"{name}__icontains": term})
    candidates = list(_with_skills(_visible(cm).filter(condition).order_by("-pk"), cm)[:50])

    def score(obj: models.Model) -> int:
        haystack = " ".join(str(getattr(obj, n) or "") for n in cm.search_fields).lower()
        return sum(haystack.count(term) for term in terms)

    return sorted(candidates, key=score, reverse=True)[:limit]


def content_search(*, text: str, limit: int = 4, kinds: tuple[str, ...] | None = None) -> list[ContentItem]:
    """Site content relevant to `text`: PostgreSQL full-text search ranked by relevance, or a
    word-match fallback on other databases. At most `limit` items per kind."""
    terms = search_terms(text)
    if not terms:
        return []
    found: list[ContentItem] = []
    models_, _ = content_models()
    for cm in models_:
        if kinds is not None and cm.kind not in kinds:
            continue
        try:
            if connection.vendor == "postgresql":
                objs = _search_postgres(cm, terms, limit)
            else:
                objs = _search_fallback(cm, terms, limit)
        except DatabaseError:
            # A model whose table is not migrated yet: leave it out of the answer.
            continue
        found.extend(_item(obj, cm, _skill_names(obj, cm)) for obj in objs)
    return found


def _profile_fields(user) -> tuple[type[models.Model], str | None, str | None] | None:
    """The profiles app's Profile model, its field naming the member and its skills field."""
    try:
        profile_model = apps.get_model("profiles", "Profile")
    except LookupError:
        return None
    skill_model = _skill_model()
    fields = profile_model._meta.get_fields()
    owner = next(
        (
            f.name
            for f in fields
            if isinstance(f, models.OneToOneField | models.ForeignKey) and f.related_model is type(user)
        ),
        None,
    )
    m2m = next(
        (f.name for f in fields if isinstance(f, models.ManyToManyField) and f.related_model is skill_model),
        None,
    )
    return profile_model, owner, m2m


def member_profile(user) -> MemberProfile:
    """Handle, name, skills and bio of `user` from the profiles app, as far as it has them."""
    skills: tuple[str, ...] = ()
    about = ""
    found = _profile_fields(user)
    if found is not None:
        profile_model, owner, m2m = found
        try:
            profile = profile_model._default_manager.filter(**{owner: user}).first() if owner else None
        except DatabaseError:
            profile = None
        if profile is not None:
            if m2m:
                skills = tuple(s.name for s in getattr(profile, m2m).all())
            about = str(getattr(profile, "bio", "") or getattr(profile, "headline", "") or "")[:300]
    return MemberProfile(handle=user.handle, name=user.display_name, skills=skills, about=about)


def member_skill_names(user) -> tuple[str, ...]:
    """The skill names on `user`'s profile, in one query (no profile row is loaded)."""
    found = _profile_fields(user)
    if found is None or not found[1] or not found[2]:
        return ()
    profile_model, owner, m2m = found
    try:
        names = (
            profile_model._default_manager.filter(**{owner: user, f"{m2m}__isnull": False})
            .order_by(f"{m2m}__name")
            .values_list(f"{m2m}__name", flat=True)
        )
        return tuple(names)
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
    models_, skipped = content_models()
    result: dict[str, list[dict]] = {KIND_LABELS[k]: [] for k in CONTENT_KINDS}
    for cm in models_:
        try:
            items = _suggest_kind(cm, skill_set, per_kind)
        except DatabaseError:
            skipped.append(cm.kind)
            continue
        result[KIND_LABELS[cm.kind]] = items
    cache.set(key, (result, skipped), SUGGESTIONS_CACHE_SECONDS)
    return result, skipped, skills


def _suggest_kind(cm: ContentModel, skill_set: dict[str, str], limit: int) -> list[dict]:
    base = _visible(cm)
    out: list[dict] = []
    if skill_set and cm.skills_field:
        lookup = f"{cm.skills_field}__name__in"
        matching = Q(**{lookup: list(skill_set.values())})
        qs = (
            base.filter(matching)
            .annotate(mentor_matched=Count(cm.skills_field, filter=matching, distinct=True))
            .order_by("-mentor_matched", "-pk")
        )
        if connection.vendor == "postgresql":
            # The matched names come with the rows: one query per kind, not two.
            qs = qs.annotate(
                mentor_matched_names=ArrayAgg(f"{cm.skills_field}__name", filter=matching, distinct=True)
            )
        else:
            qs = _with_skills(qs, cm)
        for obj in qs[:limit]:
            names = getattr(obj, "mentor_matched_names", None)
            item = _item(obj, cm, tuple(names) if names is not None else _skill_names(obj, cm))
            matched = [s for s in item.skills if s.casefold() in skill_set]
            out.append(_suggestion(item, _reason(matched or list(skill_set.values())[:1])))
    elif skill_set:
        for item in content_search(text=" ".join(skill_set.values()), limit=limit, kinds=(cm.kind,)):
            mentioned = [s for key, s in skill_set.items() if key in f"{item.title} {item.text}".lower()]
            out.append(
                _suggestion(item, f"Mentions {', '.join(mentioned[:3]) or 'your skills'}, from your profile.")
            )
    if not out:
        # The reason names no skill, so the skills are not read.
        for obj in base.order_by("-pk")[:limit]:
            item = _item(obj, cm)
            reason = (
                "New on DiceyTech; nothing matches your skills yet."
                if skill_set
                else "New on DiceyTech. Add skills to your profile for suggestions that fit you."
            )
            out.append(_suggestion(item, reason))
    return out


def _suggestion(item: ContentItem, reason: str) -> dict:
    return {"id": item.pk, "title": item.title, "url": item.url, "reason": reason}
