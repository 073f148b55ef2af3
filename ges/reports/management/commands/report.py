"""`ges report --org NAME_OR_CODE --year 2566 --format text|html|json`: an agency's report."""

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.core.serializers.json import DjangoJSONEncoder

from ges.frameworks.models import FrameworkKind
from ges.reports import render
from ges.reports.builder import ReportError, build_report, find_agency, find_framework
from ges.reports.page import report_page, standalone_html


class Command(BaseCommand):
    help = (
        "Print an agency's evaluation report for a fiscal year: text in e-SAR's layout, JSON, "
        "or the report page as a standalone HTML document."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--org", required=True, help="The agency's code or exact name.")
        parser.add_argument("--year", type=int, required=True, help="Fiscal year (B.E.).")
        parser.add_argument(
            "--format", choices=["text", "html", "json"], default="text", dest="output"
        )
        parser.add_argument(
            "--framework-kind",
            choices=FrameworkKind.values,
            help="Needed only when the year has several frameworks the agency could be in.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            agency = find_agency(options["org"])
            framework = find_framework(agency, options["year"], options["framework_kind"])
        except ReportError as error:
            raise CommandError(str(error)) from None
        report = build_report(agency, framework)
        if options["output"] == "json":
            text = json.dumps(
                render.as_json(report), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2
            )
            self.stdout.write(text)
        elif options["output"] == "html":
            self.stdout.write(standalone_html(report_page(agency, framework, report)), ending="")
        else:
            self.stdout.write(render.as_text(report), ending="")
