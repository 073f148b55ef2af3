"""The demo agreement: the Office of the Permanent Secretary, Ministry of Finance, FY2566, as a
complete draft ready to propose (seed 001). Loading twice changes nothing."""

from __future__ import annotations

from ges.agreements.actions import open_agreement
from ges.agreements.models import Agreement
from ges.audit.log import Actor
from ges.frameworks.demo import demo_framework
from ges.frameworks.models import FrameworkKind
from ges.indicators.demo import OPS_MOF
from ges.orgs.models import Organization


def load_agreements(actor: Actor) -> int:
    """Open the demo agreement if it is not there; returns how many were opened."""
    framework = demo_framework(2566, FrameworkKind.DEPARTMENTS)
    agency = Organization.objects.get(code=OPS_MOF)
    if Agreement.objects.filter(framework=framework, organization=agency).exists():
        return 0
    open_agreement(actor, framework, agency)
    return 1
