"""manage.py careers_rescore [--scoring N]: score every finished quiz's kept answers again."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from apps.careers.models import QuizSession
from apps.careers.scoring import CURRENT_SCORING_VERSION, RULES
from apps.careers.services import result_rescore


class Command(BaseCommand):
    help = "Score every finished quiz again with a scoring version (default: the current one)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--scoring", type=int, default=CURRENT_SCORING_VERSION)

    def handle(self, *args, scoring: int, **options) -> None:
        if scoring not in RULES:
            raise CommandError(f"No scoring version {scoring}; known: {', '.join(map(str, sorted(RULES)))}.")
        done = 0
        for session in QuizSession.objects.filter(completed_at__isnull=False).iterator():
            result_rescore(session=session, rules=RULES[scoring])
            done += 1
        self.stdout.write(f"Scored {done} finished quizzes with scoring version {scoring}.")
