"""Trigram indexes for the name search on PostgreSQL (pg_trgm); nothing on SQLite.

The search matches parts of names (``icontains``, i.e. ``UPPER(col) LIKE UPPER('%word%')``), which a
B-tree cannot serve: without these indexes every search reads every resident. The indexes are on
``UPPER(col)`` so that exactly the expression Django generates is indexed.

They are kept out of ``Inwoner.Meta.indexes`` on purpose: a GIN index cannot exist on SQLite, and
SQLite rebuilds a table with all its declared indexes whenever a later migration alters it.

``CREATE EXTENSION pg_trgm`` needs a role with the right to create extensions (a superuser, or on
PostgreSQL 13+ the database owner, as pg_trgm is a trusted extension); see the README (In productie op PostgreSQL).
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

COLUMNS = ("voornamen", "tussenvoegsel", "achternaam")


def _index_name(column: str) -> str:
    return f"residents_inwoner_{column}_trgm"


def create_indexes(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in COLUMNS:
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{_index_name(column)}" ON "residents_inwoner" '
            f'USING gin (UPPER("{column}") gin_trgm_ops)'
        )


def drop_indexes(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in COLUMNS:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{_index_name(column)}"')


class Migration(migrations.Migration):
    dependencies = [("residents", "0001_initial")]

    operations = [
        TrigramExtension(),  # a no-op on other databases than PostgreSQL
        migrations.RunPython(create_indexes, drop_indexes),
    ]
