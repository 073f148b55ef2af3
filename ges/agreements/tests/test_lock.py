"""A signed agreement is locked: every path that edits an indicator refuses with a clear message
and changes nothing; only an approved amendment changes it. An editor whose form is older than
a negotiation revision is told that the change went to the negotiation."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from ges.agreements import actions
from ges.agreements.tests.conftest import actor, entry
from ges.agreements.versions import snapshot_of
from ges.audit.models import AuditEntry
from ges.indicators import actions as indicator_actions
from ges.indicators.criteria_actions import set_criteria
from ges.indicators.models import Indicator
from ges.indicators.tests.test_indicator_edit import SECTIONS, heading, rows

LOCKED_EN = "part of a signed performance agreement"


def everything(world):
    """The agency's indicators with everything under them, and the audit log's length."""
    indicators = Indicator.objects.filter(organization=world.department).order_by("pk")
    return (
        [(i.pk, i.updated_at, snapshot_of(i)) for i in indicators],
        AuditEntry.objects.count(),
    )


@pytest.fixture
def one(signed):
    return entry(signed, "1").indicator


EDITS = {
    "update": lambda a, i: indicator_actions.update_indicator(
        a, i, version=i.updated_at, name_th="x"
    ),
    "baselines": lambda a, i: indicator_actions.replace_baselines(
        a, i, [{"series": "ก", "year": 2565, "value": None}], version=i.updated_at
    ),
    "steps": lambda a, i: indicator_actions.replace_steps(
        a, i, [{"text": "x"}], version=i.updated_at
    ),
    "plan": lambda a, i: indicator_actions.replace_plan(
        a, i, [{"text": "x", "months": [1]}], version=i.updated_at
    ),
    "items": lambda a, i: indicator_actions.replace_items(
        a, i, [{"text": "x", "kind": "passfail"}], version=i.updated_at
    ),
    "criteria": lambda a, i: set_criteria(a, i, {"kind": "passfail"}),
    "delete": lambda a, i: indicator_actions.delete_indicator(a, i),
    "sub-indicator": lambda a, i: indicator_actions.create_indicator(
        a, framework=i.framework, organization=i.organization, parent=i, number="1.1", name_th="x"
    ),
    "new indicator": lambda a, i: indicator_actions.create_indicator(
        a, framework=i.framework, organization=i.organization, number="8", name_th="x"
    ),
}


@pytest.mark.parametrize("edit", list(EDITS))
def test_every_edit_action_refuses_a_locked_indicator(world, one, edit):
    before = everything(world)
    with translation.override("en"), pytest.raises(indicator_actions.IndicatorLocked) as refused:
        EDITS[edit](actor(world.editor), Indicator.objects.get(pk=one.pk))
    assert LOCKED_EN in str(refused.value)
    assert everything(world) == before


def test_the_lock_also_holds_for_the_framework_admin(world, one):
    before = everything(world)
    with pytest.raises(indicator_actions.IndicatorLocked):
        EDITS["update"](actor(world.framework_admin), Indicator.objects.get(pk=one.pk))
    assert everything(world) == before


def test_a_locked_indicator_changes_only_through_an_approved_amendment(world, signed, one):
    proposed = {**snapshot_of(one), "unit": "ครั้ง"}
    amendment = actions.propose_amendment(actor(world.editor), signed, one, "ขอแก้", proposed)
    assert Indicator.objects.get(pk=one.pk).unit == ""
    actions.approve_amendment(actor(world.evaluator), amendment, "ได้")
    indicator = Indicator.objects.get(pk=one.pk)
    assert indicator.unit == "ครั้ง" and indicator.locked


# Through the pages ----------------------------------------------------------------------------


def assert_refused(response, world, before, indicator):
    assert response.status_code == 302
    assert response["Location"] == reverse("indicators:detail", args=[indicator.pk])
    assert everything(world) == before


@pytest.mark.parametrize("name", SECTIONS)
def test_every_section_form_refuses_a_locked_indicator(world, login, one, name):
    client = login(world.editor)
    before = everything(world)
    response = client.get(reverse("indicators:edit", args=[one.pk, name]))
    assert_refused(response, world, before, one)
    data = {**heading(one, name_th="ใหม่"), **rows(one, "steps", [{"text": "x"}])}
    response = client.post(reverse("indicators:edit", args=[one.pk, name]), data)
    assert_refused(response, world, before, one)
    page = client.get(response["Location"])
    assert page.context["locked"] and not page.context["can_edit"]
    assert [m.level_tag for m in page.context["messages"]] == ["error", "error"]


def test_an_htmx_section_edit_is_sent_to_the_page_with_the_message(world, login, one):
    client = login(world.editor)
    before = everything(world)
    response = client.get(
        reverse("indicators:edit", args=[one.pk, "heading"]), headers={"HX-Request": "true"}
    )
    assert response.status_code == 204
    assert response["HX-Redirect"] == reverse("indicators:detail", args=[one.pk])
    assert everything(world) == before


def test_the_criteria_editor_refuses_a_locked_indicator(world, login, one):
    client = login(world.editor)
    before = everything(world)
    url = reverse("indicators:criteria", args=[one.pk])
    assert_refused(client.get(url), world, before, one)
    response = client.post(url, {"kind": "passfail"})
    assert_refused(response, world, before, one)


def test_removing_a_locked_indicator_is_refused(world, login, one):
    client = login(world.editor)
    before = everything(world)
    url = reverse("indicators:delete", args=[one.pk])
    assert_refused(client.get(url), world, before, one)
    assert_refused(client.post(url), world, before, one)


def test_adding_an_indicator_to_a_signed_set_is_refused(world, login, one, signed):
    client = login(world.editor)
    before = everything(world)
    url = reverse("indicators:create", args=[world.department.pk, 2566])
    for response in (
        client.get(url),
        client.post(url, {**heading(one, number="8", name_th="ใหม่", weight="5")}),
    ):
        assert response.status_code == 302
        assert response["Location"] == reverse(
            "indicators:agency", args=[world.department.pk, 2566]
        )
    assert everything(world) == before


def test_the_indicator_page_says_it_is_locked_and_links_to_the_agreement(world, login, one, signed):
    response = login(world.editor).get(reverse("indicators:detail", args=[one.pk]))
    page = response.content.decode()
    assert reverse("agreements:of_indicator", args=[one.pk]) in page
    assert reverse("indicators:edit", args=[one.pk, "heading"]) not in page
    assert reverse("indicators:criteria", args=[one.pk]) not in page
    follow = login(world.editor).get(reverse("agreements:of_indicator", args=[one.pk]))
    assert follow["Location"] == reverse("agreements:indicator", args=[signed.pk, one.pk])


# The stale-form message names a negotiation revision ------------------------------------------


def test_a_stale_form_says_the_change_went_to_the_negotiation(world, login, proposed):
    one = entry(proposed, "1").indicator
    client = login(world.editor)
    url = reverse("indicators:edit", args=[one.pk, "heading"])
    opened = client.get(url).context["version_form"]["version"].value()
    # Meanwhile a colleague (the framework admin here) changes the unit, and the agency's
    # editor submits it to the negotiation.
    indicator_actions.update_indicator(
        actor(world.framework_admin), one, version=one.updated_at, unit="ร้อยละ"
    )
    actions.submit_revision(actor(world.editor), proposed, one, "ปรับหน่วย")
    before = everything(world)
    with translation.override("en"):
        response = client.post(
            url, {**heading(one, weight=str(Decimal(40)), name_th="พิมพ์ไว้"), "version": opened}
        )
    assert response.status_code == 200 and everything(world) == before
    stale = response.context["stale"]
    assert len(stale) == 2
    assert "admin" in stale[0]
    # "... editor submitted the changes to the negotiation as version 2 ..." (Thai by default)
    assert "editor" in stale[1] and "2" in stale[1]
    assert "negotiation" in stale[1] or "เจรจา" in stale[1]
    assert "พิมพ์ไว้" in response.content.decode()
