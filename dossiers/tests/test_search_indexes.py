"""The name search on PostgreSQL is served by trigram indexes (residents migration 0002)."""

import pytest
from django.db import connection

from residents.models import Inwoner

pytestmark = pytest.mark.django_db


@pytest.mark.skipif(connection.vendor != "postgresql", reason="trigram indexes exist on PostgreSQL only")
def test_resident_names_have_trigram_indexes_on_postgresql() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s", [Inwoner._meta.db_table])
        definitions = dict(cursor.fetchall())
    for column in ("voornamen", "tussenvoegsel", "achternaam"):
        definition = definitions[f"residents_inwoner_{column}_trgm"]
        assert "gin" in definition and "gin_trgm_ops" in definition and "upper" in definition.lower()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="INCLUDE columns exist on PostgreSQL only")
def test_a_resident_finds_their_households_from_one_index_on_postgresql() -> None:
    # Residents migration 0003: the matches of a name or BSN lead to their households without a table visit each.
    from residents.models import HuishoudenLid

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s", [HuishoudenLid._meta.db_table]
        )
        definitions = dict(cursor.fetchall())
    assert "(inwoner_id) INCLUDE (huishouden_id)" in definitions["residents_member_household"]
