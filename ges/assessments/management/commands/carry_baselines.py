"""`ges carry_baselines --year 2567`: carry the final 12-month results of the year before into
the baselines of the year's framework (again, e.g. once the agencies have their indicators)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from ges.assessments.carry import carry_baselines
from ges.audit.log import Actor
from ges.frameworks.models import Framework, FrameworkKind


class Command(BaseCommand):
    help = (
        "Carry the final 12-month results of the year before into the baselines and agency "
        "values of a year's framework. Only adds; running it again changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--year", type=int, required=True, help="The new fiscal year (B.E.), e.g. 2567."
        )
        parser.add_argument(
            "--framework-kind",
            default=FrameworkKind.DEPARTMENTS,
            choices=FrameworkKind.values,
            help="The framework to carry into (default: departments).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        framework = Framework.objects.filter(
            fiscal_year__year=options["year"], kind=options["framework_kind"]
        ).first()
        if framework is None:
            raise CommandError(
                _("Fiscal year %(year)s has no framework of this kind.") % {"year": options["year"]}
            )
        summary = carry_baselines(Actor(user=None), framework)
        if summary.round is not None:
            self.stdout.write(
                _(
                    "%(framework)s, from the 12-month round of %(year)s: %(baselines)s baseline "
                    "values and %(values)s agency values added, %(unchanged)s already there."
                )
                % {
                    "framework": framework.name_th,
                    "year": summary.year,
                    "baselines": summary.baselines_added,
                    "values": summary.values_added,
                    "unchanged": summary.unchanged,
                }
            )
        for note in summary.notes:
            self.stdout.write(f"  {note}")
