"""The errors members paste most often, explained offline: what the message means, the usual
causes and how to check each. Matched on the error's name or a telling phrase."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class KnownError:
    name: str
    pattern: re.Pattern[str]
    meaning: str
    causes: tuple[str, ...]
    check: str


def _e(name: str, pattern: str, meaning: str, causes: tuple[str, ...], check: str) -> KnownError:
    return KnownError(name, re.compile(pattern, re.IGNORECASE), meaning, causes, check)


KNOWN_ERRORS: tuple[KnownError, ...] = (
    _e(
        "JavaScript: reading a property of undefined",
        r"cannot read propert(y|ies) of (undefined|null)|undefined is not an object",
        "A value you treat as an object is undefined or null.",
        (
            "data that has not loaded yet (an async call)",
            "a typo in a property name",
            "document.querySelector found no element",
        ),
        "console.log the value just before the failing line.",
    ),
    _e(
        "JavaScript: not a function",
        r"is not a function",
        "You called something that is not a function.",
        ("a typo in the method name", "a value of another type than you think (map on an object)"),
        "console.log(typeof value) before the call.",
    ),
    _e(
        "ModuleNotFoundError",
        r"modulenotfounderror|no module named",
        "Python looked for a module to import and did not find it in the environment that runs your code.",
        (
            "the package is not installed in this environment (or virtualenv)",
            "the package's import name differs from its install name (pip install Pillow, import PIL)",
            "a typo, or a local file named like the module shadowing it",
        ),
        "Run python -m pip show with the package name using the same python that runs your script.",
    ),
    _e(
        "KeyError",
        r"keyerror",
        "You asked a dictionary for a key it does not hold. The message shows the missing key.",
        (
            'the key is spelled or cased differently ("Name" and "name" are different keys)',
            "the data comes from outside (JSON, a form, an API) and that field is sometimes missing",
            "the key is added later than you read it",
        ),
        "Print the dictionary's keys just before the failing line, or read it with .get(key, default) "
        "where a missing key is normal.",
    ),
    _e(
        "AttributeError on None",
        r"attributeerror:.*nonetype|'nonetype' object has no attribute",
        "A variable you expected to hold an object holds None, so it has none of the attributes you used.",
        (
            "a function that returns nothing (it ends without return), such as list.sort()",
            "a lookup that found nothing (re.match, dict.get, a query's first())",
            "a variable set in one branch of an if and not the other",
        ),
        "Find where that variable was last assigned and print it there.",
    ),
    _e(
        "AttributeError",
        r"attributeerror",
        "The object has no attribute or method of that name.",
        (
            "a typo in the name",
            "the object is of another type than you think",
            "the method exists in another version of the library",
        ),
        "Print type(obj) and dir(obj) just before the failing line.",
    ),
    _e(
        "TypeError",
        r"typeerror",
        "An operation got a value of the wrong type, or a function got the wrong number of arguments.",
        (
            "adding a number to a string (input() always returns a string)",
            "calling a function with more or fewer arguments than it takes (a missing self?)",
            "calling something that is not a function, such as a list or None",
        ),
        "Print the types of the values on the failing line with type().",
    ),
    _e(
        "NameError",
        r"nameerror|is not defined",
        "Python met a name it does not know at that point of the program.",
        (
            "a typo or a different case",
            "the variable is defined inside a function or after its use",
            "a missing import",
        ),
        "Search the file for where the name is defined, and check it runs before the failing line.",
    ),
    _e(
        "IndexError",
        r"indexerror|index out of range",
        "You asked a list (or string) for a position past its end.",
        (
            "an off-by-one loop (range(len(x) + 1), or <= instead of <)",
            "the list is empty",
            "the data has fewer items than you assumed",
        ),
        "Print len() of the list and the index just before the failing line.",
    ),
    _e(
        "IndentationError",
        r"indentationerror|unexpected indent|expected an indented block",
        "Python uses indentation to group lines, and these lines do not line up.",
        ("tabs and spaces mixed", "a block (after a colon) with nothing indented under it"),
        "Let your editor show whitespace and re-indent the block with four spaces.",
    ),
    _e(
        "SyntaxError",
        r"syntaxerror|invalid syntax",
        "Python could not read the code at all, so nothing ran.",
        (
            "an unclosed bracket or quote on the line before",
            "a missing colon after if, for, def or class",
            "code from another language or version",
        ),
        "Look at the line shown and the one above it.",
    ),
    _e(
        "ValueError",
        r"valueerror",
        'The value has the right type but an impossible content, such as int("abc").',
        ("converting text that is not a number", "unpacking the wrong number of values"),
        "Print the value (with repr) before the conversion.",
    ),
    _e(
        "ZeroDivisionError",
        r"zerodivisionerror|division by zero",
        "A division by zero, often an average of an empty list.",
        ("a count or a length that is zero",),
        "Decide what the answer should be when it is zero and handle that case first.",
    ),
    _e(
        "RecursionError",
        r"recursionerror|maximum recursion depth",
        "A function called itself too many times without stopping.",
        ("no base case, or a base case that is never reached",),
        "Print the argument at the start of the function and check it moves toward the base case.",
    ),
    _e(
        "FileNotFoundError",
        r"filenotfounderror|no such file or directory",
        "The file is not where the path says, relative to the folder the program runs from.",
        ("a relative path and another working directory", "a typo or a different case in the name"),
        "Print os.getcwd() and the absolute path you open.",
    ),
    _e(
        "Django: no such table",
        r"no such table|relation .* does not exist|operationalerror",
        "The database has no table for a model yet: its migrations were not applied.",
        ("a new model or field without makemigrations and migrate", "another database than you think"),
        "Run python manage.py showmigrations and apply what is missing with migrate.",
    ),
    _e(
        "Django: NoReverseMatch",
        r"noreversematch",
        "A {% url %} or reverse() names a URL that does not exist with those arguments.",
        ("the URL name or namespace is spelled differently", "an argument is missing or empty"),
        "Compare the name with urls.py (app_name:name) and print the arguments you pass.",
    ),
    _e(
        "Django: TemplateDoesNotExist",
        r"templatedoesnotexist",
        "Django looked for a template in its template folders and did not find it.",
        ("the path in render() differs from the file's place", "the app is not in INSTALLED_APPS"),
        "The error page lists every folder Django searched: is your file in one of them?",
    ),
    _e(
        "CSRF verification failed",
        r"csrf",
        "Django refused a POST without a valid CSRF token.",
        ("a form without {% csrf_token %}", "a fetch or htmx request without the X-CSRFToken header"),
        "Look at the request in the browser's network tab: is the token sent?",
    ),
    _e(
        "IntegrityError",
        r"integrityerror|unique constraint|duplicate key",
        "The database refused a row that breaks one of its rules, usually a unique value.",
        ("saving the same unique value twice", "a required foreign key left empty"),
        "Read the constraint name in the message, then check the value before you save.",
    ),
    _e(
        "CORS",
        r"\bcors\b|access-control-allow-origin",
        "The browser blocked a request to another origin because that server did not allow it.",
        ("the API does not send Access-Control-Allow-Origin for your site",),
        "This is fixed on the server you call, not in your JavaScript.",
    ),
)


def known_error(text: str) -> KnownError | None:
    """The first known error the text mentions, or None."""
    return next((error for error in KNOWN_ERRORS if error.pattern.search(text)), None)
