"""Score the mentor against its evaluation set (apps/mentor/evaluation/questions.toml).

    python manage.py mentor_eval                 # the offline mentor, and the model if one is set
    python manage.py mentor_eval --backend local --min-pass 0.8 --show-failures

The world of content is built in a throwaway test database (or, with --here, inside a
transaction on the current database that is rolled back), so nothing is left behind.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from apps.mentor import evaluation
from apps.mentor.backends import configured_backend, local, openai
from apps.mentor.services import chat_request_build


class Command(BaseCommand):
    help = "Score the offline mentor (and a configured model) against the evaluation set."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--backend", choices=["local", "model", "all"], default="all")
        parser.add_argument(
            "--here",
            action="store_true",
            help="Build the world on the current database inside a rolled-back transaction "
            "(its own content then counts too; tests use this).",
        )
        parser.add_argument(
            "--min-pass", type=float, default=None, help="Fail below this local pass rate (0-1)."
        )
        parser.add_argument("--show-failures", action="store_true")

    def handle(self, *args, **options) -> None:
        backends = {}
        if options["backend"] in {"local", "all"}:
            backends["local"] = lambda request: local.chat(request).text
        if options["backend"] in {"model", "all"}:
            if configured_backend() == "openai":
                backends["model"] = openai.chat
            elif options["backend"] == "model":
                raise CommandError("No model is configured: set MENTOR_BACKEND=openai and MENTOR_API_BASE.")
        if options["here"]:
            outcomes = evaluation.run(backends, build_request=chat_request_build)
        else:
            outcomes = self._in_test_database(backends)
        self._print(outcomes, show_failures=options["show_failures"])
        rate = evaluation.pass_rate(outcomes, "local")
        if options["min_pass"] is not None and "local" in backends and rate < options["min_pass"]:
            raise CommandError(
                f"The local mentor passed {rate:.0%}, under the floor of {options['min_pass']:.0%}."
            )

    def _in_test_database(self, backends):
        old_name = connection.settings_dict["NAME"]
        if connection.vendor != "sqlite":
            # Its own name: never the database a test run may be reusing.
            connection.settings_dict.setdefault("TEST", {})["NAME"] = f"{old_name}_mentor_eval"
        connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
        try:
            return evaluation.run(backends, build_request=chat_request_build)
        finally:
            connection.creation.destroy_test_db(old_name, verbosity=0)

    def _print(self, outcomes, *, show_failures: bool) -> None:
        if show_failures:
            for outcome in outcomes:
                if not outcome.passed:
                    self.stdout.write(
                        f"FAIL [{outcome.backend}] {outcome.question.id}: {'; '.join(outcome.problems)}"
                    )
            self.stdout.write("")
        rows = evaluation.table(outcomes)
        widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
        for n, row in enumerate(rows):
            self.stdout.write("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))
            if n == 0 or row[0] == rows[-2][0]:
                self.stdout.write("  ".join("-" * width for width in widths))
