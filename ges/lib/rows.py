"""Writing many rows of one model at once, for bulk paths (uploads, score rebuilds).

Django's `bulk_create` and `bulk_update` compile SQL per row and field (and `bulk_update` a CASE
per field and row), which costs more than the database work for tens of thousands of rows.
These run one statement through `executemany`, with the same field preparation as a save.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import connections, models, router
from django.db.backends.base.base import BaseDatabaseWrapper


def insert_rows(rows: Sequence[models.Model]) -> None:
    """INSERT new rows of one model in one executemany; the rows get no primary key back
    (read them again where it is needed). `auto_now`/`auto_now_add` fields are set as a save
    sets them."""
    if not rows:
        return
    meta = rows[0]._meta
    connection = _connection(rows[0])
    columns = [field for field in meta.concrete_fields if not field.primary_key]
    quote = connection.ops.quote_name
    names = ", ".join(quote(str(field.column)) for field in columns)
    marks = ", ".join(["%s"] * len(columns))
    sql = f"INSERT INTO {quote(meta.db_table)} ({names}) VALUES ({marks})"
    params = [
        [field.get_db_prep_save(field.pre_save(row, True), connection) for field in columns]
        for row in rows
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


def update_rows(rows: Sequence[models.Model], fields: Sequence[str]) -> None:
    """UPDATE many rows of one model by primary key in one executemany (the values as the
    rows hold them; `auto_now` fields are not touched unless named and set by the caller)."""
    if not rows:
        return
    meta = rows[0]._meta
    connection = _connection(rows[0])
    concrete = {field.name: field for field in meta.concrete_fields}
    columns = [concrete[name] for name in fields]
    quote = connection.ops.quote_name
    assert meta.pk is not None
    assignments = ", ".join(f"{quote(str(field.column))} = %s" for field in columns)
    sql = f"UPDATE {quote(meta.db_table)} SET {assignments} WHERE {quote(str(meta.pk.column))} = %s"
    params = [
        [field.get_db_prep_save(getattr(row, field.attname), connection) for field in columns]
        + [row.pk]
        for row in rows
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


def _connection(row: models.Model) -> BaseDatabaseWrapper:
    """The connection itself: `django.db.connection` is a proxy that looks the connection up
    on every use, and the values are prepared once per field and row."""
    return connections[router.db_for_write(type(row))]
