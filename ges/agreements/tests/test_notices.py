"""Who is told of each step of an agreement (a notice and an e-mail), and what waits for whom in
the inbox (the agreements provider)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.urls import reverse

from ges.agreements import actions
from ges.agreements.events import EventKind
from ges.agreements.models import Agreement
from ges.agreements.notices import agreement_tasks
from ges.agreements.tests.conftest import actor, agree_all, entry
from ges.agreements.tests.test_queries import make_agencies
from ges.agreements.versions import snapshot_of
from ges.notices.models import Notice
from ges.orgs.models import Membership, Organization, Role, User
from ges.testing import make_member


@pytest.fixture
def told(world: Any, events: Any) -> Any:
    """A second evaluator on the ministry's committee, and every persona with an address."""
    second = make_member(world.ministry, Role.EVALUATOR, "evaluator2")
    for user in User.objects.all():
        user.email = f"{user.username}@example.go.th"
        user.save(update_fields=["email"])
    return second


def notified(kind: EventKind, events: list[Any]) -> list[str]:
    found = [event for event in events if event.kind == kind]
    assert len(found) == 1, [event.kind for event in events]
    return sorted(user.username for user in found[0].recipients)


def notices_of(username: str) -> list[Notice]:
    return list(Notice.objects.filter(user__username=username).order_by("created_at", "pk"))


def test_it_tells_the_committee_of_a_proposal(world, draft, told, events, committed) -> None:
    with committed():
        actions.propose_agreement(actor(world.editor), draft)
    # not the editor who acted, the framework admin, the viewer, nor another agency's people
    assert notified(EventKind.PROPOSED, events()) == ["evaluator", "evaluator2"]
    notice = notices_of("evaluator")[0]
    assert notice.url == reverse("agreements:detail", args=[draft.pk])
    assert world.department.name_th in notice.subject
    assert sorted(m.to[0] for m in mail.outbox) == [
        "evaluator2@example.go.th",
        "evaluator@example.go.th",
    ]
    assert not Notice.objects.filter(user__username__in=["admin", "viewer", "outsider"]).exists()


@pytest.mark.parametrize(
    ("decision", "kind"),
    [("rejected", EventKind.INDICATOR_REJECTED), ("change_requested", EventKind.CHANGE_REQUESTED)],
)
def test_it_tells_the_agency_editors_of_a_decision_against(
    world, proposed, told, events, committed, decision, kind
) -> None:
    one = entry(proposed, "1")
    with committed():
        actions.decide_indicator(
            actor(world.evaluator), one, decision, "เป้าหมายต่ำเกินไป", sequence=0
        )
    assert notified(kind, events()) == ["editor"]
    notice = notices_of("editor")[0]
    assert notice.url == reverse("agreements:indicator", args=[proposed.pk, one.indicator_id])
    assert "เป้าหมายต่ำเกินไป" in notice.body and one.indicator.name_th in notice.body
    # agreeing one indicator tells nobody: the whole agreement agreed does
    two = entry(proposed, "2")
    with committed():
        actions.decide_indicator(actor(world.evaluator), two, "agreed", "ตามเกณฑ์", sequence=0)
    assert [e.recipients for e in events() if e.kind == EventKind.INDICATOR_AGREED] == [[]]


def test_it_tells_the_committee_of_a_revision(world, proposed, told, events, committed) -> None:
    one = entry(proposed, "1")
    actions.decide_indicator(actor(world.evaluator), one, "rejected", "ต่ำ", sequence=0)
    one.indicator.name_th = "ชื่อที่ปรับแล้ว"
    one.indicator.save()
    with committed():
        actions.submit_revision(actor(world.editor), proposed, one.indicator, "ปรับตามข้อเสนอ")
    assert notified(EventKind.REVISED, events()) == ["evaluator", "evaluator2"]
    assert "ปรับตามข้อเสนอ" in notices_of("evaluator2")[-1].body


def test_it_tells_the_other_side_of_a_comment(world, proposed, told, events, committed) -> None:
    one = entry(proposed, "1")
    with committed():
        actions.comment_on_indicator(actor(world.evaluator), one, "ขอข้อมูลฐานเพิ่ม")
    with committed():
        actions.comment_on_indicator(actor(world.editor), one, "แนบข้อมูลแล้ว")
    comments = [e for e in events() if e.kind == EventKind.COMMENTED]
    assert [sorted(u.username for u in e.recipients) for e in comments] == [
        ["editor"],
        ["evaluator", "evaluator2"],
    ]


def test_it_asks_both_sides_to_sign_then_tells_the_agency(
    world, proposed, told, events, committed
) -> None:
    with committed():
        agreed = agree_all(world, proposed)
    # the evaluator who agreed the last indicator knows; the other sides are asked to sign
    assert notified(EventKind.AGREED, events()) == ["approver", "evaluator2"]
    with committed():
        actions.sign_agreement(actor(world.approver), agreed, "agency")
    assert notified(EventKind.SIGNATURE_ADDED, events()) == ["evaluator", "evaluator2"]
    with committed():
        actions.sign_agreement(actor(world.evaluator), agreed, "committee")
    signed = [e for e in events() if e.kind == EventKind.SIGNATURE_ADDED][-1]
    assert signed.recipients == []  # both signed: the SIGNED notice says it
    assert notified(EventKind.SIGNED, events()) == ["approver", "editor"]
    assert notices_of("editor")[-1].url == reverse("agreements:detail", args=[agreed.pk])


def test_it_tells_of_an_amendment_and_its_decision(world, signed, told, events, committed) -> None:
    two = entry(signed, "2")
    before = snapshot_of(two.indicator)
    with committed():
        amendment = actions.propose_amendment(
            actor(world.editor), signed, two.indicator, "งบประมาณถูกปรับลด", {**before, "unit": "ครั้ง"}
        )
    assert notified(EventKind.AMENDMENT_PROPOSED, events()) == ["evaluator", "evaluator2"]
    assert notices_of("evaluator2")[-1].url == reverse("agreements:amendment", args=[amendment.pk])
    with committed():
        actions.approve_amendment(actor(told), amendment, "เหมาะสม")
    assert notified(EventKind.AMENDMENT_APPROVED, events()) == ["editor"]
    assert "เหมาะสม" in notices_of("editor")[-1].body


# The inbox ------------------------------------------------------------------------------------


def kinds(user: User) -> list[tuple[str, tuple[int, int] | None]]:
    return [(task.kind, task.progress) for task in agreement_tasks(fresh(user))]


def fresh(user: User) -> User:
    return User.objects.get(pk=user.pk)  # roles are cached on the object


def test_it_asks_the_editor_to_propose_a_draft(world, draft) -> None:
    assert kinds(world.editor) == [("agreement.propose", None)]
    for user in (world.approver, world.evaluator, world.framework_admin, world.outsider):
        assert kinds(user) == []
    task = agreement_tasks(fresh(world.editor))[0]
    assert task.url == reverse("agreements:detail", args=[draft.pk])
    assert task.waiting_since == draft.state_changed_at


def test_it_asks_the_committee_to_decide_and_the_editor_to_revise(world, proposed) -> None:
    assert kinds(world.evaluator) == [("agreement.decide", (0, 4))]
    assert kinds(world.editor) == []
    one = entry(proposed, "1")
    actions.decide_indicator(actor(world.evaluator), one, "change_requested", "ปรับ", sequence=0)
    assert kinds(world.evaluator) == [("agreement.decide", (1, 4))]
    assert kinds(world.editor) == [("agreement.revise", None)]
    revise = agreement_tasks(fresh(world.editor))[0]
    assert (
        revise.waiting_since
        == Agreement.objects.get(pk=proposed.pk).entries.get(pk=one.pk).decided_at
    )
    # framework admins decide everywhere but are not on every committee; others see nothing
    for user in (world.framework_admin, world.outsider, world.viewer, world.approver):
        assert kinds(user) == []


def test_it_asks_each_side_to_sign_until_it_has(world, agreed) -> None:
    assert kinds(world.approver) == [("agreement.sign", (0, 2))]
    assert kinds(world.evaluator) == [("agreement.sign", (0, 2))]
    assert kinds(world.editor) == []
    actions.sign_agreement(actor(world.approver), agreed, "agency")
    assert kinds(world.approver) == []
    assert kinds(world.evaluator) == [("agreement.sign", (1, 2))]
    actions.sign_agreement(actor(world.evaluator), agreed, "committee")
    assert kinds(world.evaluator) == kinds(world.approver) == []


def test_it_asks_the_committee_to_decide_an_amendment(world, signed) -> None:
    two = entry(signed, "2")
    amendment = actions.propose_amendment(
        actor(world.editor),
        signed,
        two.indicator,
        "ขอปรับ",
        snapshot_of(two.indicator) | {"unit": "ครั้ง"},
    )
    tasks = agreement_tasks(fresh(world.evaluator))
    assert [(t.kind, t.url) for t in tasks] == [
        ("agreement.amendment", reverse("agreements:amendment", args=[amendment.pk]))
    ]
    assert tasks[0].detail == "ขอปรับ" and tasks[0].waiting_since == amendment.proposed_at
    for user in (world.editor, world.approver, world.outsider, world.framework_admin):
        assert kinds(user) == []
    actions.approve_amendment(actor(world.evaluator), amendment, "เหมาะสม")
    assert kinds(world.evaluator) == []


def test_it_finds_the_tasks_in_a_fixed_number_of_queries(
    world, agency_set, django_assert_max_num_queries
) -> None:
    make_agencies(agency_set.framework, 60)
    committee = make_member(world.ministry, Role.EVALUATOR, "committee")
    for ministry in Organization.objects.filter(code__in=[f"M{n}" for n in range(10)]):
        Membership.objects.create(user=committee, organization=ministry, role=Role.EVALUATOR)
    user = fresh(committee)
    with django_assert_max_num_queries(3):  # the roles, the agreements, the amendments
        tasks = agreement_tasks(user)
    assert {task.kind for task in tasks} == {"agreement.decide", "agreement.sign"}
    assert len(tasks) > 10
