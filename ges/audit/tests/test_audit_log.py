"""The audit log page (filters, pagination, who may read it) and proofs that the log is
append-only and written in the same transaction as the change it records."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser
from django.db import DatabaseError, connection, transaction
from django.test import RequestFactory, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.translation import gettext

from ges.audit.log import Actor, actor_from, record
from ges.audit.models import AppendOnlyError, AuditEntry
from ges.orgs import actions
from ges.orgs.actions import TreeError
from ges.orgs.models import Membership, Organization, Role

BANGKOK = ZoneInfo("Asia/Bangkok")
URL = reverse("audit:log")
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


def at(year: int, month: int, day: int, hour: int = 12, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=BANGKOK)


def write(
    moment: dt.datetime,
    action: str,
    obj: Any,
    user: Any = None,
    *,
    ip: str | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEntry:
    """An entry written at `moment` (AuditEntry.at is set by the database layer)."""
    with time_machine.travel(moment, tick=False):
        return record(Actor(user, ip), action, obj, before=before, after=after)


def shown(response: Any) -> set[int]:
    return {row.entry.pk for row in response.context["rows"]}


@pytest.fixture
def log(world: Any) -> dict[str, AuditEntry]:
    """A few known entries on top of those the world wrote while being built."""
    world.framework_admin.first_name = "สมชาย"
    world.framework_admin.save()
    membership = Membership.objects.get(user=world.viewer)
    return {
        "rename": write(
            at(2025, 1, 2, 0, 30),
            "org.updated",
            world.department,
            world.framework_admin,
            ip="203.0.113.5",
            before={"name_th": "ชื่อเดิม", "is_active": True},
            after={"name_th": "ชื่อใหม่", "is_active": False},
        ),
        "late": write(
            at(2025, 1, 1, 23, 59),
            "org.updated",
            world.sibling,
            world.org_admin,
            before={"short_name": ""},
            after={"short_name": "บก."},
        ),
        "grant": write(
            at(2025, 3, 15),
            "membership.granted",
            membership,
            world.org_admin,
            after=membership.audit_values(),
        ),
        "revoke": write(
            at(2025, 3, 16),
            "membership.revoked",
            membership,
            world.framework_admin,
            before=membership.audit_values(),
        ),
    }


# The page ---------------------------------------------------------------------------------


def test_it_shows_who_when_what_where_and_the_changes(world, login, log):
    response = login(world.framework_admin).get(URL, {"object_id": world.department.pk})
    assert response.status_code == 200
    body = response.content.decode()
    assert "2 ม.ค. 2568 00:30 น." in body  # Buddhist Era, Bangkok time
    assert "สมชาย" in body and "203.0.113.5" in body
    assert "org.updated" in body and world.department.name_th in body
    assert "ชื่อเดิม → ชื่อใหม่" in body
    row = next(r for r in response.context["rows"] if r.entry == log["rename"])
    assert [(c.before, c.after) for c in row.changes] == [
        ("ชื่อเดิม", "ชื่อใหม่"),
        (gettext("yes"), gettext("no")),
    ]


def test_it_shows_after_values_of_creations_and_before_values_of_deletions(world, login, log):
    response = login(world.framework_admin).get(URL, {"action": "membership."})
    rows = {row.entry.pk: row for row in response.context["rows"]}
    granted, revoked = rows[log["grant"].pk], rows[log["revoke"].pk]
    role = str(Role.VIEWER.label)  # choice values are shown by their label
    assert [(c.before, c.after) for c in granted.changes] == [
        ("", "viewer"),
        ("", "MOF"),
        ("", role),
    ]
    assert [(c.before, c.after) for c in revoked.changes] == [
        ("viewer", ""),
        ("MOF", ""),
        (role, ""),
    ]
    body = response.content.decode()
    assert "<del>MOF</del>" in body and "→" not in body


def test_it_lists_the_newest_entries_first(world, login, log):
    response = login(world.framework_admin).get(URL)
    moments = [row.entry.at for row in response.context["rows"]]
    assert moments == sorted(moments, reverse=True)


# Filters ----------------------------------------------------------------------------------


def test_it_filters_by_person_username_or_name(world, login, log):
    client = login(world.framework_admin)
    assert shown(client.get(URL, {"person": "orgadm"})) == {log["late"].pk, log["grant"].pk}
    assert shown(client.get(URL, {"person": "สมช"})) == {log["rename"].pk, log["revoke"].pk}
    assert shown(client.get(URL, {"person": "no such person"})) == set()


def test_it_filters_by_action_prefix(world, login, log):
    client = login(world.framework_admin)
    org_actions = shown(client.get(URL, {"action": "org."}))
    assert {log["rename"].pk, log["late"].pk} <= org_actions
    assert all(e.action.startswith("org.") for e in AuditEntry.objects.filter(pk__in=org_actions))
    assert org_actions == set(
        AuditEntry.objects.filter(action__startswith="org.").values_list("pk", flat=True)
    )
    assert shown(client.get(URL, {"action": "membership.revoked"})) == {log["revoke"].pk}
    # A prefix, not a substring: "updated" alone matches nothing.
    assert shown(client.get(URL, {"action": "updated"})) == set()
    response = client.get(URL)
    assert {"org.", "org.updated", "membership.", "membership.revoked"} <= set(
        response.context["form"].action_suggestions
    )


def test_it_filters_by_object_type_id_and_name(world, login, log):
    client = login(world.framework_admin)
    # Another kind of object with the same id must not leak into an organisation's history.
    stray = AuditEntry.objects.create(
        action="person.created",
        object_type="orgs.user",
        object_id=str(world.department.pk),
        object_repr="someone",
    )
    history = shown(
        client.get(URL, {"object_type": "orgs.organization", "object_id": world.department.pk})
    )
    created = AuditEntry.objects.get(action="org.created", object_id=str(world.department.pk))
    assert history == {created.pk, log["rename"].pk}
    assert stray.pk in shown(client.get(URL, {"object_id": world.department.pk}))
    assert shown(client.get(URL, {"object_type": "orgs.user"})) == {stray.pk}
    by_name = shown(client.get(URL, {"object_text": "บัญชีกลาง"}))
    assert log["late"].pk in by_name and log["rename"].pk not in by_name
    types = dict(client.get(URL).context["form"].fields["object_type"].choices)
    assert {"", "orgs.organization", "orgs.membership", "orgs.user"} <= set(types)


def test_it_reads_dates_as_whole_days_in_bangkok(world, login, log):
    client = login(world.framework_admin)
    # 00:30 on 2 January in Bangkok is still 1 January in UTC: it belongs to 2 January.
    assert shown(client.get(URL, {"date_from": "2025-01-02", "date_to": "2025-01-02"})) == {
        log["rename"].pk
    }
    assert shown(client.get(URL, {"date_from": "2025-01-01", "date_to": "2025-01-01"})) == {
        log["late"].pk
    }
    assert shown(client.get(URL, {"date_from": "2025-03-01"})) == {
        log["grant"].pk,
        log["revoke"].pk,
    } | set(AuditEntry.objects.filter(at__gte=at(2025, 3, 17)).values_list("pk", flat=True))
    assert shown(client.get(URL, {"date_from": "2025-01-01", "date_to": "2025-03-15"})) == {
        log["rename"].pk,
        log["late"].pk,
        log["grant"].pk,
    }


def test_it_combines_filters(world, login, log):
    client = login(world.framework_admin)
    combined = {
        "person": "orgadmin",
        "action": "org.",
        "object_type": "orgs.organization",
        "object_text": "กรม",
        "date_from": "2025-01-01",
        "date_to": "2025-12-31",
    }
    assert shown(client.get(URL, combined)) == {log["late"].pk}
    assert shown(client.get(URL, {**combined, "person": "สมชาย"})) == set()
    assert shown(client.get(URL, {**combined, "date_to": "2025-01-01"})) == {log["late"].pk}
    assert shown(client.get(URL, {**combined, "date_from": "2025-01-02"})) == set()


def test_it_opens_the_history_of_a_type_without_entries_yet(world, login):
    response = login(world.framework_admin).get(
        URL, {"object_type": "orgs.user", "object_id": world.viewer.pk}
    )
    assert response.status_code == 200 and response.context["form"].is_valid()
    assert shown(response) == set()


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"date_from": "2025-13-01"}, "date_from"),
        ({"date_from": "yesterday"}, "date_from"),
        ({"date_to": "01/02/2025"}, "date_to"),
        ({"date_to": "2568-01-31"}, "date_to"),  # a Buddhist Era year in a CE date
        ({"date_from": "0001-01-01"}, "date_from"),
        ({"date_to": "9999-12-31"}, "date_to"),
        ({"date_from": "2025-02-01", "date_to": "2025-01-31"}, "date_to"),
        ({"object_type": "nothing.here"}, "object_type"),
        ({"object_type": "not a model"}, "object_type"),
    ],
)
def test_it_explains_bad_filters_without_listing(world, login, log, params, field):
    response = login(world.framework_admin).get(URL, params)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert "page" not in response.context
    assert f'id="id_{field}_error"' in response.content.decode()


# Pagination -------------------------------------------------------------------------------


def test_it_pages_fifty_entries_at_a_time_and_keeps_the_filters(world, login):
    for number in range(120):
        write(at(2025, 5, 1) + dt.timedelta(minutes=number), "org.updated", world.division)
    client = login(world.framework_admin)
    params = {"action": "org.updated", "object_text": "ตรวจสอบ"}
    first = client.get(URL, params)
    assert len(first.context["rows"]) == 50 and first.context["page"].paginator.count == 120
    next_link = re.search(r'href="([^"]*)" rel="next"', first.content.decode())
    assert next_link is not None
    query = next_link.group(1).replace("&amp;", "&")
    assert "page=2" in query and "action=org.updated" in query and "object_text=" in query
    third = client.get(URL + query.replace("page=2", "page=3"))
    assert len(third.context["rows"]) == 20
    assert 'rel="next"' not in third.content.decode()
    everything = set()
    for page in (1, 2, 3):
        everything |= shown(client.get(URL, {**params, "page": page}))
    assert len(everything) == 120
    assert client.get(URL, {**params, "page": "abc"}).context["page"].number == 1
    assert client.get(URL, {**params, "page": "999"}).context["page"].number == 3


def test_it_uses_a_fixed_number_of_queries(world, login, django_assert_max_num_queries):
    client = login(world.framework_admin)
    client.get(URL)  # warm the session

    def queries(params: dict[str, Any]) -> int:
        with CaptureQueriesContext(connection) as context:
            assert client.get(URL, params).status_code == 200
        return len(context.captured_queries)

    filtered = {"person": "admin", "action": "org.", "date_from": "2025-01-01"}
    write(at(2025, 5, 31), "org.updated", world.opdc, world.framework_admin)
    small = (queries({}), queries(filtered))
    actors = [world.framework_admin, world.org_admin, world.editor, None]
    targets = [world.ministry, world.department, world.division, world.opdc]
    for number in range(300):
        write(
            at(2025, 6, 1) + dt.timedelta(minutes=number),
            ("org.updated", "membership.granted", "person.created")[number % 3],
            targets[number % 4],
            actors[number % 4],
            ip="198.51.100.7",
            before={"name_th": f"ก่อน {number}", "is_active": True},
            after={"name_th": f"หลัง {number}", "is_active": False},
        )
    assert (queries({}), queries(filtered)) == small
    assert queries({"page": 4}) == small[0]
    with django_assert_max_num_queries(8):  # 8: the nav's unread notices
        client.get(URL, {**filtered, "page": 2})


# Who may read the log ---------------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_lets_only_framework_admins_read_the_log(world, login, log, persona):
    response = login(getattr(world, persona)).get(URL)
    if persona == "framework_admin":
        assert response.status_code == 200 and log["rename"].pk in shown(response)
    else:
        assert response.status_code == 403
        assert "ชื่อใหม่" not in response.content.decode()


def test_it_asks_anonymous_visitors_to_log_in(world, client):
    response = client.get(URL, {"object_type": "orgs.organization"})
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_it_refuses_to_answer_posts(world, login):
    assert login(world.framework_admin).post(URL).status_code == 405


# Append-only ------------------------------------------------------------------------------


def test_it_refuses_to_save_an_existing_entry(world, log):
    entry = AuditEntry.objects.get(pk=log["rename"].pk)
    entry.action = "tampered"
    with pytest.raises(AppendOnlyError):
        entry.save()
    assert AuditEntry.objects.get(pk=entry.pk).action == "org.updated"


def test_it_refuses_to_delete_entries(world, log):
    count = AuditEntry.objects.count()
    with pytest.raises(AppendOnlyError):
        log["rename"].delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.filter(pk=log["rename"].pk).delete()
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.all().delete()
    assert AuditEntry.objects.count() == count


def test_it_refuses_to_update_entries_through_the_orm(world, log):
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.update(action="tampered")
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.filter(pk=log["rename"].pk).update(ip_address="10.0.0.1")
    entry = AuditEntry.objects.get(pk=log["rename"].pk)
    entry.action = "tampered"
    # bulk_update opens its own atomic block; a savepoint keeps the test's transaction usable.
    with pytest.raises(AppendOnlyError), transaction.atomic():
        AuditEntry.objects.bulk_update([entry], ["action"])
    assert not AuditEntry.objects.filter(action="tampered").exists()


def test_it_has_the_database_refuse_a_raw_update(world, log):
    pk = log["rename"].pk
    refused = pytest.raises(DatabaseError, match="append-only")
    with refused, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "UPDATE audit_auditentry SET action = %s, ip_address = NULL WHERE id = %s",
            ["tampered", pk],
        )
    entry = AuditEntry.objects.get(pk=pk)
    assert entry.action == "org.updated" and entry.ip_address == "203.0.113.5"


def test_it_has_postgresql_refuse_a_raw_delete(world, log):
    if connection.vendor != "postgresql":
        # SQLite keeps DELETE for Django's test flush; the ORM guard covers it there.
        assert connection.vendor == "sqlite"
        return
    pk = log["rename"].pk
    refused = pytest.raises(DatabaseError, match="append-only")
    with refused, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditentry WHERE id = %s", [pk])
    assert AuditEntry.objects.filter(pk=pk).exists()


# Where a change came from -----------------------------------------------------------------


def request_with(**meta: str) -> Any:
    request = RequestFactory().post("/")
    request.META.update(meta)
    request.user = AnonymousUser()
    return request


def stored_ip(world: Any, **meta: str) -> str | None:
    entry = record(actor_from(request_with(**meta)), "org.viewed", world.opdc)
    return AuditEntry.objects.get(pk=entry.pk).ip_address


def test_it_stores_the_remote_address(world):
    assert stored_ip(world, REMOTE_ADDR="203.0.113.9") == "203.0.113.9"
    assert stored_ip(world, REMOTE_ADDR="2001:DB8:0:0::1") == "2001:db8::1"
    # Without a configured header, a forged one is ignored.
    assert stored_ip(world, REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR="1.2.3.4") == (
        "203.0.113.9"
    )


@override_settings(AUDIT_IP_HEADER="X-Forwarded-For")
def test_it_stores_the_client_address_from_the_proxy_header(world):
    forwarded = {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "198.51.100.23, 10.0.0.1"}
    assert stored_ip(world, **forwarded) == "198.51.100.23"
    assert stored_ip(world, REMOTE_ADDR="10.0.0.2") == "10.0.0.2"  # no proxy in between


@override_settings(AUDIT_IP_HEADER="X-Real-IP")
def test_it_ignores_garbage_addresses(world):
    assert stored_ip(world, REMOTE_ADDR="10.0.0.2", HTTP_X_REAL_IP="<script>") is None
    assert stored_ip(world, REMOTE_ADDR="10.0.0.2", HTTP_X_REAL_IP="999.1.1.1") is None
    assert stored_ip(world, REMOTE_ADDR="not an address") is None
    assert stored_ip(world, REMOTE_ADDR="") is None


# One change, one entry, one transaction ---------------------------------------------------


def edit_department(client: Any, world: Any, name: str, **meta: str) -> Any:
    return client.post(
        reverse("orgs:edit", args=[world.department.pk]),
        {
            "parent_code": "MOF",
            "kind": "department",
            "code": "OPS",
            "name_th": name,
            "name_en": "",
            "short_name": "",
            "is_active": "on",
        },
        **meta,
    )


def test_it_writes_one_entry_for_an_organisation_edited_on_the_web(world, login):
    count = AuditEntry.objects.count()
    response = edit_department(
        login(world.framework_admin), world, "สำนักงานปลัด (ใหม่)", REMOTE_ADDR="203.0.113.77"
    )
    assert response.status_code == 302
    assert AuditEntry.objects.count() == count + 1
    entry = AuditEntry.objects.latest("id")
    assert entry.action == "org.updated" and entry.actor == world.framework_admin
    assert entry.object_type == "orgs.organization" and entry.object_id == str(world.department.pk)
    assert entry.changed_fields() == [("name_th", "สำนักงานปลัดกระทรวงการคลัง", "สำนักงานปลัด (ใหม่)")]
    assert entry.ip_address == "203.0.113.77"
    history = login(world.framework_admin).get(
        URL, {"object_type": "orgs.organization", "object_id": world.department.pk}
    )
    assert entry.pk in shown(history)


@override_settings(AUDIT_IP_HEADER="X-Forwarded-For")
def test_it_records_the_address_behind_a_proxy_for_web_edits(world, login):
    edit_department(
        login(world.framework_admin),
        world,
        "ชื่อใหม่",
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR="198.51.100.40",
    )
    assert AuditEntry.objects.latest("id").ip_address == "198.51.100.40"


def test_it_writes_nothing_when_an_edit_is_refused(world, login):
    count = AuditEntry.objects.count()
    response = edit_department(login(world.editor), world, "ชื่อใหม่")
    assert response.status_code == 403
    with pytest.raises(TreeError):
        actions.update_organization(
            Actor(world.framework_admin), world.department, world.division, name_th="ชื่อใหม่"
        )
    assert AuditEntry.objects.count() == count
    assert Organization.objects.get(pk=world.department.pk).name_th == "สำนักงานปลัดกระทรวงการคลัง"


class Boom(Exception):
    pass


def test_it_rolls_the_entry_back_with_a_failed_change(world):
    count = AuditEntry.objects.count()
    with pytest.raises(Boom), transaction.atomic():
        actions.update_organization(
            Actor(world.framework_admin), world.department, world.ministry, name_th="ชื่อใหม่"
        )
        assert AuditEntry.objects.count() == count + 1
        raise Boom
    assert AuditEntry.objects.count() == count
    assert Organization.objects.get(pk=world.department.pk).name_th == "สำนักงานปลัดกระทรวงการคลัง"


def test_it_rolls_back_a_web_edit_that_fails_after_recording(world, login, monkeypatch):
    count = AuditEntry.objects.count()

    def record_then_fail(*args: Any, **kwargs: Any) -> AuditEntry:
        record(*args, **kwargs)
        raise Boom

    monkeypatch.setattr(actions, "record", record_then_fail)
    with pytest.raises(Boom):
        edit_department(login(world.framework_admin), world, "ชื่อใหม่")
    assert AuditEntry.objects.count() == count
    assert Organization.objects.get(pk=world.department.pk).name_th == "สำนักงานปลัดกระทรวงการคลัง"
