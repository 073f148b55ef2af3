"""The demo: the Ministry of Finance's FY2566 agreement is there as a complete draft, ready to
propose, and loading the demo again changes nothing."""

from io import StringIO

import pytest
from django.core.management import call_command

from ges.agreements import actions, checks
from ges.agreements.models import Agreement, AgreementStatus
from ges.agreements.tests.conftest import actor
from ges.audit.models import AuditEntry
from ges.indicators.models import Indicator
from ges.orgs.models import User

pytestmark = pytest.mark.django_db


def test_it_loads_the_ops_mof_agreement_as_a_draft_ready_to_propose():
    call_command("load_demo", stdout=StringIO())
    agreement = Agreement.objects.get(
        organization__code="OPS-MOF", framework__fiscal_year__year=2566
    )
    assert agreement.status == AgreementStatus.DRAFT
    assert checks.proposal_problems(agreement) == []
    numbers = Indicator.objects.of_agency(agreement.organization, agreement.framework)
    assert sorted(numbers.top_level().values_list("number", flat=True)) == list("123456")
    before = (Agreement.objects.count(), Indicator.objects.count(), AuditEntry.objects.count())
    call_command("load_demo", stdout=StringIO())
    assert (
        Agreement.objects.count(),
        Indicator.objects.count(),
        AuditEntry.objects.count(),
    ) == before
    # The demo editor can propose it as it is.
    actions.propose_agreement(actor(User.objects.get(username="mof.editor")), agreement)
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.PROPOSED
    assert agreement.entries.count() == 6
