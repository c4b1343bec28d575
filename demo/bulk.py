"""Fast inserts for seeding: ids allocated in memory, rows written with COPY (PostgreSQL) or ``executemany`` (SQLite).

``bulk_create`` builds and compiles a model instance per row, which costs more than the insert
itself at a million rows. Here the big tables are written as plain tuples; values that need a
database conversion (dates, datetimes, JSON, decimals) go through the field's own
``get_db_prep_save``, so SQLite and PostgreSQL get exactly what the ORM would send.
"""

from __future__ import annotations

import logging
import queue
import sys
import threading
import time
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from datetime import UTC, date, datetime
from typing import Any

from django.core.management.color import no_style
from django.db import DEFAULT_DB_ALIAS, connection, connections, models
from django.db.backends.base.base import BaseDatabaseWrapper

logger = logging.getLogger(__name__)

BATCH_SIZE = 5000
#: Memory for rebuilding indexes after a bulk load: a GIN trigram index over a million names is built
#: in a handful of passes with 1 GB instead of dozens with PostgreSQL's default 64 MB.
REBUILD_MEMORY = "4GB"
#: From this many rows on, a load on PostgreSQL drops and rebuilds indexes (`bulk_load`); below it the
#: rebuild over the rows already there would cost more than it saves (``make run``, tests, small demos).
BULK_LOAD_FROM = 200_000
#: GIL hand-over interval while a `BackgroundWriter` runs (Python's default is 5 ms).
SWITCH_INTERVAL = 0.0002
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

    def reserve(self, model: type[models.Model], count: int) -> int:
        """`count` consecutive ids of `model` in one go (a block that others hand out); returns the first."""
        first = self(model)
        self._next[model] = first + count
        return first

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
        _drop_indexes_for_load(model._meta.db_table)
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
        if convert:
            for row in rows:
                values = list(row)
                for i, prepare in convert:
                    if values[i] is not None:
                        values[i] = prepare(values[i])
                values.extend(extra)
                write_row(values)
                count += 1
        elif extra:
            # Tuples joined in C: no list per row (most big tables need no conversion on PostgreSQL).
            tail = tuple(extra)
            for row in rows:
                write_row(tuple(row) + tail)
                count += 1
        else:
            for row in rows:
                write_row(row)
                count += 1
    return count


def copy_text(model: type[models.Model], names: str, lines: Iterable[str | bytes]) -> None:
    """PostgreSQL: COPY lines already in COPY's text format (tab-separated, newline-terminated)."""
    _drop_indexes_for_load(model._meta.db_table)
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor, cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
        for block in lines:
            copy.write(block)


@dataclass(frozen=True)
class CopySpec:
    """What `format_copy` needs to turn rows of one table into COPY text, prepared once per table.

    Built in the seeding process (it reads the model and the connection's conversions) and used by
    worker processes too, which must not touch the database: they only format.
    """

    model: type[models.Model]
    names: str
    convert: tuple[tuple[int, Callable[[Any], Any]], ...]
    extra: tuple[Any, ...]


def copy_spec(model: type[models.Model], columns: Sequence[str], raw: Collection[str] = ()) -> CopySpec:
    """As `insert_rows` prepares its COPY (PostgreSQL only): quoted column names, conversions, defaults."""
    extra, extra_values = _missing_defaults(model, columns)
    all_columns = [*columns, *extra]
    by_attname = {f.attname: f for f in model._meta.concrete_fields}
    preparers = _preparers(model, all_columns)
    convert = [(i, p) for i, p in enumerate(preparers[: len(columns)]) if p is not None and columns[i] not in raw]
    extra_prepared = [
        (prepare(value) if prepare is not None and value is not None else value)
        for value, prepare in zip(extra_values, preparers[len(columns) :], strict=True)
    ]
    names = ", ".join(connection.ops.quote_name(by_attname[c].column) for c in all_columns)
    return CopySpec(model, names, tuple(convert), tuple(extra_prepared))


def copy_transformer() -> Any:
    """psycopg's adapters of this connection, to format COPY rows exactly as ``copy.write_row`` would."""
    from psycopg.adapt import Transformer

    connection.ensure_connection()
    return Transformer.from_context(connection.connection)


def format_copy(spec: CopySpec, rows: Iterable[Sequence[Any]], transformer: Any) -> bytes:
    """Rows as COPY text, byte for byte what ``write_row`` sends; needs no database (a worker may call it)."""
    from psycopg._copy_base import format_row_text

    out = bytearray()
    convert, tail = spec.convert, spec.extra
    for row in rows:
        if convert:
            values = list(row)
            for i, prepare in convert:
                if values[i] is not None:
                    values[i] = prepare(values[i])
            row = (*values, *tail)
        elif tail:
            row = tuple(row) + tail
        format_row_text(row, transformer, out)
    return bytes(out)


def copy_formatted(spec: CopySpec, data: bytes) -> None:
    """PostgreSQL: COPY text made by `format_copy` (indexes dropped first inside `bulk_load`)."""
    if data:
        copy_text(spec.model, spec.names, [data])


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


@dataclass
class _BulkLoad:
    #: Per table written so far, the definitions of the indexes dropped before its first COPY.
    indexes: dict[str, list[str]] = dataclass_field(default_factory=dict)
    #: Per table written so far, its foreign keys as (name, definition), dropped with the indexes.
    foreign_keys: dict[str, list[tuple[str, str]]] = dataclass_field(default_factory=dict)


_active_load: _BulkLoad | None = None

#: Index definitions of a table that no constraint owns (primary keys, UNIQUE and EXCLUDE constraints
#: keep theirs: foreign keys and correctness rely on them while rows arrive). Partial indexes stay too:
#: they cover few rows, and PostgreSQL prints their condition back in another (equivalent) spelling,
#: so a rebuilt one would not be textually the index the migration made.
_PLAIN_INDEXES = """
    SELECT i.indexname, i.indexdef FROM pg_indexes i
    WHERE i.schemaname = current_schema() AND i.tablename = %s
      AND NOT EXISTS (
        SELECT 1 FROM pg_constraint c
        WHERE c.conindid = (quote_ident(i.schemaname) || '.' || quote_ident(i.indexname))::regclass
      )
      AND EXISTS (
        SELECT 1 FROM pg_index x
        WHERE x.indexrelid = (quote_ident(i.schemaname) || '.' || quote_ident(i.indexname))::regclass
          AND x.indpred IS NULL
      )
    ORDER BY i.indexname
"""
_FOREIGN_KEYS = """
    SELECT c.conname, pg_get_constraintdef(c.oid) FROM pg_constraint c
    WHERE c.conrelid = (quote_ident(current_schema()) || '.' || quote_ident(%s))::regclass AND c.contype = 'f'
    ORDER BY c.conname
"""


@contextmanager
def bulk_load(enabled: bool = True) -> Iterator[None]:
    """PostgreSQL: every table written inside loses its plain indexes and its foreign keys before its
    first COPY, and gets exactly the same ones back when the block ends.

    Why: updating a GIN trigram index or a handful of B-trees row by row costs PostgreSQL far more
    than building them once over the finished table, and a deferred foreign key check is a lookup
    (with a row lock) per row and key, where adding the key back checks all rows in one join. At a
    million residents those two were most of the seed's time.

    The definitions are read from the catalog (``pg_indexes.indexdef``, ``pg_get_constraintdef``), so
    what comes back is what was there. Must run inside ``transaction.atomic()``: drop, rows and rebuild
    commit together, and a failure (a row breaking a key, a duplicate in a rebuilt unique index) rolls
    everything back. Primary keys and constraint-owned unique indexes stay in place. Commit durability is relaxed for the transaction (``synchronous_commit``):
    a crash can lose only the seed, which is then run again. Elsewhere (SQLite), when nested, or with
    `enabled` false this does nothing.
    """
    global _active_load
    if not enabled or connection.vendor != "postgresql" or _active_load is not None:
        yield
        return
    if not connection.in_atomic_block:
        raise RuntimeError("bulk_load() must run inside transaction.atomic()")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL synchronous_commit = off")
        # PostgreSQL drops no key while checks on its tables are pending: rows written earlier in this
        # transaction are checked now. Django makes every key DEFERRABLE INITIALLY DEFERRED, so
        # deferring all again afterwards restores its state.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    load = _active_load = _BulkLoad()
    try:
        yield
    finally:
        _active_load = None
    _restore(load)


def _drop_indexes_for_load(table: str) -> None:
    load = _active_load
    if load is None or table in load.indexes:
        return
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(_FOREIGN_KEYS, [table])
        keys = cursor.fetchall()
        for name, _definition in keys:
            cursor.execute(f"ALTER TABLE {quote(table)} DROP CONSTRAINT {quote(name)}")
        cursor.execute(_PLAIN_INDEXES, [table])
        indexes = cursor.fetchall()
        for name, _definition in indexes:
            cursor.execute(f"DROP INDEX {quote(name)}")
    load.foreign_keys[table] = list(keys)
    load.indexes[table] = [definition for _name, definition in indexes]


def _restore(load: _BulkLoad) -> None:
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        # Pending checks (rows of tables outside the load) would block the index builds: run them first.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(f"SET LOCAL maintenance_work_mem = '{REBUILD_MEMORY}'")
        cursor.execute("SET LOCAL max_parallel_maintenance_workers = 2")
        for table, definitions in load.indexes.items():
            for definition in definitions:
                _timed(cursor, definition, table)
        for table, keys in load.foreign_keys.items():
            for name, definition in keys:
                # Adding a key checks every existing row in one anti-join, then checks new rows as before.
                _timed(cursor, f"ALTER TABLE {quote(table)} ADD CONSTRAINT {quote(name)} {definition}", table)
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def _timed(cursor: Any, sql: str, table: str) -> None:
    started = time.monotonic()
    cursor.execute(sql)
    logger.info("%.2fs %s", time.monotonic() - started, sql)


class BackgroundWriter:
    """Runs database writes in order on a second thread, on this thread's connection and transaction.

    Why: the seeder alternates between drawing rows in Python and waiting for PostgreSQL to take them
    in (COPY, checks). On a second thread the next chunk is drawn while the database works on the
    previous one, so both cores are busy. The writes run one after another in submission order, on
    the same connection (psycopg serialises its use), so the result is the same as writing in line.
    `queued` bounds how many chunks wait, and so the memory. With `enabled` false (SQLite: one writer
    at a time anyway) every write runs at once on the calling thread.
    """

    def __init__(self, enabled: bool = True, queued: int = 2) -> None:
        self.enabled = enabled and connection.vendor == "postgresql"
        self._error: BaseException | None = None
        if not self.enabled:
            return
        self._wrapper = connections[DEFAULT_DB_ALIAS]
        self._wrapper.ensure_connection()
        self._wrapper.inc_thread_sharing()
        # The writer gives up the GIL at every send to the database and then waits for the drawing thread
        # to hand it back, by default after 5 ms: thousands of sends per chunk would each wait that long.
        self._interval = sys.getswitchinterval()
        sys.setswitchinterval(SWITCH_INTERVAL)
        self._queue: queue.Queue[Callable[[], object] | None] = queue.Queue(maxsize=queued)
        self._thread = threading.Thread(target=self._run, name="seed-writer", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        connections[DEFAULT_DB_ALIAS] = self._wrapper
        while True:
            job = self._queue.get()
            if job is None:
                return
            if self._error is None:
                try:
                    job()
                except BaseException as error:  # handed to the submitting thread
                    self._error = error

    def submit(self, job: Callable[[], object]) -> None:
        if not self.enabled:
            job()
            return
        self._raise()
        self._queue.put(job)

    def close(self) -> None:
        """Wait for every submitted write; a failure in one of them is raised here."""
        if not self.enabled:
            return
        self._queue.put(None)
        self._thread.join()
        self._stop()
        self._raise()

    def _stop(self) -> None:
        self._wrapper.dec_thread_sharing()
        sys.setswitchinterval(self._interval)
        self.enabled = False

    def _raise(self) -> None:
        if self._error is not None:
            error, self._error = self._error, None
            raise error

    def __enter__(self) -> BackgroundWriter:
        return self

    def __exit__(self, kind: object, error: object, traceback: object) -> None:
        if error is None:
            self.close()
            return
        # Already failing: stop the thread; a failed write is usually the cause, so it is raised instead.
        if self.enabled:
            self._queue.put(None)
            self._thread.join()
            self._stop()
            if self._error is not None and self._error is not error:
                cause, self._error = self._error, None
                raise cause from error if isinstance(error, BaseException) else None
