"""Destruction is complete: after it, no row anywhere points at the dossier or its persons; others are untouched."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.apps import apps
from django.db import models

from allocations.models import Bericht, BerichtTaak, Direction, Toewijzing
from assessments.models import InstrumentDomain, Onderzoek, Score
from audit.models import AccessLogEntry
from audit.services import log_access
from catalogue.codes import Law, Unit
from decisions.models import (
    Beschikking,
    Bezwaar,
    BudgetSpend,
    Letter,
    OtherLawIndication,
    OtherLawKind,
    TeamBudget,
)
from dossiers.models import Dossier, DossierDeadline, Involvement, Melding, Route, TimelineEvent, Urgency
from dossiers.services import add_timeline_event
from organisation.models import Buurt
from plans.models import Actie, Doel, Plan, Uitvoerder
from residents.models import Huishouden, HuishoudenLid, Inwoner, LidRol, Netwerkrelatie, RelatieType
from retention import destruction, services
from retention.models import DestroyedDossierFact, DestructionStatus
from retention.tests.conftest import closed_dossier, with_decision
from testsupport.decision_factories import AanbiederFactory
from testsupport.factories import BuurtFactory, InwonerFactory, dossier_for, household_with

pytestmark = pytest.mark.django_db

CLOSED_ON = date(2004, 6, 30)


def seed_rich_dossier(team, regisseur) -> Dossier:
    """A closed dossier with something in every table that can hang from a dossier or a person."""
    buurt: Buurt = BuurtFactory(wijk__gemeente=team.gemeente)  # type: ignore[assignment]
    dossier = closed_dossier(team, CLOSED_ON, opened_on=date(2002, 3, 1), regisseur=regisseur)
    parent = dossier.huishouden.members.get()
    parent.buurt = buurt
    parent.save()
    child = InwonerFactory(voornamen="Noah", geboortedatum=date(2001, 4, 2))
    HuishoudenLid.objects.create(huishouden=dossier.huishouden, inwoner=child, rol=LidRol.KIND)
    grandmother = InwonerFactory(voornamen="Grietje")
    Netwerkrelatie.objects.create(
        huishouden=dossier.huishouden, name="Oma Grietje", type=RelatieType.MANTELZORGER, for_inwoner=child
    )
    Involvement.objects.create(dossier=dossier, user=regisseur, role="collega")
    for route, urgency, who in ((Route.SCHOOL, Urgency.HOOG, child), (Route.HUISARTS, Urgency.NORMAAL, parent)):
        Melding.objects.create(
            dossier=dossier, inwoner=who, route=route, urgency=urgency, description="Zorgen", registered_by=regisseur
        )
    add_timeline_event(dossier, regisseur, TimelineEvent.Kind.NOTITIE, "Huisbezoek afgelegd")
    deadline = DossierDeadline.objects.create(
        dossier=dossier,
        term_code="wmo_onderzoek",
        label="Onderzoek",
        basis="Wmo",
        start=date(2002, 3, 1),
        due=date(2002, 4, 12),
    )
    onderzoek = Onderzoek.objects.create(
        dossier=dossier, topic_a_needs="Rust in huis", conversation_on=date(2002, 3, 10)
    )
    onderzoek.participants.add(regisseur)
    domain = InstrumentDomain.objects.first()
    for who in (parent, child):
        Score.objects.create(
            inwoner=who, dossier=dossier, domain=domain, level=2, assessed_on=date(2002, 3, 10), assessor=regisseur
        )
    plan = Plan.objects.create(dossier=dossier, going_well="Veel steun van oma", agreed_on=date(2002, 4, 1))
    doel = Doel.objects.create(plan=plan, domain=domain, description="Weer naar school")
    doel.persons.add(child, parent)
    Actie.objects.create(doel=doel, description="Gesprek met mentor", uitvoerder=Uitvoerder.WIJKTEAM)

    aanbieder = AanbiederFactory()
    jeugd = with_decision(dossier, Law.JEUGDWET, start=date(2002, 5, 1), aanbieder=aanbieder)
    jeugd.aanvraag.deadline = deadline
    jeugd.aanvraag.save()
    Letter.objects.create(beschikking=jeugd, pdf=b"%PDF brief", sha256="0" * 64, created_by=regisseur)
    wmo = with_decision(dossier, Law.WMO, start=date(2002, 6, 1), weeks=52)
    replacement = Beschikking.objects.create(
        aanvraag=wmo.aanvraag,
        number="R000001",
        outcome="toekenning",
        motivation="Na bezwaar",
        legal_basis="Wmo 2015",
        status="verzonden",
        prepared_by=regisseur,
        replaces=wmo,
    )
    Bezwaar.objects.create(
        beschikking=wmo,
        received_on=date(2002, 7, 1),
        submitted_by="Ouder",
        grounds="Te weinig uren",
        new_beschikking=replacement,
        registered_by=regisseur,
    )
    regel = jeugd.regels.get()
    toewijzing = Toewijzing.objects.create(
        gemeente=team.gemeente,
        law=Law.JEUGDWET,
        nummer="00000001",
        inwoner=parent,
        aanbieder=aanbieder,
        voorziening=regel.voorziening,
        regel=regel,
        ingangsdatum=date(2002, 5, 1),
        einddatum=date(2002, 10, 30),
        volume=3,
        unit=Unit.UUR,
    )
    assert toewijzing.pk
    sent = Bericht.objects.create(
        direction=Direction.OUT,
        kind="JW301",
        file_name="jw301.xml",
        content=b"<x/>",
        status="verzonden",
        inwoner=parent,
    )
    reply = Bericht.objects.create(
        direction=Direction.IN,
        kind="JW302",
        file_name="jw302.xml",
        content=b"<x/>",
        status="geaccepteerd",
        inwoner=parent,
        in_reply_to=sent,
    )
    BerichtTaak.objects.create(
        bericht=sent, soort="retour_verwacht", term_code="op090", due=date(2002, 5, 8), answer=reply, inwoner=parent
    )
    budget = TeamBudget.objects.create(team=team, year=2002, amount=Decimal("5000"), max_per_spend=Decimal("250"))
    BudgetSpend.objects.create(
        budget=budget,
        dossier=dossier,
        amount=Decimal("40"),
        description="Buskaart",
        reason="Naar school",
        spent_by=regisseur,
    )
    OtherLawIndication.objects.create(
        dossier=dossier, inwoner=parent, kind=OtherLawKind.WLZ, valid_from=date(2003, 1, 1), recorded_by=regisseur
    )
    assert grandmother.pk
    return dossier


def references_to(model: type[models.Model], pks: set[int]) -> list[str]:
    """Every row in the whole project (through tables included) whose foreign key points at one of `pks`."""
    found = []
    for candidate in apps.get_models(include_auto_created=True):
        for field in candidate._meta.get_fields():
            if (
                field.concrete
                and field.is_relation
                and (field.many_to_one or field.one_to_one)
                and field.related_model is model
            ):
                count = candidate._default_manager.filter(**{f"{field.name}__in": pks}).count()
                if count:
                    found.append(f"{candidate._meta.label}.{field.name}: {count}")
    return found


@pytest.fixture
def rich(team, generalist):
    return seed_rich_dossier(team, generalist)


def destroy(dossier, proposer, reviewer):
    record = services.propose_destruction(dossier, proposer, "Termijn verstreken, geen procedure bekend.")
    return services.approve_destruction(record, reviewer, "Akkoord.")


def test_nothing_refers_to_the_dossier_or_its_persons_afterwards(rich, privacy_officer, second_privacy_officer) -> None:
    persons = set(HuishoudenLid.objects.filter(huishouden=rich.huishouden).values_list("inwoner", flat=True))
    household = rich.huishouden_id
    assert len(persons) == 2
    assert references_to(Dossier, {rich.pk}), "the seed should reference the dossier"

    record = destroy(rich, privacy_officer, second_privacy_officer)

    assert record.status == DestructionStatus.EXECUTED
    assert not Dossier.objects.filter(pk=rich.pk).exists()
    assert not Inwoner.objects.filter(pk__in=persons).exists()
    assert not Huishouden.objects.filter(pk=household).exists()
    assert references_to(Dossier, {rich.pk}) == []
    assert references_to(Inwoner, persons) == []
    assert references_to(Huishouden, {household}) == []
    for model in (
        Melding,
        Onderzoek,
        Score,
        Plan,
        Doel,
        Actie,
        Beschikking,
        Letter,
        Bezwaar,
        Toewijzing,
        Bericht,
        BerichtTaak,
        BudgetSpend,
        OtherLawIndication,
        Netwerkrelatie,
    ):
        assert not model.objects.exists(), f"{model.__name__} rows are left"
    assert not TimelineEvent.objects.filter(dossier_id=rich.pk).exists()


def test_other_households_and_shared_members_are_untouched(
    team, generalist, privacy_officer, second_privacy_officer
) -> None:
    dossier = seed_rich_dossier(team, generalist)
    parent = dossier.huishouden.leden.get(rol=LidRol.HOOFD).inwoner
    # The parent also lives in a new household with an open dossier: the parent must stay.
    stepfamily = household_with(parent, InwonerFactory(voornamen="Sem"))
    open_dossier = Dossier.objects.create(huishouden=stepfamily, team=team)
    Melding.objects.create(
        dossier=open_dossier,
        inwoner=parent,
        route=Route.ZELFMELDER,
        description="Nieuwe vraag",
        registered_by=generalist,
    )
    kept_indication = OtherLawIndication.objects.create(
        dossier=open_dossier, inwoner=parent, kind=OtherLawKind.WLZ, valid_from=date(2003, 1, 1), recorded_by=generalist
    )
    neighbours = dossier_for(team)
    neighbour = neighbours.huishouden.members.get()
    counts_before = {model: model.objects.count() for model in (Inwoner, Huishouden, Dossier, Melding)}

    destroy(dossier, privacy_officer, second_privacy_officer)

    assert Inwoner.objects.filter(pk=parent.pk).exists()
    assert set(stepfamily.members.all()) >= {parent}
    assert Melding.objects.filter(dossier=open_dossier).count() == 1
    assert Dossier.objects.filter(pk__in=[open_dossier.pk, neighbours.pk]).count() == 2
    assert neighbours.huishouden.members.get() == neighbour
    # Gone: the child, the destroyed household, the dossier and its two meldingen, and what the dossier
    # owned (the Wlz indication recorded in it); the parent and what the other dossier owns stay.
    assert Inwoner.objects.count() == counts_before[Inwoner] - 1
    assert Huishouden.objects.count() == counts_before[Huishouden] - 1
    assert Dossier.objects.count() == counts_before[Dossier] - 1
    assert Melding.objects.count() == counts_before[Melding] - 2
    assert list(OtherLawIndication.objects.filter(inwoner=parent)) == [kept_indication]


def test_a_household_with_another_dossier_keeps_its_members(
    team, generalist, privacy_officer, second_privacy_officer
) -> None:
    old = closed_dossier(team, date(2010, 1, 5))
    later = Dossier.objects.create(huishouden=old.huishouden, team=team)
    destroy(old, privacy_officer, second_privacy_officer)
    assert Dossier.objects.filter(pk=later.pk).exists()
    assert later.huishouden.members.count() == 1


def test_the_anonymous_facts_stay_without_personal_data(rich, privacy_officer, second_privacy_officer) -> None:
    names = set()
    for inwoner in Inwoner.objects.filter(huishoudens=rich.huishouden):
        names |= {inwoner.voornamen, inwoner.achternaam, inwoner.bsn, inwoner.straat, inwoner.postcode}

    record = destroy(rich, privacy_officer, second_privacy_officer)

    fact = DestroyedDossierFact.objects.get(destruction=record)
    assert fact.gemeente_code == rich.team.gemeente.cbs_code
    assert fact.team_name == rich.team.name
    assert fact.wijk_code.startswith("WK")
    assert (fact.opened_month, fact.closed_month) == ("2002-03", "2004-06")
    assert fact.routes == [Route.HUISARTS, Route.SCHOOL]
    assert fact.urgency == Urgency.HOOG
    assert fact.laws_with_decisions == [Law.WMO, Law.JEUGDWET]
    assert (fact.melding_count, fact.beschikking_count) == (2, 3)
    assert record.facts["melding_count"] == 2
    stored = " ".join(str(value) for value in record.facts.values()) + repr(record.reason) + repr(record.review_note)
    for value in names - {""}:
        assert str(value) not in stored


def test_the_access_log_stays_and_records_the_steps(rich, privacy_officer, second_privacy_officer) -> None:
    log_access(
        None, user=privacy_officer, action="view", basis="privacy_toezicht", object_type="dossier", dossier_id=rich.pk
    )
    before = AccessLogEntry.objects.filter(dossier_id=rich.pk).count()
    record = destroy(rich, privacy_officer, second_privacy_officer)
    steps = list(
        AccessLogEntry.objects.filter(object_type="vernietiging", object_id=str(record.pk)).values_list(
            "detail", flat=True
        )
    )
    assert sorted(steps) == ["vernietiging goedgekeurd", "vernietiging uitgevoerd", "vernietiging voorgesteld"]
    assert AccessLogEntry.objects.filter(dossier_id=rich.pk).count() == before + 3


def test_the_onderzoek_participants_are_staff_and_stay(
    rich, generalist, privacy_officer, second_privacy_officer
) -> None:
    destroy(rich, privacy_officer, second_privacy_officer)
    generalist.refresh_from_db()
    assert generalist.is_active


def test_days_per_stage_come_from_the_status_changes(team, generalist, privacy_officer, second_privacy_officer) -> None:
    dossier = closed_dossier(team, date(2010, 3, 1), opened_on=date(2010, 1, 1), regisseur=generalist)
    opened = dossier.opened_at
    for days, old, new in (
        (10, "aangemeld", "in_triage"),
        (30, "in_triage", "in_onderzoek"),
        (59, "in_onderzoek", "afgesloten"),
    ):
        TimelineEvent.objects.create(
            dossier=dossier,
            at=opened + timedelta(days=days),
            kind="status",
            summary="Status",
            data={"old": old, "new": new},
        )
    record = destroy(dossier, privacy_officer, second_privacy_officer)
    assert record.facts["days_per_stage"] == {"aangemeld": 10, "in_triage": 20, "in_onderzoek": 29}


def test_when_another_dossier_still_needs_a_row_nothing_is_removed(
    rich, generalist, privacy_officer, second_privacy_officer
) -> None:
    # A decision in another dossier replaces one of this dossier's decisions (PROTECT): destruction must stop whole.
    other = dossier_for(rich.team, regisseur=generalist)
    other_decision = with_decision(other, Law.WMO, start=date(2003, 1, 1))
    other_decision.replaces = Beschikking.objects.filter(aanvraag__dossier=rich).first()
    other_decision.save()
    meldingen = Melding.objects.filter(dossier=rich).count()
    record = services.propose_destruction(rich, privacy_officer, "Termijn verstreken.")

    with pytest.raises(services.DestructionRefused, match="niets verwijderd"):
        services.approve_destruction(record, second_privacy_officer)

    assert Dossier.objects.filter(pk=rich.pk).exists()
    assert Melding.objects.filter(dossier=rich).count() == meldingen
    assert Letter.objects.exists() and Toewijzing.objects.exists()
    assert not DestroyedDossierFact.objects.exists()
    record.refresh_from_db()
    assert record.status == DestructionStatus.PROPOSED


def test_models_it_does_not_know_are_found_through_the_registry(rich, monkeypatch) -> None:
    """A model added later (consent records, notes) that points at the dossier or a person is swept along."""
    monkeypatch.setattr(destruction, "HANDLED_MODELS", destruction.HANDLED_MODELS - {BudgetSpend, OtherLawIndication})
    found = {rows.model: rows.count() for rows in destruction._foreign_rows(destruction.plan_targets(rich))}
    assert found[BudgetSpend] == 1
    assert found[OtherLawIndication] == 1


def test_a_dossier_whose_melding_came_in_by_every_way_can_be_destroyed(
    team, generalist, privacy_officer, second_privacy_officer
) -> None:
    """The melding's own terms, the vroegsignaal it came from and the partner's report all point at the melding
    (PROTECT): they go with it, before it, instead of blocking the destruction."""
    from deadlines.terms import WGS_EERSTE_GESPREK_DREIGEND
    from dossiers.services import start_deadline
    from partners.models import PartnerMelding
    from vroegsignalering.models import CasusOutcome, SignaalCasus, SignalKind, Vroegsignaal
    from vroegsignalering.testing import signal_partners

    dossier = closed_dossier(team, CLOSED_ON, opened_on=date(2002, 3, 1), regisseur=generalist)
    person = dossier.huishouden.members.get()
    melding = Melding.objects.create(
        dossier=dossier,
        inwoner=person,
        route=Route.VROEGSIGNAAL,
        regime="schuldhulp",
        wgs_threat="huisuitzetting",
        description="Aanbod geaccepteerd",
        registered_by=generalist,
    )
    start_deadline(dossier, WGS_EERSTE_GESPREK_DREIGEND.code, date(2002, 3, 1), generalist, melding=melding)
    housing, _energy = signal_partners()
    casus = SignaalCasus.objects.create(
        huishouden=dossier.huishouden, team=team, outcome=CasusOutcome.GEACCEPTEERD, melding=melding
    )
    Vroegsignaal.objects.create(
        partner=housing,
        partner_signal_id="H-1",
        kind=SignalKind.HUUR,
        reported_on=date(2002, 2, 20),
        arrears_amount=Decimal("900.00"),
        achternaam=person.achternaam,
        postcode="1234AB",
        huisnummer=1,
        inwoner=person,
        casus=casus,
    )
    PartnerMelding.objects.create(partner=housing, achternaam=person.achternaam, description="Zorgen", melding=melding)

    record = destroy(dossier, privacy_officer, second_privacy_officer)

    assert record.status == DestructionStatus.EXECUTED
    for model in (Melding, DossierDeadline, SignaalCasus, Vroegsignaal, PartnerMelding):
        assert not model.objects.exists(), f"{model.__name__} rows are left"
