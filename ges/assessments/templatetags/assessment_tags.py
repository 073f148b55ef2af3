"""The stored round scores of an agency, for the evaluation report page (one query)."""

from __future__ import annotations

from django import template

from ges.assessments.models import AgencyScore
from ges.frameworks.models import Framework
from ges.orgs.models import Organization

register = template.Library()


@register.simple_tag
def round_scores(agency: Organization, framework: Framework) -> list[AgencyScore]:
    """The agency's scores in the framework's rounds, in the order of the rounds."""
    return list(
        AgencyScore.objects.filter(organization=agency, round__framework=framework)
        .select_related("round")
        .order_by("round__months")
    )
