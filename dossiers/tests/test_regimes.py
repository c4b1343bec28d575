"""The melding knows its law (issue 10, item 4): the regime decides which terms start, and when."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from audit.models import AccessAction, AccessLogEntry
from deadlines.calendar_source import current_calendar
from deadlines.terms import DeadlineState
from dossiers import parts
from dossiers.models import DossierDeadline, Melding, Regime, Route, TimelineEvent, Urgency, WgsThreat
from dossiers.regimes import DEFAULT_REGIME, default_regime
from dossiers.selectors import stored_deadline_state
from dossiers.services import NewMelding, register_melding, requalify_melding
from dossiers.tests.views_support import logged_in
from testsupport.factories import InwonerFactory, UserFactory, household_with

AMS = ZoneInfo("Europe/Amsterdam")


def _register(actor, team, route: str, received: datetime, *, regime: str = "", wgs_threat: str = "") -> Melding:
    inwoner = InwonerFactory()
    return register_melding(
        actor=actor,
        team=team,
        inwoner=inwoner,
        huishouden=household_with(inwoner),
        melding=NewMelding(
            route=route,
            description="Signaal",
            urgency=Urgency.NORMAAL,
            received_at=received,
            regime=regime,
            wgs_threat=wgs_threat,
        ),
    )


def _codes(melding: Melding) -> set[str]:
    return set(DossierDeadline.objects.filter(dossier=melding.dossier).values_list("term_code", flat=True))


def test_every_route_has_a_default_regime_and_only_a_residents_own_request_or_referral_is_wmo() -> None:
    assert set(DEFAULT_REGIME) == set(Route.values)
    wmo = {route for route in Route.values if default_regime(route) == Regime.WMO}
    assert wmo == {Route.ZELFMELDER, Route.HUISARTS}


@pytest.mark.django_db
def test_vroegsignaal_melding_gets_no_wmo_term_only_the_contact_norm(team, generalist) -> None:
    melding = _register(generalist, team, Route.VROEGSIGNAAL, datetime(2026, 3, 2, 10, 0, tzinfo=AMS))
    assert melding.regime == Regime.GEEN_HULPVRAAG
    assert _codes(melding) == {"NORM_CONTACT"}
    norm = DossierDeadline.objects.get(dossier=melding.dossier)
    assert norm.is_norm
    assert norm.due == date(2026, 3, 16)  # 14 days, the default contact norm
    assert "geen wettelijke termijn" in norm.basis


@pytest.mark.django_db
def test_a_schools_worry_is_not_yet_a_request_for_help_and_starts_no_legal_term(team, generalist) -> None:
    melding = _register(generalist, team, Route.SCHOOL, datetime(2026, 3, 2, 10, 0, tzinfo=AMS))
    assert melding.regime == Regime.GEEN_HULPVRAAG
    assert not melding.is_wmo
    assert not any(code.startswith("WMO_") for code in _codes(melding))


@pytest.mark.django_db
def test_wgs_melding_in_a_threatening_situation_gets_a_first_conversation_within_three_working_days(
    team, generalist
) -> None:
    # Friday 20 March 2026 + 3 working days = Wednesday 25 March.
    melding = _register(
        generalist,
        team,
        Route.VROEGSIGNAAL,
        datetime(2026, 3, 20, 11, 0, tzinfo=AMS),
        regime=Regime.SCHULDHULP,
        wgs_threat=WgsThreat.AFSLUITING_WATER,
    )
    assert melding.wgs_threat == WgsThreat.AFSLUITING_WATER
    term = DossierDeadline.objects.get(dossier=melding.dossier)
    assert term.term_code == "WGS_EERSTE_GESPREK_DREIGEND"
    assert term.due == date(2026, 3, 25)
    assert not term.is_norm


@pytest.mark.django_db
def test_wgs_melding_without_a_threat_gets_a_first_conversation_within_four_weeks(team, generalist) -> None:
    melding = _register(
        generalist, team, Route.ZELFMELDER, datetime(2026, 3, 2, 9, 0, tzinfo=AMS), regime=Regime.SCHULDHULP
    )
    term = DossierDeadline.objects.get(dossier=melding.dossier)
    assert (term.term_code, term.due) == ("WGS_EERSTE_GESPREK", date(2026, 3, 30))


@pytest.mark.django_db
def test_a_threatening_situation_belongs_to_a_wgs_melding_only(team, generalist) -> None:
    with pytest.raises(ValidationError):
        _register(
            generalist,
            team,
            Route.ZELFMELDER,
            datetime(2026, 3, 2, 9, 0, tzinfo=AMS),
            regime=Regime.WMO,
            wgs_threat=WgsThreat.HUISUITZETTING,
        )
    assert not Melding.objects.exists()


@pytest.mark.django_db
def test_jeugdwet_melding_gets_the_municipal_onderzoek_norm_not_a_legal_term(team, generalist, settings) -> None:
    settings.NORM_JEUGD_ONDERZOEK_WEKEN = 4
    melding = _register(generalist, team, Route.SCHOOL, datetime(2026, 3, 2, 9, 0, tzinfo=AMS), regime=Regime.JEUGDWET)
    term = DossierDeadline.objects.get(dossier=melding.dossier)
    assert term.term_code == "NORM_JEUGD_ONDERZOEK"
    assert term.is_norm
    assert term.due == date(2026, 3, 30)
    assert "4 weken" in term.basis


@pytest.mark.django_db
def test_participatiewet_melding_starts_no_term_until_the_aanvraag(team, generalist) -> None:
    melding = _register(
        generalist, team, Route.ZELFMELDER, datetime(2026, 3, 2, 9, 0, tzinfo=AMS), regime=Regime.PARTICIPATIEWET
    )
    assert _codes(melding) == set()


@pytest.mark.django_db
def test_requalifying_a_worry_to_wmo_starts_the_six_week_term_from_the_requalification_date(team, generalist) -> None:
    melding = _register(generalist, team, Route.SCHOOL, datetime(2026, 2, 2, 9, 0, tzinfo=AMS))
    requalify_melding(
        melding,
        regime=Regime.WMO,
        on=date(2026, 2, 20),
        reason="Moeder vraagt ondersteuning bij het huishouden",
        actor=generalist,
    )
    melding.refresh_from_db()
    assert melding.regime == Regime.WMO
    onderzoek = DossierDeadline.objects.get(dossier=melding.dossier, term_code="WMO_ONDERZOEK")
    # 20 Feb 2026 + 6 weeks = Goede Vrijdag 3 April -> Tuesday 7 April.
    assert (onderzoek.start, onderzoek.due) == (date(2026, 2, 20), date(2026, 4, 7))
    plan = DossierDeadline.objects.get(dossier=melding.dossier, term_code="WMO_PERSOONLIJK_PLAN")
    assert plan.start == date(2026, 2, 20)
    contact = DossierDeadline.objects.get(dossier=melding.dossier, term_code="NORM_CONTACT")
    assert contact.cancelled_on == date(2026, 2, 20)
    assert "Moeder vraagt ondersteuning" in contact.cancel_reason
    event = TimelineEvent.objects.filter(dossier=melding.dossier, kind=TimelineEvent.Kind.MELDING).first()
    assert event is not None and "geherkwalificeerd" in event.summary
    assert AccessLogEntry.objects.filter(
        action=AccessAction.UPDATE, object_type="melding", object_id=str(melding.pk)
    ).exists()


@pytest.mark.django_db
def test_requalifying_away_from_wmo_lapses_its_open_terms_but_keeps_them(team, generalist) -> None:
    melding = _register(generalist, team, Route.ZELFMELDER, datetime(2026, 2, 2, 9, 0, tzinfo=AMS))
    requalify_melding(
        melding,
        regime=Regime.SCHULDHULP,
        wgs_threat=WgsThreat.HUISUITZETTING,
        on=date(2026, 2, 5),
        reason="Het gaat om schulden, ontruiming aangezegd",
        actor=generalist,
    )
    wmo = DossierDeadline.objects.filter(dossier=melding.dossier, term_code__startswith="WMO_")
    assert wmo.count() == 2
    assert all(term.cancelled_on == date(2026, 2, 5) and not term.is_open for term in wmo)
    assert stored_deadline_state(wmo[0], date(2026, 2, 6), current_calendar()) == DeadlineState.VERVALLEN
    wgs = DossierDeadline.objects.get(dossier=melding.dossier, term_code="WGS_EERSTE_GESPREK_DREIGEND")
    assert (wgs.start, wgs.due) == (date(2026, 2, 5), date(2026, 2, 10))
    melding.dossier.refresh_from_db()
    assert melding.dossier.next_deadline == wgs.due


@pytest.mark.django_db
def test_a_threat_arising_in_a_wgs_melding_replaces_the_four_weeks_by_three_working_days(team, generalist) -> None:
    melding = _register(
        generalist, team, Route.ZELFMELDER, datetime(2026, 3, 2, 9, 0, tzinfo=AMS), regime=Regime.SCHULDHULP
    )
    requalify_melding(
        melding,
        regime=Regime.SCHULDHULP,
        wgs_threat=WgsThreat.ZORGVERZEKERING,
        on=date(2026, 3, 9),
        reason="Zorgverzekeraar zegt op",
        actor=generalist,
    )
    terms = {t.term_code: t for t in DossierDeadline.objects.filter(dossier=melding.dossier)}
    assert terms["WGS_EERSTE_GESPREK"].cancelled_on == date(2026, 3, 9)
    assert terms["WGS_EERSTE_GESPREK_DREIGEND"].due == date(2026, 3, 12)


@pytest.mark.django_db
def test_requalifying_needs_a_reason_and_a_change(team, generalist) -> None:
    melding = _register(generalist, team, Route.SCHOOL, datetime(2026, 2, 2, 9, 0, tzinfo=AMS))
    with pytest.raises(ValidationError):
        requalify_melding(melding, regime=Regime.WMO, on=date(2026, 2, 3), reason=" ", actor=generalist)
    with pytest.raises(ValidationError):
        requalify_melding(melding, regime=Regime.GEEN_HULPVRAAG, on=date(2026, 2, 3), reason="Zelfde", actor=generalist)
    with pytest.raises(ValidationError):
        requalify_melding(melding, regime=Regime.WMO, on=date(2026, 1, 30), reason="Te vroeg", actor=generalist)
    assert _codes(melding) == {"NORM_CONTACT"}


@pytest.mark.django_db
def test_new_melding_screen_takes_the_regime_from_the_route_unless_chosen(team, generalist) -> None:
    from dossiers.tests.test_views_melding import URL, _melding_fields, _new_resident_fields

    client = logged_in(generalist)
    client.post(URL, _new_resident_fields() | _melding_fields(team, route="vroegsignaal", regime=""))
    melding = Melding.objects.get()
    assert melding.regime == Regime.GEEN_HULPVRAAG
    assert not any(code.startswith("WMO_") for code in _codes(melding))


@pytest.mark.django_db
def test_the_regisseur_requalifies_a_melding_on_the_dossier_page(team, generalist) -> None:
    melding = _register(generalist, team, Route.WIJKAGENT, datetime(2026, 2, 2, 9, 0, tzinfo=AMS))
    dossier = melding.dossier
    from dossiers.services import assign_regisseur

    assign_regisseur(dossier, generalist, actor=generalist)
    client = logged_in(generalist)
    page = client.get(parts.tab_url(dossier.pk, parts.MELDINGEN)).content.decode()
    assert reverse("dossiers:melding_herkwalificeren", args=[dossier.pk, melding.pk]) in page
    assert "werknorm" in client.get(parts.tab_url(dossier.pk, parts.OVERZICHT)).content.decode()
    response = client.post(
        reverse("dossiers:melding_herkwalificeren", args=[dossier.pk, melding.pk]),
        {"regime": "jeugdwet", "wgs_threat": "", "on": "2026-02-10", "reason": "Ouders vragen hulp"},
    )
    assert response.status_code == 302
    melding.refresh_from_db()
    assert melding.regime == Regime.JEUGDWET
    assert "NORM_JEUGD_ONDERZOEK" in _codes(melding)


@pytest.mark.django_db
def test_someone_not_involved_cannot_requalify_a_melding(team, generalist) -> None:
    melding = _register(generalist, team, Route.WIJKAGENT, datetime(2026, 2, 2, 9, 0, tzinfo=AMS))
    outsider = UserFactory()
    response = logged_in(outsider).post(
        reverse("dossiers:melding_herkwalificeren", args=[melding.dossier.pk, melding.pk]),
        {"regime": "wmo", "wgs_threat": "", "on": "2026-02-10", "reason": "Probeer"},
    )
    assert response.status_code in (403, 404)
    melding.refresh_from_db()
    assert melding.regime == Regime.GEEN_HULPVRAAG


@pytest.mark.django_db(transaction=True)
def test_migration_keeps_each_meldings_law_a_wmo_melding_stays_wmo_and_any_other_is_not_yet_a_request(
    team, generalist
) -> None:
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor
    from django.utils import timezone

    before, after = [("dossiers", "0005_termsuspension")], [("dossiers", "0006_melding_regime")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old_apps = executor.loader.project_state(before).apps
    huishouden = old_apps.get_model("residents", "Huishouden").objects.create(type="alleenstaand")
    inwoner = old_apps.get_model("residents", "Inwoner").objects.create(
        voornamen="Oud", achternaam="Gegeven", geboortedatum=date(1970, 1, 1)
    )
    dossier = old_apps.get_model("dossiers", "Dossier").objects.create(huishouden=huishouden, team_id=team.pk)
    OldMelding = old_apps.get_model("dossiers", "Melding")
    common = {"dossier": dossier, "inwoner": inwoner, "description": "x", "registered_by_id": generalist.pk}
    wmo = OldMelding.objects.create(route="huisarts", is_wmo=True, received_at=timezone.now(), **common)
    worry = OldMelding.objects.create(route="zelfmelder", is_wmo=False, received_at=timezone.now(), **common)

    executor = MigrationExecutor(connection)
    executor.migrate(after)
    new_apps = executor.loader.project_state(after).apps
    regimes = dict(new_apps.get_model("dossiers", "Melding").objects.values_list("pk", "regime"))
    assert regimes == {wmo.pk: "wmo", worry.pk: "geen_hulpvraag"}
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db
def test_a_lapsed_wmo_term_does_not_keep_a_new_wmo_melding_from_starting_its_own(team, generalist) -> None:
    first = _register(generalist, team, Route.ZELFMELDER, datetime(2026, 2, 2, 9, 0, tzinfo=AMS))
    requalify_melding(first, regime=Regime.GEEN_HULPVRAAG, on=date(2026, 2, 3), reason="Geen vraag", actor=generalist)
    second = register_melding(
        actor=generalist,
        team=team,
        inwoner=first.inwoner,
        huishouden=first.dossier.huishouden,
        melding=NewMelding(
            route=Route.ZELFMELDER,
            description="Vraagt nu toch hulp",
            urgency=Urgency.NORMAAL,
            received_at=datetime(2026, 2, 9, 9, 0, tzinfo=AMS),
        ),
    )
    assert second.dossier_id == first.dossier_id
    own = DossierDeadline.objects.get(melding=second, term_code="WMO_ONDERZOEK")
    assert own.start == date(2026, 2, 9) and own.is_open
