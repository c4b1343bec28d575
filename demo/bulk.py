"""Fast inserts for seeding: ids allocated in memory and rows written with ``executemany``.

``bulk_create`` builds and compiles a model instance per row, which costs more than the insert
itself at a million rows. Here the big tables are written as plain tuples; values that need a
database conversion (dates, datetimes, JSON, decimals) go through the field's own
``get_db_prep_save``, so SQLite and PostgreSQL get exactly what the ORM would send.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
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


def insert_rows(model: type[models.Model], columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """Insert tuples given in `columns` order (attnames, e.g. ``dossier_id``); returns the count."""
    by_attname = {f.attname: f for f in model._meta.concrete_fields}
    quote = connection.ops.quote_name
    # Only table and column names from the model's own metadata, quoted; values are parameters.
    head = "INSERT INTO {} ({}) VALUES ".format(  # noqa: S608
        quote(model._meta.db_table), ", ".join(quote(by_attname[c].column) for c in columns)
    )
    placeholders = "({})".format(", ".join(["%s"] * len(columns)))
    # PostgreSQL: one multi-row INSERT per batch saves a round trip per row. SQLite: executemany
    # reuses one prepared statement, which is faster there.
    multi_row = connection.vendor == "postgresql"
    batch_size = max(1, min(BATCH_SIZE, 60_000 // len(columns))) if multi_row else BATCH_SIZE
    preparers = _preparers(model, columns)
    convert = [(i, p) for i, p in enumerate(preparers) if p is not None]
    count = 0
    batch: list[list[Any]] = []

    def write(cursor: Any, batch: list[list[Any]]) -> None:
        if multi_row:
            cursor.execute(head + ", ".join([placeholders] * len(batch)), [v for row in batch for v in row])
        else:
            cursor.executemany(head + placeholders, batch)

    with connection.cursor() as cursor:
        for row in rows:
            values = list(row)
            for i, prepare in convert:
                if values[i] is not None:
                    values[i] = prepare(values[i])
            batch.append(values)
            if len(batch) >= batch_size:
                write(cursor, batch)
                count += len(batch)
                batch = []
        if batch:
            write(cursor, batch)
            count += len(batch)
    return count


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
