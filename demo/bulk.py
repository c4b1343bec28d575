"""Fast inserts for seeding: ids allocated in memory, rows written with COPY (PostgreSQL) or ``executemany`` (SQLite).

``bulk_create`` builds and compiles a model instance per row, which costs more than the insert
itself at a million rows. Here the big tables are written as plain tuples; values that need a
database conversion (dates, datetimes, JSON, decimals) go through the field's own
``get_db_prep_save``, so SQLite and PostgreSQL get exactly what the ORM would send.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Sequence
from datetime import UTC, date, datetime
from typing import Any

from django.core.management.color import no_style
from django.db import DEFAULT_DB_ALIAS, connection, connections, models
from django.db.backends.base.base import BaseDatabaseWrapper

BATCH_SIZE = 5000
_CONVERTED = (models.DateField, models.JSONField, models.DecimalField)  # DateTimeField is a DateField


class IdAllocator:
    """Hands out primary keys above the current maximum, per model."""

    def __init__(self) -> None:
        self._next: dict[type[models.Model], int] = {}

    def __call__(self, model: type[models.Model]) -> int:
        if model not in self._next:
            current = model._default_manager.aggregate(top=models.Max("pk"))["top"] or 0
            self._next[model] = current + 1
        value = self._next[model]
        self._next[model] = value + 1
        return value

    @property
    def models(self) -> list[type[models.Model]]:
        return list(self._next)


def _sqlite_datetime(value: datetime) -> str:
    # As DatabaseOperations.adapt_datetimefield_value does with USE_TZ: naive UTC, as text.
    if value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return str(value)


def _orm_preparer(field: models.Field[Any, Any], conn: BaseDatabaseWrapper) -> Callable[[Any], Any]:
    def prepare(value: Any) -> Any:
        return field.get_db_prep_save(value, conn)

    return prepare


def _preparers(model: type[models.Model], columns: Sequence[str]) -> list[Callable[[Any], Any] | None]:
    """Per column the conversion the ORM would apply, with fast paths for dates on SQLite and PostgreSQL."""
    by_attname = {f.attname: f for f in model._meta.concrete_fields}
    conn = connections[DEFAULT_DB_ALIAS]
    preparers: list[Callable[[Any], Any] | None] = []
    for column in columns:
        field = by_attname[column]
        if conn.vendor in ("sqlite", "postgresql") and isinstance(field, models.DateField):
            if conn.vendor == "postgresql":
                preparers.append(None)
            elif isinstance(field, models.DateTimeField):
                preparers.append(_sqlite_datetime)
            else:
                preparers.append(date.isoformat)
        elif isinstance(field, _CONVERTED):
            preparers.append(_orm_preparer(field, conn))
        else:
            preparers.append(None)
    return preparers


def _missing_defaults(model: type[models.Model], columns: Sequence[str]) -> tuple[list[str], list[Any]]:
    """Columns the caller did not name that the database cannot fill itself, with their model default.

    A field added to a model later (by another feature) must not break the seeder: it gets the value
    the ORM would give it. A database default (``db_default``) is left to the database.
    """
    named = set(columns)
    extra: list[str] = []
    values: list[Any] = []
    for field in model._meta.concrete_fields:
        if field.attname in named or field.primary_key or field.has_db_default():  # type: ignore[attr-defined]
            continue
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            value: Any = datetime.now(UTC)
        else:
            value = field.get_default()
        extra.append(field.attname)
        values.append(value)
    return extra, values


def insert_rows(
    model: type[models.Model],
    columns: Sequence[str],
    rows: Iterable[Sequence[Any]],
    raw: Collection[str] = (),
) -> int:
    """Insert tuples given in `columns` order (attnames, e.g. ``dossier_id``); returns the count.

    Values in `raw` columns are already in database form (e.g. JSON as a string) and are passed as
    they are. Columns not named get their model default (see `_missing_defaults`).
    """
    extra, extra_values = _missing_defaults(model, columns)
    all_columns = [*columns, *extra]
    by_attname = {f.attname: f for f in model._meta.concrete_fields}
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    names = ", ".join(quote(by_attname[c].column) for c in all_columns)
    preparers = _preparers(model, all_columns)
    convert = [(i, p) for i, p in enumerate(preparers[: len(columns)]) if p is not None and columns[i] not in raw]
    extra_prepared = [
        (prepare(value) if prepare is not None and value is not None else value)
        for value, prepare in zip(extra_values, preparers[len(columns) :], strict=True)
    ]
    if connection.vendor == "postgresql":
        return _copy_rows(table, names, rows, convert, extra_prepared)
    # Only table and column names from the model's own metadata, quoted; values are parameters.
    sql = "INSERT INTO {} ({}) VALUES ({})".format(table, names, ", ".join(["%s"] * len(all_columns)))  # noqa: S608
    count = 0
    batch: list[list[Any]] = []
    with connection.cursor() as cursor:
        for row in rows:
            values = list(row)
            for i, prepare in convert:
                if values[i] is not None:
                    values[i] = prepare(values[i])
            values.extend(extra_prepared)
            batch.append(values)
            if len(batch) >= BATCH_SIZE:
                # executemany reuses one prepared statement: the fastest way into SQLite.
                cursor.executemany(sql, batch)
                count += len(batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)
            count += len(batch)
    return count


def _copy_rows(
    table: str,
    names: str,
    rows: Iterable[Sequence[Any]],
    convert: list[tuple[int, Callable[[Any], Any]]],
    extra: list[Any],
) -> int:
    """PostgreSQL: COPY ... FROM STDIN, several times faster than multi-row INSERTs built in Python."""
    count = 0
    with connection.cursor() as cursor, cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
        write_row = copy.write_row
        for row in rows:
            if convert or extra:
                values = list(row)
                for i, prepare in convert:
                    if values[i] is not None:
                        values[i] = prepare(values[i])
                values.extend(extra)
                write_row(values)
            else:
                write_row(row)
            count += 1
    return count


def copy_text(table: str, names: str, lines: Iterable[str]) -> None:
    """PostgreSQL: COPY lines already in COPY's text format (tab-separated, newline-terminated)."""
    with connection.cursor() as cursor, cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
        for block in lines:
            copy.write(block)


def insert_instances(model: type[models.Model], objects: Sequence[models.Model]) -> int:
    """Insert unsaved instances (few enough that building them is cheap).

    Instances that other rows point to carry an id from an ``IdAllocator``; otherwise the
    database numbers them.
    """
    if not objects:
        return 0
    fields = list(model._meta.concrete_fields)
    if objects[0].pk is None:
        fields = [f for f in fields if not f.primary_key]
    rows = []
    for obj in objects:
        row = []
        for field in fields:
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                row.append(field.pre_save(obj, add=True))
            else:
                row.append(getattr(obj, field.attname))
        rows.append(row)
    return insert_rows(model, [f.attname for f in fields], rows)


def reset_sequences(models_used: Iterable[type[models.Model]]) -> None:
    """After explicit ids, PostgreSQL's sequences must move past them (SQLite does this itself)."""
    statements = connection.ops.sequence_reset_sql(no_style(), list(models_used))
    if statements:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
