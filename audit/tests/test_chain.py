from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import RequestFactory

from audit.chain import GENESIS, HASHED_FIELDS, entry_hash
from audit.models import AccessAction, AccessBasis, AccessLogEntry
from audit.services import log_access, log_denied
from dossiers.sections import Section

pytestmark = pytest.mark.django_db


def _log(user, number: int, **kwargs) -> AccessLogEntry:
    request = RequestFactory().get(f"/dossiers/{number}/", REMOTE_ADDR="10.0.0.5")
    request.user = user
    return log_access(
        request,
        action=AccessAction.VIEW,
        basis=AccessBasis.REGISSEUR,
        object_type="dossier",
        object_id=number,
        dossier_id=number,
        **kwargs,
    )


def _verify() -> str:
    out = StringIO()
    call_command("audit_verify", stdout=out)
    return out.getvalue()


def _table() -> str:
    return connection.ops.quote_name(AccessLogEntry._meta.db_table)


def test_log_access_records_the_section_and_links_to_the_previous_entry(generalist) -> None:
    first = _log(generalist, 1)
    second = _log(generalist, 2, section=Section.GEZONDHEID)
    second.refresh_from_db()
    assert first.prev_hash == GENESIS
    assert second.section == "gezondheid"
    assert second.prev_hash == first.entry_hash
    stored = AccessLogEntry.objects.filter(pk=second.pk).values(*HASHED_FIELDS).get()
    assert second.entry_hash == entry_hash(stored, first.entry_hash)
    assert len(second.entry_hash) == 64


def test_log_denied_takes_a_section_too(generalist) -> None:
    request = RequestFactory().get("/dossiers/3/")
    request.user = generalist
    entry = log_denied(request, object_type="dossier", object_id=3, section=Section.JUSTITIE)
    assert entry.section == "justitie"
    assert entry.action == AccessAction.DENIED


def test_an_untouched_chain_verifies(generalist) -> None:
    entries = [_log(generalist, number) for number in range(1, 6)]
    assert _verify().strip() == f"Toegangslog intact: 5 regels, laatste hash {entries[-1].entry_hash}"


def test_an_empty_log_is_intact() -> None:
    assert "Toegangslog intact: 0 regels" in _verify()


def test_a_row_changed_behind_the_application_is_found_at_exactly_that_row(generalist) -> None:
    entries = [_log(generalist, number) for number in range(1, 6)]
    tampered = entries[2]
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {_table()} SET detail = %s WHERE id = %s", ["niets gezien", tampered.pk])  # noqa: S608
    with pytest.raises(CommandError) as raised:
        _verify()
    assert raised.value.returncode == 1
    assert str(raised.value).startswith(f"Toegangslog gebroken bij regel #{tampered.pk} van ")
    assert "hash" in str(raised.value)


def test_a_deleted_row_is_found_at_the_row_after_it(generalist) -> None:
    entries = [_log(generalist, number) for number in range(1, 6)]
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {_table()} WHERE id = %s", [entries[1].pk])  # noqa: S608
    with pytest.raises(CommandError) as raised:
        _verify()
    assert f"regel #{entries[2].pk} " in str(raised.value)
    assert "koppeling" in str(raised.value)


def test_the_first_broken_link_is_reported(generalist) -> None:
    entries = [_log(generalist, number) for number in range(1, 6)]
    with connection.cursor() as cursor:
        for entry in (entries[1], entries[3]):
            cursor.execute(f"UPDATE {_table()} SET basis = %s WHERE id = %s", ["geen", entry.pk])  # noqa: S608
    with pytest.raises(CommandError, match=f"regel #{entries[1].pk} "):
        _verify()


def test_the_log_stays_append_only(generalist) -> None:
    entry = _log(generalist, 1)
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()


def test_the_migration_chains_entries_written_before_the_chain_existed(generalist) -> None:
    from importlib import import_module

    from django.apps import apps

    migration = import_module("audit.migrations.0003_hash_chain_and_section")
    for number in range(1, 4):
        _log(generalist, number)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {_table()} SET prev_hash = '', entry_hash = ''")  # noqa: S608
    migration.chain_existing_entries(apps, None)
    assert "Toegangslog intact: 3 regels" in _verify()


def test_chaining_costs_one_extra_query_per_log_line(generalist) -> None:
    from django.test.utils import CaptureQueriesContext

    _log(generalist, 1)
    with CaptureQueriesContext(connection) as queries:
        _log(generalist, 2)
    statements = [query["sql"].split()[0] for query in queries.captured_queries]
    # PostgreSQL takes a write lock on the log table first; SQLite's IMMEDIATE transactions already serialise.
    expected = ["LOCK", "SELECT", "INSERT"] if connection.vendor == "postgresql" else ["SELECT", "INSERT"]
    assert statements == expected
