"""How to do things on DiceyTech, for the offline mentor: each topic is a few steps with links
into the site, built with reverse() so they follow the URL map."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class Topic:
    title: str
    pattern: re.Pattern[str]
    steps: tuple[str, ...]  # Markdown; "{name}" is replaced by the URL of that route


def _t(title: str, pattern: str, *steps: str) -> Topic:
    return Topic(title, re.compile(pattern, re.IGNORECASE), steps)


TOPICS: tuple[Topic, ...] = (
    _t(
        "Organise a hackathon",
        r"organi[sz]e|host|create a hackathon|run a hackathon|new hackathon",
        "Organising needs the organiser permission: staff grant it on request.",
        "With it, [create the hackathon]({hackathons:create}): dates, difficulty, technologies and a Markdown description.",
        "From its manage page add tracks, prizes, judging criteria with weights, and judges.",
        "After submissions close, publish the results: every team member is emailed.",
    ),
    _t(
        "Post a job",
        r"post a job|hire|hiring|list a job|advertise",
        "Posting jobs needs the employer permission: staff grant it on request.",
        "[Write the job]({jobs:job-create}) with a salary range (required to publish) and its skills.",
        "Submit it for review; once published it stays open for 30 days, and [your jobs]({jobs:job-mine}) show its applications.",
    ),
    _t(
        "Join a hackathon and a team",
        r"join|team|teammate|join code",
        'Open [the hackathons]({hackathons:list}) and filter by status "Open for registration".',
        "On the hackathon's page press **Join** before registration closes.",
        "On its Teams page create a team and share its join link or code, or ask to join a team whose skills fit yours.",
        "Only the team leader (or a solo member) submits the project.",
    ),
    _t(
        "Submit a hackathon project",
        r"submit|submission|deadline",
        "Submissions open when hacking starts and freeze at the submission deadline shown on the hackathon's page.",
        "The team leader opens the hackathon's page and chooses **Submit project**: repository, demo link and a description.",
        "You can edit the submission until the deadline; after that judges score it.",
    ),
    _t(
        "Apply for a job",
        r"apply|application|cv|resume|withdraw",
        "Open [the jobs board]({jobs:job-list}) and filter by job type, location and skills.",
        "On a job's page choose **Apply**: a cover letter and a PDF or DOCX CV (5 MB at most).",
        "Follow each application's stage in [your applications]({jobs:application-list}); you can withdraw one there.",
        "Save jobs to read later in [saved jobs]({jobs:saved-list}).",
    ),
    _t(
        "Edit your profile and skills",
        r"profile|skills?|avatar|photo|bio|level|open to work|headline",
        "Open [your profile settings]({profiles:edit}).",
        "Add your skills (the mentor and the suggestions use them), your level, experience and education.",
        "Choose who sees your links, experience and education; the completeness meter lists what is missing.",
    ),
    _t(
        "Write a post",
        r"post|publish|write|draft|article|blog|comment",
        "[Write a post]({community:post-create}) in Markdown with up to four tags; the preview shows it as readers will.",
        "Save it as a draft or publish it; drafts are in [your drafts]({community:drafts}).",
        "Published posts show in [the feed]({community:feed}) for people who follow you or its tags.",
    ),
    _t(
        "Follow people and tags",
        r"follow|mute|tags?|feed",
        "Follow a member from their profile, or a tag from its page.",
        "[The feed]({community:feed}) has Following, Latest and Top tabs; each card says why it is there.",
        "Mute a member or a tag to never see them in any tab.",
    ),
    _t(
        "Show a project",
        r"showcase|project|portfolio",
        "[Add a project]({projects:create}) with its summary, technologies and links.",
        "Invite collaborators by handle from its edit page; likes give you points.",
    ),
    _t(
        "Notifications and emails",
        r"notification|e-?mail|digest|unsubscribe",
        "Open [notification preferences]({notifications:preferences}) to choose in-app, in-app and email, or off for each kind.",
        "The weekly digest is off until you turn it on there.",
    ),
    _t(
        "Your account",
        r"account|password|delete|export|two-factor|2fa|session",
        "Open [account settings]({accounts:settings}): password, sessions, download your data, delete your account.",
        'Deleting your account removes your personal data; what you wrote stays as "deleted member".',
    ),
    _t(
        "Use the mentor's API",
        r"\bapi\b|token",
        "Create a personal token on [API tokens]({mentor:token-list}); it is shown once.",
        "The [API reference]({mentor_api:docs}) lists chat, suggestions, code review and explain, with examples.",
    ),
    _t(
        "OTEI conference forms",
        r"otei|register|ticket|sponsor|exhibit|volunteer|event",
        "Open [events]({events:event-list}) and choose the event.",
        "Each open form (attend, sponsor, exhibit, volunteer) emails a confirmation link; your status link shows your ticket.",
    ),
)

_LINK = re.compile(r"\{([a-z_]+:[a-z-]+)\}")


def _url(match: re.Match[str]) -> str:
    return reverse(match.group(1))


def topic_for(text: str) -> Topic | None:
    return next((topic for topic in TOPICS if topic.pattern.search(text)), None)


def steps_of(topic: Topic) -> list[str]:
    """The topic's steps with their links filled in."""
    return [_LINK.sub(_url, step) for step in topic.steps]


def overview() -> list[str]:
    """One line per part of the site, for a question the topics do not cover."""
    links = [
        ("Hackathons", "hackathons:list", "join one that is open, form a team, submit a project"),
        ("Jobs", "jobs:job-list", "open roles with salaries; apply with a CV and follow the stage"),
        ("Projects", "projects:list", "show what you built and find collaborators"),
        ("Feed", "community:feed", "posts from people and tags you follow"),
        ("Your profile", "profiles:edit", "skills and level: the mentor's suggestions come from them"),
    ]
    return [f"[{name}]({reverse(route)}): {what}" for name, route, what in links]
