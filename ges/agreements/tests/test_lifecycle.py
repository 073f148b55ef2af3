"""An agreement's whole life through the actions: opened (standard indicators adopted), proposed,
negotiated (rejected, revised, compared, agreed), signed and amended; each step audited with
before and after, and each one handing its event to the registered handlers."""

from decimal import Decimal

import pytest

from ges.agreements import actions, diff
from ges.agreements.events import EventKind
from ges.agreements.models import (
    AgreementIndicator,
    AgreementStatus,
    AmendmentStatus,
    Comment,
    Decision,
    IndicatorVersion,
)
from ges.agreements.tests.conftest import GROUPS, actor, agree_all, entry
from ges.agreements.versions import snapshot_of
from ges.audit.models import AuditEntry
from ges.indicators import actions as indicator_actions
from ges.indicators.criteria_actions import set_criteria
from ges.indicators.models import Indicator


def test_it_opens_a_draft_adopting_the_standard_indicators_once(
    world, agency_set, events, committed
):
    with committed():
        agreement = actions.open_agreement(
            actor(world.editor), agency_set.framework, world.department
        )
    assert agreement.status == AgreementStatus.DRAFT and agreement.state_changed_at
    copy = Indicator.objects.get(organization=world.department, standard=agency_set.standard)
    assert (copy.number, copy.weight, copy.component, copy.criteria) == (
        "9",
        Decimal(10),
        agency_set.pt,
        GROUPS,
    )
    assert list(copy.items.values_list("text", "kind", "unit")) == [
        ("ผลคะแนน PMQA", "number", "คะแนน")
    ]
    assert [e.kind for e in events()] == [EventKind.OPENED]
    assert AuditEntry.objects.filter(action="agreement.opened").count() == 1
    # Opening again changes nothing.
    with committed():
        again = actions.open_agreement(actor(world.editor), agency_set.framework, world.department)
    assert again.pk == agreement.pk
    assert (
        Indicator.objects.filter(organization=world.department, standard__isnull=False).count() == 1
    )
    assert [e.kind for e in events()] == [EventKind.OPENED]


def test_it_numbers_an_adopted_indicator_after_the_agencys_own_when_its_number_is_taken(
    world, agency_set
):
    agency_set.standard.number = "3"
    agency_set.standard.save()
    actions.open_agreement(actor(world.editor), agency_set.framework, world.department)
    copy = Indicator.objects.get(organization=world.department, standard=agency_set.standard)
    assert copy.number == "4"


def test_it_proposes_a_complete_set_as_version_1_of_every_indicator(
    world, draft, events, committed
):
    with committed():
        actions.propose_agreement(actor(world.editor), draft)
    draft.refresh_from_db()
    assert draft.status == AgreementStatus.PROPOSED and draft.proposed_at
    entries = list(AgreementIndicator.objects.filter(agreement=draft).order_by("indicator__number"))
    assert [
        (e.indicator.number, e.decision, e.submitted.number, e.submitted.kind) for e in entries
    ] == [
        ("1", "pending", 1, "proposal"),
        ("2", "pending", 1, "proposal"),
        ("3", "pending", 1, "proposal"),
        ("9", "pending", 1, "proposal"),
    ]
    assert entries[0].submitted.snapshot == snapshot_of(entries[0].indicator)
    audit = AuditEntry.objects.get(action="agreement.proposed")
    assert audit.before == {"status": "draft"}
    assert audit.after == {"status": "proposed", "indicators": ["1", "2", "3", "9"]}
    assert [e.kind for e in events()] == [EventKind.PROPOSED]
    assert events()[0].agreement == draft and events()[0].actor == world.editor


def test_it_walks_rejection_revision_agreement_signing_and_an_amendment(
    world, proposed, events, committed
):
    one = entry(proposed, "1")
    # The committee comments on a threshold, then rejects indicator 1.
    with committed():
        comment = actions.comment_on_indicator(
            actor(world.evaluator), one, "เป้าหมายขั้นสูงต่ำเกินไป", part="criteria.thresholds[2]"
        )
        actions.decide_indicator(
            actor(world.evaluator), one, "rejected", "ค่าเป้าหมายต่ำกว่าผลปีที่แล้ว", sequence=0
        )
    proposed.refresh_from_db()
    one.refresh_from_db()
    assert proposed.status == AgreementStatus.IN_NEGOTIATION
    assert (one.decision, one.decided_by, one.decision_reason, one.sequence) == (
        Decision.REJECTED,
        world.evaluator,
        "ค่าเป้าหมายต่ำกว่าผลปีที่แล้ว",
        1,
    )
    assert comment.part == "criteria.thresholds[2]"
    # The agency answers, revises the criteria and submits version 2.
    with committed():
        actions.comment_on_indicator(actor(world.editor), one, "ปรับแล้วตามข้อเสนอ", parent=comment)
        set_criteria(
            actor(world.editor), one.indicator, {"kind": "levels", "thresholds": [85, 90, 95]}
        )
        version = actions.submit_revision(
            actor(world.editor), proposed, one.indicator, "ปรับเป้าหมายให้สูงขึ้น"
        )
    one.refresh_from_db()
    assert (version.number, version.kind, one.submitted, one.decision, one.sequence) == (
        2,
        "revision",
        version,
        Decision.PENDING,
        2,
    )
    first = IndicatorVersion.objects.get(indicator=one.indicator, number=1)
    assert [line.path for line in diff.changes(first.snapshot, version.snapshot)] == [
        "criteria.thresholds[0]",
        "criteria.thresholds[1]",
        "criteria.thresholds[2]",
    ]
    # Every indicator agreed: the agreement is agreed on the last one.
    with committed():
        agree_all(world, proposed)
    proposed.refresh_from_db()
    one.refresh_from_db()
    assert proposed.status == AgreementStatus.AGREED and proposed.agreed_at
    assert one.version == version
    # Both sides sign; the indicators are locked from the first signature.
    with committed():
        actions.sign_agreement(actor(world.approver), proposed, "agency")
    proposed.refresh_from_db()
    assert proposed.status == AgreementStatus.AGREED
    assert not Indicator.objects.filter(organization=world.department, locked=False).exists()
    with committed():
        actions.sign_agreement(actor(world.evaluator), proposed, "committee")
    proposed.refresh_from_db()
    assert proposed.status == AgreementStatus.SIGNED and proposed.signed_at
    signed_audit = AuditEntry.objects.get(action="agreement.signed")
    assert signed_audit.after == {
        "status": "signed",
        "versions": {"1": 2, "2": 1, "3": 1, "9": 1},
    }
    # An amendment: proposed by the agency, approved by an evaluator, applied.
    two = entry(proposed, "2")
    current = snapshot_of(two.indicator)
    proposed_snapshot = {
        **current,
        "criteria": {"kind": "levels", "thresholds": [70, 75, 80]},
        "six_month_target": "ครึ่งทาง",
    }
    with committed():
        amendment = actions.propose_amendment(
            actor(world.editor), proposed, two.indicator, "งบประมาณถูกปรับลด", proposed_snapshot
        )
        approved = actions.approve_amendment(actor(world.evaluator), amendment, "เหตุผลเพียงพอ")
    indicator = Indicator.objects.get(pk=two.indicator.pk)
    assert indicator.criteria == {"kind": "levels", "thresholds": [70, 75, 80]}
    assert indicator.six_month_target == "ครึ่งทาง" and indicator.locked
    assert approved.status == AmendmentStatus.APPROVED
    assert (approved.version_before.number, approved.version_after.number) == (1, 2)
    assert approved.version_after.kind == "amendment"
    two.refresh_from_db()
    assert two.version == approved.version_after == two.submitted
    applied = AuditEntry.objects.get(action="indicator.amended")
    assert applied.object_id == str(indicator.pk)
    assert applied.before == {
        "six_month_target": "",
        "criteria": {"kind": "levels", "thresholds": [80, 85, 90]},
    }
    assert applied.after["six_month_target"] == "ครึ่งทาง" and applied.after["version"] == 2
    assert [e.kind for e in events()] == [
        EventKind.COMMENTED,
        EventKind.INDICATOR_REJECTED,
        EventKind.COMMENTED,
        EventKind.REVISED,
        EventKind.INDICATOR_AGREED,
        EventKind.INDICATOR_AGREED,
        EventKind.INDICATOR_AGREED,
        EventKind.INDICATOR_AGREED,
        EventKind.AGREED,
        EventKind.SIGNATURE_ADDED,
        EventKind.SIGNATURE_ADDED,
        EventKind.SIGNED,
        EventKind.AMENDMENT_PROPOSED,
        EventKind.AMENDMENT_APPROVED,
    ]
    rejected = events()[1]
    assert (rejected.indicator, rejected.actor, rejected.reason) == (
        one.indicator,
        world.evaluator,
        "ค่าเป้าหมายต่ำกว่าผลปีที่แล้ว",
    )
    assert [e.role for e in events() if e.kind == EventKind.SIGNATURE_ADDED] == [
        "agency",
        "committee",
    ]
    assert events()[-1].amendment == approved
    # The thread tells the story in order.
    assert list(Comment.objects.filter(entry=one).values_list("kind", "decision")) == [
        ("comment", ""),
        ("decision", "rejected"),
        ("comment", ""),
        ("revision", ""),
        ("decision", "agreed"),
    ]


def test_it_audits_every_step_with_before_and_after(world, signed):
    codes = set(AuditEntry.objects.values_list("action", flat=True))
    assert {
        "agreement.opened",
        "agreement.proposed",
        "agreement.indicator.agreed",
        "agreement.agreed",
        "agreement.signature.added",
        "agreement.signed",
    } <= codes
    agreed = AuditEntry.objects.filter(action="agreement.indicator.agreed").first()
    assert agreed.before["decision"] == "pending" and agreed.after["decision"] == "agreed"
    assert agreed.after["reason"] == "ตามเกณฑ์"


def test_it_rejects_an_amendment_with_a_reason_and_changes_nothing(
    world, signed, events, committed
):
    two = entry(signed, "2")
    before = snapshot_of(two.indicator)
    amendment = actions.propose_amendment(
        actor(world.editor), signed, two.indicator, "ขอปรับ", {**before, "unit": "ครั้ง"}
    )
    with committed():
        rejected = actions.reject_amendment(actor(world.evaluator), amendment, "ไม่มีเหตุผลเพียงพอ")
    assert rejected.status == AmendmentStatus.REJECTED and rejected.version_after is None
    assert snapshot_of(two.indicator) == before
    assert [e.kind for e in events()] == [EventKind.AMENDMENT_REJECTED]
    audit = AuditEntry.objects.get(action="agreement.amendment.rejected")
    assert audit.before == {"status": "pending"} and audit.after["reason"] == "ไม่มีเหตุผลเพียงพอ"


def test_it_reopens_an_agreed_agreement_when_the_agency_revises(world, agreed):
    one = entry(agreed, "1")
    indicator_actions.update_indicator(
        actor(world.editor), one.indicator, version=one.indicator.updated_at, name_th="ชื่อใหม่"
    )
    actions.submit_revision(actor(world.editor), agreed, one.indicator, "แก้ชื่อ")
    agreed.refresh_from_db()
    assert agreed.status == AgreementStatus.IN_NEGOTIATION
    assert AuditEntry.objects.filter(action="agreement.reopened").exists()


def test_it_takes_an_indicator_added_during_the_negotiation_into_the_agreement(world, proposed):
    one = entry(proposed, "1")
    indicator_actions.update_indicator(
        actor(world.editor), one.indicator, version=one.indicator.updated_at, weight=Decimal(30)
    )
    added = indicator_actions.create_indicator(
        actor(world.editor),
        framework=proposed.framework,
        organization=world.department,
        number="5",
        name_th="ตัวชี้วัดใหม่",
        component=one.indicator.component,
        weight=Decimal(10),
    )
    with pytest.raises(actions.AgreementError) as refused:
        actions.submit_revision(actor(world.editor), proposed, added, "เพิ่มตัวชี้วัด")
    assert len(refused.value.details) == 2  # no criteria, no items yet
    assert not AgreementIndicator.objects.filter(indicator=added).exists()
    set_criteria(actor(world.editor), added, {"kind": "levels", "thresholds": [1, 2, 3]})
    indicator_actions.replace_items(
        actor(world.editor),
        added,
        [{"text": "ทำได้", "kind": "passfail"}],
        version=Indicator.objects.get(pk=added.pk).updated_at,
    )
    version = actions.submit_revision(actor(world.editor), proposed, added, "เพิ่มตัวชี้วัด")
    assert (version.number, version.kind) == (1, "proposal")
    assert entry(proposed, "5").decision == Decision.PENDING
