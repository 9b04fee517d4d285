"""Offline analysis of Python snippets: ruff's findings plus a few AST checks for code review,
and a plain-language walk through the AST for explanations."""

from __future__ import annotations

import ast
import json
import logging
import subprocess
import sys
import tempfile
from dataclasses import dataclass

from django.conf import settings

logger = logging.getLogger(__name__)

# Ruff rules worth a learner's attention: real errors, likely bugs, security, simplifications.
RUFF_SELECT = "E4,E7,E9,F,W6,B,S,SIM,C4,UP,PL"
# Reported by our own AST checks with a teaching message instead.
RUFF_IGNORE = "E722,B006,PLR0915,PLR0912,PLR2004"
LONG_FUNCTION_LINES = 40
DEEP_NESTING = 4
_NESTING_NODES = (ast.If, ast.For, ast.AsyncFor, ast.While, ast.Try, ast.With, ast.AsyncWith, ast.Match)
_SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


@dataclass(frozen=True)
class Finding:
    line: int
    severity: str  # error | warning | info
    rule: str
    message: str

    @property
    def security(self) -> bool:
        return is_security(self)

    @property
    def label(self) -> str:
        return severity_label(self)


# Code that runs what it is given, or a shell, is an error whatever the style around it: eval
# and exec (S307, S102), pickle and marshal loads (S301, S302), yaml.load without SafeLoader
# (S506), a shell from subprocess or os (S602, S604, S605, S609), SQL built from strings (S608),
# TLS checks turned off (S501), a Jinja or Mako template without escaping (S701, S702) and
# tarfile extraction without a filter (S202).
SECURITY_ERRORS = frozenset(
    {
        "S102",
        "S202",
        "S301",
        "S302",
        "S307",
        "S501",
        "S506",
        "S602",
        "S604",
        "S605",
        "S609",
        "S608",
        "S701",
        "S702",
    }
)
# Other security rules (a hard-coded password, assert, random for tokens) are worth a look.
SECURITY_PREFIX = "S"


def _ruff_severity(code: str) -> str:
    if not code or code.startswith(("E9", "F63", "F7", "F82")) or code in SECURITY_ERRORS:
        return "error"
    if code.startswith(("F", "B", "S", "PLE")):
        return "warning"
    return "info"


def is_security(finding: Finding) -> bool:
    return (
        finding.rule.startswith(SECURITY_PREFIX) and finding.rule[1:].isdigit()
    ) or finding.rule in _AST_SECURITY


def severity_label(finding: Finding) -> str:
    """ "error (security)" for what a security reviewer would block, else the severity."""
    return f"{finding.severity} (security)" if is_security(finding) else finding.severity


def ruff_findings(code: str) -> tuple[list[Finding], bool]:
    """Run ruff on the snippet through stdin. Returns (findings, whether ruff ran)."""
    command = [
        sys.executable, "-m", "ruff", "check", "--isolated", "--no-cache", "--output-format", "json",
        "--select", RUFF_SELECT, "--ignore", RUFF_IGNORE, "--stdin-filename", "snippet.py", "-",
    ]  # fmt: skip
    try:
        with tempfile.TemporaryDirectory() as empty:
            completed = subprocess.run(  # noqa: S603 - fixed command, code goes to stdin only
                command,
                input=code,
                capture_output=True,
                text=True,
                timeout=getattr(settings, "MENTOR_RUFF_TIMEOUT", 10),
                cwd=empty,
                check=False,
            )
        raw = json.loads(completed.stdout or "[]")
    except (OSError, subprocess.TimeoutExpired, json.JSONDecodeError) as exc:
        logger.warning("mentor: ruff did not run: %s", exc)
        return [], False
    findings = [
        Finding(
            line=int((item.get("location") or {}).get("row") or 1),
            severity=_ruff_severity(item.get("code") or ""),
            rule=item.get("code") or "syntax-error",
            message=str(item.get("message") or "")[:300],
        )
        for item in raw
        if isinstance(item, dict)
    ]
    return findings, True


def _nesting_depth(node: ast.AST, depth: int = 0) -> tuple[int, int]:
    """(deepest nesting of blocks under node, line where it happens)."""
    best, line = depth, getattr(node, "lineno", 1)
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef | ast.Lambda):
            continue
        child_depth = depth + 1 if isinstance(child, _NESTING_NODES) else depth
        sub, sub_line = _nesting_depth(child, child_depth)
        if sub > best:
            best, line = sub, sub_line if sub > child_depth else getattr(child, "lineno", line)
    return best, line


_AST_SECURITY = frozenset({"eval-exec", "unsafe-load", "shell-command"})
_SHELL_CALLS = {("os", "system"), ("os", "popen")}
_SUBPROCESS = {"run", "call", "check_call", "check_output", "Popen", "getoutput", "getstatusoutput"}


def _dotted(func: ast.expr) -> tuple[str, str]:
    """("module", "name") for module.name(...), ("", "name") for name(...)."""
    if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
        return func.value.id, func.attr
    if isinstance(func, ast.Name):
        return "", func.id
    return "", ""


def _security_finding(node: ast.Call) -> Finding | None:
    """The calls that run what they are given. Found here as well as by ruff, so the review
    keeps them as errors when ruff cannot run."""
    module, name = _dotted(node.func)
    keywords = {k.arg: k.value for k in node.keywords if k.arg}
    if not module and name in {"eval", "exec"}:
        return Finding(
            node.lineno, "error", "eval-exec",
            f"`{name}()` runs any text as Python: given a file's contents or a user's input, it "
            "runs whatever they hold. Parse the data instead (json.loads, ast.literal_eval, int()).",
        )  # fmt: skip
    if (module, name) in {("pickle", "loads"), ("pickle", "load"), ("marshal", "loads")}:
        return Finding(
            node.lineno, "error", "unsafe-load",
            f"`{module}.{name}` can run code hidden in the data: never unpickle what you did not "
            "write yourself. Use JSON for data from outside.",
        )  # fmt: skip
    if (module, name) == ("yaml", "load"):
        loader = keywords.get("Loader") or (node.args[1] if len(node.args) > 1 else None)
        if loader is None or "Safe" not in ast.unparse(loader):
            return Finding(
                node.lineno, "error", "unsafe-load",
                "`yaml.load` without SafeLoader can build any Python object from the file. Use "
                "`yaml.safe_load`.",
            )  # fmt: skip
    shell = keywords.get("shell")
    if module == "subprocess" and name in _SUBPROCESS and isinstance(shell, ast.Constant) and shell.value:
        return Finding(
            node.lineno, "error", "shell-command",
            "`shell=True` hands the command to a shell: a file name or input containing `;` or "
            "`$(…)` runs commands of its own. Pass a list of arguments without a shell.",
        )  # fmt: skip
    if (module, name) in _SHELL_CALLS:
        return Finding(
            node.lineno, "error", "shell-command",
            f"`{module}.{name}` runs its text in a shell: with any input in it, that input can "
            "run commands. Use subprocess.run with a list of arguments.",
        )  # fmt: skip
    return None


def ast_findings(tree: ast.Module) -> list[Finding]:
    found: list[Finding] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and (risky := _security_finding(node)):
            found.append(risky)
            continue
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            length = (node.end_lineno or node.lineno) - node.lineno + 1
            if length > LONG_FUNCTION_LINES:
                found.append(
                    Finding(
                        node.lineno,
                        "warning",
                        "long-function",
                        f"`{node.name}` is {length} lines long. What are the steps it takes? "
                        "Each could be a small function with a name that says what it does.",
                    )
                )
            depth, line = _nesting_depth(node)
            if depth >= DEEP_NESTING:
                found.append(
                    Finding(
                        line,
                        "warning",
                        "deep-nesting",
                        f"`{node.name}` nests blocks {depth} levels deep. Could an early `return` "
                        "or `continue` handle the special cases first and flatten the rest?",
                    )
                )
            defaults = [*node.args.defaults, *(d for d in node.args.kw_defaults if d is not None)]
            for default in defaults:
                if isinstance(
                    default, ast.List | ast.Dict | ast.Set | ast.ListComp | ast.DictComp | ast.SetComp
                ) or (
                    isinstance(default, ast.Call)
                    and isinstance(default.func, ast.Name)
                    and default.func.id in {"list", "dict", "set"}
                ):
                    found.append(
                        Finding(
                            default.lineno,
                            "warning",
                            "mutable-default",
                            f"`{node.name}` has a mutable default argument: it is created once and "
                            "shared by every call. Default to None and create it inside.",
                        )
                    )
        elif isinstance(node, ast.ExceptHandler) and node.type is None:
            found.append(
                Finding(
                    node.lineno,
                    "warning",
                    "bare-except",
                    "A bare `except:` also catches KeyboardInterrupt and SystemExit. Which error "
                    "do you expect here? Catch that one.",
                )
            )
    return found


def review_python(code: str) -> tuple[str, list[Finding]]:
    """(summary, findings sorted by line) for a Python snippet."""
    try:
        tree = ast.parse(code)
    except SyntaxError as exc:
        line = exc.lineno or 1
        finding = Finding(line, "error", "syntax-error", f"Python cannot parse this: {exc.msg}.")
        return (
            f"The code does not parse (line {line}: {exc.msg}). Look at that line and the one "
            "before it: an unclosed bracket or a missing colon is the usual cause.",
            [finding],
        )
    findings, ruff_ran = ruff_findings(code)
    # Ruff's security rule and ours on one line say the same thing: keep ruff's.
    ruff_security_lines = {f.line for f in findings if is_security(f)}
    ours = [f for f in ast_findings(tree) if not (is_security(f) and f.line in ruff_security_lines)]
    findings = sorted(
        {(f.line, f.rule): f for f in [*findings, *ours]}.values(),
        # Errors first (security among them), then warnings and notes, each in line order:
        # a reviewer starts with what must change.
        key=lambda f: (_SEVERITY_ORDER[f.severity], not is_security(f), f.line, f.rule),
    )
    counts = {s: sum(1 for f in findings if f.severity == s) for s in ("error", "warning", "info")}
    if not findings:
        summary = "No problems found by ruff and the structure checks. Could a test prove it works?"
    else:
        parts = [f"{n} {s}{'s' if n != 1 else ''}" for s, n in counts.items() if n]
        security = sum(1 for f in findings if is_security(f) and f.severity == "error")
        first = (
            "Fix the security errors first: they let input run code."
            if security
            else "Start with the first one: what does its message tell you?"
        )
        summary = f"Found {', '.join(parts)}. {first}"
    if not ruff_ran:
        summary += " (ruff was unavailable, so only the structure checks ran.)"
    return summary, findings


# --- explain --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ExplainItem:
    kind: str  # module | import | function | class | control_flow | entry_point
    name: str
    line: int
    text: str


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _params(args: ast.arguments) -> list[str]:
    names = [a.arg for a in [*args.posonlyargs, *args.args, *args.kwonlyargs]]
    if args.vararg:
        names.append(f"*{args.vararg.arg}")
    if args.kwarg:
        names.append(f"**{args.kwarg.arg}")
    return names


def _flow(node: ast.AST) -> list[str]:
    counts: dict[str, int] = {}
    calls_itself = False
    name = getattr(node, "name", None)
    for child in ast.walk(node):
        label = {
            ast.If: "if statement",
            ast.For: "for loop",
            ast.AsyncFor: "async for loop",
            ast.While: "while loop",
            ast.Try: "try block",
            ast.With: "with block",
            ast.ListComp: "list comprehension",
            ast.DictComp: "dict comprehension",
            ast.Yield: "yield expression",
            ast.Await: "await expression",
        }.get(type(child))
        if label:
            counts[label] = counts.get(label, 0) + 1
        if isinstance(child, ast.Call) and isinstance(child.func, ast.Name) and child.func.id == name:
            calls_itself = True
    parts = [_plural(n, label) for label, n in counts.items()]
    if calls_itself:
        parts.append("a call to itself (recursion)")
    return parts


def _describe_function(node: ast.FunctionDef | ast.AsyncFunctionDef, owner: str = "") -> ExplainItem:
    params = [p for p in _params(node.args) if p not in {"self", "cls"}]
    kind = "an async function" if isinstance(node, ast.AsyncFunctionDef) else "a function"
    if owner:
        kind = f"a method of `{owner}`"
    sentences = [
        f"`{node.name}` is {kind} taking "
        + (f"{_plural(len(params), 'parameter')} ({', '.join(params)})." if params else "no parameters.")
    ]
    doc = ast.get_docstring(node)
    if doc:
        sentences.append(f"Its docstring says: “{doc.strip().splitlines()[0]}”")
    returns = any(isinstance(n, ast.Return) and n.value is not None for n in ast.walk(node))
    yields = any(isinstance(n, ast.Yield | ast.YieldFrom) for n in ast.walk(node))
    if yields:
        sentences.append("It is a generator: it yields values one at a time.")
    elif returns:
        sentences.append("It returns a value.")
    else:
        sentences.append("It returns nothing (None); it works through side effects.")
    flow = _flow(node)
    if flow:
        sentences.append(f"Inside it: {', '.join(flow)}.")
    decorators = [ast.unparse(d) for d in node.decorator_list]
    if decorators:
        sentences.append(f"It is decorated with {', '.join('@' + d for d in decorators)}.")
    return ExplainItem("function", node.name, node.lineno, " ".join(sentences))


def explain_python(code: str) -> tuple[str, list[ExplainItem]]:
    """(summary, items) describing a Python snippet from its AST."""
    try:
        tree = ast.parse(code)
    except SyntaxError as exc:
        return (
            f"Python cannot parse this code (line {exc.lineno or 1}: {exc.msg}), so I can't walk "
            "through it yet. Fix that line first; what does the message suggest?",
            [],
        )
    items: list[ExplainItem] = []
    doc = ast.get_docstring(tree)
    if doc:
        items.append(
            ExplainItem("module", "module", 1, f"The module's docstring says: “{doc.splitlines()[0]}”")
        )
    imported = [
        alias.name if isinstance(node, ast.Import) else f"{node.module or '.'}.{alias.name}"
        for node in tree.body
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
    ]
    if imported:
        items.append(ExplainItem("import", "imports", 1, f"It imports {', '.join(imported)}."))
    functions = classes = 0
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            functions += 1
            items.append(_describe_function(node))
        elif isinstance(node, ast.ClassDef):
            classes += 1
            bases = [ast.unparse(b) for b in node.bases]
            methods = [n for n in node.body if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]
            text = f"`{node.name}` is a class" + (f" that inherits from {', '.join(bases)}" if bases else "")
            text += f" with {_plural(len(methods), 'method')}" + (
                f": {', '.join(m.name for m in methods)}." if methods else "."
            )
            items.append(ExplainItem("class", node.name, node.lineno, text))
            items.extend(_describe_function(m, owner=node.name) for m in methods)
        elif isinstance(node, ast.If) and "__name__" in ast.unparse(node.test):
            items.append(
                ExplainItem(
                    "entry_point",
                    "__main__",
                    node.lineno,
                    'The `if __name__ == "__main__"` block runs only when the file is run as a '
                    "script, not when it is imported.",
                )
            )
        elif isinstance(node, _NESTING_NODES):
            flow = _flow(node)
            items.append(
                ExplainItem(
                    "control_flow",
                    type(node).__name__.lower(),
                    node.lineno,
                    f"At line {node.lineno} the module itself runs a {type(node).__name__.lower()} "
                    f"statement" + (f" containing {', '.join(flow)}." if flow else "."),
                )
            )
    summary = (
        f"This code defines {_plural(functions, 'top-level function')} and {_plural(classes, 'class')}"
        f" in {_plural(len(code.splitlines()), 'line')}. Read each part below, then try to predict "
        "what it prints before you run it."
    )
    return summary, items
