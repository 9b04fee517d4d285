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
    order = {"error": 0, "warning": 1, "info": 2}
    security = [f["rule"][:1] == "S" and f["rule"][1:].isdigit() for f in body["findings"]]
    keys = [(order[f["severity"]], not s, f["line"]) for f, s in zip(body["findings"], security, strict=True)]
    assert keys == sorted(keys), "errors first, then warnings and notes, security first, each by line"
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


RISKY = """import os
import pickle
import subprocess

import yaml


def load(path, seen=[]):
    data = open(path).read()
    config = eval(data)
    exec(data)
    state = pickle.loads(data.encode())
    settings = yaml.load(data)
    subprocess.run(f"convert {path}", shell=True)
    os.system("rm " + path)
    return config, state, settings, seen
"""


@pytest.mark.parametrize("ruff_runs", [True, False])
def test_code_that_runs_its_input_is_an_error_above_style(monkeypatch, ruff_runs):
    if not ruff_runs:
        monkeypatch.setattr(analysis, "ruff_findings", lambda code: ([], False))

    summary, findings = analysis.review_python(RISKY)

    by_line = {}
    for finding in findings:
        by_line.setdefault(finding.line, []).append(finding)
    for line in (10, 11, 12, 13, 14, 15):  # eval, exec, pickle, yaml, shell=True, os.system
        assert any(f.severity == "error" and analysis.is_security(f) for f in by_line[line]), line
    mutable = next(f for f in findings if f.rule == "mutable-default")
    assert mutable.severity == "warning", "a mutable default is a bug risk, not a security error"
    first_warning = next(i for i, f in enumerate(findings) if f.severity != "error")
    assert all(f.severity == "error" for f in findings[:first_warning])
    assert analysis.is_security(findings[0])
    assert "security errors first" in summary


def test_yaml_with_safe_loader_and_subprocess_without_shell_are_not_errors():
    code = (
        "import subprocess\n\nimport yaml\n\n\n"
        "def read(path):\n"
        '    subprocess.run(["ls", path], check=True)\n'
        "    return yaml.load(open(path), Loader=yaml.SafeLoader)\n"
    )

    _, findings = analysis.review_python(code)

    assert not [f for f in findings if f.severity == "error"], findings


def test_security_findings_are_labelled_in_the_page(member_client):
    response = member_client.post(
        "/mentor/code/",
        {"language": "python", "code": "def run(text):\n    return eval(text)\n", "action": "review"},
        headers={"HX-Request": "true"},
    )

    html = response.content.decode()
    assert "error (security)" in html
    assert "`" not in html.split('id="code-panel"')[1].split("</form>")[1], "no raw backticks after the form"
    assert "<code>ast.literal_eval</code>" in html, "ruff's message, its code rendered as code"
