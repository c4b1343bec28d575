"""`bulk_load` (PostgreSQL): indexes and foreign keys dropped for a COPY come back exactly, or not at all."""

from datetime import date

import psycopg
import pytest
from django.db import IntegrityError, connection, transaction

from demo.bulk import bulk_load, insert_rows
from residents.models import Inwoner
from testsupport.factories import BuurtFactory

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="index rebuild is PostgreSQL only")

TABLE = Inwoner._meta.db_table
COLUMNS = ("bsn", "voornamen", "tussenvoegsel", "achternaam", "geboortedatum", "buurt_id", "is_synthetic")


def schema() -> tuple[list[tuple[str, str]], list[tuple[str, str, bool]]]:
    """The table's indexes (name, definition) and constraints (name, definition, validated)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s ORDER BY indexname", [TABLE])
        indexes = cursor.fetchall()
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid), convalidated FROM pg_constraint "
            "WHERE conrelid = %s::regclass ORDER BY conname",
            [TABLE],
        )
        constraints = cursor.fetchall()
    return indexes, constraints


def rows(buurt_id: int, count: int, first_bsn: int = 100000000) -> list[tuple[object, ...]]:
    return [(str(first_bsn + i), "Jan", "", f"Jansen{i}", date(1980, 1, 1), buurt_id, True) for i in range(count)]


@pytest.mark.django_db
def test_bulk_load_drops_plain_indexes_and_keys_and_restores_them_exactly():
    buurt = BuurtFactory()
    before = schema()
    assert any("gin_trgm_ops" in definition for _name, definition in before[0])  # the expensive kind is covered
    assert any(definition.startswith("FOREIGN KEY") for _n, definition, _v in before[1])
    with transaction.atomic(), bulk_load():
        insert_rows(Inwoner, COLUMNS, rows(buurt.pk, 50))
        during = schema()
        insert_rows(Inwoner, COLUMNS, rows(buurt.pk, 50, first_bsn=100000050))
    # Inside: only the primary key and the unique BSN constraint's index are left, and no foreign key.
    kept = {name for name, _definition in during[0]}
    assert kept == {name for name, _definition, _v in before[1] if name in {n for n, _d in before[0]}}
    assert not any(definition.startswith("FOREIGN KEY") for _n, definition, _v in during[1])
    assert schema() == before
    assert Inwoner.objects.filter(achternaam__startswith="Jansen").count() == 100


@pytest.mark.django_db
def test_a_row_breaking_a_key_rolls_back_rows_and_drops_together():
    buurt = BuurtFactory()
    before = schema()
    with pytest.raises(IntegrityError), transaction.atomic(), bulk_load():
        insert_rows(Inwoner, COLUMNS, rows(buurt.pk, 10) + rows(buurt.pk + 999, 1, first_bsn=200000000))
    assert schema() == before
    assert not Inwoner.objects.filter(achternaam__startswith="Jansen").exists()


@pytest.mark.django_db
def test_a_duplicate_bsn_is_still_refused():
    buurt = BuurtFactory()
    # The COPY itself fails: the unique constraint's index is never dropped.
    with pytest.raises(psycopg.errors.UniqueViolation), transaction.atomic(), bulk_load():
        insert_rows(Inwoner, COLUMNS, rows(buurt.pk, 10) + rows(buurt.pk, 1))
    assert not Inwoner.objects.filter(achternaam__startswith="Jansen").exists()
