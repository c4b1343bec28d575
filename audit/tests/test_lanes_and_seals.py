"""The access log in lanes, sealed (docs/adr/0012-concurrent-access-log-chain.md).

Writers on PostgreSQL append to different lanes side by side; every lane is a chain of its own; seals
record each lane's tip, so removing a lane's newest rows shows once a seal covers them. Most tests put
rows in chosen lanes (`_in_lane`), so the per-lane checks also run on SQLite, which itself only ever
writes lane 0.
"""

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, OperationalError, connection, transaction
from django.test import RequestFactory

from audit import services
from audit.chain import GENESIS
from audit.jobs import seal_access_log
from audit.models import AccessAction, AccessBasis, AccessLogEntry, AccessLogSeal
from audit.services import log_access, seal_log
from jobs.models import JobRun, RunStatus

from .test_chain import _table, tampering


def _log(user: Any, number: int) -> AccessLogEntry:
    request = RequestFactory().get(f"/dossiers/{number}/", REMOTE_ADDR="10.0.0.5")
    request.user = user
    return log_access(
        request,
        action=AccessAction.VIEW,
        basis=AccessBasis.REGISSEUR,
        object_type="dossier",
        object_id=number,
        dossier_id=number,
    )


@contextmanager
def _lane(lane: int) -> Iterator[None]:
    """Append to `lane`, as a writer that took that lane would."""
    original = services._take_lane
    services._take_lane = lambda: lane
    try:
        yield
    finally:
        services._take_lane = original


def _in_lane(user: Any, lane: int, *numbers: int) -> list[AccessLogEntry]:
    with _lane(lane):
        return [_log(user, number) for number in numbers]


def _verify(*args: str) -> str:
    out = StringIO()
    call_command("audit_verify", *args, stdout=out)
    return out.getvalue()


def _broken(*args: str) -> str:
    with pytest.raises(CommandError) as raised:
        _verify(*args)
    assert raised.value.returncode == 1
    return str(raised.value)


def _execute(sql: str, params: list[Any]) -> None:
    with tampering(), connection.cursor() as cursor:
        cursor.execute(sql, params)


# --- Lanes ---------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_each_lane_links_to_the_previous_row_of_its_own_lane(generalist) -> None:
    a1, a2 = _in_lane(generalist, 0, 1, 2)
    (b1,) = _in_lane(generalist, 3, 3)
    (a3,) = _in_lane(generalist, 0, 4)
    (b2,) = _in_lane(generalist, 3, 5)
    assert (a1.prev_hash, a2.prev_hash, a3.prev_hash) == (GENESIS, a1.entry_hash, a2.entry_hash)
    assert (b1.prev_hash, b2.prev_hash) == (GENESIS, b1.entry_hash)
    assert {entry.lane for entry in AccessLogEntry.objects.all()} == {0, 3}
    out = _verify()
    assert "Baan 0: 3 regels" in out and "Baan 3: 2 regels" in out
    assert "Toegangslog intact: 5 regels" in out


@pytest.mark.django_db
def test_a_row_inserted_without_naming_the_lane_lands_in_lane_0(generalist) -> None:
    """Raw inserts and COPY that leave the column out (a seeder, older code) continue the original chain."""
    columns = "at, user_id, action, basis, object_type, object_id, detail, path, section, prev_hash, entry_hash"
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {_table()} ({columns}, chain_version) "  # noqa: S608
            "VALUES (CURRENT_TIMESTAMP, %s, 'view', 'regisseur', 'dossier', '1', '', '', '', '', '', 2)",
            [generalist.pk],
        )
    assert AccessLogEntry.objects.get().lane == 0


@pytest.mark.django_db
def test_a_row_changed_in_one_lane_is_found_in_that_lane(generalist) -> None:
    _in_lane(generalist, 0, 1, 2, 3)
    lane_2 = _in_lane(generalist, 2, 4, 5, 6)
    _execute(f"UPDATE {_table()} SET detail = %s WHERE id = %s", ["niets gezien", lane_2[1].pk])  # noqa: S608
    error = _broken()
    assert error.startswith(f"Toegangslog gebroken bij regel #{lane_2[1].pk} van ")
    assert "(baan 2)" in error and "gewijzigd" in error


@pytest.mark.django_db
def test_a_row_removed_from_a_lane_breaks_the_link_of_the_next_row_in_that_lane(generalist) -> None:
    lane_1 = _in_lane(generalist, 1, 1, 2, 3)
    _in_lane(generalist, 0, 4)
    _execute(f"DELETE FROM {_table()} WHERE id = %s", [lane_1[1].pk])  # noqa: S608
    error = _broken()
    assert f"regel #{lane_1[2].pk} " in error and "(baan 1)" in error and "koppeling" in error


@pytest.mark.django_db
def test_a_row_moved_to_another_lane_breaks_both_lanes(generalist) -> None:
    lane_1 = _in_lane(generalist, 1, 1, 2, 3)
    _in_lane(generalist, 4, 4, 5)
    _execute(f"UPDATE {_table()} SET lane = 4 WHERE id = %s", [lane_1[1].pk])  # noqa: S608
    error = _broken()
    # Lane 1 misses it (the row after it links to it), and in lane 4 it links to a row that is not there.
    assert f"regel #{lane_1[2].pk} " in error and "(baan 1)" in error
    assert f"regel #{lane_1[1].pk} " in error and "(baan 4)" in error


@pytest.mark.django_db
def test_an_unkeyed_row_outside_lane_0_is_refused(generalist) -> None:
    """Rows from before the key only ever existed in lane 0: elsewhere a plain hash is a downgrade."""
    from audit.chain import HASHED_FIELDS, entry_hash

    (row,) = _in_lane(generalist, 5, 1)
    fields = AccessLogEntry.objects.filter(pk=row.pk).values(*HASHED_FIELDS).get()
    _execute(
        f"UPDATE {_table()} SET chain_version = 1, entry_hash = %s WHERE id = %s",  # noqa: S608
        [entry_hash(fields, GENESIS), row.pk],
    )
    assert "zonder sleutel" in _broken()


@pytest.mark.django_db
def test_verify_without_seals_over_several_lanes_says_to_seal_first(generalist) -> None:
    _in_lane(generalist, 0, 1)
    (newest,) = _in_lane(generalist, 6, 2)
    out = _verify()
    assert "Nog geen verzegeling" in out and "audit_seal" in out
    assert out.strip().splitlines()[-1] == f"Toegangslog intact: 2 regels, laatste hash {newest.entry_hash}"


# --- Seals ---------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_seal_records_each_lanes_tip_and_count_and_links_to_the_seal_before(generalist) -> None:
    lane_0 = _in_lane(generalist, 0, 1, 2)
    lane_5 = _in_lane(generalist, 5, 3)
    first = seal_log()
    assert first is not None and first.prev_hash == GENESIS
    assert first.lanes == {
        "0": {"id": lane_0[-1].pk, "hash": lane_0[-1].entry_hash, "count": 2},
        "5": {"id": lane_5[-1].pk, "hash": lane_5[-1].entry_hash, "count": 1},
    }
    assert seal_log() is None  # nothing new: no seal
    more = _in_lane(generalist, 5, 4, 5)
    second = seal_log()
    assert second is not None and second.prev_hash == first.seal_hash
    assert second.lanes["0"] == first.lanes["0"]
    assert second.lanes["5"] == {"id": more[-1].pk, "hash": more[-1].entry_hash, "count": 3}
    out = _verify()
    assert "Verzegelingen: 2" in out and "dekt 5 regels, 0 regels zijn nog niet verzegeld" in out
    assert out.strip().splitlines()[-1] == f"Toegangslog intact: 5 regels, laatste hash {second.seal_hash}"


@pytest.mark.django_db
def test_removing_a_lanes_newest_rows_after_a_seal_is_detected(generalist) -> None:
    _in_lane(generalist, 0, 1, 2)
    lane_2 = _in_lane(generalist, 2, 3, 4, 5)
    seal = seal_log()
    assert seal is not None
    # The last two rows of lane 2 go: what is left is still a perfect chain ...
    _execute(f"DELETE FROM {_table()} WHERE id >= %s", [lane_2[1].pk])  # noqa: S608
    # ... but the seal names lane 2's tip.
    error = _broken()
    assert f"regel #{lane_2[-1].pk} (baan 2)" in error
    assert f"verzegeling #{seal.pk} noemt deze regel, maar hij ontbreekt" in error


@pytest.mark.django_db
def test_a_sealed_row_replaced_by_a_rehashed_one_is_detected(generalist) -> None:
    """Even with the key: a seal recorded the tip's hash, and the count of rows up to it."""
    from audit.chain import HASHED_FIELDS, chain_key, entry_mac

    lane_1 = _in_lane(generalist, 1, 1, 2)
    seal_log()
    fields = AccessLogEntry.objects.filter(pk=lane_1[-1].pk).values(*HASHED_FIELDS).get()
    fields["detail"] = "niets gezien"
    _execute(
        f"UPDATE {_table()} SET detail = %s, entry_hash = %s WHERE id = %s",  # noqa: S608
        ["niets gezien", entry_mac(fields, lane_1[0].entry_hash, chain_key()), lane_1[-1].pk],
    )
    assert "verschilt van verzegeling" in _broken()


@pytest.mark.django_db
def test_rows_after_the_newest_seal_are_not_yet_covered(generalist) -> None:
    """The known window: the newest rows after the last seal are protected only by the kept hash."""
    _in_lane(generalist, 0, 1)
    seal_log()
    (unsealed,) = _in_lane(generalist, 0, 2)
    assert "1 regels zijn nog niet verzegeld" in _verify()
    _execute(f"DELETE FROM {_table()} WHERE id = %s", [unsealed.pk])  # noqa: S608
    assert "Toegangslog intact: 1 regels" in _verify()


@pytest.mark.django_db
def test_a_changed_seal_is_detected(generalist) -> None:
    _in_lane(generalist, 0, 1, 2)
    seal = seal_log()
    assert seal is not None
    # Lower the count to hide a removed row: the seal's MAC no longer fits.
    lanes = {"0": {**seal.lanes["0"], "count": 1}}
    _execute("UPDATE audit_accesslogseal SET lanes = %s WHERE id = %s", [_json(lanes), seal.pk])
    error = _broken()
    assert error.startswith(f"Verzegelingen van het toegangslog gebroken bij verzegeling #{seal.pk}: ")
    assert "gewijzigd" in error


@pytest.mark.django_db
def test_a_removed_seal_breaks_the_link_of_the_next_seal(generalist) -> None:
    seals = []
    for number in range(1, 4):
        _in_lane(generalist, 0, number)
        seals.append(seal_log())
    _execute("DELETE FROM audit_accesslogseal WHERE id = %s", [seals[1].pk])
    error = _broken()
    assert f"bij verzegeling #{seals[2].pk}: " in error and "koppeling" in error


@pytest.mark.django_db
def test_removing_the_newest_seals_and_rows_is_found_with_the_kept_seal_hash(generalist) -> None:
    _in_lane(generalist, 0, 1)
    seal_log()
    (later,) = _in_lane(generalist, 0, 2)
    kept = seal_log()
    assert kept is not None
    out = _verify("--expect-last", kept.seal_hash)
    assert f"laatste hash {kept.seal_hash}" in out
    assert f"gevonden bij verzegeling #{kept.pk}" in out

    _execute("DELETE FROM audit_accesslogseal WHERE id = %s", [kept.pk])
    _execute(f"DELETE FROM {_table()} WHERE id = %s", [later.pk])  # noqa: S608
    _verify()  # what is left is consistent in itself ...
    assert "staat niet (meer) in het toegangslog" in _broken("--expect-last", kept.seal_hash)  # ... but not complete


@pytest.mark.django_db
def test_a_kept_row_hash_from_before_the_seals_is_still_accepted(generalist) -> None:
    kept = _in_lane(generalist, 0, 1)[0].entry_hash
    _in_lane(generalist, 3, 2)
    seal_log()
    assert f"gevonden bij regel #{AccessLogEntry.objects.get(entry_hash=kept).pk} (baan 0)" in _verify(
        "--expect-last", kept
    )


@pytest.mark.django_db
def test_seals_are_append_only(generalist) -> None:
    _in_lane(generalist, 0, 1)
    seal = seal_log()
    assert seal is not None
    with pytest.raises(PermissionError):
        seal.save()
    with pytest.raises(PermissionError):
        seal.delete()


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="the append-only trigger exists on PostgreSQL only")
@pytest.mark.parametrize(
    "statement", ["UPDATE {table} SET lanes = '{{}}' WHERE id = %s", "DELETE FROM {table} WHERE id = %s"]
)
def test_postgresql_refuses_to_change_or_remove_a_seal(generalist, statement: str) -> None:
    _in_lane(generalist, 0, 1)
    seal = seal_log()
    assert seal is not None
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement.format(table="audit_accesslogseal"), [seal.pk])
    assert AccessLogSeal.objects.get(pk=seal.pk).lanes == seal.lanes


@pytest.mark.django_db
def test_the_seal_job_runs_in_the_embedded_mode_and_is_idempotent(generalist) -> None:
    _in_lane(generalist, 0, 1, 2)
    _in_lane(generalist, 7, 3)
    seal_access_log.delay()
    seal_access_log.delay()
    runs = list(JobRun.objects.filter(job="audit.seal_access_log").order_by("id"))
    assert [run.status for run in runs] == [RunStatus.SUCCEEDED, RunStatus.SUCCEEDED]
    assert runs[0].summary == {"verzegeld": 1, "regels": 3, "banen": 2}
    assert runs[1].summary == {"verzegeld": 0, "regels": 0, "banen": 0}
    assert AccessLogSeal.objects.count() == 1


def test_the_scheduler_seals_every_five_minutes(settings) -> None:
    from datetime import timedelta

    entry = settings.CELERY_BEAT_SCHEDULE["toegangslog-verzegelen"]
    assert entry == {"task": seal_access_log.name, "schedule": timedelta(minutes=5)}


@pytest.mark.django_db
def test_the_seal_command_seals_now(generalist) -> None:
    _in_lane(generalist, 0, 1)
    out = StringIO()
    call_command("audit_seal", stdout=out)
    seal = AccessLogSeal.objects.get()
    assert f"Verzegeling #{seal.pk} " in out.getvalue() and seal.seal_hash in out.getvalue()
    out = StringIO()
    call_command("audit_seal", stdout=out)
    assert "Niets nieuws" in out.getvalue()


def _json(value: object) -> str:
    import json

    return json.dumps(value)


# --- Concurrency on PostgreSQL -------------------------------------------------------------------

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="writers only append side by side on PostgreSQL (SQLite: one lane)"
)


def _append_in_open_transaction(user: Any, number: int, written: threading.Event, release: threading.Event) -> Any:
    """A worker: log a line, then keep the transaction open until released."""
    result: dict[str, Any] = {}

    def work() -> None:
        try:
            with transaction.atomic():
                with connection.cursor() as cursor:
                    # Fail instead of hang: a writer that has to wait for another is an error here.
                    cursor.execute("SET LOCAL lock_timeout = '2s'")
                result["entry"] = _log(user, number)
                written.set()
                release.wait(timeout=20)
        except Exception as error:  # reported to the test thread
            result["error"] = error
            written.set()
        finally:
            connection.close()

    thread = threading.Thread(target=work)
    thread.start()
    result["thread"] = thread
    return result


@pytest.mark.postgres
@postgres_only
def test_two_workers_append_while_both_transactions_are_still_open(transactional_db, generalist) -> None:
    release = threading.Event()
    first_written, second_written = threading.Event(), threading.Event()
    first = _append_in_open_transaction(generalist, 1, first_written, release)
    try:
        assert first_written.wait(timeout=20)
        second = _append_in_open_transaction(generalist, 2, second_written, release)
        # The second line goes in while the first transaction still holds its lane.
        assert second_written.wait(timeout=20)
    finally:
        release.set()
        first["thread"].join(timeout=20)
    second["thread"].join(timeout=20)
    assert "error" not in first and "error" not in second, (first.get("error"), second.get("error"))
    assert first["entry"].lane != second["entry"].lane
    assert first["entry"].prev_hash == GENESIS and second["entry"].prev_hash == GENESIS
    assert "Toegangslog intact: 2 regels" in _verify()


@pytest.mark.postgres
@postgres_only
def test_with_one_lane_a_second_writer_waits_for_the_first(transactional_db, generalist, settings) -> None:
    """The lane lock is real: two appends to the same lane never interleave (here: the second times out)."""
    settings.AUDIT_CHAIN_LANES = 1
    release = threading.Event()
    first_written, second_written = threading.Event(), threading.Event()
    first = _append_in_open_transaction(generalist, 1, first_written, release)
    try:
        assert first_written.wait(timeout=20)
        second = _append_in_open_transaction(generalist, 2, second_written, release)
        second["thread"].join(timeout=20)
    finally:
        release.set()
        first["thread"].join(timeout=20)
    assert "error" not in first
    assert isinstance(second.get("error"), OperationalError) and "lock timeout" in str(second["error"])
    third = _log(generalist, 3)  # once the first has committed, the lane is free again
    assert third.prev_hash == first["entry"].entry_hash
    assert "Toegangslog intact: 2 regels" in _verify()
