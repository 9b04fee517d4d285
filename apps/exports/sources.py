"""What can be exported: each app declares its sources in `apps/<app>/exports.py`,

    SOURCES = {"events.registration": SubmissionSource("registration"), …}

found by name (`apps.core.discovery`), so this app imports none of them. A source is asked
everything that depends on its rows: their columns, the rows themselves, how many there are,
who may read them, and where its status page leads back to. An export stores only the
source's key and its `params` (a small JSON object), and asks the source again each time.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Sequence
from functools import cache

from apps.core.discovery import app_modules


class Source(ABC):
    """One kind of export. Subclasses implement every method (a source missing one cannot be
    made); `params` is what the export was started with, read back from JSON (numbers,
    strings, lists)."""

    formats: tuple[str, ...] = ("csv", "xlsx")

    @abstractmethod
    def title(self, params: dict) -> str:
        """What the rows are, as in "Export of registrations"."""

    @abstractmethod
    def file_stem(self, params: dict) -> str:
        """The start of the file's name, before its date."""

    @abstractmethod
    def columns(self, params: dict) -> list[str]:
        """The header row."""

    @abstractmethod
    def rows(self, params: dict) -> Iterable[Sequence]:
        """The rows, one list of values per row, in the order of `columns`. May be large:
        iterate the database in chunks rather than building a list."""

    @abstractmethod
    def count(self, params: dict) -> int:
        """How many rows `rows` gives, for the progress bar."""

    @abstractmethod
    def can_read(self, user, params: dict) -> bool:
        """Whether `user` may see this export's status, download it and watch its progress.
        Everyone else gets a 404: an export's existence tells nothing."""

    @abstractmethod
    def back_url(self, params: dict) -> str:
        """The page the export was started from."""

    @abstractmethod
    def back_label(self, params: dict) -> str:
        """That page's name, for the link back to it."""


class UnknownSource(LookupError):
    pass


@cache
def registry() -> dict[str, Source]:
    found: dict[str, Source] = {}
    for label, module in app_modules("exports"):
        for key, source in getattr(module, "SOURCES", {}).items():
            if key in found:
                raise ValueError(f"Export source {key!r} declared twice ({label}).")
            found[key] = source
    return found


def source_get(key: str) -> Source:
    try:
        return registry()[key]
    except KeyError:
        raise UnknownSource(f"there is no export source {key!r}") from None


def source_app(key: str) -> str:
    """The app that declares a source: "events" for "events.registration"."""
    return key.partition(".")[0]
