"""Demo posts, comments, reactions and follows by existing members.

small: a few hundred posts over the past two months; large: 200,000 posts over two years for
benchmarks. Bodies come from a handful of templates rendered once, so seeding never renders
Markdown per row. Idempotent: it tops the posts up to the target and adds nothing once there."""

from __future__ import annotations

import random
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from apps.community.models import Comment, Follow, Post, Reaction, Tag
from apps.community.rendering import excerpt_from_html, render_body
from apps.community.services import search_index_update

SIZES = {"small": 300, "large": 200_000}
DAYS = {"small": 60, "large": 730}
BATCH = 5_000
TAGS = [
    "python", "django", "javascript", "typescript", "react", "htmx", "css", "go", "rust", "devops",
    "docker", "postgres", "career", "beginners", "webdev", "ai", "machinelearning", "security",
    "testing", "opensource", "mobile", "flutter", "kotlin", "cloud", "linux", "hackathon",
    "productivity", "design", "datascience", "startups",
]  # fmt: skip

# Each post template with the topics it makes sense for and the tags it carries ("{topic}" is
# one of them): a Rust snippet is never tagged #python, a SQL question is about databases.
TEMPLATES = [
    (
        "{topic}: the one trick I wish I knew earlier",
        "I kept writing the same loop until I learned this:\n\n```python\nfrom itertools import groupby\n\n"
        "for key, rows in groupby(sorted(items, key=by_day), key=by_day):\n    print(key, len(list(rows)))\n```\n\n"
        "It made my **{topic}** code shorter and clearer. What's yours?",
        ["python", "django", "datascience"],
        ["{topic}", "python", "productivity"],
    ),
    (
        "Shipping a {topic} side project in a weekend",
        "Friday night idea, Sunday night deploy. The stack:\n\n- a tiny server\n- HTMX for the UI\n- PostgreSQL\n\n"
        "```bash\ngit push && ./deploy.sh production\n```\n\nLessons: cut scope early and write the README first.",
        ["django", "go", "python"],
        ["{topic}", "htmx", "webdev"],
    ),
    (
        "Why does my {topic} query get slow?",
        "This ran in 3 ms on my laptop and 3 s in production:\n\n```sql\nSELECT * FROM posts\nWHERE author_id = 42\n"
        "ORDER BY published_at DESC\nLIMIT 20;\n```\n\nThe answer was a missing index on `(author_id, published_at)`.",
        ["postgres", "django"],
        ["{topic}", "postgres", "webdev"],
    ),
    (
        "",
        "Quick tip for {topic}: `console.table()` prints arrays of objects as a table.\n\n```javascript\n"
        "console.table(users.map(({{ name, role }}) => ({{ name, role }})));\n```",
        ["javascript", "typescript", "react"],
        ["{topic}", "javascript", "productivity"],
    ),
    (
        "My first hackathon: what went right and wrong",
        "We were four people with four laptops and one idea, built with {topic}. What I learned:\n\n"
        "1. Agree on the demo first.\n2. Mock the hard parts.\n3. Sleep a little.\n\nWould do it again tomorrow.",
        ["python", "javascript", "flutter", "design"],
        ["hackathon", "beginners", "{topic}"],
    ),
    (
        "Type hints that caught real bugs in my {topic} code",
        "```python\ndef total(prices: list[int]) -> int:\n    return sum(prices)\n\ntotal(['3', '4'])  # mypy: error\n```\n\n"
        "Cheap to add, and they document the code too.",
        ["python", "django"],
        ["{topic}", "python", "testing"],
    ),
    (
        "Rust ownership explained with a library card",
        'Borrowing a book means you can read it but not write in it.\n\n```rust\nfn main() {{\n    let s = String::from("hi");\n'
        '    let r = &s;\n    println!("{{}}", r);\n}}\n```',
        ["rust"],
        ["rust", "beginners"],
    ),
    (
        "",
        "Hot take: most {topic} projects need fewer dependencies, not more. Read the code you ship.",
        ["javascript", "python", "go", "react"],
        ["{topic}", "opensource", "security"],
    ),
]
COMMENTS = [
    "Great write-up, thanks for sharing!",
    "I hit the same problem last week — the index fixed it for me too.",
    "Could you share the full config? Curious how you set up the deploy.",
    "This is the clearest explanation I've read. Bookmarked.",
    "Have you tried `pytest -x --lf`? Saves a lot of time.",
    "Disagree a little: it depends on the team size.",
]


TOPIC_NAMES = {
    "javascript": "JavaScript",
    "typescript": "TypeScript",
    "postgres": "PostgreSQL",
    "datascience": "data science",
}


def _rendered() -> list[tuple[str, str, str, str, list[str]]]:
    """Every post body the demo draws from, with the tags that fit it."""
    out = []
    for title, body, topics, tags in TEMPLATES:
        for topic in topics:
            name = TOPIC_NAMES.get(topic, topic.capitalize())
            text = body.format(topic=name)
            html, _ = render_body(text)
            tag_names = list(dict.fromkeys(tag.format(topic=topic) for tag in tags))
            out.append((title.format(topic=name), text, html, excerpt_from_html(html), tag_names))
    return out


def _comment_html() -> list[tuple[str, str]]:
    return [(text, render_body(text)[0]) for text in COMMENTS]


def seed(*, size: str, stdout) -> None:
    target = SIZES[size]
    existing = Post.objects.count()
    member_ids = list(
        get_user_model().objects.filter(is_active=True).order_by("pk").values_list("pk", flat=True)[:5000]
    )
    if size == "large" and len(member_ids) >= 3:
        _discussed_post(member_ids=member_ids, stdout=stdout)
    if len(member_ids) < 3 or existing >= target:
        stdout.write(f"community: {existing} posts already, nothing to add")
        return
    rng = random.Random(20261123 + existing)
    tags = {t.name: t.pk for t in Tag.objects.all()}
    Tag.objects.bulk_create([Tag(name=n) for n in TAGS if n not in tags], ignore_conflicts=True)
    tag_by_name = dict(Tag.objects.filter(name__in=TAGS).values_list("name", "pk"))
    tag_ids = list(tag_by_name.values())
    bodies = _rendered()
    comment_bodies = _comment_html()
    now = timezone.now()
    span = DAYS[size] * 24 * 3600
    to_make = target - existing
    made = 0
    while made < to_make:
        n = min(BATCH, to_make - made)
        with transaction.atomic():
            _batch(
                n,
                rng=rng,
                now=now,
                span=span,
                member_ids=member_ids,
                tag_by_name=tag_by_name,
                bodies=bodies,
                comment_bodies=comment_bodies,
            )
        made += n
        if size == "large":
            stdout.write(f"community: {existing + made} posts")
    _follows_for_demo_member(tag_ids=tag_ids, member_ids=member_ids)
    stdout.write(f"community: {made} posts added")


def _batch(n, *, rng, now, span, member_ids, tag_by_name, bodies, comment_bodies) -> None:
    """One batch: every count is decided before the posts are written, so the counters are
    right from the first INSERT (no bulk UPDATE afterwards)."""
    plans = []
    posts = []
    for _ in range(n):
        title, body, html, excerpt, tag_names = rng.choice(bodies)
        post = Post(
            author_id=rng.choice(member_ids),
            title=title,
            body=body,
            body_html=html,
            excerpt=excerpt,
            status=Post.Status.PUBLISHED,
            published_at=now - timedelta(seconds=int(span * rng.random() ** 1.5)),
        )
        reactors = rng.sample(member_ids, min(len(member_ids), int(rng.expovariate(0.35))))
        kinds = [rng.choice(("like", "like", "insightful", "clap")) for _ in reactors]
        for kind in kinds:
            setattr(post, f"{kind}_count", getattr(post, f"{kind}_count") + 1)
        post.reaction_count = len(kinds)
        threads = [rng.random() < 0.3 for _ in range(int(rng.expovariate(0.9)))]  # True: has a reply
        post.comment_count = len(threads) + sum(threads)
        plans.append(
            (
                [tag_by_name[name] for name in tag_names[: rng.randint(2, len(tag_names))]],
                list(zip(reactors, kinds, strict=True)),
                threads,
            )
        )
        posts.append(post)
    posts = Post.objects.bulk_create(posts)
    through = Post.tags.through
    links, reactions, comments, reply_plan = [], [], [], []
    for post, (tags, reacts, threads) in zip(posts, plans, strict=True):
        links += [through(post_id=post.pk, tag_id=tag_id) for tag_id in tags]
        reactions += [Reaction(member_id=m, post_id=post.pk, kind=k) for m, k in reacts]
        for has_reply in threads:
            text, html = rng.choice(comment_bodies)
            comments.append(
                Comment(post_id=post.pk, author_id=rng.choice(member_ids), body=text, body_html=html)
            )
            reply_plan.append(has_reply)
    through.objects.bulk_create(links, ignore_conflicts=True)
    Reaction.objects.bulk_create(reactions)
    comments = Comment.objects.bulk_create(comments)
    replies = []
    for parent, has_reply in zip(comments, reply_plan, strict=True):
        if has_reply:
            text, html = rng.choice(comment_bodies)
            replies.append(
                Comment(
                    post_id=parent.post_id,
                    parent=parent,
                    depth=1,
                    author_id=rng.choice(member_ids),
                    body=text,
                    body_html=html,
                )
            )
    replies = Comment.objects.bulk_create(replies)
    search_index_update(post_ids=[p.pk for p in posts], comment_ids=[c.pk for c in [*comments, *replies]])


DISCUSSED_TITLE = "What slowed your Django site down, and how did you find it?"


def _discussed_post(*, member_ids, stdout) -> None:
    """One post with 100 comments (70 threads, 30 replies) for the benchmark's post page."""
    if Post.objects.filter(title=DISCUSSED_TITLE).exists():
        return
    rng = random.Random(100)
    text = "Share the slowest page you fixed: the symptom, the tool that found it, and the fix."
    html, _ = render_body(text)
    bodies = _comment_html()
    now = timezone.now()
    with transaction.atomic():
        post = Post.objects.create(
            author_id=member_ids[0], title=DISCUSSED_TITLE, body=text, body_html=html,
            excerpt=excerpt_from_html(html), status=Post.Status.PUBLISHED,
            published_at=now - timedelta(days=1), comment_count=100,
        )  # fmt: skip
        post.tags.set(Tag.objects.filter(name__in=["django", "postgres"]))
        threads = Comment.objects.bulk_create(
            Comment(post=post, author_id=rng.choice(member_ids), body=t, body_html=h)
            for t, h in (rng.choice(bodies) for _ in range(70))
        )
        replies = Comment.objects.bulk_create(
            Comment(
                post=post, parent=parent, depth=1, author_id=rng.choice(member_ids), body=t, body_html=h
            )
            for parent, (t, h) in zip(threads[::2][:30], (rng.choice(bodies) for _ in range(30)), strict=False)
        )  # fmt: skip
        search_index_update(post_ids=[post.pk], comment_ids=[c.pk for c in [*threads, *replies]])
    stdout.write("community: a post with 100 comments")


def _follows_for_demo_member(*, tag_ids, member_ids) -> None:
    """demo@example.com follows a few tags and members, so its Following tab has a story."""
    demo = get_user_model().objects.filter(email="demo@example.com").first()
    if demo is None:
        return
    rows = [Follow(follower=demo, tag_id=t) for t in tag_ids[:3]]
    rows += [Follow(follower=demo, user_id=m) for m in member_ids[:5] if m != demo.pk]
    Follow.objects.bulk_create(rows, ignore_conflicts=True)
    _notifications_for(demo, member_ids=member_ids)


def _notifications_for(demo, *, member_ids) -> None:
    """A few unread notifications so the bell has something to show (once)."""
    from apps.notifications.models import Notification
    from apps.notifications.services import notify

    if Notification.objects.filter(recipient=demo).exists():
        return
    post = Post.objects.filter(author=demo).first() or Post.objects.order_by("-published_at").first()
    if post is None:
        return
    actors = list(get_user_model().objects.filter(pk__in=member_ids[5:10]).exclude(pk=demo.pk))
    url = post.get_absolute_url()
    for actor in actors[:4]:
        notify(
            recipient=demo, kind="reaction", verb="reacted to your post", actor=actor, target=post, url=url
        )
    if actors:
        notify(
            recipient=demo,
            kind="mention",
            verb="mentioned you in a comment",
            actor=actors[-1],
            target=post,
            url=url,
        )
        notify(
            recipient=demo,
            kind="follow",
            verb="followed you",
            actor=actors[0],
            url=reverse("profiles:detail", args=[actors[0].handle]),
        )
