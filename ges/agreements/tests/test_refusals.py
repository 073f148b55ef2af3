"""Every step refused when it must be: no reason, an incomplete proposal, the wrong person, a
stale decision, an agreement not in the right state; and a refused step changes nothing."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import translation

from ges.agreements import actions
from ges.agreements.models import (
    AgreementIndicator,
    AgreementStatus,
    Amendment,
    Comment,
    Decision,
    IndicatorVersion,
    Signature,
)
from ges.agreements.tests.conftest import actor, entry
from ges.agreements.versions import snapshot_of
from ges.audit.models import AuditEntry
from ges.indicators import actions as indicator_actions
from ges.indicators.models import Indicator
from ges.orgs.actions import grant_role
from ges.orgs.models import Role, User
from ges.testing import SYSTEM, make_member


def state(agreement):
    """Everything a refused step could have changed."""
    agreement.refresh_from_db()
    return (
        agreement.status,
        agreement.state_changed_at,
        list(
            AgreementIndicator.objects.filter(agreement=agreement)
            .order_by("pk")
            .values_list(
                "decision", "decided_by", "decision_reason", "submitted", "version", "sequence"
            )
        ),
        IndicatorVersion.objects.count(),
        Comment.objects.count(),
        Signature.objects.count(),
        Amendment.objects.count(),
        list(Amendment.objects.order_by("pk").values_list("status", "version_after")),
        AuditEntry.objects.count(),
    )


# Proposing -----------------------------------------------------------------------------------


def test_it_refuses_an_incomplete_proposal_and_says_what_is_missing(world, draft, agency_set):
    agency_set.two.weight = Decimal(20)
    agency_set.two.save()
    agency_set.three.items.all().delete()
    before = state(draft)
    with translation.override("en"), pytest.raises(actions.IncompleteProposal) as refused:
        actions.propose_agreement(actor(world.editor), draft)
    messages = " ".join(refused.value.details)
    assert "weigh 60" in messages and "Indicator 3 has no evaluation items" in messages
    assert state(draft) == before and draft.status == AgreementStatus.DRAFT


def test_it_refuses_to_propose_twice(world, proposed):
    before = state(proposed)
    with pytest.raises(actions.AgreementError):
        actions.propose_agreement(actor(world.editor), proposed)
    assert state(proposed) == before


@pytest.mark.parametrize(
    "persona", ["approver", "evaluator", "framework_admin", "viewer", "outsider"]
)
def test_it_lets_only_the_agencys_editor_propose(world, draft, persona):
    before = state(draft)
    with pytest.raises(PermissionDenied):
        actions.propose_agreement(actor(getattr(world, persona)), draft)
    assert state(draft) == before


# Deciding ------------------------------------------------------------------------------------


@pytest.mark.parametrize("reason", ["", "   \n "])
@pytest.mark.parametrize("decision", ["agreed", "rejected", "change_requested"])
def test_it_refuses_a_decision_without_a_reason(world, proposed, decision, reason):
    before = state(proposed)
    with pytest.raises(actions.AgreementError):
        actions.decide_indicator(
            actor(world.evaluator), entry(proposed, "1"), decision, reason, sequence=0
        )
    assert state(proposed) == before


def test_it_refuses_an_unknown_decision(world, proposed):
    before = state(proposed)
    with pytest.raises(actions.AgreementError):
        actions.decide_indicator(
            actor(world.evaluator), entry(proposed, "1"), "pending", "ok", sequence=0
        )
    assert state(proposed) == before


@pytest.mark.parametrize("persona", ["editor", "approver", "viewer", "owner", "outsider", "nobody"])
def test_it_lets_only_evaluators_decide(world, proposed, persona):
    before = state(proposed)
    with pytest.raises(PermissionDenied):
        actions.decide_indicator(
            actor(getattr(world, persona)), entry(proposed, "1"), "agreed", "ok", sequence=0
        )
    assert state(proposed) == before


def test_it_refuses_an_evaluator_of_another_ministry(world, proposed):
    stranger = make_member(world.other_ministry, Role.EVALUATOR, "moc-evaluator")
    with pytest.raises(PermissionDenied):
        actions.decide_indicator(actor(stranger), entry(proposed, "1"), "agreed", "ok", sequence=0)


def test_it_refuses_the_second_of_two_evaluators_deciding_at_once(world, proposed):
    # Both opened the page at step 0; the framework admin saves first.
    seen = entry(proposed, "1").sequence
    actions.decide_indicator(
        actor(world.framework_admin), entry(proposed, "1"), "agreed", "ครบถ้วน", sequence=seen
    )
    before = state(proposed)
    with translation.override("en"), pytest.raises(actions.StaleDecision) as refused:
        actions.decide_indicator(
            actor(world.evaluator), entry(proposed, "1"), "rejected", "ต่ำไป", sequence=seen
        )
    assert state(proposed) == before
    assert "already decided" in refused.value.message and "admin" in refused.value.message
    one = entry(proposed, "1")
    assert (one.decision, one.decided_by, one.decision_reason) == (
        "agreed",
        world.framework_admin,
        "ครบถ้วน",
    )


def test_it_refuses_a_decision_on_a_version_the_agency_has_since_revised(world, proposed):
    one = entry(proposed, "1")
    actions.decide_indicator(
        actor(world.evaluator), one, "change_requested", "เพิ่มรายละเอียด", sequence=0
    )
    seen = entry(proposed, "1").sequence
    indicator_actions.update_indicator(
        actor(world.editor), one.indicator, version=one.indicator.updated_at, description="ละเอียดขึ้น"
    )
    actions.submit_revision(actor(world.editor), proposed, one.indicator, "เพิ่มคำอธิบาย")
    before = state(proposed)
    with translation.override("en"), pytest.raises(actions.StaleDecision) as refused:
        actions.decide_indicator(
            actor(world.evaluator), entry(proposed, "1"), "agreed", "ok", sequence=seen
        )
    assert "version 2" in refused.value.message
    assert state(proposed) == before


def test_it_closes_decisions_once_a_side_has_signed(world, agreed):
    actions.sign_agreement(actor(world.approver), agreed, "agency")
    one = entry(agreed, "1")
    before = state(agreed)
    with pytest.raises(actions.AgreementError):
        actions.decide_indicator(
            actor(world.evaluator), one, "rejected", "เปลี่ยนใจ", sequence=one.sequence
        )
    with pytest.raises(actions.AgreementError):
        actions.comment_on_indicator(actor(world.evaluator), one, "ความเห็น")
    assert state(agreed) == before


# Comments -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "part"),
    [("", ""), ("  ", "weight"), ("ความเห็น", "no.such.part"), ("ความเห็น", "items[99]")],
)
def test_it_refuses_an_empty_comment_or_an_unknown_part(world, proposed, text, part):
    before = state(proposed)
    with pytest.raises(actions.AgreementError):
        actions.comment_on_indicator(actor(world.evaluator), entry(proposed, "1"), text, part=part)
    assert state(proposed) == before


@pytest.mark.parametrize("persona", ["approver", "viewer", "outsider", "owner", "nobody"])
def test_it_lets_only_the_committee_and_the_agencys_editor_comment(world, proposed, persona):
    with pytest.raises(PermissionDenied):
        actions.comment_on_indicator(
            actor(getattr(world, persona)), entry(proposed, "1"), "ความเห็น"
        )
    assert not Comment.objects.exists()


def test_it_refuses_an_answer_to_another_indicators_comment(world, proposed):
    other = actions.comment_on_indicator(actor(world.evaluator), entry(proposed, "2"), "ความเห็น")
    with pytest.raises(actions.AgreementError):
        actions.comment_on_indicator(actor(world.editor), entry(proposed, "1"), "ตอบ", parent=other)


# Revisions ------------------------------------------------------------------------------------


def test_it_refuses_a_revision_without_a_reason_or_without_a_change(world, proposed):
    one = entry(proposed, "1")
    before = state(proposed)
    with pytest.raises(actions.AgreementError):
        actions.submit_revision(actor(world.editor), proposed, one.indicator, "ไม่ได้แก้อะไร")
    with pytest.raises(actions.AgreementError):
        actions.submit_revision(actor(world.editor), proposed, one.indicator, " ")
    assert state(proposed) == before


@pytest.mark.parametrize(
    "persona", ["evaluator", "approver", "framework_admin", "viewer", "outsider"]
)
def test_it_lets_only_the_agencys_editor_revise(world, proposed, persona):
    with pytest.raises(PermissionDenied):
        actions.submit_revision(
            actor(getattr(world, persona)), proposed, entry(proposed, "1").indicator, "แก้"
        )


def test_it_refuses_a_revision_of_another_agencys_indicator(world, proposed, agency_set):
    foreign = Indicator.objects.create(
        framework=agency_set.framework, organization=world.sibling, number="1", name_th="อื่น"
    )
    with pytest.raises(actions.AgreementError):
        actions.submit_revision(actor(world.editor), proposed, foreign, "แก้")


# Signing --------------------------------------------------------------------------------------


def test_it_signs_only_an_agreed_agreement(world, proposed):
    before = state(proposed)
    with pytest.raises(actions.AgreementError):
        actions.sign_agreement(actor(world.approver), proposed, "agency")
    assert state(proposed) == before


@pytest.mark.parametrize(
    ("persona", "role"),
    [
        ("editor", "agency"),
        ("viewer", "agency"),
        ("evaluator", "agency"),
        ("framework_admin", "agency"),
        ("outsider", "agency"),
        ("approver", "committee"),
        ("editor", "committee"),
        ("viewer", "committee"),
        ("owner", "committee"),
    ],
)
def test_it_lets_each_side_be_signed_only_by_its_role(world, agreed, persona, role):
    before = state(agreed)
    with pytest.raises(PermissionDenied):
        actions.sign_agreement(actor(getattr(world, persona)), agreed, role)
    assert state(agreed) == before
    assert not Indicator.objects.filter(locked=True).exists()


def test_it_refuses_a_side_signed_twice_and_one_person_signing_both(world, agreed):
    actions.sign_agreement(actor(world.approver), agreed, "agency")
    second_approver = make_member(world.department, Role.AGENCY_APPROVER, "approver2")
    before = state(agreed)
    with translation.override("en"), pytest.raises(actions.AgreementError) as refused:
        actions.sign_agreement(actor(second_approver), agreed, "agency")
    assert "already signed" in refused.value.message
    # The approver who also sits on the committee may not sign its side as well.
    grant_role(SYSTEM, world.approver, world.ministry, Role.EVALUATOR)
    two_hats = User.objects.get(pk=world.approver.pk)
    with translation.override("en"), pytest.raises(actions.AgreementError) as refused:
        actions.sign_agreement(actor(two_hats), agreed, "committee")
    assert "two different people" in refused.value.message
    assert state(agreed)[:8] == before[:8]


def test_it_refuses_to_sign_what_changed_since_it_was_agreed(world, agreed):
    one = entry(agreed, "1")
    indicator_actions.update_indicator(
        actor(world.editor), one.indicator, version=one.indicator.updated_at, unit="ร้อยละ"
    )
    before = state(agreed)
    with translation.override("en"), pytest.raises(actions.AgreementError) as refused:
        actions.sign_agreement(actor(world.approver), agreed, "agency")
    assert any("changed after version 1" in detail for detail in refused.value.details)
    assert state(agreed) == before


# Amendments -----------------------------------------------------------------------------------


def amended(indicator, **values):
    return {**snapshot_of(indicator), **values}


def test_it_refuses_amendments_before_signing(world, agreed):
    one = entry(agreed, "1").indicator
    with pytest.raises(actions.AgreementError):
        actions.propose_amendment(
            actor(world.editor), agreed, one, "ขอแก้", amended(one, unit="ครั้ง")
        )
    assert not Amendment.objects.exists()


@pytest.mark.parametrize(
    ("reason", "values", "message"),
    [
        ("", {"unit": "ครั้ง"}, "reason"),
        ("ขอแก้", {}, "changes nothing"),
        ("ขอแก้", {"weight": "45"}, "weigh"),
        ("ขอแก้", {"criteria": {"kind": "levels", "thresholds": [90, 85, 80]}}, "criteria"),
        ("ขอแก้", {"items": []}, "no evaluation items"),
        ("ขอแก้", {"number": "7"}, "cannot change"),
    ],
)
def test_it_refuses_a_bad_amendment_and_says_why(world, signed, reason, values, message):
    one = entry(signed, "1").indicator
    before = state(signed)
    with translation.override("en"), pytest.raises(actions.AgreementError) as refused:
        actions.propose_amendment(actor(world.editor), signed, one, reason, amended(one, **values))
    text = " ".join([refused.value.message, *refused.value.details])
    assert message in text
    assert state(signed) == before


def test_it_keeps_one_pending_amendment_per_indicator(world, signed):
    one = entry(signed, "1").indicator
    actions.propose_amendment(actor(world.editor), signed, one, "ขอแก้", amended(one, unit="ครั้ง"))
    with pytest.raises(actions.AgreementError):
        actions.propose_amendment(
            actor(world.editor), signed, one, "อีกครั้ง", amended(one, unit="ชิ้น")
        )
    assert Amendment.objects.count() == 1


@pytest.mark.parametrize("persona", ["evaluator", "approver", "framework_admin", "viewer"])
def test_it_lets_only_the_agencys_editor_propose_an_amendment(world, signed, persona):
    one = entry(signed, "1").indicator
    with pytest.raises(PermissionDenied):
        actions.propose_amendment(
            actor(getattr(world, persona)), signed, one, "ขอแก้", amended(one, unit="ครั้ง")
        )


@pytest.mark.parametrize("persona", ["editor", "approver", "viewer", "outsider"])
def test_it_does_not_let_the_agency_decide_its_own_amendment(world, signed, persona):
    one = entry(signed, "1").indicator
    amendment = actions.propose_amendment(
        actor(world.editor), signed, one, "ขอแก้", amended(one, unit="ครั้ง")
    )
    before = state(signed)
    for decide in (actions.approve_amendment, actions.reject_amendment):
        with pytest.raises(PermissionDenied):
            decide(actor(getattr(world, persona)), amendment, "อนุมัติเอง")
    assert state(signed) == before
    assert Indicator.objects.get(pk=one.pk).unit == ""


def test_it_refuses_an_amendment_decided_by_an_evaluator_who_is_also_the_agencys_editor(
    world, signed
):
    one = entry(signed, "1").indicator
    amendment = actions.propose_amendment(
        actor(world.editor), signed, one, "ขอแก้", amended(one, unit="ครั้ง")
    )
    both = make_member(world.ministry, Role.EVALUATOR, "both")
    grant_role(SYSTEM, both, world.department, Role.AGENCY_EDITOR)
    both = User.objects.get(pk=both.pk)
    with pytest.raises(PermissionDenied):
        actions.approve_amendment(actor(both), amendment, "ok")


def test_it_refuses_an_amendment_decision_without_a_reason_or_decided_twice(world, signed):
    one = entry(signed, "1").indicator
    amendment = actions.propose_amendment(
        actor(world.editor), signed, one, "ขอแก้", amended(one, unit="ครั้ง")
    )
    before = state(signed)
    with pytest.raises(actions.AgreementError):
        actions.approve_amendment(actor(world.evaluator), amendment, "  ")
    assert state(signed) == before
    actions.reject_amendment(actor(world.framework_admin), amendment, "ไม่จำเป็น")
    before = state(signed)
    with translation.override("en"), pytest.raises(actions.AgreementError) as refused:
        actions.approve_amendment(actor(world.evaluator), amendment, "เห็นด้วย")
    assert "already decided" in refused.value.message
    assert state(signed) == before and Indicator.objects.get(pk=one.pk).unit == ""


def test_it_refuses_an_amendment_proposed_on_a_version_no_longer_in_force(world, signed):
    one = entry(signed, "1").indicator
    first = actions.propose_amendment(
        actor(world.editor), signed, one, "ขอแก้หน่วย", amended(one, unit="ครั้ง")
    )
    actions.approve_amendment(actor(world.evaluator), first, "ได้")
    # A proposal written on version 2 while version 3 came in force (forced through the ORM:
    # the pending-per-indicator rule normally stops it).
    stale = Amendment.objects.create(
        agreement=signed,
        indicator=one,
        proposed_by=world.editor,
        reason="ขอแก้ชื่อ",
        snapshot=amended(one, name_th="ชื่อใหม่"),
        version_before=first.version_before,
    )
    before = state(signed)
    with pytest.raises(actions.AgreementError):
        actions.approve_amendment(actor(world.evaluator), stale, "ได้")
    assert state(signed) == before
    assert Indicator.objects.get(pk=one.pk).name_th != "ชื่อใหม่"


def test_the_database_refuses_a_decision_without_a_reason(world, proposed):
    one = entry(proposed, "1")
    with pytest.raises(IntegrityError), transaction.atomic():
        AgreementIndicator.objects.filter(pk=one.pk).update(
            decision=Decision.REJECTED,
            decided_by=world.evaluator,
            decided_at=one.submitted.created_at,
        )
