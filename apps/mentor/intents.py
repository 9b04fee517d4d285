"""What a member is asking the mentor for, from the words of their question: the common
intents of this community, each answered in its own way by the offline mentor and used to
choose what site content grounds any answer."""

from __future__ import annotations

import re

INTENTS = ("code", "debug", "site", "learn", "interview", "career", "hackathon", "general")

_CODE = re.compile(
    r"```|^\s*(def|class|import|from|for|while|if|return|async def)\b.*[:(]|"
    r"\b(review|critique|feedback on|improve|refactor|clean up)\b.{0,40}\b(code|function|script|snippet|class|program)\b",
    re.MULTILINE,
)
_DEBUG = re.compile(
    r"\b(\w+(error|exception)|errors?|exceptions?|traceback|stack ?trace|crash(es|ed|ing)?|bugs?|"
    r"fails?|failing|failed|broken|doesn'?t work|not working|won'?t (run|start|work)|undefined|"
    r"segfault|segmentation fault|returns none|cannot read propert)\b"
)
_SITE = re.compile(
    r"\b(how (do|can|should) i|where (do|can) i|how to|is there a way to|can i)\b.{0,60}"
    r"\b(this site|diceytech|my profile|profile|avatar|photo|account|password|e-?mail|notifications?|"
    r"post|publish|write|draft|comment|follow|mute|tags?|api|token|save|saved|bookmark|showcase|"
    r"team|teams|join code|submit|submission|cv|resume|apply|application|withdraw|delete|export|"
    r"register|ticket|otei|organi[sz]e|create a hackathon|host|post a job|hire|two-factor|2fa)\b"
    r"|\b(this site|diceytech)\b"
)
_LEARN_NEXT = re.compile(
    r"\b(what|which)\b.{0,30}\b(learn|study|skills?|languages?|framework|technolog\w*|stack)\b|"
    r"\blearn next\b|\broadmap\b|\bwhere (do|should) i start\b|\bhow (do|can|should) i (start|begin|get into)\b|"
    r"\bwhat next\b|\bskills? (gap|to learn)\b|\bswitch(ing)? (to|into) tech\b|\bcareer change\b"
)
_PREPARE = re.compile(r"\bprepar\w*\b|\bget ready\b|\bstand out\b|\bimprove my (cv|resume|application)\b")
_INTERVIEW = re.compile(r"\binterview\w*\b|\b(technical|coding) (test|assessment|challenge)\b|\bwhiteboard\b")
_CAREER = re.compile(
    r"\b(jobs?|roles?|positions?|apply|applying|application|cv|resume|hiring|salary|salaries|"
    r"internships?|intern|employ\w*|work experience|offer|recruit\w*|portfolio|career)\b"
)
_HACKATHON = re.compile(r"\b(hackathons?|hack|teams?|teammates?|submission|pitch|judg\w*|demo day)\b")
_LEARN = re.compile(
    r"\b(learn\w*|study\w*|start\w*|begin\w*|understand|what is|what are|explain|tutorial|course|"
    r"practi[cs]e)\b"
)


def intent_of(message: str, *, context_kind: str = "") -> str:
    """One of INTENTS. Pasted code and errors come first (they say most about what is
    wanted); a question naming a site action before the topics it touches (\"how do I submit
    my team's project\" is about the site, not hackathon strategy)."""
    lowered = message.lower()
    if _CODE.search(message) and not _DEBUG.search(lowered.split("```")[0][:200]):
        return "code"
    if _DEBUG.search(lowered):
        return "debug"
    if _CODE.search(message):
        return "code"
    learn_next = bool(_LEARN_NEXT.search(lowered))
    # "How do I prepare my application" asks for advice, not for the site's buttons.
    if _PREPARE.search(lowered) and (
        _INTERVIEW.search(lowered) or _CAREER.search(lowered) or context_kind == "job"
    ):
        return "interview" if _INTERVIEW.search(lowered) else "career"
    if _SITE.search(lowered) and not learn_next:
        return "site"
    if learn_next:
        return "learn"
    if _INTERVIEW.search(lowered):
        return "interview"
    if _HACKATHON.search(lowered):
        return "hackathon"
    if _CAREER.search(lowered):
        return "career"
    if _LEARN.search(lowered):
        return "learn"
    return {
        "hackathon": "hackathon",
        "job": "career",
        "careers_result": "career",
        "lesson": "learn",
        "exercise": "learn",
        "coaching": "learn",
    }.get(context_kind, "general")
