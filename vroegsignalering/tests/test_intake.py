"""Importing a batch of vroegsignalen: counts, row errors, idempotency, matching and stacking on one casus."""

from datetime import date
from decimal import Decimal

import pytest
from django.apps import apps
from django.db.models import Model

from accounts.models import Role, User
from audit.models import AccessBasis, AccessLogEntry
from dossiers.models import Dossier, WgsThreat
from organisation.models import Buurt, Team
from partners.models import Partner, PartnerKind
from residents.models import Inwoner
from testsupport.factories import BuurtFactory, InwonerFactory, TeamFactory, UserFactory, household_with
from vroegsignalering.intake import import_file, import_rows
from vroegsignalering.models import CasusOutcome, ImportSource, SignaalCasus, SignalImport, Vroegsignaal
from vroegsignalering.testing import BAD_BSN_LINE, UNKNOWN_PARTNER_LINE, arrears_file, signal_partners

pytestmark = pytest.mark.django_db


@pytest.fixture
def beheerder() -> User:
    user: User = UserFactory(role=Role.FUNCTIONEEL_BEHEERDER)  # type: ignore[assignment]
    return user


@pytest.fixture
def buurt() -> Buurt:
    buurt: Buurt = BuurtFactory()  # type: ignore[assignment]
    team: Team = TeamFactory()  # type: ignore[assignment]
    team.wijken.add(buurt.wijk)
    return buurt


@pytest.fixture
def residents(buurt: Buurt) -> list[Inwoner]:
    """19 residents, each in a household of their own, in a buurt a team covers."""
    signal_partners()
    people: list[Inwoner] = [InwonerFactory(buurt=buurt) for _ in range(19)]  # type: ignore[misc]
    for inwoner in people:
        household_with(inwoner)
    return people


def _import(content: bytes, actor: User) -> SignalImport:
    return import_file(content, source=ImportSource.UPLOAD, actor=actor, filename="achterstanden.csv").batch


def _row(**changes: object) -> dict[str, object]:
    row: dict[str, object] = {
        "partner": "woonstad",
        "kenmerk": "HUUR-1",
        "soort": "huur",
        "gemeld_op": "2026-11-02",
        "bedrag": "800",
        "maanden": "2",
        "achternaam": "Onbekend",
        "postcode": "9999ZZ",
        "huisnummer": "1",
    }
    row.update(changes)
    return row


def test_the_twenty_row_file_gives_18_accepted_and_2_clear_row_errors(
    residents: list[Inwoner], beheerder: User
) -> None:
    batch = _import(arrears_file(residents), beheerder)
    assert (batch.rows_total, batch.rows_accepted, batch.rows_unchanged, batch.rows_rejected) == (20, 18, 0, 2)
    assert batch.errors == [
        {"row": BAD_BSN_LINE, "field": "bsn", "message": "dit BSN klopt niet (elfproef)."},
        {"row": UNKNOWN_PARTNER_LINE, "field": "partner", "message": "deze partner is bij de gemeente niet bekend."},
    ]
    assert Vroegsignaal.objects.count() == 18


def _table_counts() -> dict[str, int]:
    models: list[type[Model]] = list(apps.get_app_config("vroegsignalering").get_models())
    counts = {model.__name__: model.objects.count() for model in models if model is not SignalImport}  # type: ignore[attr-defined]
    counts["Dossier"] = Dossier.objects.count()
    counts["Inwoner"] = Inwoner.objects.count()
    return counts


def test_re_importing_the_same_file_changes_nothing(residents: list[Inwoner], beheerder: User) -> None:
    content = arrears_file(residents)
    _import(content, beheerder)
    before = _table_counts()
    casussen = list(SignaalCasus.objects.order_by("pk").values())
    signals = list(Vroegsignaal.objects.order_by("pk").values())

    again = _import(content, beheerder)

    assert (again.rows_accepted, again.rows_unchanged, again.rows_rejected) == (0, 18, 2)
    assert _table_counts() == before
    assert list(SignaalCasus.objects.order_by("pk").values()) == casussen
    assert list(Vroegsignaal.objects.order_by("pk").values()) == signals


def test_a_signal_received_again_with_other_values_keeps_the_first(residents: list[Inwoner], beheerder: User) -> None:
    import_rows([_row(bedrag="800")], source=ImportSource.API, actor=beheerder)
    result = import_rows([_row(bedrag="9999")], source=ImportSource.API, actor=beheerder)
    assert result.batch.rows_unchanged == 1
    assert Vroegsignaal.objects.get().arrears_amount == Decimal("800")


def test_json_and_csv_of_the_same_signals_give_the_same_result(residents: list[Inwoner], beheerder: User) -> None:
    from_csv = _import(arrears_file(residents, fmt="csv"), beheerder)
    Vroegsignaal.objects.all().delete()
    SignaalCasus.objects.all().delete()
    from_json = _import(arrears_file(residents, fmt="json"), beheerder)
    assert (from_csv.file_format, from_json.file_format) == ("csv", "json")
    assert (from_json.rows_accepted, from_json.rows_rejected) == (from_csv.rows_accepted, from_csv.rows_rejected)
    assert [(e["field"], e["message"]) for e in from_json.errors] == [
        (e["field"], e["message"]) for e in from_csv.errors
    ]


def test_a_refused_file_records_why_and_creates_no_signal(beheerder: User) -> None:
    batch = _import(b"\x00\x01 dit is geen bestand", beheerder)
    assert batch.refused
    assert batch.rows_total == 0
    assert not Vroegsignaal.objects.exists()


def test_an_inactive_partner_is_refused(residents: list[Inwoner], beheerder: User) -> None:
    Partner.objects.filter(code="woonstad").update(active=False)
    result = import_rows([_row()], source=ImportSource.API, actor=beheerder)
    assert result.batch.errors == [{"row": 1, "field": "partner", "message": "deze partner is niet (meer) actief."}]
    assert not Vroegsignaal.objects.exists()


def test_a_partner_that_may_not_give_signals_is_refused(beheerder: User) -> None:
    Partner.objects.create(code="huisarts-west", name="Huisarts West", kind=PartnerKind.HUISARTS)
    result = import_rows([_row(partner="huisarts-west")], source=ImportSource.API, actor=beheerder)
    assert result.batch.errors[0]["field"] == "partner"
    assert not Vroegsignaal.objects.exists()


def test_a_kind_of_arrears_that_does_not_fit_the_partner_is_refused(residents: list[Inwoner], beheerder: User) -> None:
    result = import_rows([_row(soort="energie")], source=ImportSource.API, actor=beheerder)
    assert result.batch.errors[0]["field"] == "soort"


def test_a_partner_sending_through_the_api_cannot_send_for_another(residents: list[Inwoner], beheerder: User) -> None:
    energy = Partner.objects.get(code="energie-noord")
    result = import_rows([_row()], source=ImportSource.API, actor=beheerder, partner=energy)
    assert result.batch.errors[0]["field"] == "partner"
    assert not Vroegsignaal.objects.exists()


def test_the_same_kenmerk_twice_in_one_delivery_is_refused_the_second_time(
    residents: list[Inwoner], beheerder: User
) -> None:
    result = import_rows([_row(), _row()], source=ImportSource.API, actor=beheerder)
    assert (result.batch.rows_accepted, result.batch.rows_rejected) == (1, 1)


def test_the_api_learns_the_signal_of_each_accepted_or_known_row(residents: list[Inwoner], beheerder: User) -> None:
    first = import_rows([_row(), _row(kenmerk="HUUR-2", bsn="1")], source=ImportSource.API, actor=beheerder)
    again = import_rows([_row()], source=ImportSource.API, actor=beheerder)
    assert set(first.signals_by_row) == {1}
    assert again.signals_by_row[1] == first.signals_by_row[1]


def test_each_batch_is_one_line_in_the_access_log(residents: list[Inwoner], beheerder: User) -> None:
    batch = _import(arrears_file(residents), beheerder)
    line = AccessLogEntry.objects.get(object_type="vroegsignaal-import")
    assert line.object_id == str(batch.pk)
    assert line.basis == AccessBasis.VROEGSIGNALERING
    assert line.user == beheerder


# --- Matching and stacking ------------------------------------------------------------------------


def test_a_signal_matched_on_bsn_opens_a_casus_for_the_household_in_the_buurt_team(
    residents: list[Inwoner], beheerder: User, buurt: Buurt
) -> None:
    inwoner = residents[0]
    import_rows([_row(bsn=inwoner.bsn)], source=ImportSource.API, actor=beheerder)
    signal = Vroegsignaal.objects.get()
    assert signal.inwoner == inwoner
    assert signal.match_method == "bsn"
    casus = signal.casus
    assert casus is not None
    assert casus.huishouden == inwoner.lidmaatschappen.get().huishouden
    assert casus.team.wijken.filter(pk=buurt.wijk_id).exists()
    assert casus.wijk_id == buurt.wijk_id
    assert casus.outcome == CasusOutcome.OPEN


def test_a_signal_matched_on_address_name_and_birth_date(residents: list[Inwoner], beheerder: User) -> None:
    inwoner = residents[3]
    row = _row(
        achternaam=inwoner.achternaam,
        postcode=inwoner.postcode,
        huisnummer=str(inwoner.huisnummer),
        geboortedatum=inwoner.geboortedatum.isoformat(),
    )
    import_rows([row], source=ImportSource.API, actor=beheerder)
    signal = Vroegsignaal.objects.get()
    assert (signal.inwoner, signal.match_method) == (inwoner, "adres")


def test_an_ambiguous_signal_stays_unmatched_without_a_casus(residents: list[Inwoner], beheerder: User) -> None:
    twin = residents[5]
    InwonerFactory(
        achternaam=twin.achternaam, postcode=twin.postcode, huisnummer=twin.huisnummer, geboortedatum=twin.geboortedatum
    )
    row = _row(
        achternaam=twin.achternaam,
        postcode=twin.postcode,
        huisnummer=str(twin.huisnummer),
        geboortedatum=twin.geboortedatum.isoformat(),
    )
    import_rows([row], source=ImportSource.API, actor=beheerder)
    signal = Vroegsignaal.objects.get()
    assert signal.inwoner is None
    assert signal.casus is None
    assert not SignaalCasus.objects.exists()


def test_two_signals_for_one_household_stack_on_one_casus(residents: list[Inwoner], beheerder: User) -> None:
    _import(arrears_file(residents), beheerder)
    casus = SignaalCasus.objects.get(signalen__inwoner=residents[0], signalen__kind="energie")
    assert casus.signal_count == 2
    assert casus.signalen.count() == 2
    assert SignaalCasus.objects.count() == 17


def test_a_signal_for_another_member_of_the_household_joins_the_same_casus(buurt: Buurt, beheerder: User) -> None:
    signal_partners()
    parent: Inwoner = InwonerFactory(buurt=buurt)  # type: ignore[assignment]
    partner_in_life: Inwoner = InwonerFactory(buurt=buurt)  # type: ignore[assignment]
    household_with(parent, partner_in_life)
    import_rows([_row(bsn=parent.bsn)], source=ImportSource.API, actor=beheerder)
    import_rows(
        [_row(partner="energie-noord", soort="energie", kenmerk="EN-1", bsn=partner_in_life.bsn)],
        source=ImportSource.API,
        actor=beheerder,
    )
    assert SignaalCasus.objects.get().signal_count == 2


def test_a_closed_casus_is_not_reopened_by_a_new_signal(residents: list[Inwoner], beheerder: User) -> None:
    inwoner = residents[0]
    import_rows([_row(bsn=inwoner.bsn)], source=ImportSource.API, actor=beheerder)
    SignaalCasus.objects.update(outcome=CasusOutcome.GEWEIGERD)
    import_rows([_row(bsn=inwoner.bsn, kenmerk="HUUR-2")], source=ImportSource.API, actor=beheerder)
    assert SignaalCasus.objects.filter(outcome=CasusOutcome.OPEN).get().signal_count == 1


def test_the_casus_goes_to_the_team_of_the_households_open_dossier(residents: list[Inwoner], beheerder: User) -> None:
    inwoner = residents[0]
    other_team: Team = TeamFactory()  # type: ignore[assignment]
    household = inwoner.lidmaatschappen.get().huishouden
    Dossier.objects.create(huishouden=household, team=other_team)
    import_rows([_row(bsn=inwoner.bsn)], source=ImportSource.API, actor=beheerder)
    assert SignaalCasus.objects.get().team == other_team


def test_any_threat_on_any_signal_marks_the_casus(residents: list[Inwoner], beheerder: User) -> None:
    inwoner = residents[0]
    import_rows([_row(bsn=inwoner.bsn)], source=ImportSource.API, actor=beheerder)
    assert SignaalCasus.objects.get().threat == ""
    import_rows(
        [_row(bsn=inwoner.bsn, kenmerk="HUUR-2", dreiging=WgsThreat.HUISUITZETTING)],
        source=ImportSource.API,
        actor=beheerder,
    )
    casus = SignaalCasus.objects.get()
    assert (casus.threat, casus.signal_count) == (WgsThreat.HUISUITZETTING, 2)


def test_an_unmatched_signal_waits_in_the_queue_of_the_team_of_its_address(
    residents: list[Inwoner], beheerder: User, buurt: Buurt
) -> None:
    neighbour = residents[2]
    row = _row(achternaam="Nieuw", postcode=neighbour.postcode, huisnummer=str(neighbour.huisnummer))
    import_rows([row], source=ImportSource.API, actor=beheerder)
    signal = Vroegsignaal.objects.get()
    assert signal.casus is None
    assert signal.queue_team is not None
    assert signal.queue_team.wijken.filter(pk=buurt.wijk_id).exists()


def test_an_unmatched_signal_at_an_address_no_team_covers_has_no_queue_team(beheerder: User) -> None:
    signal_partners()
    import_rows([_row()], source=ImportSource.API, actor=beheerder)
    assert Vroegsignaal.objects.get().queue_team is None


def test_the_first_signal_date_sets_the_casus_norms(residents: list[Inwoner], beheerder: User) -> None:
    import_rows([_row(bsn=residents[0].bsn, gemeld_op="2026-11-02")], source=ImportSource.API, actor=beheerder)
    casus = SignaalCasus.objects.get()
    assert casus.contact_due == date(2026, 11, 16)
    assert casus.analysis_due == date(2026, 11, 30)


def test_a_threat_on_the_first_signal_makes_contact_due_within_three_working_days(
    residents: list[Inwoner], beheerder: User
) -> None:
    row = _row(bsn=residents[0].bsn, gemeld_op="2026-11-05", dreiging=WgsThreat.HUISUITZETTING)
    import_rows([row], source=ImportSource.API, actor=beheerder)
    casus = SignaalCasus.objects.get()
    assert (casus.contact_due, casus.analysis_due) == (date(2026, 11, 10), date(2026, 12, 3))


def test_a_later_threat_brings_the_contact_date_forward(residents: list[Inwoner], beheerder: User) -> None:
    inwoner = residents[0]
    import_rows([_row(bsn=inwoner.bsn, gemeld_op="2026-11-02")], source=ImportSource.API, actor=beheerder)
    threatened = _row(bsn=inwoner.bsn, kenmerk="HUUR-2", gemeld_op="2026-11-05", dreiging=WgsThreat.HUISUITZETTING)
    import_rows([threatened], source=ImportSource.API, actor=beheerder)
    assert SignaalCasus.objects.get().contact_due == date(2026, 11, 10)


def test_partner_codes_are_read_regardless_of_case(residents: list[Inwoner], beheerder: User) -> None:
    result = import_rows([_row(partner="WoonStad")], source=ImportSource.API, actor=beheerder)
    assert result.batch.rows_accepted == 1


@pytest.mark.parametrize("partner", ["woon\x00stad", "woonstad' OR 1=1", "w" * 500, "energie noord"])
def test_a_partner_code_that_cannot_be_a_code_is_refused_per_row_without_a_lookup(
    beheerder: User, partner: str
) -> None:
    """A NUL in a partner code made PostgreSQL refuse the partner lookup (a 500 through the API): the row is
    refused like an unknown partner instead."""
    signal_partners()

    result = import_rows([{"partner": partner, "kenmerk": "X-1"}], source=ImportSource.UPLOAD, actor=beheerder)

    assert result.batch.rows_rejected == 1
    assert not Vroegsignaal.objects.exists()
