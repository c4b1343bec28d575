"""The national vroegsignalering delivery (DDAS 1.2, VNG Realisatie): per signal and per zaak, checked against the
schema, and only for the functioneel beheerder because it holds BSNs."""

import json
import re
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from audit.models import AccessAction, AccessBasis, AccessLogEntry
from dossiers.models import WgsThreat
from dossiers.tests.views_support import logged_in
from monitor.periods import Period
from organisation.models import Team
from partners.models import PartnerKind
from residents.models import Inwoner
from testsupport.factories import InwonerFactory
from testsupport.vroegsignalering import casus_for, partner, signal
from vroegsignalering import ddas, services
from vroegsignalering.models import (
    CasusOutcome,
    ContactMethod,
    ContactResult,
    Daypart,
    SignaalCasus,
    Vroegsignaal,
)

pytestmark = pytest.mark.django_db

URL = reverse("vroegsignalering:export_ddas")


def _march() -> Period:
    period = Period.parse("2026-03")
    assert period is not None
    return period


def _in_march(day: int) -> datetime:
    return timezone.make_aware(datetime(2026, 3, day, 10, 0))


def _received_in_march(casus: SignaalCasus, day: int = 2) -> SignaalCasus:
    SignaalCasus.objects.filter(pk=casus.pk).update(opened_at=_in_march(day))
    Vroegsignaal.objects.filter(casus=casus).update(received_at=_in_march(day))
    casus.refresh_from_db()
    return casus


def _march_casus(team: Team, **kwargs: Any) -> SignaalCasus:
    return _received_in_march(casus_for(team, reported_on=date(2026, 3, 2), **kwargs))


def _attempt(casus: SignaalCasus, actor: User, method: str, result: str, day: int = 5) -> None:
    attempt = services.NewAttempt(method, date(2026, 3, day), Daypart.AVOND, result)
    services.record_attempt(casus, actor=actor, attempt=attempt)


def _levering(team: Team) -> dict[str, Any]:
    return ddas.delivery(team.gemeente, _march())["leveringen"][0]  # type: ignore[no-any-return]


def _signal(levering: dict[str, Any], found: Vroegsignaal) -> dict[str, Any]:
    (item,) = [item for item in levering["vroegsignalen"] if item["ID"] == ddas.signal_id(found)]
    return item  # type: ignore[no-any-return]


def _zaak(levering: dict[str, Any], casus: SignaalCasus) -> dict[str, Any]:
    ids = {ddas.signal_id(found) for found in casus.signalen.all()}
    (zaak,) = [zaak for zaak in levering["vroegsignaalzaken"] if {ref["ID"] for ref in zaak["vroegsignalen"]} == ids]
    return zaak  # type: ignore[no-any-return]


@pytest.fixture
def march(team: Team, generalist: User) -> dict[str, Any]:
    """March 2026: a stacked casus accepted, one refused, one tried and still open, one waiting, and two queue signals
    (one without BSN, one closed as not living here)."""
    landlord = partner(PartnerKind.WONINGVERHUURDER, name="Woonstad")
    energy = partner(PartnerKind.ENERGIE, name="Energie Noord")
    stacked = _march_casus(team, signals=2, partners=[landlord, energy], threat=WgsThreat.HUISUITZETTING)
    _attempt(stacked, generalist, ContactMethod.TELEFOON, ContactResult.BEREIKT)
    services.record_outcome(stacked, actor=generalist, outcome=CasusOutcome.GEACCEPTEERD, on=date(2026, 3, 6))
    refused = _march_casus(team, partners=[energy])
    _attempt(refused, generalist, ContactMethod.HUISBEZOEK, ContactResult.GEWEIGERD, day=9)
    services.record_outcome(refused, actor=generalist, outcome=CasusOutcome.GEWEIGERD, on=date(2026, 3, 9))
    tried = _march_casus(team, partners=[landlord])
    _attempt(tried, generalist, ContactMethod.BRIEF, ContactResult.NIET_THUIS, day=4)
    waiting = _march_casus(team, partners=[landlord])
    without_bsn = signal(None, inwoner=None, by=landlord, reported_on=date(2026, 3, 3))
    Vroegsignaal.objects.filter(pk=without_bsn.pk).update(
        received_at=_in_march(3), queue_team=team, bsn="", huisnummer_toevoeging="B"
    )
    gone = signal(None, inwoner=None, by=energy, reported_on=date(2026, 3, 3))
    Vroegsignaal.objects.filter(pk=gone.pk).update(received_at=_in_march(3), queue_team=team, discarded_at=_in_march(4))
    without_bsn.refresh_from_db()
    gone.refresh_from_db()
    return {
        "stacked": stacked,
        "refused": refused,
        "tried": tried,
        "waiting": waiting,
        "without_bsn": without_bsn,
        "gone": gone,
    }


def test_the_delivery_of_a_period_validates_against_our_ddas_schema(team: Team, march: dict[str, Any]) -> None:
    document = ddas.delivery(team.gemeente, _march())
    ddas.validate(document)
    assert document["startdatumLevering"] == "2026-03-01"
    assert document["einddatumLevering"] == "2026-03-31"
    assert document["codeGegevensleverancier"] == "OPEN-WIJKTEAM"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", document["aanleverdatumEnTijd"])
    (levering,) = document["leveringen"]
    assert (levering["teller"], levering["gemeentecode"]) == (1, "9999")
    assert levering["aanleverendeOrganisatie"] == {"naam": team.gemeente.name}
    assert len(levering["vroegsignalen"]) == 7
    assert len(levering["vroegsignaalzaken"]) == 4


def test_every_code_we_map_to_is_in_the_schemas_code_lists() -> None:
    defs = ddas.schema()["$defs"]
    assert set(ddas.PARTNER_TYPES.values()) <= set(defs["EnumSignaalpartner"]["enum"])
    assert set(ddas.CONTACT_KINDS.values()) <= set(defs["EnumContactsoort"]["enum"])
    assert set(ddas.DAYPARTS.values()) <= set(defs["EnumDagdeel"]["enum"])
    assert set(ddas.RESULTS.values()) <= set(defs["EnumEindresultaat"]["enum"])
    statuses = {ddas.STATUS_NOT_RESIDENT, ddas.STATUS_WAITING, ddas.STATUS_PICKED_UP}
    assert statuses <= set(defs["EnumSignaalstatus"]["enum"])
    assert ddas.SEX_UNKNOWN in defs["EnumGeslacht"]["enum"]


def test_a_client_with_a_bsn_is_delivered_with_the_bsn_only(team: Team, march: dict[str, Any]) -> None:
    found = march["waiting"].signalen.get()
    assert _signal(_levering(team), found)["client"] == {"burgerservicenummer": found.bsn}


def test_without_its_own_bsn_a_signal_takes_the_matched_residents_bsn(team: Team) -> None:
    inwoner: Inwoner = InwonerFactory()  # type: ignore[assignment]
    casus = _march_casus(team, inwoner=inwoner)
    casus.signalen.update(bsn="")
    assert _signal(_levering(team), casus.signalen.get())["client"] == {"burgerservicenummer": inwoner.bsn}


def test_a_client_without_bsn_is_delivered_by_address_and_birth_date_with_sex_unknown(
    team: Team, march: dict[str, Any]
) -> None:
    found = march["without_bsn"]
    assert _signal(_levering(team), found)["client"] == {
        "geslachtsaanduiding": "Onbekend",
        "geboortedatum": found.geboortedatum.isoformat(),
        "postcode": found.postcode,
        "huisnummer": str(found.huisnummer),
        "huisnummertoevoeging": "B",
    }


def test_a_signal_carries_partner_type_whole_euros_crisis_and_the_day_it_was_reported(
    team: Team, march: dict[str, Any]
) -> None:
    Vroegsignaal.objects.filter(casus=march["stacked"]).update(arrears_amount="1234.50")
    levering = _levering(team)
    rent, energy = march["stacked"].signalen.order_by("pk")
    assert _signal(levering, rent) == {
        "ID": ddas.signal_id(rent),
        "crisissignaal": True,
        "warmeOverdracht": False,
        "bedrag": 1235,
        "signaaldatum": "2026-03-02",
        "status": "Opgepakt",
        "signaalpartner": {"type": "Huur"},
        "client": {"burgerservicenummer": rent.bsn},
    }
    assert _signal(levering, energy)["signaalpartner"] == {"type": "Energie"}
    assert _signal(levering, energy)["crisissignaal"] is False


@pytest.mark.parametrize(
    ("kind", "expected"),
    [(PartnerKind.WATER, "Water"), (PartnerKind.ZORGVERZEKERAAR, "Zorg")],
)
def test_water_and_health_insurance_signals_get_their_partner_type(team: Team, kind: str, expected: str) -> None:
    casus = _march_casus(team, partners=[partner(kind)])
    assert _signal(_levering(team), casus.signalen.get())["signaalpartner"] == {"type": expected}


def test_signal_status_follows_the_work_on_it(team: Team, march: dict[str, Any]) -> None:
    levering = _levering(team)
    status = {name: _signal(levering, march[name].signalen.first())["status"] for name in ("refused", "tried")}
    assert status == {"refused": "Opgepakt", "tried": "Opgepakt"}
    assert _signal(levering, march["waiting"].signalen.get())["status"] == "Nog niet opgepakt"
    assert _signal(levering, march["without_bsn"])["status"] == "Nog niet opgepakt"
    assert _signal(levering, march["gone"])["status"] == "Persoon is geen inwoner (meer) in de gemeente"


def test_a_casus_only_picked_up_counts_as_opgepakt_from_that_day(team: Team, generalist: User) -> None:
    casus = _march_casus(team)
    services.pick_up(casus, actor=generalist)
    casus.refresh_from_db()
    assert casus.assigned_on == timezone.localdate()
    SignaalCasus.objects.filter(pk=casus.pk).update(assigned_on=date(2026, 3, 3))
    levering = _levering(team)
    assert _signal(levering, casus.signalen.get())["status"] == "Opgepakt"
    assert _zaak(levering, casus)["datumOpgepakt"] == "2026-03-03"


def test_taking_over_a_casus_keeps_the_day_it_was_first_picked_up(
    team: Team, generalist: User, teamleider: User
) -> None:
    casus = _march_casus(team)
    services.pick_up(casus, actor=generalist)
    SignaalCasus.objects.filter(pk=casus.pk).update(assigned_on=date(2026, 3, 3))
    services.pick_up(casus, actor=teamleider)
    casus.refresh_from_db()
    assert (casus.assigned_to, casus.assigned_on) == (teamleider, date(2026, 3, 3))


@pytest.mark.parametrize(
    ("outcome", "resultaat"),
    [
        (CasusOutcome.GEACCEPTEERD, "Vervolghulp en/of verwijzing financieel"),
        (CasusOutcome.GEWEIGERD, "Inwoner regelt het zelf/hoeft geen hulp vanuit vroegsignalering"),
        (CasusOutcome.NIET_BEREIKT, "Definitief geen contact kunnen krijgen"),
        (CasusOutcome.AL_GEHOLPEN, "Inwoner al bekend bij schuldhulpverlening"),
    ],
)
def test_each_outcome_becomes_its_eindresultaat(team: Team, generalist: User, outcome: str, resultaat: str) -> None:
    casus = _march_casus(team)
    for day in (3, 4, 5):
        _attempt(casus, generalist, ContactMethod.HUISBEZOEK, ContactResult.NIET_THUIS, day=day)
    services.record_outcome(casus, actor=generalist, outcome=outcome, on=date(2026, 3, 10))
    assert _zaak(_levering(team), casus)["resultaat"] == resultaat


def test_an_open_casus_has_no_resultaat_yet(team: Team, march: dict[str, Any]) -> None:
    assert "resultaat" not in _zaak(_levering(team), march["tried"])


def test_a_zaak_names_its_signals_matching_day_period_pick_up_and_attempts(team: Team, march: dict[str, Any]) -> None:
    stacked = march["stacked"]
    assert _zaak(_levering(team), stacked) == {
        "resultaat": "Vervolghulp en/of verwijzing financieel",
        "matchingsdatum": "2026-03-02",
        "startdatumMatchingperiode": "2026-03-01",
        "einddatumMatchingperiode": "2026-03-31",
        "datumOpgepakt": "2026-03-05",
        "vroegsignalen": [{"ID": ddas.signal_id(found)} for found in stacked.signalen.order_by("pk")],
        "contactpogingen": [{"soort": "Telefoon", "bereikt": True, "datum": "2026-03-05", "dagdeel": "Avond"}],
    }


@pytest.mark.parametrize(
    ("method", "soort"),
    [
        (ContactMethod.BRIEF, "Brief"),
        (ContactMethod.TELEFOON, "Telefoon"),
        (ContactMethod.HUISBEZOEK, "Huisbezoek"),
        (ContactMethod.EMAIL, "Mail"),
    ],
)
def test_each_contact_method_becomes_its_contactsoort(team: Team, generalist: User, method: str, soort: str) -> None:
    casus = _march_casus(team)
    _attempt(casus, generalist, method, ContactResult.BEREIKT)
    assert _zaak(_levering(team), casus)["contactpogingen"][0]["soort"] == soort


@pytest.mark.parametrize(
    ("result", "bereikt"),
    [
        (ContactResult.BEREIKT, True),
        (ContactResult.GEWEIGERD, True),
        (ContactResult.AL_IN_HULP, True),
        (ContactResult.NIET_THUIS, False),
    ],
)
def test_an_attempt_is_bereikt_when_the_person_was_spoken_to(
    team: Team, generalist: User, result: str, bereikt: bool
) -> None:
    casus = _march_casus(team)
    _attempt(casus, generalist, ContactMethod.TELEFOON, result)
    assert _zaak(_levering(team), casus)["contactpogingen"][0]["bereikt"] is bereikt


def test_signals_and_casussen_of_another_period_are_not_in_the_delivery(team: Team, generalist: User) -> None:
    april = casus_for(team, reported_on=date(2026, 3, 31))
    SignaalCasus.objects.filter(pk=april.pk).update(opened_at=timezone.make_aware(datetime(2026, 4, 1, 0, 30)))
    Vroegsignaal.objects.filter(casus=april).update(received_at=timezone.make_aware(datetime(2026, 4, 1, 0, 30)))
    february = casus_for(team, reported_on=date(2026, 2, 2))
    SignaalCasus.objects.filter(pk=february.pk).update(opened_at=timezone.make_aware(datetime(2026, 2, 2, 10)))
    Vroegsignaal.objects.filter(casus=february).update(received_at=timezone.make_aware(datetime(2026, 2, 2, 10)))
    levering = _levering(team)
    assert levering["vroegsignalen"] == []
    assert levering["vroegsignaalzaken"] == []


def test_a_casus_from_an_earlier_period_with_an_attempt_in_this_one_is_a_zaak_without_its_old_signal(
    team: Team, generalist: User
) -> None:
    casus = casus_for(team, reported_on=date(2026, 2, 20))
    SignaalCasus.objects.filter(pk=casus.pk).update(opened_at=timezone.make_aware(datetime(2026, 2, 20, 10)))
    Vroegsignaal.objects.filter(casus=casus).update(received_at=timezone.make_aware(datetime(2026, 2, 20, 10)))
    _attempt(casus, generalist, ContactMethod.BRIEF, ContactResult.NIET_THUIS, day=2)
    levering = _levering(team)
    assert levering["vroegsignalen"] == []
    zaak = _zaak(levering, casus)
    assert zaak["matchingsdatum"] == "2026-02-20"
    assert zaak["vroegsignalen"] == [{"ID": ddas.signal_id(casus.signalen.get())}]


def test_signal_ids_are_stable_between_deliveries_and_unique(team: Team, march: dict[str, Any]) -> None:
    first = [item["ID"] for item in _levering(team)["vroegsignalen"]]
    second = [item["ID"] for item in _levering(team)["vroegsignalen"]]
    assert first == second
    assert len(set(first)) == len(first)
    found = march["waiting"].signalen.get()
    assert ddas.signal_id(found) == f"{found.partner.code}/{found.partner_signal_id}"


def test_the_contact_person_is_delivered_only_when_configured(team: Team, march: dict[str, Any]) -> None:
    assert "contactpersonen" not in _levering(team)["aanleverendeOrganisatie"]
    with override_settings(
        DDAS_KVK_NUMMER="12345678", DDAS_CONTACT_NAAM="J. Jansen", DDAS_CONTACT_EMAIL="vroegsignalering@example.nl"
    ):
        organisation = _levering(team)["aanleverendeOrganisatie"]
    assert organisation == {
        "naam": team.gemeente.name,
        "kvk-nummer": "12345678",
        "contactpersonen": [{"naam": "J. Jansen", "email": "vroegsignalering@example.nl"}],
    }


def test_a_bad_contact_email_makes_the_delivery_invalid(team: Team) -> None:
    with override_settings(DDAS_CONTACT_EMAIL="geen e-mailadres"), pytest.raises(ddas.InvalidDelivery):
        ddas.delivery(team.gemeente, _march())


def test_building_the_delivery_takes_a_fixed_number_of_queries(
    team: Team, march: dict[str, Any], django_assert_max_num_queries: Any
) -> None:
    with django_assert_max_num_queries(8):
        ddas.delivery(team.gemeente, _march())


def test_the_functioneel_beheerder_downloads_the_delivery_and_the_download_is_logged_without_bsn(
    team: Team, functioneel_beheerder: User, march: dict[str, Any]
) -> None:
    response = logged_in(functioneel_beheerder).get(URL, {"gemeente": team.gemeente.cbs_code, "period": "2026-03"})
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="ddas-vroegsignalering-GM9999-2026-03.json"'
    document = json.loads(response.content)
    ddas.validate(document)
    entry = AccessLogEntry.objects.get(user=functioneel_beheerder, object_type="ddas-levering")
    assert (entry.action, entry.basis, entry.object_id) == (
        AccessAction.VIEW,
        AccessBasis.VROEGSIGNALERING,
        "GM9999/2026-03",
    )
    assert "2026-03-01 t/m 2026-03-31" in entry.detail
    assert "7 vroegsignalen" in entry.detail
    for found in Vroegsignaal.objects.exclude(bsn=""):
        assert found.bsn not in entry.detail


@pytest.mark.parametrize("role", ["beleidsmedewerker", "generalist", "teamleider"])
def test_only_the_functioneel_beheerder_may_download_the_delivery(
    request: pytest.FixtureRequest, team: Team, role: str
) -> None:
    user = request.getfixturevalue(role)
    response = logged_in(user).get(URL, {"gemeente": team.gemeente.cbs_code, "period": "2026-03"})
    assert response.status_code == 403
    assert not AccessLogEntry.objects.filter(object_type="ddas-levering").exists()


def test_a_delivery_that_breaks_the_schema_is_refused_and_not_downloaded(
    team: Team, functioneel_beheerder: User, march: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    original = ddas.build

    def broken(*args: Any) -> dict[str, Any]:
        document = original(*args)
        document["leveringen"][0]["vroegsignalen"][0]["client"]["postcode"] = "1234AB"
        return document

    monkeypatch.setattr(ddas, "build", broken)
    response = logged_in(functioneel_beheerder).get(URL, {"gemeente": team.gemeente.cbs_code, "period": "2026-03"})
    assert response.status_code == 503
    assert "Content-Disposition" not in response
    page = response.content.decode()
    assert "voldoet niet aan het DDAS-schema" in page
    assert "1234AB" not in page
    assert not AccessLogEntry.objects.filter(object_type="ddas-levering").exists()


def test_a_bad_period_is_refused_with_a_dutch_error(team: Team, functioneel_beheerder: User) -> None:
    response = logged_in(functioneel_beheerder).get(URL, {"gemeente": team.gemeente.cbs_code, "period": "2026"})
    assert response.status_code == 400
    assert "Content-Disposition" not in response
    assert response.context["form"].errors["period"]


def test_the_aggregate_page_names_itself_the_overview_for_policy_and_links_the_beheerder_to_ddas(
    functioneel_beheerder: User, beleidsmedewerker: User
) -> None:
    aggregate = reverse("vroegsignalering:export")
    page = logged_in(beleidsmedewerker).get(aggregate).content.decode()
    assert "totaaloverzicht voor beleid" in page
    assert URL not in page
    assert URL in logged_in(functioneel_beheerder).get(aggregate).content.decode()


def test_the_period_of_the_delivery_is_the_export_period(team: Team) -> None:
    quarter = Period.parse("2026-K1")
    assert quarter is not None
    document = ddas.delivery(team.gemeente, quarter)
    assert (document["startdatumLevering"], document["einddatumLevering"]) == ("2026-01-01", "2026-03-31")
    assert document["leveringen"][0]["vroegsignalen"] == []
    assert timedelta(days=0) <= timezone.now() - datetime.fromisoformat(document["aanleverdatumEnTijd"])
