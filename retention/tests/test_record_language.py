"""The rule kept with a destruction proposal is a record: written in Dutch, whatever the officer's screen shows."""

from datetime import date

import pytest
from django.utils import translation

from retention import services
from retention.tests.conftest import closed_dossier

pytestmark = pytest.mark.django_db


def test_the_rule_kept_with_a_proposal_is_dutch_under_an_english_screen(team, privacy_officer) -> None:
    dossier = closed_dossier(team, date(2011, 9, 14))
    with translation.override("en"):
        record = services.propose_destruction(dossier, privacy_officer, "Termijn verstreken.")
    assert " jaar na " in record.rule_summary and "years after" not in record.rule_summary
