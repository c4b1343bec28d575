"""A logged page view writes its line with statements built once per process, and the line is as save() made it.

Every record view appends a line; compiling the tip read and the INSERT through the ORM on each view cost more
CPU than the rest of the logging. The chain itself is checked in test_chain.py and test_lanes_and_seals.py.
"""

from collections.abc import Iterator
from unittest import mock

import pytest
from django.db.models.sql.compiler import SQLCompiler, SQLInsertCompiler
from django.test import RequestFactory

from accounts.models import User
from audit.chain import GENESIS, chain_key, entry_mac
from audit.models import AccessAction, AccessBasis, AccessLogEntry
from audit.services import log_access, log_shown

pytestmark = pytest.mark.django_db


@pytest.fixture
def compiled() -> Iterator[list[str]]:
    """The statements the ORM compiles (SELECT and INSERT) while the block runs."""
    statements: list[str] = []
    select, insert = SQLCompiler.as_sql, SQLInsertCompiler.as_sql

    def counting(original):  # type: ignore[no-untyped-def]
        def as_sql(self, *args, **kwargs):  # type: ignore[no-untyped-def]
            result = original(self, *args, **kwargs)
            statements.append(str(result))
            return result

        return as_sql

    with (
        mock.patch.object(SQLCompiler, "as_sql", counting(select)),
        mock.patch.object(SQLInsertCompiler, "as_sql", counting(insert)),
    ):
        yield statements


def _view(user: User, number: int) -> AccessLogEntry:
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


def test_a_logged_record_view_compiles_no_statement(generalist: User, compiled: list[str]) -> None:
    _view(generalist, 1)
    _view(generalist, 2)
    log_shown(None, user=generalist, basis=AccessBasis.TEAM_TRIAGE, dossier_ids=[3, 4], detail="lijst")
    assert compiled == []


def test_a_single_line_gets_its_id_and_is_stored_as_built(generalist: User) -> None:
    first = _view(generalist, 1)
    second = _view(generalist, 2)

    stored = AccessLogEntry.objects.get(pk=second.pk)
    assert first.pk is not None and second.pk == first.pk + 1
    assert second._state.adding is False
    assert (stored.user_id, stored.object_id, stored.dossier_id, stored.path, stored.ip_address) == (
        generalist.pk,
        "2",
        2,
        "/dossiers/2/",
        "10.0.0.5",
    )
    assert stored.prev_hash == first.entry_hash != GENESIS
    assert stored.entry_hash == second.entry_hash


def test_the_first_line_of_a_lane_links_to_genesis(generalist: User) -> None:
    entry = _view(generalist, 1)
    stored = AccessLogEntry.objects.get(pk=entry.pk)
    assert stored.prev_hash == GENESIS
    fields = {name: getattr(stored, name) for name in ("at", "user_id", "action", "basis", "object_type")}
    fields.update(
        {name: getattr(stored, name) for name in ("object_id", "dossier_id", "section", "detail", "path")},
        ip_address=stored.ip_address,
    )
    assert stored.entry_hash == entry_mac(fields, GENESIS, chain_key())
