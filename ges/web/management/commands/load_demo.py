from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from ges.agreements import demo as agreement_demo
from ges.assessments import demo as assessment_demo
from ges.audit.log import Actor
from ges.frameworks import demo as framework_demo
from ges.indicators import demo as indicator_demo
from ges.orgs import demo as org_demo


class Command(BaseCommand):
    help = "Load the demo data from the seed documents. Running it again changes nothing."

    def handle(self, *args: Any, **options: Any) -> None:
        system = Actor(user=None)
        with transaction.atomic():
            organizations = org_demo.load_organizations(system)
            people = org_demo.load_people(system)
            frameworks = framework_demo.load_frameworks(system)
            indicators = indicator_demo.load_indicators(system)
            pages = indicator_demo.load_esar_pages(system)
            agreements = agreement_demo.load_agreements(system)
            submissions = assessment_demo.load_assessments(system)
        self.stdout.write(
            f"Demo data: {organizations} organisations, {people} people, "
            f"{frameworks} frameworks, {indicators} indicators, {agreements} agreements and "
            f"{submissions} submissions added."
        )
        for page in pages:
            self.stdout.write(
                f"e-SAR page {Path(page.path).name}: {page.agency}, {len(page.created)} indicators added, "
                f"{len(page.warnings)} warnings."
            )
            for note in page.errors:
                self.stderr.write(f"  {note}")
        self.stdout.write(f"Demo accounts (password: {org_demo.DEMO_PASSWORD}):")
        for person in org_demo.DEMO_PEOPLE:
            self.stdout.write(
                f"  {person.username:<16} {person.role.label} · {person.organization_code}"
            )
