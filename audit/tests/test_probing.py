"""Issue 9, finding 9: a probing request is refused without a 500, and its log line is stored.

On PostgreSQL a 60-digit id or a 17-character section used to overflow the log's columns, so the
refusal itself crashed and left no trace; on both databases an out-of-range dossier id did.
"""

import pytest
from django.urls import reverse

from audit.models import AccessAction, AccessLogEntry
from audit.tests.conftest import logged_in
from testsupport.factories import dossier_for

pytestmark = pytest.mark.django_db

HUGE = "9" * 60


def test_a_dossier_id_too_long_for_the_log_is_refused_with_404_and_logged(generalist) -> None:
    response = logged_in(generalist).get(f"/dossiers/{HUGE}/")
    assert response.status_code == 404
    line = AccessLogEntry.objects.get(user=generalist, action=AccessAction.DENIED)
    assert line.dossier_id is None
    assert len(line.object_id) <= 40 and f"kenmerk: {HUGE}" in line.detail


def test_a_note_in_a_made_up_section_is_refused_and_logged(team, generalist) -> None:
    dossier = dossier_for(team, regisseur=generalist)
    section = "gezondheid-maar-dan-langer"
    response = logged_in(generalist).post(
        reverse("consent:notitie", kwargs={"pk": dossier.pk}), {"section": section, "text": "x"}
    )
    assert response.status_code == 404
    line = AccessLogEntry.objects.get(user=generalist, action=AccessAction.DENIED)
    assert line.section == "" and f"onderdeel: {section}" in line.detail
    assert line.dossier_id == dossier.pk
