"""One onderzoek term per need (Wmo 2015 art. 2.3.2 lid 1 and 9).

Each Wmo melding starts its own onderzoek term. An onderzoek answers the meldingen it was about; completing
it meets only their terms, never the term of a melding reported after it. An aanvraag follows the onderzoek
into its own need.
"""

from datetime import date, datetime, time, timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from assessments.models import Onderzoek, Outcome
from assessments.services import OnderzoekInput, current_onderzoek, needs_new_onderzoek, save_onderzoek
from catalogue.models import Voorziening
from decisions.services import submit_aanvraag
from dossiers.models import Dossier, DossierDeadline, Melding, Route, Urgency
from dossiers.services import DeadlineNotMet, NewMelding, mark_deadline_met, register_melding
from testsupport.decision_factories import VoorzieningFactory, priced
from testsupport.factories import InwonerFactory, household_with

TODAY = timezone.localdate

COMPLETE: dict[str, Any] = {
    "topic_a_needs": "Hulp bij het huishouden.",
    "topic_b_own_strength": "Kookt zelf.",
    "topic_c_network": "Dochter helpt.",
    "topic_d_carer_support_na": "Geen vraag van de dochter.",
    "topic_e_general_provisions": "Boodschappendienst.",
    "topic_f_cooperation_na": "Geen andere zorg.",
    "topic_g_contribution": "Uitgelegd.",
    "pgb_information_given": True,
    "outcome": Outcome.MAATWERK,
    "verslag": "Hulp bij het huishouden is nodig.",
}


def _on(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(10, 0)))


def _register(generalist, team, inwoner, huishouden, day: date) -> Melding:
    return register_melding(
        actor=generalist,
        team=team,
        inwoner=inwoner,
        huishouden=huishouden,
        melding=NewMelding(
            route=Route.ZELFMELDER, description="Vraagt hulp.", urgency=Urgency.NORMAAL, received_at=_on(day)
        ),
    )


def _complete(dossier: Dossier, generalist, on: date, onderzoek: Onderzoek | None = None) -> Onderzoek:
    values = {**COMPLETE, "clientondersteuning_offered_on": on, "conversation_on": on, "completed_on": on}
    return save_onderzoek(
        dossier,
        OnderzoekInput(values=values),
        onderzoek=onderzoek,
        version=onderzoek.version if onderzoek else 0,
        actor=generalist,
        basis="regisseur",
    )


@pytest.fixture
def first_need(team, generalist):
    """A Wmo melding 60 days ago, its onderzoek completed 40 days ago; then a new Wmo melding 10 days ago."""
    inwoner = InwonerFactory()
    huishouden = household_with(inwoner)
    first = _register(generalist, team, inwoner, huishouden, TODAY() - timedelta(days=60))
    dossier = first.dossier
    onderzoek = _complete(dossier, generalist, TODAY() - timedelta(days=40))
    second = _register(generalist, team, inwoner, huishouden, TODAY() - timedelta(days=10))
    assert second.dossier == dossier
    return dossier, first, second, onderzoek


def _term(melding: Melding) -> DossierDeadline:
    return DossierDeadline.objects.get(melding=melding, term_code="WMO_ONDERZOEK")


def test_a_second_wmo_melding_has_its_own_term_that_only_its_own_onderzoek_meets(first_need, generalist):
    dossier, first, second, earlier = first_need
    assert _term(first).met_on == TODAY() - timedelta(days=40)
    assert _term(second).start == TODAY() - timedelta(days=10)

    # Re-saving the earlier, completed onderzoek leaves the new need's term alone.
    earlier.refresh_from_db()
    _complete(dossier, generalist, TODAY() - timedelta(days=40), onderzoek=earlier)
    assert _term(second).met_on is None

    # The page now offers a new onderzoek, which answers the new melding and meets its term.
    assert needs_new_onderzoek(dossier) and current_onderzoek(dossier) is None
    new = _complete(dossier, generalist, TODAY() - timedelta(days=2))
    assert list(new.meldingen.all()) == [second]
    assert list(earlier.meldingen.all()) == [first]
    assert _term(second).met_on == TODAY() - timedelta(days=2)
    assert _term(first).met_on == TODAY() - timedelta(days=40)


def test_an_onderzoek_completed_before_a_melding_does_not_answer_it(first_need):
    _dossier, _first, second, earlier = first_need

    assert not earlier.meldingen.filter(pk=second.pk).exists()
    assert second.onderzoeken.count() == 0  # type: ignore[attr-defined]


def test_an_onderzoek_in_progress_takes_on_a_melding_reported_meanwhile(team, generalist):
    inwoner = InwonerFactory()
    huishouden = household_with(inwoner)
    first = _register(generalist, team, inwoner, huishouden, TODAY() - timedelta(days=20))
    onderzoek = save_onderzoek(
        first.dossier,
        OnderzoekInput(values={"topic_a_needs": "Eerste gesprek."}),
        version=0,
        actor=generalist,
        basis="regisseur",
    )
    second = Melding.objects.create(
        dossier=first.dossier,
        inwoner=inwoner,
        route=Route.ZELFMELDER,
        description="Ook vervoer.",
        regime="wmo",
        received_at=_on(TODAY() - timedelta(days=5)),
        registered_by=generalist,
    )

    onderzoek = _complete(first.dossier, generalist, TODAY() - timedelta(days=1), onderzoek=onderzoek)

    assert set(onderzoek.meldingen.all()) == {first, second}


def test_mark_deadline_met_refuses_a_date_before_the_term_started(first_need, generalist):
    dossier, _first, second, _earlier = first_need

    with pytest.raises(DeadlineNotMet, match="begon op"):
        mark_deadline_met(dossier, "WMO_ONDERZOEK", TODAY() - timedelta(days=40), generalist)

    assert _term(second).met_on is None


def test_completing_an_onderzoek_before_its_own_melding_was_reported_is_refused(team, generalist):
    inwoner = InwonerFactory()
    melding = _register(generalist, team, inwoner, household_with(inwoner), TODAY() - timedelta(days=5))
    onderzoek = save_onderzoek(
        melding.dossier, OnderzoekInput(values={}), version=0, actor=generalist, basis="regisseur"
    )

    with pytest.raises(ValidationError) as refused:
        _complete(melding.dossier, generalist, TODAY() - timedelta(days=8), onderzoek=onderzoek)

    assert "completed_on" in refused.value.message_dict
    onderzoek.refresh_from_db()
    assert onderzoek.completed_on is None
    assert _term(melding).met_on is None


@pytest.fixture
def hulp(db) -> Voorziening:
    return priced(VoorzieningFactory(name="Hulp bij het huishouden"), "30.00")


def _aanvraag(dossier: Dossier, generalist, voorziening: Voorziening, **extra: Any):
    return submit_aanvraag(
        dossier,
        generalist,
        inwoner=dossier.huishouden.members.first(),
        law="wmo",
        received_on=TODAY(),
        description="Hulp bij het huishouden",
        voorzieningen=[voorziening],
        **extra,
    )


def test_an_aanvraag_after_a_new_melding_needs_the_new_onderzoek(first_need, generalist, hulp):
    dossier, _first, _second, _earlier = first_need

    with pytest.raises(ValidationError, match=r"art\. 2\.3\.2 lid 9"):
        _aanvraag(dossier, generalist, hulp)

    _complete(dossier, generalist, TODAY() - timedelta(days=1))
    assert _aanvraag(dossier, generalist, hulp).pk


def test_an_aanvraag_may_follow_when_the_new_needs_six_weeks_passed_without_onderzoek(team, generalist, hulp):
    inwoner = InwonerFactory()
    huishouden = household_with(inwoner)
    first = _register(generalist, team, inwoner, huishouden, TODAY() - timedelta(days=120))
    _complete(first.dossier, generalist, TODAY() - timedelta(days=100))
    _register(generalist, team, inwoner, huishouden, TODAY() - timedelta(days=60))

    assert _aanvraag(first.dossier, generalist, hulp).pk


def test_a_wmo_melding_during_a_running_term_gets_its_own_term_and_one_onderzoek_meets_both(team, generalist):
    """Wmo 2.3.2 lid 1 counts six weeks from *each* melding; one onderzoek may answer both needs."""
    inwoner = InwonerFactory()
    huishouden = household_with(inwoner)
    first = _register(generalist, team, inwoner, huishouden, TODAY() - timedelta(days=30))
    second = _register(generalist, team, inwoner, huishouden, TODAY() - timedelta(days=20))

    assert _term(first).start == TODAY() - timedelta(days=30)
    assert _term(second).start == TODAY() - timedelta(days=20)
    assert _term(second).due > _term(first).due

    onderzoek = _complete(first.dossier, generalist, TODAY() - timedelta(days=5))

    assert set(onderzoek.meldingen.all()) == {first, second}
    assert _term(first).met_on == _term(second).met_on == TODAY() - timedelta(days=5)
