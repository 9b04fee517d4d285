"""Demo showcase: projects by existing members with technologies, collaborators, likes (and
the points those likes earned their creators). Idempotent through `source_key` "demo:<n>"."""

from __future__ import annotations

import datetime
import random
import secrets

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from apps.profiles.demo import skills_ensure
from apps.profiles.models import Badge, BadgeAward, PointsEntry, Profile
from apps.profiles.services import skill_get_or_create
from apps.projects.models import Commit, Project, ProjectLike, ProjectMember, Task
from apps.projects.services import task_create

SIZES = {"small": 100, "large": 2_000}
BATCH = 1_000
IDEAS = [
    ("Farm Price Tracker", "Daily crop prices from local markets, sent by SMS", Project.Category.WEB),
    ("Bus Stop Buddy", "Live danfo routes and fares around the city", Project.Category.MOBILE),
    ("Clinic Queue", "Book a slot at a public clinic instead of waiting all morning", Project.Category.WEB),
    ("Yoruba Speech Notes", "Transcribe lectures in Yoruba and English", Project.Category.AI_ML),
    ("Solar Monitor", "An ESP32 that reports battery and panel health", Project.Category.IOT),
    ("Ajo Ledger", "A transparent savings circle with shared receipts", Project.Category.BLOCKCHAIN),
    ("Market Runner", "A 2D runner game set in a busy market", Project.Category.GAME),
    ("Flood Alert", "Rainfall and river levels turned into neighbourhood alerts", Project.Category.AI_ML),
    ("Campus Lost & Found", "Post and claim lost items on campus", Project.Category.WEB),
    ("Exam Prep Bot", "Past questions with hints, over WhatsApp", Project.Category.AI_ML),
    ("Power Outage Map", "Crowd-sourced map of who has light right now", Project.Category.MOBILE),
    ("Tailor Book", "Measurements and orders for tailors, offline first", Project.Category.MOBILE),
]  # fmt: skip
DESCRIPTION = """## What it does

{summary}.

## How we built it

- {tech} on the backend, with a small HTMX front end
- Works on a 2G connection: pages under 50 KB

## What's next

More cities, and an API other developers can use.
"""


@transaction.atomic
def seed(*, size: str, stdout) -> None:
    members = list(
        get_user_model()
        .objects.filter(is_active=True, is_staff=False)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if not members:
        stdout.write("projects: no members yet, nothing to do")
        return
    skills = skills_ensure()
    count = SIZES[size]
    wanted = [f"demo:{n}" for n in range(1, count + 1)]
    have = set(Project.objects.filter(source_key__in=wanted).values_list("source_key", flat=True))
    missing = [key for key in wanted if key not in have]
    rng = random.Random(11)
    now = timezone.now()
    created = 0
    for start in range(0, len(missing), BATCH):
        keys = missing[start : start + BATCH]
        projects = []
        for key in keys:
            n = int(key.split(":")[1])
            title, summary, category = IDEAS[n % len(IDEAS)]
            tech = rng.choice(skills).name
            projects.append(
                Project(
                    source_key=key, title=f"{title} {n}" if n > len(IDEAS) else title, summary=summary,
                    description=DESCRIPTION.format(summary=summary, tech=tech), category=category,
                    repository_url=f"https://github.com/diceytech-demo/project-{n}",
                    demo_url=f"https://project-{n}.example.com" if n % 3 else "",
                    creator_id=rng.choice(members), is_featured=n % 17 == 0,
                    created=now - datetime.timedelta(days=rng.randint(0, 360), minutes=rng.randint(0, 1440)),
                )
            )  # fmt: skip
        Project.objects.bulk_create(projects)
        projects = list(Project.objects.filter(source_key__in=keys))
        tech_links, collab_links, likes = [], [], []
        for project in projects:
            for skill in rng.sample(skills, rng.randint(2, 5)):
                tech_links.append(Project.technologies.through(project_id=project.pk, skill_id=skill.pk))
            for member in rng.sample(members, min(len(members), rng.randint(0, 2))):
                if member != project.creator_id:
                    collab_links.append(
                        ProjectMember(project_id=project.pk, member_id=member, role=ProjectMember.Role.LEAD)
                    )
            for member in rng.sample(members, min(len(members), rng.choice([0, 1, 2, 3, 5, 8, 13, 21]))):
                if member != project.creator_id:
                    liked_at = project.created + datetime.timedelta(days=rng.randint(0, 30))
                    likes.append(ProjectLike(project=project, member_id=member, created=min(liked_at, now)))
        Project.technologies.through.objects.bulk_create(tech_links, ignore_conflicts=True)
        owners = [
            ProjectMember(project_id=p.pk, member_id=p.creator_id, role=ProjectMember.Role.OWNER)
            for p in projects
        ]
        ProjectMember.objects.bulk_create(owners + collab_links, ignore_conflicts=True)
        ProjectLike.objects.bulk_create(likes, ignore_conflicts=True)
        _likes_count_and_points(projects)
        created += len(projects)
    if created:
        _badges(
            member_ids={
                p.creator_id for p in Project.objects.filter(source_key__in=missing).only("creator_id")
            }
        )
    stdout.write(f"projects: {created} new projects")
    _workspace(members=members, stdout=stdout)


BOARD_KEY = "demo:board"
BOARD_TASKS = [
    ("Sign-up form loses the handle on error", "bug, frontend", "high", Task.Status.TODO),
    ("Dark mode for the task board", "frontend", "low", Task.Status.TODO),
    ("Rate-limit the webhook per project", "backend, security", "urgent", Task.Status.TODO),
    ("Phone layout for the jobs filters", "frontend", "medium", Task.Status.IN_PROGRESS),
    ("Weekly digest email", "backend", "medium", Task.Status.IN_PROGRESS),
    ("Link commits to tasks", "backend, github", "high", Task.Status.REVIEW),
    ("Accessibility pass on forms", "a11y", "medium", Task.Status.REVIEW),
    ("Project showcase cards", "frontend", "medium", Task.Status.DONE),
    ("Invite members to a project", "backend", "high", Task.Status.DONE),
    ("Write the contributor guide", "docs", "low", Task.Status.DONE),
]  # fmt: skip


def _workspace(*, members: list[int], stdout) -> None:
    """A practice project with a task board, members in every role and two commits, owned by
    the demo member (demo@example.com) when there is one. Idempotent on BOARD_KEY."""
    if Project.objects.filter(source_key=BOARD_KEY).exists():
        return
    User = get_user_model()
    owner = User.objects.filter(handle="demo").first() or User.objects.get(pk=members[0])
    project = Project.objects.create(
        source_key=BOARD_KEY, title="DiceyTech Community Site", creator=owner, category=Project.Category.WEB,
        summary="The community's own website: help build it and learn Django and HTMX",
        description="We build the site you are on. Pick a task from the board, say hello in the feed.",
        project_type=Project.Kind.PRACTICE, difficulty=Project.Difficulty.INTERMEDIATE, capacity=12,
        looking_for_contributors=True, task_prefix="DT", github_repo="diceytech-demo/community-site",
        webhook_secret=secrets.token_hex(20), repository_url="https://github.com/diceytech-demo/community-site",
    )  # fmt: skip
    project.wanted_skills.set(
        skill_get_or_create(name=n) for n in ("Python", "Django", "HTMX", "Tailwind CSS")
    )
    others = [pk for pk in members if pk != owner.pk][:3]
    roles = [ProjectMember.Role.LEAD, ProjectMember.Role.DEVELOPER, ProjectMember.Role.REVIEWER]
    ProjectMember.objects.create(project=project, member=owner, role=ProjectMember.Role.OWNER)
    for member_id, role in zip(others, roles, strict=False):
        ProjectMember.objects.create(project=project, member_id=member_id, role=role)
    team = [owner.pk, *others]
    tasks = []
    for n, (title, labels, priority, status) in enumerate(BOARD_TASKS):
        task = task_create(
            project=project, actor=owner, title=title, status=status, priority=priority,
            description=f"**{title}.** Say what you try in a comment on the pull request.",
            labels=[label.strip() for label in labels.split(",")], assignee_ids=[team[n % len(team)]],
        )  # fmt: skip
        tasks.append(task)
    for sha, message, task in (
        ("a1b2c3d4e5f60718293a4b5c6d7e8f9012345678", "DT-9 invitations: accept and decline", tasks[8]),
        ("b2c3d4e5f60718293a4b5c6d7e8f901234567890", "DT-6 link commits to tasks by key", tasks[5]),
    ):
        commit = Commit.objects.create(
            project=project, repository=project.github_repo, sha=sha, message=message, branch="main",
            author=owner, author_login=owner.handle, committed=timezone.now(),
            url=f"https://github.com/{project.github_repo}/commit/{sha}",
        )  # fmt: skip
        commit.tasks.add(task)
    stdout.write(f"projects: a demo task board at /projects/{project.pk}/board/ ({len(tasks)} tasks)")


def _badges(*, member_ids: set[int]) -> None:
    """The badges the demo history earns, in bulk (the task would take minutes for 2,000)."""
    likes = dict(
        Project.objects.filter(creator_id__in=member_ids)
        .values("creator_id")
        .annotate(n=Sum("likes_count"))
        .values_list("creator_id", "n")
    )
    awards = [BadgeAward(member_id=m, badge=Badge.FIRST_PROJECT) for m in member_ids]
    awards += [
        BadgeAward(member_id=m, badge=Badge.CROWD_FAVOURITE) for m, n in likes.items() if (n or 0) >= 10
    ]
    BadgeAward.objects.bulk_create(awards, batch_size=BATCH, ignore_conflicts=True)


def _likes_count_and_points(projects: list[Project]) -> None:
    """Denormalised like counts, and the creators' points for those likes (demo data skips
    the daily cap: it is history, not farming)."""
    ids = [p.pk for p in projects]
    creators = {p.pk: p.creator_id for p in projects}
    like_type = ContentType.objects.get_for_model(ProjectLike)
    entries, counts = [], {}
    for like in ProjectLike.objects.filter(project_id__in=ids, active=True).only(
        "pk", "project_id", "created"
    ):
        counts[like.project_id] = counts.get(like.project_id, 0) + 1
        entries.append(
            PointsEntry(member_id=creators[like.project_id], amount=2, reason=PointsEntry.Reason.PROJECT_LIKE,
                        source_type=like_type, source_id=like.pk, created=like.created)
        )  # fmt: skip
    PointsEntry.objects.bulk_create(entries, batch_size=BATCH, ignore_conflicts=True)
    for project in projects:
        project.likes_count = counts.get(project.pk, 0)
    Project.objects.bulk_update(projects, ["likes_count"], batch_size=BATCH)
    member_ids = set(creators.values())
    for member_id in member_ids - set(
        Profile.objects.filter(user_id__in=member_ids).values_list("user_id", flat=True)
    ):
        Profile.objects.get_or_create(user_id=member_id)
    total = (
        PointsEntry.objects.filter(member_id=OuterRef("user_id"))
        .values("member_id")
        .annotate(t=Sum("amount"))
        .values("t")
    )
    Profile.objects.filter(user_id__in=member_ids).update(points_total=Coalesce(Subquery(total), 0))
