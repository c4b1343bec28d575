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
