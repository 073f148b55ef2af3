from decimal import Decimal

from ges.audit.models import AuditEntry
from ges.lib.rows import insert_rows, insert_values, update_rows, update_values
from ges.orgs.models import Organization
from ges.testing import make_org


def test_it_inserts_rows_as_a_save_would(db: None) -> None:
    saved = AuditEntry.objects.create(
        action="x.saved", object_type="t", object_id="1", after={"n": Decimal("1.50")}
    )
    insert_rows(
        [
            AuditEntry(action="x.bulk", object_type="t", object_id=str(n), after={"n": Decimal(n)})
            for n in (2, 3)
        ]
    )
    rows = list(AuditEntry.objects.filter(object_type="t").order_by("pk"))
    assert [(r.action, r.object_id, r.after) for r in rows] == [
        ("x.saved", "1", {"n": "1.50"}),
        ("x.bulk", "2", {"n": "2"}),
        ("x.bulk", "3", {"n": "3"}),
    ]
    assert all(row.at is not None and row.at >= saved.at for row in rows)


def test_it_writes_nothing_for_no_rows(db: None, django_assert_num_queries: object) -> None:
    with django_assert_num_queries(0):  # type: ignore[operator]
        insert_rows([])
        update_rows([], ["name_th"])


def test_it_updates_only_the_named_fields(db: None) -> None:
    first, second = make_org(code="A1", name_th="เดิม 1"), make_org(code="A2", name_th="เดิม 2")
    first.name_th, first.code = "ใหม่ 1", "Z1"
    second.name_th = "ใหม่ 2"
    update_rows([first, second], ["name_th"])
    stored = dict(
        Organization.objects.filter(pk__in=[first.pk, second.pk]).values_list("code", "name_th")
    )
    assert stored == {"A1": "ใหม่ 1", "A2": "ใหม่ 2"}


def test_it_inserts_plain_values_with_what_a_save_gives_the_others(db: None) -> None:
    saved = AuditEntry.objects.create(action="x.saved", object_type="t", object_id="1")
    insert_values(
        AuditEntry,
        [
            {
                "action": "x.bulk",
                "object_type": "t",
                "object_id": str(n),
                "after": {"n": Decimal(n)},
            }
            for n in (2, 3)
        ],
    )
    rows = list(AuditEntry.objects.filter(object_type="t").order_by("pk"))
    assert [(r.action, r.object_id, r.after, r.actor_name, r.before) for r in rows] == [
        ("x.saved", "1", None, "", None),
        ("x.bulk", "2", {"n": "2"}, "", None),
        ("x.bulk", "3", {"n": "3"}, "", None),
    ]
    assert rows[1].at == rows[2].at >= saved.at


def test_it_updates_plain_values_by_primary_key(db: None) -> None:
    first, second = make_org(code="A1", name_th="เดิม 1"), make_org(code="A2", name_th="เดิม 2")
    update_values(
        Organization, [{"pk": first.pk, "name_th": "ใหม่ 1"}, {"pk": second.pk, "name_th": "ใหม่ 2"}]
    )
    stored = dict(
        Organization.objects.filter(pk__in=[first.pk, second.pk]).values_list("code", "name_th")
    )
    assert stored == {"A1": "ใหม่ 1", "A2": "ใหม่ 2"}


def test_it_writes_no_plain_values_for_no_rows(db: None, django_assert_num_queries: object) -> None:
    with django_assert_num_queries(0):  # type: ignore[operator]
        insert_values(AuditEntry, [])
        update_values(Organization, [])
