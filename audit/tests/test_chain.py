from collections.abc import Iterator
from contextlib import contextmanager
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import RequestFactory

from audit.chain import GENESIS, HASHED_FIELDS, chain_key, entry_hash, entry_mac
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


def _summary() -> str:
    """The last line of audit_verify: the one an operator's script reads the hash from."""
    return _verify().strip().splitlines()[-1]


def _table() -> str:
    return connection.ops.quote_name(AccessLogEntry._meta.db_table)


@contextmanager
def tampering() -> Iterator[None]:
    """Write to the log table behind the application, as someone with full database rights can.

    On PostgreSQL that means getting past the append-only trigger, which a superuser can do by
    switching triggers off for the session; the chain must still show what was changed.
    """
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SET session_replication_role = origin")


def test_log_access_records_the_section_and_links_to_the_previous_entry(generalist) -> None:
    first = _log(generalist, 1)
    second = _log(generalist, 2, section=Section.GEZONDHEID)
    second.refresh_from_db()
    assert first.prev_hash == GENESIS
    assert second.section == "gezondheid"
    assert second.prev_hash == first.entry_hash
    stored = AccessLogEntry.objects.filter(pk=second.pk).values(*HASHED_FIELDS).get()
    assert second.entry_hash == entry_mac(stored, first.entry_hash, chain_key())
    assert second.chain_version == 2
    assert len(second.entry_hash) == 64


def test_log_denied_takes_a_section_too(generalist) -> None:
    request = RequestFactory().get("/dossiers/3/")
    request.user = generalist
    entry = log_denied(request, object_type="dossier", object_id=3, section=Section.JUSTITIE)
    assert entry.section == "justitie"
    assert entry.action == AccessAction.DENIED


def test_an_untouched_chain_verifies(generalist) -> None:
    entries = [_log(generalist, number) for number in range(1, 6)]
    assert _summary() == f"Toegangslog intact: 5 regels, laatste hash {entries[-1].entry_hash}"


def test_an_empty_log_is_intact() -> None:
    assert "Toegangslog intact: 0 regels" in _verify()


def test_a_row_changed_behind_the_application_is_found_at_exactly_that_row(generalist) -> None:
    entries = [_log(generalist, number) for number in range(1, 6)]
    tampered = entries[2]
    with tampering(), connection.cursor() as cursor:
        cursor.execute(f"UPDATE {_table()} SET detail = %s WHERE id = %s", ["niets gezien", tampered.pk])  # noqa: S608
    with pytest.raises(CommandError) as raised:
        _verify()
    assert raised.value.returncode == 1
    assert str(raised.value).startswith(f"Toegangslog gebroken bij regel #{tampered.pk} van ")
    assert "hash" in str(raised.value)


def test_a_deleted_row_is_found_at_the_row_after_it(generalist) -> None:
    entries = [_log(generalist, number) for number in range(1, 6)]
    with tampering(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {_table()} WHERE id = %s", [entries[1].pk])  # noqa: S608
    with pytest.raises(CommandError) as raised:
        _verify()
    assert f"regel #{entries[2].pk} " in str(raised.value)
    assert "koppeling" in str(raised.value)


def test_the_first_broken_link_is_reported(generalist) -> None:
    entries = [_log(generalist, number) for number in range(1, 6)]
    with tampering(), connection.cursor() as cursor:
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
    with tampering():
        with connection.cursor() as cursor:
            # As the rows were before migration 0004: no key, chain_version 1, and (before 0006) all in lane 0.
            cursor.execute(f"UPDATE {_table()} SET prev_hash = '', entry_hash = '', chain_version = 1, lane = 0")  # noqa: S608
        migration.chain_existing_entries(apps, None)
    assert "Toegangslog intact: 3 regels (waarvan 3 van voor de sleutel)" in _verify()


def test_chaining_costs_one_extra_query_per_log_line(generalist) -> None:
    from django.test.utils import CaptureQueriesContext

    _log(generalist, 1)
    with CaptureQueriesContext(connection) as queries:
        _log(generalist, 2)
    statements = [query["sql"].split()[0] for query in queries.captured_queries]
    # PostgreSQL takes a lane first (an advisory lock, no table lock); SQLite's IMMEDIATE transactions
    # already serialise, so it writes lane 0 straight away.
    expected = ["SELECT", "SELECT", "INSERT"] if connection.vendor == "postgresql" else ["SELECT", "INSERT"]
    assert statements == expected
    assert not any("LOCK TABLE" in query["sql"].upper() for query in queries.captured_queries)


# --- Finding 13: the chain is keyed, anchored outside the system and protected in the database ----


def _rechain_without_the_key(start_pk: int) -> None:
    """What an attacker with database rights but without AUDIT_CHAIN_KEY can do: recompute every hash."""
    rows = list(
        AccessLogEntry.objects.filter(pk__gte=start_pk)
        .order_by("id")
        .values_list("id", "prev_hash", "chain_version", *HASHED_FIELDS)
    )
    prev = rows[0][1]
    with tampering(), connection.cursor() as cursor:
        for pk, _prev, version, *values in rows:
            fields = dict(zip(HASHED_FIELDS, values, strict=True))
            # Their best guess: the unkeyed formula, or the keyed one with a key they made up.
            digest = entry_hash(fields, prev) if version == 1 else entry_mac(fields, prev, b"guessed-key")
            cursor.execute(
                f"UPDATE {_table()} SET prev_hash = %s, entry_hash = %s WHERE id = %s",  # noqa: S608
                [prev, digest, pk],
            )
            prev = digest


def test_a_row_changed_and_rechained_without_the_key_is_detected(generalist) -> None:
    entries = [_log(generalist, number) for number in range(1, 6)]
    with tampering(), connection.cursor() as cursor:
        cursor.execute(f"UPDATE {_table()} SET detail = %s WHERE id = %s", ["niets gezien", entries[2].pk])  # noqa: S608
    _rechain_without_the_key(entries[2].pk)
    with pytest.raises(CommandError, match=f"regel #{entries[2].pk} .*AUDIT_CHAIN_KEY"):
        _verify()


def test_a_keyed_row_downgraded_to_a_plain_hash_is_detected(generalist) -> None:
    entries = [_log(generalist, number) for number in range(1, 4)]
    with tampering(), connection.cursor() as cursor:
        cursor.execute(f"UPDATE {_table()} SET chain_version = 1, detail = 'x' WHERE id >= %s", [entries[1].pk])  # noqa: S608
    _rechain_without_the_key(entries[1].pk)
    with pytest.raises(CommandError, match=f"regel #{entries[1].pk} .*zonder sleutel"):
        _verify()


def test_rows_from_before_the_key_still_verify_and_link_to_keyed_rows(generalist, settings) -> None:
    from importlib import import_module

    from django.apps import apps

    settings.AUDIT_CHAIN_LANES = 1  # one lane: the new row continues the old chain (lane 0) on PostgreSQL too
    old = [_log(generalist, number) for number in range(1, 3)]
    with tampering():
        with connection.cursor() as cursor:
            cursor.execute(f"UPDATE {_table()} SET chain_version = 1, lane = 0")  # noqa: S608
        import_module("audit.migrations.0003_hash_chain_and_section").chain_existing_entries(apps, None)
    new = _log(generalist, 3)
    assert new.prev_hash == AccessLogEntry.objects.get(pk=old[-1].pk).entry_hash
    assert new.lane == 0
    assert _summary() == f"Toegangslog intact: 3 regels (waarvan 2 van voor de sleutel), laatste hash {new.entry_hash}"


def test_the_chain_does_not_verify_with_another_key(generalist, settings) -> None:
    _log(generalist, 1)
    settings.AUDIT_CHAIN_KEY = "another-key-of-at-least-thirty-two-characters"
    with pytest.raises(CommandError, match="AUDIT_CHAIN_KEY"):
        _verify()


def test_verify_against_a_kept_last_hash_finds_removed_newest_rows(generalist) -> None:
    entries = [_log(generalist, number) for number in range(1, 5)]
    kept = entries[-1].entry_hash
    out = StringIO()
    call_command("audit_verify", "--expect-last", kept, stdout=out)
    assert f"laatste hash {kept}" in out.getvalue()
    assert f"gevonden bij regel #{entries[-1].pk}" in out.getvalue()

    with tampering(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {_table()} WHERE id >= %s", [entries[2].pk])  # noqa: S608
    _verify()  # the chain alone cannot see that its tail is gone
    with pytest.raises(CommandError, match="staat niet \\(meer\\) in het toegangslog") as raised:
        call_command("audit_verify", "--expect-last", kept)
    assert raised.value.returncode == 1


def test_verify_accepts_a_kept_hash_followed_by_newer_rows(generalist) -> None:
    kept = _log(generalist, 1).entry_hash
    _log(generalist, 2)
    out = StringIO()
    call_command("audit_verify", "--expect-last", kept.upper(), stdout=out)
    assert "Toegangslog intact: 2 regels" in out.getvalue()


def test_verify_refuses_an_expected_hash_that_is_not_a_hash() -> None:
    with pytest.raises(CommandError, match="64 hexadecimale") as raised:
        call_command("audit_verify", "--expect-last", "'; DROP TABLE x; --")
    assert raised.value.returncode == 2


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the append-only trigger exists on PostgreSQL only")
@pytest.mark.parametrize(
    "statement", ["UPDATE {table} SET detail = 'x' WHERE id = %s", "DELETE FROM {table} WHERE id = %s"]
)
def test_postgresql_refuses_to_change_or_remove_a_log_row(generalist, statement: str) -> None:
    from django.db import DatabaseError, transaction

    entry = _log(generalist, 1)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement.format(table=_table()), [entry.pk])
    assert AccessLogEntry.objects.get(pk=entry.pk).detail == ""
    assert "Toegangslog intact: 1 regels" in _verify()


def test_a_page_of_lines_goes_in_as_one_chained_insert(generalist) -> None:
    from django.test.utils import CaptureQueriesContext

    from audit.services import log_shown

    _log(generalist, 1)
    with CaptureQueriesContext(connection) as queries:
        shown = log_shown(None, user=generalist, basis=AccessBasis.TEAM_TRIAGE, dossier_ids=[7, 8, 9, 7], detail="x")
    assert [entry.dossier_id for entry in shown] == [7, 8, 9]
    assert len(queries.captured_queries) == (3 if connection.vendor == "postgresql" else 2)
    assert "Toegangslog intact: 4 regels" in _verify()


def test_every_line_of_a_page_names_its_own_dossier_and_the_same_request(generalist) -> None:
    from audit.services import log_shown

    request = RequestFactory().get("/dossiers/werkvoorraad/?q=Jansen", REMOTE_ADDR="10.0.0.7")
    request.user = generalist
    log_shown(request, basis=AccessBasis.REGISSEUR, dossier_ids=[11, 12, 2**63, 13], detail="in de werkvoorraad")
    rows = list(AccessLogEntry.objects.order_by("id").values("dossier_id", "object_id", "path", "ip_address", "user"))
    assert [(row["dossier_id"], row["object_id"]) for row in rows] == [
        (11, "11"),
        (12, "12"),
        (None, str(2**63)),  # past a bigint: kept as text, as for a single line
        (13, "13"),
    ]
    assert {(row["path"], row["ip_address"], row["user"]) for row in rows} == {
        ("/dossiers/werkvoorraad/", "10.0.0.7", generalist.pk)
    }
    assert "Toegangslog intact: 4 regels" in _verify()


# --- Finding 9: a refusal is logged whatever the request holds ---------------------------------


def _denied(generalist, **kwargs) -> AccessLogEntry:
    request = RequestFactory().get("/dossiers/1/?q=Jansen")
    request.user = generalist
    entry = log_denied(request, object_type="dossier", **kwargs)
    return AccessLogEntry.objects.get(pk=entry.pk)


def test_an_object_id_longer_than_its_column_is_still_logged(generalist) -> None:
    huge = "9" * 60
    entry = _denied(generalist, object_id=huge, dossier_id=int(huge))
    assert len(entry.object_id) == 40 and entry.object_id.endswith("…")
    assert entry.dossier_id is None
    assert f"kenmerk: {huge}" in entry.detail and f"dossier: {huge}" in entry.detail
    assert "Toegangslog intact: 1 regels" in _verify()


def test_an_out_of_range_dossier_id_is_kept_as_text(generalist) -> None:
    entry = _denied(generalist, object_id="x", dossier_id=99999999999999999999999)
    assert entry.dossier_id is None
    assert entry.detail == "dossier: 99999999999999999999999"


def test_an_unknown_section_is_kept_as_text_not_in_the_section_column(generalist) -> None:
    entry = _denied(generalist, section="gezondheid-en-meer-dan-zestien", detail="geen notitierecht")
    assert entry.section == ""
    assert entry.detail == "geen notitierecht; onderdeel: gezondheid-en-meer-dan-zestien"


def test_nul_characters_and_long_text_are_stored_safely(generalist) -> None:
    entry = _denied(generalist, object_id="a\x00b", detail="x" * 1000)
    assert entry.object_id == "a\ufffdb"
    assert len(entry.detail) == 300
    assert entry.path == "/dossiers/1/"
    assert "Toegangslog intact: 1 regels" in _verify()
