"""`log_together`: the lines of one request go in with one lane, one tip read and one insert, in call order."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from audit.models import AccessAction, AccessBasis, AccessLogEntry
from audit.services import log_access, log_shown, log_together
from audit.verify import verify

pytestmark = pytest.mark.django_db


def _inserts(captured: CaptureQueriesContext) -> int:
    return sum(1 for query in captured.captured_queries if query["sql"].lstrip().upper().startswith("INSERT"))


def test_a_block_writes_its_lines_with_one_insert_in_call_order(generalist) -> None:
    with CaptureQueriesContext(connection) as captured, log_together():
        log_access(
            None, user=generalist, action=AccessAction.SEARCH, basis=AccessBasis.BETROKKEN, object_type="dossier"
        )
        log_shown(None, user=generalist, basis=AccessBasis.BETROKKEN, dossier_ids=[11, 12], detail="gezien")
        log_shown(None, user=generalist, basis=AccessBasis.NONE, dossier_ids=[13], detail="genoemd")
        assert not AccessLogEntry.objects.exists()  # nothing written before the block ends
    assert _inserts(captured) == 1
    lines = list(AccessLogEntry.objects.order_by("id"))
    assert [(line.action, line.dossier_id) for line in lines] == [
        (AccessAction.SEARCH, None),
        (AccessAction.VIEW, 11),
        (AccessAction.VIEW, 12),
        (AccessAction.VIEW, 13),
    ]
    assert verify().intact


def test_without_a_block_every_call_writes_at_once(generalist) -> None:
    with CaptureQueriesContext(connection) as captured:
        log_shown(None, user=generalist, basis=AccessBasis.BETROKKEN, dossier_ids=[11, 12], detail="gezien")
        log_shown(None, user=generalist, basis=AccessBasis.NONE, dossier_ids=[13], detail="genoemd")
    assert _inserts(captured) == 2


def test_the_lines_are_written_when_the_block_raises(generalist) -> None:
    # A refusal is logged just before the 404 is raised: the raise must not take the line with it.
    with pytest.raises(LookupError), log_together():
        log_access(None, user=generalist, action=AccessAction.DENIED, basis=AccessBasis.NONE, object_type="dossier")
        raise LookupError
    assert AccessLogEntry.objects.filter(action=AccessAction.DENIED).count() == 1


def test_a_nested_block_leaves_the_writing_to_the_outer_one(generalist) -> None:
    with CaptureQueriesContext(connection) as captured, log_together():
        with log_together():
            log_shown(None, user=generalist, basis=AccessBasis.BETROKKEN, dossier_ids=[1], detail="binnen")
        assert not AccessLogEntry.objects.exists()
        log_shown(None, user=generalist, basis=AccessBasis.BETROKKEN, dossier_ids=[2], detail="buiten")
    assert _inserts(captured) == 1
    assert list(AccessLogEntry.objects.order_by("id").values_list("dossier_id", flat=True)) == [1, 2]
