"""The access history for a resident (AVG art. 15) is written in Dutch, whatever language the officer's screen shows."""

import pytest
from django.utils import translation

from audit import inzage_log
from testsupport.factories import InwonerFactory


@pytest.mark.django_db
def test_the_access_history_csv_is_dutch_under_an_english_screen() -> None:
    inwoner = InwonerFactory()
    with translation.override("en"):
        header = inzage_log.history_csv(inwoner).decode("utf-8-sig").splitlines()[0]
        summary = inzage_log.summarise(inwoner)
    assert header.startswith("tijdstip;medewerker;functie;organisatie;handeling;grondslag")
    assert "time" not in header and summary.total == 0


@pytest.mark.django_db
def test_the_log_table_names_the_stored_code_in_the_screen_language() -> None:
    from audit.models import AccessLogEntry
    from audit.views import log_rows

    entry = AccessLogEntry(action="view", basis="break_the_glass", object_type="noodtoegang", object_id="7")
    with translation.override("en"):
        english = log_rows([entry])[0]
    dutch = log_rows([entry])[0]
    assert english.given == "emergency access #7" and english.action == "Viewed"
    assert dutch.given == "noodtoegang #7" and entry.object_type == "noodtoegang"
