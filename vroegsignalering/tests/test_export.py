"""The aggregate delivery of vroegsignalering figures: counts per period and gemeente, checked against the schema."""

import json
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from audit.models import AccessBasis, AccessLogEntry
from dossiers.models import WgsThreat
from dossiers.tests.views_support import logged_in
from monitor.periods import Period
from organisation.models import Team
from partners.models import PartnerKind
from testsupport.vroegsignalering import casus_for, partner, signal
from vroegsignalering import export, services
from vroegsignalering.models import CasusOutcome, ContactMethod, ContactResult, Daypart, SignaalCasus, Vroegsignaal

pytestmark = pytest.mark.django_db

MARCH = Period.parse("2026-03")
URL = reverse("vroegsignalering:export")


def _in_march(day: int) -> datetime:
    return timezone.make_aware(datetime(2026, 3, day, 10, 0))


def _received_in_march(casus: SignaalCasus, day: int) -> None:
    SignaalCasus.objects.filter(pk=casus.pk).update(opened_at=_in_march(day))
    Vroegsignaal.objects.filter(casus=casus).update(received_at=_in_march(day))


@pytest.fixture
def march(team: Team, generalist: User) -> dict[str, SignaalCasus]:
    """Three casussen opened in March 2026: stacked and accepted, reached and refused, and one not reached."""
    landlord = partner(PartnerKind.WONINGVERHUURDER, name="Woonstad")
    energy = partner(PartnerKind.ENERGIE, name="Energie Noord")
    stacked = casus_for(
        team, signals=2, partners=[landlord, energy], threat=WgsThreat.HUISUITZETTING, reported_on=date(2026, 3, 2)
    )
    refused = casus_for(team, partners=[energy], reported_on=date(2026, 3, 2))
    quiet = casus_for(team, partners=[landlord], reported_on=date(2026, 3, 2))
    for casus in (stacked, refused, quiet):
        _received_in_march(casus, 2)
    attempt = services.NewAttempt(ContactMethod.TELEFOON, date(2026, 3, 5), Daypart.OCHTEND, ContactResult.BEREIKT)
    services.record_attempt(stacked, actor=generalist, attempt=attempt)
    services.record_outcome(stacked, actor=generalist, outcome=CasusOutcome.GEACCEPTEERD, on=date(2026, 3, 6))
    attempt = services.NewAttempt(ContactMethod.HUISBEZOEK, date(2026, 3, 9), Daypart.AVOND, ContactResult.BEREIKT)
    services.record_attempt(refused, actor=generalist, attempt=attempt)
    services.record_outcome(refused, actor=generalist, outcome=CasusOutcome.GEWEIGERD, on=date(2026, 3, 9))
    attempt = services.NewAttempt(ContactMethod.BRIEF, date(2026, 3, 9), Daypart.OCHTEND, ContactResult.NIET_THUIS)
    services.record_attempt(quiet, actor=generalist, attempt=attempt)
    unmatched = signal(None, inwoner=None, by=landlord, reported_on=date(2026, 3, 3))
    Vroegsignaal.objects.filter(pk=unmatched.pk).update(received_at=_in_march(3), queue_team=team)
    return {"stacked": stacked, "refused": refused, "quiet": quiet}


def test_the_export_counts_signals_casussen_and_outcomes_of_the_period(team: Team, march) -> None:
    assert MARCH is not None
    document = export.export(team.gemeente, MARCH)
    assert document["signalen"] == {
        "totaal": 5,
        "perSoortPartner": {"woningverhuurder": 3, "energie": 2, "water": 0, "zorgverzekeraar": 0},
        "perSoortAchterstand": {"huur": 3, "energie": 2, "water": 0, "zorgverzekering": 0},
        "gekoppeld": 4,
        "nietGekoppeld": 1,
    }
    assert document["casussen"] == {
        "totaal": 3,
        "gestapeld": 1,
        "dreigendeSituatie": 1,
        "contactGezocht": 3,
        "bereikt": 2,
    }
    assert document["uitkomsten"] == {"geaccepteerd": 1, "geweigerd": 1, "nietBereikt": 0, "alGeholpen": 0}
    # Contact after 3 and 7 days.
    assert document["medianeDagenTotContact"] == 5
    assert document["periode"] == {
        "soort": "maand",
        "code": "2026-03",
        "startdatum": "2026-03-01",
        "einddatum": "2026-03-31",
    }


def test_the_export_validates_against_its_schema_and_holds_no_personal_data(team: Team, march) -> None:
    assert MARCH is not None
    document = export.export(team.gemeente, MARCH)
    export.validate(document)
    text = json.dumps(document, ensure_ascii=False)
    for casus in march.values():
        for found in Vroegsignaal.objects.filter(casus=casus):
            assert found.bsn not in text
            assert found.achternaam not in text
            assert found.postcode not in text
            assert str(found.arrears_amount) not in text


def test_a_beleidsmedewerker_downloads_the_json_and_the_download_is_logged_as_aggregate(
    team: Team, beleidsmedewerker: User, march
) -> None:
    response = logged_in(beleidsmedewerker).get(URL, {"gemeente": team.gemeente.cbs_code, "period": "2026-K1"})
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="vroegsignalering-GM9999-2026-K1.json"'
    document = json.loads(response.content)
    assert document["periode"]["soort"] == "kwartaal"
    assert document["signalen"]["totaal"] == 5
    entry = AccessLogEntry.objects.get(user=beleidsmedewerker, object_type="vroegsignalering_export")
    assert entry.basis == AccessBasis.GEAGGREGEERD


def test_a_broken_export_is_refused_not_served(
    team: Team, functioneel_beheerder: User, march, monkeypatch: pytest.MonkeyPatch
) -> None:
    original = export.build

    def broken(*args: Any) -> dict[str, Any]:
        document = original(*args)
        document["signalen"]["bsn"] = "123456782"
        return document

    monkeypatch.setattr(export, "build", broken)
    response = logged_in(functioneel_beheerder).get(URL, {"gemeente": team.gemeente.cbs_code, "period": "2026-03"})
    assert response.status_code == 503
    assert "Content-Disposition" not in response
    assert "123456782" not in response.content.decode()
    assert "voldoet niet aan het schema" in response.content.decode()


@pytest.mark.parametrize("period", ["2026", "2026-13", "volgende maand", "2099-01"])
def test_a_year_or_a_bad_period_is_refused_with_a_dutch_error(team: Team, beleidsmedewerker: User, period: str) -> None:
    response = logged_in(beleidsmedewerker).get(URL, {"gemeente": team.gemeente.cbs_code, "period": period})
    assert response.status_code == 400
    assert "Content-Disposition" not in response
    assert response.context["form"].errors["period"]


def test_casework_roles_cannot_download_the_export(generalist: User) -> None:
    assert logged_in(generalist).get(URL).status_code == 403


def test_signals_outside_the_period_are_not_counted(team: Team) -> None:
    casus = casus_for(team)
    SignaalCasus.objects.filter(pk=casus.pk).update(opened_at=timezone.now() - timedelta(days=400))
    Vroegsignaal.objects.filter(casus=casus).update(received_at=timezone.make_aware(datetime(2026, 4, 1, 0, 30)))
    assert MARCH is not None
    document = export.export(team.gemeente, MARCH)
    assert document["signalen"]["totaal"] == 0
    assert document["casussen"]["totaal"] == 0
