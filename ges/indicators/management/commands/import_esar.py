"""`ges import_esar FILE... --year 2566`: import e-SAR evaluation report pages (seed 000)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from ges.frameworks.models import FrameworkKind
from ges.indicators.imports import ImportSummary, import_esar_file


class Command(BaseCommand):
    help = (
        "Import the text of e-SAR evaluation report pages: the agency, its indicators, their "
        "details and evaluation items with results. Importing a page again updates it."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="+", metavar="FILE", help="Text of an e-SAR page.")
        parser.add_argument(
            "--year", type=int, required=True, help="Fiscal year (B.E.), e.g. 2566."
        )
        parser.add_argument(
            "--framework-kind",
            default=FrameworkKind.DEPARTMENTS,
            choices=FrameworkKind.values,
            help="The framework the indicators belong to (default: departments).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        year = options["year"]
        if not 2500 <= year <= 2700:
            raise CommandError(_("The fiscal year is a Buddhist Era year, e.g. 2566."))
        failed = 0
        for path in options["files"]:
            summary = import_esar_file(path, year, options["framework_kind"])
            self.report(summary)
            failed += not summary.ok
        if failed:
            raise CommandError(
                _("%(failed)s of %(total)s files were not imported.")
                % {"failed": failed, "total": len(options["files"])}
            )

    def report(self, summary: ImportSummary) -> None:
        if not summary.ok:
            self.stderr.write(_("%(path)s: nothing imported.") % {"path": summary.path})
            for note in summary.errors:
                self.stderr.write(f"  {note}")
            return
        agency = summary.agency + (f" / {summary.parent}" if summary.parent else "")
        created = _(" (created)") if summary.agency_created else ""
        self.stdout.write(f"{summary.path}: {agency} [{summary.agency_code}]{created}")
        self.stdout.write(
            "  "
            + _(
                "%(indicators)s indicators (%(created)s new, %(updated)s updated, "
                "%(sub)s of them sub-indicators), %(items)s evaluation items"
            )
            % {
                "indicators": summary.indicators,
                "created": len(summary.created),
                "updated": len(summary.updated),
                "sub": summary.sub_indicators,
                "items": summary.items,
            }
        )
        for note in summary.warnings:
            self.stdout.write("  " + _("warning: %(note)s") % {"note": note})
