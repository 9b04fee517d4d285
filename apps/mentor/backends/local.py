"""The offline mentor: answers from DiceyTech's own content and the member's profile, without
an AI model. Each common intent (which hackathon, what to learn next, a job or an interview,
an error, a code review, how to use the site) gets its own structured answer: what fits the
member now, each item with one line on why, then the next steps with links into the site.

Replies are Markdown; the page renders them through the site's sanitising renderer, so they
use lists, bold and links, never headings or inline code that a plain client would show raw.
"""

from __future__ import annotations

import ast
import re
from collections import Counter
from collections.abc import Callable

from django.urls import reverse

from apps.core.mentor import MemberProfile, MentorItem
from apps.mentor import analysis, site_help
from apps.mentor.backends import BackendReply, ChatRequest
from apps.mentor.content import member_tier, why_line
from apps.mentor.errors_explained import known_error
from apps.mentor.intents import intent_of

TIER_WORDS = {
    "student": "a student",
    "beginner": "a beginner",
    "intermediate": "at intermediate level",
    "advanced": "an experienced developer",
}
TIER_ROLES = {
    "student": "internships and junior roles",
    "beginner": "internships and junior roles",
    "intermediate": "junior and mid-level roles",
    "advanced": "mid-level and senior roles",
}
_CHOOSING = re.compile(r"\b(which|what|recommend|suggest|should i|open|upcoming|find|any|join|good for)\b")
_FENCE = re.compile(r"```[\w+-]*\n(.*?)(?:```|$)", re.DOTALL)


def _numbered(lines: list[str]) -> str:
    return "\n".join(f"{n}. {line}" for n, line in enumerate(lines, 1))


def _reading(items: list, profile, heading: str = "To read on DiceyTech") -> list[str]:
    """The posts (or projects) an answer points to, under a heading; nothing when there are none."""
    if not items:
        return []
    return [f"**{heading}**", _bullets([_item_line(i, profile) for i in items])]


def _bullets(lines: list[str]) -> str:
    return "\n".join(f"- {line}" for line in lines)


def _item_line(item: MentorItem, profile: MemberProfile) -> str:
    why = why_line(item, profile)
    return f"[{item.title}]({item.url})" + (f": {why}" if why else "")


def _of_kind(request: ChatRequest, kind: str) -> list[MentorItem]:
    context = request.context
    return [
        i
        for i in request.retrieved
        if i.kind == kind and not (context and (i.kind, i.pk) == (context.kind, context.pk))
    ]


def _skills_line(item: MentorItem, member_skills: tuple[str, ...]) -> str:
    if not item.skills:
        return ""
    known = {s.casefold() for s in member_skills}
    have = [s for s in item.skills if s.casefold() in known]
    new = [s for s in item.skills if s.casefold() not in known]
    line = f"It involves {', '.join(item.skills)}."
    if have:
        line += f" You already list {', '.join(have)} on your profile: that is where you can lead."
    if new:
        line += f" {', '.join(new)} would be new to you: what could you read or try before you start?"
    return line


def _about_context(request: ChatRequest) -> list[str]:
    item = request.context
    if item is None:
        return []
    lines = [
        f"**{item.kind_label}: [{item.title}]({item.url})**" + (f": {item.facts}." if item.facts else "")
    ]
    if item.kind == "hackathon" and not request.context_actionable:
        lines.append("It is not taking registrations now, so you cannot join it.")
    skills = _skills_line(item, request.profile.skills)
    if skills:
        lines.append(skills)
    return lines


def _profile_hint(profile: MemberProfile) -> str:
    if profile.skills:
        return ""
    return (
        f"Add your skills and level to [your profile]({reverse('profiles:edit')}): I rank what I "
        "suggest by them."
    )


# --- intents --------------------------------------------------------------------------------


def _hackathon(request: ChatRequest) -> list[str]:
    profile = request.profile
    parts = _about_context(request)
    found = _of_kind(request, "hackathon")
    choosing = (
        request.context is None
        or not request.context_actionable
        or bool(_CHOOSING.search(request.message.lower()))
    )
    if choosing and found:
        parts.append("**Hackathons you can join now**, best fit first:")
        parts.append(_numbered([_item_line(i, profile) for i in found]))
    elif choosing:
        upcoming = reverse("hackathons:list") + "?status=upcoming"
        parts.append(
            "No hackathon at your level is taking registrations right now, and I leave out the ones "
            f"that have ended. [See the upcoming ones]({upcoming}) and join when registration opens."
        )
    parts.append("**How to take part**")
    parts.append(
        _numbered(
            [
                "Open the hackathon and press **Join** before registration closes.",
                "On its Teams page start a team and share the join code, or ask to join a team "
                "whose skills complement yours.",
                "Read the judging criteria first: they say where your hours count.",
                "Agree on one problem, in one sentence, and build the smallest demo that shows it "
                "working before you polish anything.",
                "The team leader submits the repository and demo link before the submission deadline.",
            ]
        )
    )
    if member_tier(profile) in {"student", "beginner"}:
        parts.append("Beginner hackathons expect learners: a working demo beats a big plan.")
    posts = _of_kind(request, "post")
    parts.extend(_reading(posts, profile))
    parts.append(_profile_hint(profile))
    return parts


def _skill_gap(jobs: list[MentorItem], profile: MemberProfile) -> list[tuple[str, list[MentorItem]]]:
    known = {s.casefold() for s in profile.skills}
    counts: Counter[str] = Counter()
    asked_by: dict[str, list[MentorItem]] = {}
    for job in jobs:
        # A skill asked by a role close to what the member already knows is the nearer step.
        weight = 1 + sum(1 for s in job.skills if s.casefold() in known)
        for skill in job.skills:
            if skill.casefold() not in known:
                counts[skill] += weight
                asked_by.setdefault(skill, []).append(job)
    return [(skill, asked_by[skill]) for skill, _ in counts.most_common(3)]


def _learn(request: ChatRequest) -> list[str]:
    profile = request.profile
    tier = member_tier(profile)
    parts = _about_context(request)
    jobs = _of_kind(request, "job")
    posts = _of_kind(request, "post") + _of_kind(request, "project")
    gap = _skill_gap(jobs, profile)
    if gap:
        parts.append(f"**What to learn next**, from the open {TIER_ROLES[tier]} on DiceyTech:")
        lines = []
        for skill, asking in gap:
            examples = ", ".join(f"[{j.title}]({j.url})" for j in asking[:2])
            roles = "role asks" if len(asking) == 1 else "roles ask"
            lines.append(f"**{skill}**: {len(asking)} open {roles} for it, such as {examples}.")
        parts.append(_numbered(lines))
    elif profile.skills and jobs:
        parts.append(
            f"You already list every skill the open {TIER_ROLES[tier]} ask for. Go deeper in one of "
            f"them: build something bigger with {profile.skills[0]}."
        )
    parts.append("**How to learn it**")
    parts.append(
        _numbered(
            [
                "Start from a tiny working example, change one thing, and predict what will happen "
                "before you run it.",
                "Turn it into a small project of your own and "
                f"[add it to the showcase]({reverse('projects:create')}): employers read projects.",
                f"Use it with a team at [a hackathon]({reverse('hackathons:list')}?status=open) "
                "that fits your level.",
            ]
        )
    )
    parts.extend(_reading(posts, profile))
    parts.append(_profile_hint(profile))
    return parts


def _career(request: ChatRequest) -> list[str]:
    profile = request.profile
    tier = member_tier(profile)
    parts = _about_context(request)
    jobs = _of_kind(request, "job")
    if jobs:
        parts.append(
            f"**Open roles that fit you** ({TIER_ROLES[tier]}, as your profile says you are {TIER_WORDS[tier]}):"
        )
        parts.append(_numbered([_item_line(i, profile) for i in jobs]))
    elif request.context is None:
        parts.append(
            f"None of the open jobs fits your level right now: I leave out roles that ask for more "
            f"experience than your profile shows. [Browse all jobs]({reverse('jobs:job-list')}) or "
            "save a search and check back."
        )
    parts.append("**Before you apply**")
    parts.append(
        _numbered(
            [
                "Underline the skills the job asks for; for each, name a project or repository that "
                f"shows it, and put those on [your profile]({reverse('profiles:edit')}).",
                "For a gap, build one small thing this week that closes it.",
                "Write two sentences on why this role, in your own words: the interview will ask.",
                f"Apply from the job's page and follow each stage in [your applications]({reverse('jobs:application-list')}).",
            ]
        )
    )
    posts = _of_kind(request, "post")
    parts.extend(_reading(posts, profile))
    parts.append(_profile_hint(profile))
    return parts


def _interview(request: ChatRequest) -> list[str]:
    profile = request.profile
    tier = member_tier(profile)
    parts = _about_context(request)
    context_skills = ", ".join(request.context.skills) if request.context and request.context.skills else ""
    technical = {
        "student": "Revise the fundamentals you will be asked about: lists, dictionaries, loops, "
        "functions, and how you would test your code.",
        "beginner": "Revise the fundamentals you will be asked about: lists, dictionaries, loops, "
        "functions, and how you would test your code.",
        "intermediate": "Expect a practical task: reading unfamiliar code, fixing a bug, designing a "
        "small API or database table. Practise explaining trade-offs as you go.",
        "advanced": "Expect system design and leadership questions: sketch a system you built, its "
        "limits, how you would scale it, and a time you changed a team's direction.",
    }[tier]
    parts.append("**Prepare for the interview**")
    parts.append(
        _numbered(
            [
                "List the skills the job asks for"
                + (f" ({context_skills})" if context_skills else "")
                + "; for each, prepare one story from a project: the situation, what you did, the result.",
                technical,
                "Practise one coding problem aloud against a 25-minute timer: say what you are trying "
                "before you type.",
                "Be ready to walk through one project end to end: why you chose its design, what broke, "
                "what you would change.",
                "Prepare two questions for them: how work is reviewed, and what your first month looks like.",
                f"Afterwards, note what you struggled with; your stage is in [your applications]({reverse('jobs:application-list')}).",
            ]
        )
    )
    posts = _of_kind(request, "post")
    parts.extend(_reading(posts, profile))
    jobs = _of_kind(request, "job")
    if jobs and request.context is None:
        parts.append("**Open roles at your level to practise for**")
        parts.append(_numbered([_item_line(i, profile) for i in jobs]))
    return parts


def _debug(request: ChatRequest) -> list[str]:
    parts = _about_context(request)
    error = known_error(request.message)
    if error:
        parts.append(f"**{error.name}**: {error.meaning}")
        parts.append("**Usual causes**")
        parts.append(_bullets([c[0].upper() + c[1:] + "." for c in error.causes]))
        parts.append(f"**Check first**: {error.check}")
    parts.append("**Then narrow it down**")
    parts.append(
        _numbered(
            [
                "Read the **last line** of the traceback first, then the line of your own code nearest "
                "to it.",
                "Say what you expected to happen and what happened instead.",
                "Shrink it to the smallest piece of code that still fails, and explain that piece line "
                "by line: bugs often show themselves when you say what each line does.",
                f"Still stuck? Paste the code into the [code review panel]({reverse('mentor:home')}#code-panel).",
            ]
        )
    )
    posts = _of_kind(request, "post")
    parts.extend(_reading(posts, request.profile, "Posts on DiceyTech about it"))
    return parts


def _pasted_code(message: str) -> str:
    fenced = _FENCE.findall(message)
    if fenced:
        return "\n".join(fenced).strip()
    lines = message.splitlines()
    for start in range(len(lines)):
        code = "\n".join(lines[start:]).strip()
        try:
            tree = ast.parse(code)
        except SyntaxError:
            continue
        if tree.body and not all(
            isinstance(n, ast.Expr) and isinstance(n.value, ast.Name) for n in tree.body
        ):
            return code
    return ""


def _code(request: ChatRequest) -> list[str]:
    code = _pasted_code(request.message)
    panel = f"{reverse('mentor:home')}#code-panel"
    if not code:
        return [
            f"Paste the code into the [code review panel]({panel}) for a line-by-line check with ruff "
            "and security checks, or choose **Explain** there to have it walked through.",
            "Before that, say in one sentence what the code should do: which line is the first one "
            "you are unsure about?",
        ]
    summary, findings = analysis.review_python(code)
    parts = [f"**Review**: {summary}"]
    if findings:
        parts.append(
            _numbered(
                [
                    f"Line {f.line}, **{analysis.severity_label(f)}** ({f.rule}): {f.message}"
                    for f in findings[:12]
                ]
            )
        )
    parts.append(f"The [code review panel]({panel}) shows the same as a table, and explains code too.")
    return parts


def _site(request: ChatRequest) -> list[str]:
    topic = site_help.topic_for(request.message)
    if topic is None:
        return ["**DiceyTech, in short**", _bullets(site_help.overview())]
    return [f"**{topic.title}**", _numbered(site_help.steps_of(topic))]


def _general(request: ChatRequest) -> list[str]:
    parts = _about_context(request)
    found = (
        _of_kind(request, "hackathon")
        + _of_kind(request, "job")
        + _of_kind(request, "project")
        + _of_kind(request, "post")
    )
    if found:
        parts.append("**What I found on DiceyTech**")
        parts.append(_bullets([f"{i.kind.capitalize()}: {_item_line(i, request.profile)}" for i in found]))
    elif request.context is None:
        parts.append(
            "I didn't find anything on DiceyTech about that, and I'd rather say so than make "
            "something up. Try naming the technology, or the hackathon, job or project you mean."
        )
    parts.append(
        "I can also recommend a hackathon to join, tell you what to learn next, help you prepare for "
        "a job or an interview, explain an error or review code you paste."
    )
    return parts


ANSWERS: dict[str, Callable[[ChatRequest], list[str]]] = {
    "hackathon": _hackathon,
    "learn": _learn,
    "career": _career,
    "interview": _interview,
    "debug": _debug,
    "code": _code,
    "site": _site,
    "general": _general,
}


def chat(request: ChatRequest) -> BackendReply:
    intent = request.intent or intent_of(
        request.message, context_kind=request.context.kind if request.context else ""
    )
    parts = ANSWERS.get(intent, _general)(request)
    return BackendReply(text="\n\n".join(p for p in parts if p), backend="local")
