"""Code review and explanations: Python offline (ruff + AST), other languages via the LLM."""

from __future__ import annotations

import subprocess

import pytest

from apps.mentor import analysis
from apps.mentor.models import MentorInteraction
from tests.mentor.conftest import assert_error

pytestmark = pytest.mark.django_db

FLAWED = """import os


def collect(item, bucket=[]):
    try:
        bucket.append(item)
    except:
        pass
    return undefined_name
"""


def _rules(findings) -> set[str]:
    return {f["rule"] if isinstance(f, dict) else f.rule for f in findings}


def test_python_review_combines_ruff_and_structure_checks(api):
    response = api.post("/code-review", {"code": FLAWED, "language": "python"})

    body = response.json()
    assert response.status_code == 200
    assert set(body) == {"interaction_id", "language", "backend", "summary", "findings"}
    assert body["backend"] == "local"
    rules = _rules(body["findings"])
    assert {"F401", "F821"} <= rules, "ruff ran"
    assert {"mutable-default", "bare-except"} <= rules, "AST checks ran"
    finding = next(f for f in body["findings"] if f["rule"] == "F821")
    assert finding == {
        "line": 9,
        "severity": "error",
        "rule": "F821",
        "message": "Undefined name `undefined_name`",
    }
    assert [f["line"] for f in body["findings"]] == sorted(f["line"] for f in body["findings"])
    assert body["summary"].startswith("Found")
    interaction = MentorInteraction.objects.get(pk=body["interaction_id"])
    assert (interaction.kind, interaction.context, interaction.prompt) == (
        "code_review",
        {"language": "python"},
        FLAWED,
    )


def test_review_of_clean_code_finds_nothing(api):
    body = api.post(
        "/code-review", {"code": "def add(a: int, b: int) -> int:\n    return a + b\n", "language": "python"}
    ).json()

    assert body["findings"] == []
    assert "No problems found" in body["summary"]


def test_review_of_code_that_does_not_parse(api):
    body = api.post("/code-review", {"code": "def broken(:\n    pass\n", "language": "python"}).json()

    assert body["findings"][0]["rule"] == "syntax-error"
    assert body["findings"][0]["severity"] == "error"
    assert "does not parse" in body["summary"]


def test_long_and_deeply_nested_functions_are_flagged():
    body = "\n".join(f"    x{i} = {i}" for i in range(45))
    nested = "def deep(a):\n    if a:\n        for b in a:\n            while b:\n                if b:\n                    return b\n"
    _, findings = analysis.review_python(f"def long():\n{body}\n    return x0\n\n\n{nested}")

    rules = {(f.rule, f.line) for f in findings}
    assert ("long-function", 1) in rules
    assert any(rule == "deep-nesting" for rule, _ in rules)


def test_review_still_works_when_ruff_cannot_run(monkeypatch):
    def missing(*args, **kwargs):
        raise subprocess.TimeoutExpired(cmd="ruff", timeout=1)

    monkeypatch.setattr(analysis.subprocess, "run", missing)

    summary, findings = analysis.review_python(FLAWED)

    assert {"mutable-default", "bare-except"} <= _rules(findings)
    assert "ruff was unavailable" in summary


def test_other_languages_need_the_llm_and_say_so(api):
    body = api.post("/code-review", {"code": "console.log(x)", "language": "javascript"}).json()

    assert body["backend"] == "local"
    assert body["findings"] == []
    assert "LLM backend" in body["summary"]


def test_other_languages_are_reviewed_by_the_llm(api, fake_llm):
    fake_llm.reply = (
        "Mostly fine.\n1 | warning | no-undef | `x` is never declared: where should it come from?"
    )

    body = api.post("/code-review", {"code": "console.log(x)", "language": "javascript"}).json()

    assert body["backend"] == "openai"
    assert body["summary"] == "Mostly fine."
    assert body["findings"] == [
        {
            "line": 1,
            "severity": "warning",
            "rule": "no-undef",
            "message": "`x` is never declared: where should it come from?",
        }
    ]
    assert "console.log(x)" in fake_llm.last_prompt


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"code": "x = 1"}, "language"),
        ({"code": "x = 1", "language": "cobol"}, "language"),
        ({"code": "   ", "language": "python"}, "code"),
        ({"code": 5, "language": "python"}, "code"),
        ({"code": "x" * 15001, "language": "python"}, "code"),
        ({"code": "x = 1", "language": "python", "strict": True}, "strict"),
    ],
)
@pytest.mark.parametrize("endpoint", ["/code-review", "/explain"])
def test_code_endpoints_reject_invalid_input(api, endpoint, payload, field):
    assert_error(api.post(endpoint, payload), 400, "invalid", field=field)


def test_explain_walks_the_python_syntax_tree(api):
    code = '''"""Shapes."""
import math


class Circle(Shape):
    def area(self):
        return math.pi * self.r ** 2


def total(shapes):
    """Add up the areas."""
    result = 0
    for shape in shapes:
        if shape:
            result += shape.area()
    return result


if __name__ == "__main__":
    print(total([]))
'''
    response = api.post("/explain", {"code": code, "language": "python"})

    body = response.json()
    assert response.status_code == 200
    assert body["backend"] == "local"
    kinds = [(i["kind"], i["name"]) for i in body["items"]]
    assert ("class", "Circle") in kinds
    assert ("function", "area") in kinds
    assert ("function", "total") in kinds
    assert ("entry_point", "__main__") in kinds
    total = next(i for i in body["items"] if i["name"] == "total")
    assert "1 parameter (shapes)" in total["text"]
    assert "Add up the areas." in total["text"]
    assert "1 for loop" in total["text"] and "1 if statement" in total["text"]
    circle = next(i for i in body["items"] if i["name"] == "Circle")
    assert "inherits from Shape" in circle["text"]
    assert "1 top-level function and 1 class" in body["summary"]
    assert MentorInteraction.objects.get(pk=body["interaction_id"]).kind == "explain"


def test_explain_other_language_without_llm_says_so(api):
    body = api.post("/explain", {"code": "fn main() {}", "language": "rust"}).json()

    assert body["items"] == []
    assert "LLM backend" in body["summary"]


def test_explain_other_language_with_llm(api, fake_llm):
    fake_llm.reply = "This defines an empty main function. What would you print first?"

    body = api.post("/explain", {"code": "fn main() {}", "language": "rust"}).json()

    assert (body["backend"], body["summary"]) == ("openai", fake_llm.reply)
