"""Writing many rows of one model at once, for bulk paths (uploads, score rebuilds).

Django's `bulk_create` and `bulk_update` compile SQL per row and field (and `bulk_update` a CASE
per field and row), which costs more than the database work for tens of thousands of rows.
These run one statement through `executemany`, with the same field preparation as a save.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

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
    params = [
        [field.get_db_prep_save(field.pre_save(row, True), connection) for field in columns]
        for row in rows
    ]
    _execute(connection, meta, columns, params)


def insert_values(model: type[models.Model], rows: Sequence[Mapping[str, Any]]) -> None:
    """INSERT new rows of `model` given as plain values by field attname ("result_id"), in one
    executemany: for many rows, cheaper than building model instances. Every row names the
    same fields; the others get what a save gives a new instance (defaults, and the time of
    the call for `auto_now`/`auto_now_add` fields)."""
    if not rows:
        return
    meta = model._meta
    connection = connections[router.db_for_write(model)]
    names = list(rows[0])
    fields = {field.attname: field for field in meta.concrete_fields if not field.primary_key}
    given = [fields[name] for name in names]
    others = [field for name, field in fields.items() if name not in names]
    blank = model()
    fixed = [field.get_db_prep_save(field.pre_save(blank, True), connection) for field in others]
    prepare = [field.get_db_prep_save for field in given]
    params = [
        [prep(row[name], connection) for prep, name in zip(prepare, names, strict=True)] + fixed
        for row in rows
    ]
    _execute(connection, meta, [*given, *others], params)


def _execute(
    connection: BaseDatabaseWrapper,
    meta: Any,
    columns: Sequence[models.Field[Any, Any]],
    params: list[list[Any]],
) -> None:
    quote = connection.ops.quote_name
    names = ", ".join(quote(str(field.column)) for field in columns)
    marks = ", ".join(["%s"] * len(columns))
    sql = f"INSERT INTO {quote(meta.db_table)} ({names}) VALUES ({marks})"
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


def update_values(model: type[models.Model], rows: Sequence[Mapping[str, Any]]) -> None:
    """UPDATE many rows of `model` by primary key in one executemany, each given as plain
    values by field attname with its key under "pk"; every row names the same fields, and
    only those change."""
    if not rows:
        return
    meta = model._meta
    assert meta.pk is not None
    connection = connections[router.db_for_write(model)]
    names = [name for name in rows[0] if name != "pk"]
    fields = {field.attname: field for field in meta.concrete_fields}
    prepare = [fields[name].get_db_prep_save for name in names]
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(str(fields[name].column))} = %s" for name in names)
    sql = f"UPDATE {quote(meta.db_table)} SET {assignments} WHERE {quote(str(meta.pk.column))} = %s"
    params = [
        [prep(row[name], connection) for prep, name in zip(prepare, names, strict=True)]
        + [row["pk"]]
        for row in rows
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


def _connection(row: models.Model) -> BaseDatabaseWrapper:
    """The connection itself: `django.db.connection` is a proxy that looks the connection up
    on every use, and the values are prepared once per field and row."""
    return connections[router.db_for_write(type(row))]
