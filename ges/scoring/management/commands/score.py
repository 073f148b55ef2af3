"""`ges score FILE|-`: score a what-if document (docs/scoring.md) and print JSON."""

import sys
from typing import Any, TextIO

from django.core.management.base import BaseCommand, CommandParser

from ges.scoring import cli


class Command(BaseCommand):
    requires_system_checks: list[str] = []  # pure computation: no models, no database
    help = cli.SCORE_HELP
    stealth_options = ("stdin",)  # lets tests pass a document through call_command

    def add_arguments(self, parser: CommandParser) -> None:
        cli.add_score_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        stdin: TextIO = options.get("stdin") or sys.stdin
        status = cli.run_score(options["file"], stdin, self.stdout, self.stderr)
        if status:
            raise SystemExit(status)
