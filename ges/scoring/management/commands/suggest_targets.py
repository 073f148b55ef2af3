"""`ges suggest_targets 2562=96.11 2563=100 ...`: thresholds from a baseline, with reasons."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from ges.scoring import cli


class Command(BaseCommand):
    requires_system_checks: list[str] = []  # pure computation: no models, no database
    help = cli.SUGGEST_HELP

    def add_arguments(self, parser: CommandParser) -> None:
        cli.add_suggest_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        status = cli.run_suggest(options, self.stdout, self.stderr)
        if status:
            raise SystemExit(status)
