"""After loading, `seed_demo` leaves PostgreSQL with statistics and vacuumed tables (visibility map set)."""

import pytest
from django.db import connection

from demo.seeding import refresh_statistics

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="VACUUM and pg_stat are PostgreSQL's")


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_the_tables_are_vacuumed_and_analysed() -> None:
    refresh_statistics()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT last_vacuum IS NOT NULL, last_analyze IS NOT NULL FROM pg_stat_user_tables WHERE relname = %s",
            ["audit_accesslogentry"],
        )
        assert cursor.fetchone() == (True, True)


@pytest.mark.django_db
def test_inside_a_transaction_it_analyses_only() -> None:
    # VACUUM cannot run in a transaction block; refreshing the statistics must still work there (tests, callers).
    refresh_statistics()
