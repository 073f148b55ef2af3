"""The agreement pages: the whole life through the views, and who may see and do each step
(every persona; refused steps change nothing)."""

import datetime as dt

import pytest
from django.urls import reverse

from ges.agreements import actions
from ges.agreements.models import (
    Agreement,
    AgreementIndicator,
    AgreementStatus,
    Amendment,
    AmendmentStatus,
    Comment,
    Signature,
)
from ges.agreements.tests.conftest import actor, entry
from ges.agreements.versions import snapshot_of
from ges.audit.models import AuditEntry
from ges.indicators.criteria_actions import set_criteria
from ges.indicators.models import Indicator

PERSONAS = [
    "framework_admin",
    "evaluator",
    "owner",
    "editor",
    "approver",
    "viewer",
    "org_admin",
    "outsider",
    "nobody",
]
READERS = {"framework_admin", "evaluator", "editor", "approver", "viewer"}


def expected(persona, allowed, readers=READERS):
    """200/302 for who may, 403 for who sees the agreement but may not, 404 for the rest."""
    if persona in allowed:
        return "ok"
    return 403 if persona in readers else 404


def outcome(response):
    return "ok" if response.status_code in (200, 302) else response.status_code


def the_state():
    return (
        list(Agreement.objects.values_list("status", "state_changed_at")),
        list(AgreementIndicator.objects.values_list("decision", "sequence", "submitted")),
        Comment.objects.count(),
        Signature.objects.count(),
        list(Amendment.objects.values_list("status")),
        Indicator.objects.count(),
        AuditEntry.objects.count(),
    )


# The life through the pages -------------------------------------------------------------------


def test_it_walks_the_negotiation_through_the_pages(world, login, draft):
    editor, evaluator = login(world.editor), login(world.evaluator)
    detail = reverse("agreements:detail", args=[draft.pk])
    page = editor.get(detail)
    assert page.status_code == 200 and 'action="/agreements/' in page.content.decode()
    assert [r.indicator.number for g in page.context["groups"] for r in g.rows] == [
        "1",
        "2",
        "3",
        "9",
    ]
    assert editor.post(reverse("agreements:propose", args=[draft.pk])).status_code == 302
    draft.refresh_from_db()
    assert draft.status == AgreementStatus.PROPOSED
    one = entry(draft, "1")
    page_url = reverse("agreements:indicator", args=[draft.pk, one.indicator.pk])
    page = evaluator.get(page_url)
    assert page.status_code == 200 and page.context["may_decide"]
    sequence = page.context["decision_form"]["sequence"].value()
    # A comment on the weight, then a rejection with a reason.
    response = evaluator.post(
        reverse("agreements:comment", args=[draft.pk, one.indicator.pk]),
        {"part": "weight", "text": "น้ำหนักสูงไป"},
    )
    assert response.status_code == 302
    response = evaluator.post(
        reverse("agreements:decide", args=[draft.pk, one.indicator.pk]),
        {"decision": "rejected", "reason": "เป้าหมายต่ำไป", "sequence": sequence},
    )
    assert response.status_code == 302 and entry(draft, "1").decision == "rejected"
    # The agency edits and submits a revision.
    set_criteria(actor(world.editor), one.indicator, {"kind": "levels", "thresholds": [85, 90, 95]})
    page = editor.get(page_url)
    assert [line.path for line in page.context["pending_changes"]] == [
        "criteria.thresholds[0]",
        "criteria.thresholds[1]",
        "criteria.thresholds[2]",
    ]
    response = editor.post(
        reverse("agreements:revise", args=[draft.pk, one.indicator.pk]), {"reason": "ปรับเป้าหมาย"}
    )
    assert response.status_code == 302 and entry(draft, "1").submitted.number == 2
    # Compared side by side.
    compare = evaluator.get(reverse("agreements:compare", args=[draft.pk, one.indicator.pk]))
    assert compare.status_code == 200
    changed = [line.path for s in compare.context["sections"] for line in s.lines if line.changed]
    assert changed == ["criteria.thresholds[0]", "criteria.thresholds[1]", "criteria.thresholds[2]"]
    assert 'class="changed"' in compare.content.decode()
    # Agreed, one by one; the last agree makes the agreement agreed.
    for item in AgreementIndicator.objects.filter(agreement=draft):
        response = evaluator.post(
            reverse("agreements:decide", args=[draft.pk, item.indicator_id]),
            {"decision": "agreed", "reason": "เหมาะสม", "sequence": item.sequence},
        )
        assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == AgreementStatus.AGREED
    # Signed by both sides.
    approver = login(world.approver)
    assert approver.get(detail).context["sign_choices"] == ["agency"]
    assert (
        approver.post(reverse("agreements:sign", args=[draft.pk]), {"role": "agency"}).status_code
        == 302
    )
    assert evaluator.get(detail).context["sign_choices"] == ["committee"]
    evaluator.post(reverse("agreements:sign", args=[draft.pk]), {"role": "committee"})
    draft.refresh_from_db()
    assert draft.status == AgreementStatus.SIGNED
    printed = editor.get(reverse("agreements:print", args=[draft.pk])).content.decode()
    assert "evaluator" in printed and "approver" in printed and "2569" in printed
    # An amendment: proposed on the form, approved by the evaluator.
    two = entry(draft, "2")
    amend_url = reverse("agreements:amend", args=[draft.pk, two.indicator.pk])
    form = editor.get(amend_url)
    assert form.status_code == 200
    data = amendment_data(form, reason="งบประมาณถูกปรับลด", unit="ครั้ง")
    response = editor.post(amend_url, data)
    assert response.status_code == 302, (
        response.context["items"].errors,
        response.context["problems"],
    )
    amendment = Amendment.objects.get()
    assert [line.path for line in evaluator.get(response["Location"]).context["changes"]] == [
        "unit"
    ]
    response = evaluator.post(
        reverse("agreements:amendment", args=[amendment.pk]),
        {"decision": "approve", "reason": "ได้"},
    )
    assert response.status_code == 302
    amendment.refresh_from_db()
    assert amendment.status == AmendmentStatus.APPROVED
    assert Indicator.objects.get(pk=two.indicator.pk).unit == "ครั้ง"


def amendment_data(form_page, **values):
    """What the amendment form holds as the page shows it, with `values` typed over it."""
    form = form_page.context["form"]
    items = form_page.context["items"]
    data = {name: form[name].value() or "" for name in form.fields}
    data.update(
        {
            "items-TOTAL_FORMS": str(len(items.forms)),
            "items-INITIAL_FORMS": str(items.initial_form_count()),
        }
    )
    data.update({"items-MIN_NUM_FORMS": "0", "items-MAX_NUM_FORMS": "1000"})
    for index, row in enumerate(items.forms):
        for name in ("id", "text", "kind", "unit"):
            value = row[name].value()
            data[f"items-{index}-{name}"] = "" if value is None else value
        if index < items.initial_form_count():
            data[f"items-{index}-ORDER"] = str(index + 1)
    data.update(values)
    return data


def test_it_answers_a_decision_without_a_reason_next_to_the_field(world, login, proposed):
    one = entry(proposed, "1")
    before = the_state()
    response = login(world.evaluator).post(
        reverse("agreements:decide", args=[proposed.pk, one.indicator.pk]),
        {"decision": "agreed", "reason": "", "sequence": one.sequence},
    )
    assert response.status_code == 400 and response.context["decision_form"].errors["reason"]
    assert the_state() == before


def test_it_tells_the_second_evaluator_who_decided_first_and_keeps_what_they_typed(
    world, login, proposed
):
    one = entry(proposed, "1")
    url = reverse("agreements:decide", args=[proposed.pk, one.indicator.pk])
    stale = one.sequence
    login(world.framework_admin).post(
        url, {"decision": "agreed", "reason": "ครบ", "sequence": stale}
    )
    before = the_state()
    response = login(world.evaluator).post(
        url, {"decision": "rejected", "reason": "เหตุผลที่พิมพ์ไว้", "sequence": stale}
    )
    assert response.status_code == 409 and the_state() == before
    form = response.context["decision_form"]
    assert form["sequence"].value() == entry(proposed, "1").sequence != stale
    page = response.content.decode()
    assert "เหตุผลที่พิมพ์ไว้" in page and "admin" in page and 'role="alert"' in page


def test_it_lists_what_is_missing_instead_of_offering_to_propose(world, login, draft, agency_set):
    agency_set.three.items.all().delete()
    page = login(world.editor).get(reverse("agreements:detail", args=[draft.pk]))
    assert page.context["overview"].problems
    assert reverse("agreements:propose", args=[draft.pk]) not in page.content.decode()
    before = the_state()
    response = login(world.editor).post(reverse("agreements:propose", args=[draft.pk]))
    assert response.status_code == 302 and the_state() == before


def test_it_opens_an_agreement_from_the_agency_year_page(world, login, agency_set):
    url = reverse("agreements:agency", args=[world.department.pk, 2566])
    page = login(world.editor).get(url)
    assert page.status_code == 200 and page.context["may_open"]
    response = login(world.editor).post(
        reverse("agreements:open", args=[world.department.pk, 2566])
    )
    agreement = Agreement.objects.get()
    assert response["Location"] == reverse("agreements:detail", args=[agreement.pk])
    assert login(world.viewer).get(url)["Location"] == response["Location"]


def test_it_compares_only_versions_that_exist(world, login, proposed):
    one = entry(proposed, "1")
    url = reverse("agreements:compare", args=[proposed.pk, one.indicator.pk])
    response = login(world.viewer).get(url, {"a": "1", "b": "7"})
    assert response.status_code == 400 and response.context["form"].errors["b"]
    assert login(world.viewer).get(url, {"a": "x", "b": "1"}).status_code == 400


def test_the_overview_counts_decisions_and_days_waited_and_filters(
    world, login, proposed, agency_set
):
    actions.decide_indicator(
        actor(world.evaluator), entry(proposed, "1"), "rejected", "ต่ำ", sequence=0
    )
    url = reverse("agreements:overview", args=[agency_set.framework.pk])
    page = login(world.framework_admin).get(url)
    rows = {row.agency.code: row for row in page.context["rows"]}
    assert set(rows) == {"OPS", "CGD", "DITP", "OPDC"}  # every department-kind organisation
    assert rows["OPS"].counts == {"pending": 3, "agreed": 0, "rejected": 1, "change_requested": 0}
    assert rows["OPS"].waited == 0 and rows["CGD"].agreement is None
    assert rows["OPS"].indicators == 4
    by_ministry = login(world.framework_admin).get(url, {"ministry": world.other_ministry.pk})
    assert [row.agency.code for row in by_ministry.context["rows"]] == ["DITP"]
    by_state = login(world.framework_admin).get(url, {"status": "not_opened"})
    assert {row.agency.code for row in by_state.context["rows"]} == {"CGD", "DITP", "OPDC"}
    by_state = login(world.framework_admin).get(url, {"status": "in_negotiation"})
    assert [row.agency.code for row in by_state.context["rows"]] == ["OPS"]
    # The evaluator sees only the agencies of the ministry it sits for.
    rows = login(world.evaluator).get(url).context["rows"]
    assert {row.agency.code for row in rows} == {"OPS", "CGD"}


def test_the_overview_says_how_long_each_agreement_has_waited(world, login, proposed, agency_set):
    Agreement.objects.filter(pk=proposed.pk).update(
        state_changed_at=proposed.state_changed_at - dt.timedelta(days=12)
    )
    page = login(world.framework_admin).get(
        reverse("agreements:overview", args=[agency_set.framework.pk])
    )
    assert {r.agency.code: r.waited for r in page.context["rows"]}["OPS"] == 12
    # "waiting 12 days" (Thai: รอมาแล้ว 12 วัน)
    html = page.content.decode()
    assert "waiting 12 days" in html or "12 วัน" in html


# Who may see each page --------------------------------------------------------------------------


def page_urls(agreement, amendment):
    one = entry(agreement, "1").indicator
    return {
        "detail": (reverse("agreements:detail", args=[agreement.pk]), READERS),
        "print": (reverse("agreements:print", args=[agreement.pk]), READERS),
        "indicator": (reverse("agreements:indicator", args=[agreement.pk, one.pk]), READERS),
        "compare": (reverse("agreements:compare", args=[agreement.pk, one.pk]), READERS),
        "amendment": (reverse("agreements:amendment", args=[amendment.pk]), READERS),
        "amend": (reverse("agreements:amend", args=[agreement.pk, one.pk]), {"editor"}),
        "of_indicator": (reverse("agreements:of_indicator", args=[one.pk]), READERS),
        "agency": (reverse("agreements:agency", args=[agreement.organization_id, 2566]), READERS),
    }


@pytest.fixture
def amendment(world, signed):
    one = entry(signed, "2").indicator
    return actions.propose_amendment(
        actor(world.editor), signed, one, "ขอแก้", {**snapshot_of(one), "unit": "ครั้ง"}
    )


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_shows_each_page_only_to_who_may_see_it(world, login, signed, amendment, persona):
    client = login(getattr(world, persona))
    for name, (url, allowed) in page_urls(signed, amendment).items():
        assert outcome(client.get(url)) == expected(persona, allowed), name


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_shows_the_lists_to_who_may_see_them(world, login, agency_set, persona):
    client = login(getattr(world, persona))
    mine = client.get(reverse("agreements:mine")).status_code
    assert mine == (403 if persona in ("org_admin", "nobody") else 200)
    overview = client.get(
        reverse("agreements:overview", args=[agency_set.framework.pk])
    ).status_code
    assert overview == (200 if persona in ("framework_admin", "evaluator") else 403)


def test_it_asks_anonymous_visitors_to_log_in(client, signed, amendment):
    for url, _allowed in page_urls(signed, amendment).values():
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


# Who may take each step -------------------------------------------------------------------------


def post_as(login, user, url, data=None):
    return outcome(login(user).post(url, data or {}))


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_lets_only_the_agencys_editor_propose(world, login, draft, persona):
    before = the_state()
    result = post_as(login, getattr(world, persona), reverse("agreements:propose", args=[draft.pk]))
    assert result == expected(persona, {"editor"})
    draft.refresh_from_db()
    assert (draft.status == AgreementStatus.PROPOSED) == (persona == "editor")
    if persona != "editor":
        assert the_state() == before


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_lets_only_evaluators_decide_through_the_page(world, login, proposed, persona):
    one = entry(proposed, "1")
    before = the_state()
    url = reverse("agreements:decide", args=[proposed.pk, one.indicator.pk])
    data = {"decision": "agreed", "reason": "ok", "sequence": one.sequence}
    result = post_as(login, getattr(world, persona), url, data)
    allowed = {"evaluator", "framework_admin"}
    assert result == expected(persona, allowed)
    if persona not in allowed:
        assert the_state() == before
    else:
        assert entry(proposed, "1").decision == "agreed"


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_lets_the_committee_and_the_editor_comment(world, login, proposed, persona):
    one = entry(proposed, "1")
    before = the_state()
    url = reverse("agreements:comment", args=[proposed.pk, one.indicator.pk])
    result = post_as(login, getattr(world, persona), url, {"part": "", "text": "ความเห็น"})
    allowed = {"evaluator", "framework_admin", "editor"}
    assert result == expected(persona, allowed)
    assert Comment.objects.exists() == (persona in allowed)
    if persona not in allowed:
        assert the_state() == before


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_lets_only_the_editor_submit_a_revision(world, login, proposed, persona):
    one = entry(proposed, "1")
    set_criteria(actor(world.editor), one.indicator, {"kind": "levels", "thresholds": [81, 85, 90]})
    before = the_state()
    url = reverse("agreements:revise", args=[proposed.pk, one.indicator.pk])
    assert post_as(login, getattr(world, persona), url, {"reason": "แก้"}) == expected(
        persona, {"editor"}
    )
    assert (entry(proposed, "1").submitted.number == 2) == (persona == "editor")
    if persona != "editor":
        assert the_state() == before


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(
    ("role", "allowed"), [("agency", {"approver"}), ("committee", {"evaluator", "framework_admin"})]
)
def test_it_lets_each_side_sign_only_through_its_role(world, login, agreed, persona, role, allowed):
    before = the_state()
    result = post_as(
        login, getattr(world, persona), reverse("agreements:sign", args=[agreed.pk]), {"role": role}
    )
    assert result == expected(persona, allowed)
    assert Signature.objects.filter(role=role).exists() == (persona in allowed)
    if persona not in allowed:
        assert the_state() == before


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_lets_only_the_editor_propose_an_amendment(world, login, signed, persona):
    two = entry(signed, "2")
    url = reverse("agreements:amend", args=[signed.pk, two.indicator.pk])
    data = amendment_data(login(world.editor).get(url), reason="ขอแก้", unit="ครั้ง")
    before = the_state()
    assert post_as(login, getattr(world, persona), url, data) == expected(persona, {"editor"})
    assert Amendment.objects.exists() == (persona == "editor")
    if persona != "editor":
        assert the_state() == before


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_lets_only_evaluators_decide_an_amendment(world, login, amendment, persona):
    before = the_state()
    url = reverse("agreements:amendment", args=[amendment.pk])
    result = post_as(login, getattr(world, persona), url, {"decision": "approve", "reason": "ได้"})
    allowed = {"evaluator", "framework_admin"}
    assert result == expected(persona, allowed)
    amendment.refresh_from_db()
    assert (amendment.status == AmendmentStatus.APPROVED) == (persona in allowed)
    if persona not in allowed:
        assert the_state() == before


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_lets_the_editor_and_framework_admins_open_an_agreement(
    world, login, agency_set, persona
):
    url = reverse("agreements:open", args=[world.department.pk, 2566])
    result = post_as(login, getattr(world, persona), url)
    allowed = {"editor", "framework_admin"}
    assert result == expected(persona, allowed)
    assert Agreement.objects.exists() == (persona in allowed)


def test_it_refuses_an_amendment_form_without_a_reason_and_keeps_what_was_typed(
    world, login, signed
):
    two = entry(signed, "2")
    url = reverse("agreements:amend", args=[signed.pk, two.indicator.pk])
    client = login(world.editor)
    data = amendment_data(client.get(url), reason="", unit="ครั้งที่พิมพ์")
    before = the_state()
    response = client.post(url, data)
    assert response.status_code == 400 and response.context["form"].errors["reason"]
    assert "ครั้งที่พิมพ์" in response.content.decode() and the_state() == before
    data = amendment_data(client.get(url), reason="ขอแก้", criteria="{not json")
    response = client.post(url, data)
    assert response.status_code == 400 and response.context["form"].errors["criteria"]
    assert the_state() == before
