import pytest
from django.urls import reverse

from ges.audit.models import AuditEntry
from ges.orgs.models import Organization
from ges.testing import make_org


def test_it_keeps_paths_when_a_subtree_moves(world):
    deep = make_org(world.division, code="DEEP")
    world.division.refresh_from_db()
    assert deep.path == f"{world.division.path}{deep.pk}/"
    assert deep.depth == 3

    from ges.audit.log import Actor
    from ges.orgs import actions

    actions.update_organization(Actor(world.framework_admin), world.division, world.sibling)
    deep.refresh_from_db()
    world.division.refresh_from_db()
    assert world.division.path == f"{world.sibling.path}{world.division.pk}/"
    assert deep.path == f"{world.division.path}{deep.pk}/"
    assert deep.depth == 3
    entry = AuditEntry.objects.get(action="org.updated")
    assert entry.before["parent"] == "OPS" and entry.after["parent"] == "CGD"


def test_it_refuses_to_move_an_organisation_under_its_own_unit(world, login):
    client = login(world.framework_admin)
    url = reverse("orgs:edit", args=[world.department.pk])
    response = client.post(
        url,
        {
            "parent_code": "DIV",
            "kind": "department",
            "code": "OPS",
            "name_th": "x",
            "is_active": "on",
        },
    )
    assert response.status_code == 200
    assert (
        "cannot be placed under itself" in response.content.decode()
        or "ภายใต้ตัวเอง" in response.content.decode()
    )
    world.department.refresh_from_db()
    assert world.department.parent == world.ministry
    assert not AuditEntry.objects.filter(action="org.updated").exists()


def test_it_searches_thai_substrings_within_scope(world, login):
    response = login(world.viewer).get(reverse("orgs:tree"), {"q": "ปลัด"})
    assert "สำนักงานปลัดกระทรวงการคลัง" in response.content.decode()
    response = login(world.outsider).get(reverse("orgs:tree"), {"q": "ปลัด"})
    assert "สำนักงานปลัดกระทรวงการคลัง" not in response.content.decode()


def test_it_shows_children_through_htmx(world, login):
    response = login(world.viewer).get(reverse("orgs:children", args=[world.ministry.pk]))
    body = response.content.decode()
    assert "สำนักงานปลัดกระทรวงการคลัง" in body and "<html" not in body


@pytest.mark.parametrize("persona", ["framework_admin"])
def test_it_lets_framework_admins_create_organisations(world, login, persona):
    client = login(getattr(world, persona))
    response = client.post(
        reverse("orgs:create"),
        {
            "parent_code": "OPS",
            "kind": "division",
            "code": "NEW",
            "name_th": "กองใหม่",
            "is_active": "on",
        },
    )
    new = Organization.objects.get(code="NEW")
    assert response.status_code == 302 and new.parent == world.department
    assert AuditEntry.objects.filter(action="org.created", object_id=str(new.pk)).exists()


@pytest.mark.parametrize(
    "persona", ["evaluator", "editor", "approver", "viewer", "org_admin", "outsider", "nobody"]
)
def test_it_refuses_organisation_edits_to_everyone_else(world, login, persona):
    client = login(getattr(world, persona))
    assert client.get(reverse("orgs:create")).status_code == 403
    status = client.get(reverse("orgs:edit", args=[world.department.pk])).status_code
    assert status in (403, 404)
    response = client.post(
        reverse("orgs:create"), {"kind": "division", "code": "NEW", "name_th": "x"}
    )
    assert response.status_code == 403
    assert not Organization.objects.filter(code="NEW").exists()


def test_it_hides_organisations_outside_scope_with_404(world, login):
    client = login(world.outsider)
    assert client.get(reverse("orgs:detail", args=[world.department.pk])).status_code == 404
    assert client.get(reverse("orgs:children", args=[world.ministry.pk])).status_code == 404
    assert client.get(reverse("orgs:detail", args=[999999])).status_code == 404


def test_it_asks_anonymous_visitors_to_log_in(world, client):
    response = client.get(reverse("orgs:tree"))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_it_uses_a_fixed_number_of_queries_for_the_tree(
    world, login, django_assert_max_num_queries
):
    client = login(world.framework_admin)
    for _ in range(30):
        make_org(world.ministry)
    with django_assert_max_num_queries(8):
        client.get(reverse("orgs:tree"))
    with django_assert_max_num_queries(8):
        client.get(reverse("orgs:tree"), {"q": "หน่วยงาน"})
    with django_assert_max_num_queries(8):
        client.get(reverse("orgs:children", args=[world.ministry.pk]))


def test_it_links_framework_admins_to_an_organisations_history(world, login):
    url = reverse("orgs:detail", args=[world.department.pk])
    history = f"object_type=orgs.organization&amp;object_id={world.department.pk}"
    assert history in login(world.framework_admin).get(url).content.decode()
    assert history not in login(world.viewer).get(url).content.decode()
