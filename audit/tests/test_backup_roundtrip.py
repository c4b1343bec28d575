"""A backup is only a backup once it has been restored: a ``pg_dump -Fc`` / ``pg_restore`` round trip of the
database keeps the access log's hash chain intact and the append-only trigger in place (docs/operations.md,
"Back-up en herstel").

The test dumps the test database with the real ``pg_dump``, restores it with ``pg_restore`` into a fresh
database, and checks the copy the way an operator would: ``manage.py audit_verify --expect-last <hash>`` in a
separate process with the copy's ``DATABASE_URL`` and the same ``AUDIT_CHAIN_KEY`` (and, with another key, the
same copy fails), and an UPDATE or DELETE of a log row or a seal in the copy is still refused. The kept hash is
a seal's, as the nightly check keeps it (docs/operations.md); a row after the seal shows that rows not yet
sealed come along too.
"""

import os
import secrets
import shutil
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import psycopg
import pytest
from django.conf import settings
from django.db import connection
from django.test import RequestFactory

from audit.models import AccessAction, AccessBasis, AccessLogEntry
from audit.services import log_access, seal_log
from dossiers.sections import Section

PG_DUMP = shutil.which("pg_dump") or "/usr/bin/pg_dump"
PG_RESTORE = shutil.which("pg_restore") or "/usr/bin/pg_restore"
MANAGE_PY = Path(settings.BASE_DIR) / "manage.py"

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="backup and restore with pg_dump/pg_restore (and the append-only trigger) exist on PostgreSQL only",
    ),
    pytest.mark.skipif(
        not (os.access(PG_DUMP, os.X_OK) and os.access(PG_RESTORE, os.X_OK)),
        reason=f"pg_dump/pg_restore not found ({PG_DUMP}, {PG_RESTORE})",
    ),
]


def _libpq_env(db: dict[str, Any]) -> dict[str, str]:
    """The connection settings of `db` for the PostgreSQL client programs, as their PG* variables."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    for variable, key in (("PGHOST", "HOST"), ("PGPORT", "PORT"), ("PGUSER", "USER"), ("PGPASSWORD", "PASSWORD")):
        if db.get(key):
            env[variable] = str(db[key])
    return env


def _database_url(db: dict[str, Any], name: str) -> str:
    user = quote(str(db.get("USER") or ""), safe="")
    password = quote(str(db.get("PASSWORD") or ""), safe="")
    credentials = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = str(db.get("HOST") or "")
    port = f":{db['PORT']}" if db.get("PORT") else ""
    return f"postgresql://{credentials}{host}{port}/{quote(name, safe='')}"


def _run(command: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=60, check=False)


@pytest.fixture
def restored_name() -> Iterator[str]:
    """The name of a fresh, empty database, dropped again after the test (also when it fails)."""
    name = f"owt_restore_{uuid.uuid4().hex[:12]}"
    quoted = connection.ops.quote_name(name)
    with connection._nodb_cursor() as cursor:
        cursor.execute(f"CREATE DATABASE {quoted}")
    try:
        yield name
    finally:
        with connection._nodb_cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {quoted} WITH (FORCE)")


def _log(user: Any, number: int, **kwargs: Any) -> AccessLogEntry:
    request = RequestFactory().get(f"/dossiers/{number}/", REMOTE_ADDR="2001:db8::5" if number % 2 else "10.0.0.5")
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


def test_a_pg_dump_restore_round_trip_keeps_the_audit_chain_and_the_trigger(
    transactional_db: None, generalist: Any, restored_name: str, tmp_path: Path
) -> None:
    # Committed rows (transactional_db), so pg_dump in another process sees them; non-ASCII text, an IPv6
    # address and a section, so every hashed field has to come back byte for byte.
    entries = [
        _log(generalist, 1),
        _log(generalist, 2, section=Section.GEZONDHEID, detail="inzage door Ömer – €"),
        _log(generalist, 3),
    ]
    entries.append(_log(None, 4, detail="zonder medewerker"))
    seal = seal_log()
    assert seal is not None
    last_hash = seal.seal_hash
    entries.append(_log(generalist, 5))
    db = connection.settings_dict
    env = _libpq_env(db)

    dump = tmp_path / "openwijkteam.dump"
    dumped = _run([PG_DUMP, "--format=custom", "--file", str(dump), "--dbname", str(db["NAME"])], env)
    assert dumped.returncode == 0, dumped.stderr
    restored = _run([PG_RESTORE, "--exit-on-error", "--no-owner", "--dbname", restored_name, str(dump)], env)
    assert restored.returncode == 0, restored.stderr

    # The copy verifies with the operator's command, the key kept outside the database and the last hash.
    command_env = {
        **env,
        "DATABASE_URL": _database_url(db, restored_name),
        "SECRET_KEY": secrets.token_urlsafe(50),
        "AUDIT_CHAIN_KEY": settings.AUDIT_CHAIN_KEY,
        "DEBUG": "false",
        "LOG_FORMAT": "text",
        "CELERY_BROKER_URL": "",
    }
    verify = [sys.executable, str(MANAGE_PY), "audit_verify", "--expect-last", last_hash]
    verified = _run(verify, command_env)
    assert verified.returncode == 0, verified.stderr
    assert f"Toegangslog intact: 5 regels, laatste hash {last_hash}" in verified.stdout
    assert f"gevonden bij verzegeling #{seal.pk}" in verified.stdout
    assert "dekt 4 regels, 1 regels zijn nog niet verzegeld" in verified.stdout

    # With another key the same copy does not verify: the key (kept outside the database, so not in the dump)
    # must be kept for as long as the backups.
    # (--skip-checks: the system checks passed in the run above and cost a second.)
    other_key = {**command_env, "AUDIT_CHAIN_KEY": "another-key-of-at-least-thirty-two-characters"}
    wrong_key = _run([*verify, "--skip-checks"], other_key)
    assert wrong_key.returncode == 1
    assert f"verzegeling #{seal.pk}" in wrong_key.stderr and "AUDIT_CHAIN_KEY" in wrong_key.stderr

    # pg_restore loads the data before it creates the triggers: the copy is append-only again.
    table = connection.ops.quote_name(AccessLogEntry._meta.db_table)
    conninfo = {
        "dbname": restored_name,
        **{k.lower(): str(db[k]) for k in ("HOST", "PORT", "USER", "PASSWORD") if db.get(k)},
    }
    with psycopg.connect(**conninfo, autocommit=True) as copy:
        for statement in (f"UPDATE {table} SET detail = 'x' WHERE id = %s", f"DELETE FROM {table} WHERE id = %s"):  # noqa: S608
            with pytest.raises(psycopg.errors.InsufficientPrivilege, match="append-only"):
                copy.execute(statement, [entries[1].pk])
        for statement in (
            "UPDATE audit_accesslogseal SET prev_hash = 'x' WHERE id = %s",
            "DELETE FROM audit_accesslogseal WHERE id = %s",
        ):
            with pytest.raises(psycopg.errors.InsufficientPrivilege, match="append-only"):
                copy.execute(statement, [seal.pk])
        row = copy.execute(f"SELECT count(*), max(entry_hash) FILTER (WHERE id = %s) FROM {table}", [entries[-1].pk])  # noqa: S608
        assert row.fetchone() == (5, entries[-1].entry_hash)
        assert copy.execute("SELECT seal_hash FROM audit_accesslogseal").fetchall() == [(last_hash,)]
