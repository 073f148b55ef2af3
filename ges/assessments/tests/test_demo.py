"""The demo submissions: e-SAR results imported as accepted, a draft for OPS-MOF, idempotent."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from ges.assessments import demo
from ges.assessments.models import (
    AgencyScore,
    ItemResult,
    ResultStatus,
    Submission,
    SubmissionStatus,
)
from ges.audit.models import AuditEntry
from ges.indicators.models import EvaluationItem
from ges.testing import SYSTEM


@pytest.mark.django_db
def test_the_demo_opens_submissions_once() -> None:
    call_command("load_demo", stdout=StringIO())
    round = demo.demo_round()
    assert round is not None and round.opens_on <= timezone.localdate() <= round.deadline
    submissions = {
        s.organization.code: s for s in Submission.objects.select_related("organization")
    }
    assert set(submissions) == {"BB", "OPS-MOF"}
    imported = submissions["BB"]
    assert imported.status == SubmissionStatus.SUBMITTED
    assert set(imported.results.values_list("status", flat=True)) == {ResultStatus.ACCEPTED}
    with_results = [
        item
        for item in EvaluationItem.objects.filter(indicator__organization__code="BB")
        if item.has_result
    ]
    rows = {row.item_id: row for row in ItemResult.objects.filter(result__submission=imported)}
    assert len(rows) == len(with_results) > 0
    for item in with_results:
        assert (rows[item.pk].passed, rows[item.pk].value) == (
            item.result_passed,
            item.result_value,
        )
    draft = submissions["OPS-MOF"]
    assert draft.status == SubmissionStatus.DRAFT and draft.results.count() == 6
    assert set(draft.results.values_list("status", flat=True)) == {ResultStatus.DRAFT}
    assert AgencyScore.objects.filter(round=round).count() == 2
    entries = AuditEntry.objects.count()
    assert demo.load_assessments(SYSTEM) == 0
    assert AuditEntry.objects.count() == entries
