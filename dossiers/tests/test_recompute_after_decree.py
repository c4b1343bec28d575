"""A new Royal Decree recomputes the open stored terms it touches (ADR 0009, Atw art. 3 lid 3).

The calendar guesses the Friday after Hemelvaartsdag for a year without a decree: Friday 11 May 2029.
A six-week term from Friday 30 March 2029 ends on that Friday, so the guess moves it to Monday 14 May.
The decree for 2029–2031 below does not name 11 May 2029: the term ends on the Friday itself.
"""

from datetime import date

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django.utils.formats import date_format

from accounts.models import Role, User
from deadlines.models import EquatedDay, EquatedDayDecree
from dossiers.models import Dossier, DossierDeadline, TimelineEvent
from dossiers.recompute import recompute_open_deadlines
from dossiers.services import mark_deadline_met, start_deadline
from dossiers.transitions import Status
from organisation.models import Team
from testsupport.factories import UserFactory, dossier_for

pytestmark = pytest.mark.django_db

START = date(2029, 3, 30)
GUESSED_DUE = date(2029, 5, 14)
DECREED_DUE = date(2029, 5, 11)
REFERENCE = "Stcrt. 2028, 12345"


@pytest.fixture
def beheerder() -> User:
    user = UserFactory(username="ingrid", role=Role.FUNCTIONEEL_BEHEERDER, is_staff=True)
    user.groups.add(Group.objects.get(name="Functioneel beheer"))
    return user


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _dossier(team: Team, generalist: User) -> Dossier:
    return dossier_for(team, status=Status.IN_ONDERZOEK, regisseur=generalist)


def _add_decree_in_beheer(beheerder: User, days: dict[str, str]) -> None:
    data = {
        "title": "Besluit gelijkstelling 2029–2031",
        "reference": REFERENCE,
        "first_year": "2029",
        "last_year": "2031",
        "days-TOTAL_FORMS": str(len(days)),
        "days-INITIAL_FORMS": "0",
        "days-MIN_NUM_FORMS": "0",
        "days-MAX_NUM_FORMS": "1000",
    }
    for index, (day, name) in enumerate(days.items()):
        data[f"days-{index}-date"] = day
        data[f"days-{index}-name"] = name
    response = _client(beheerder).post(reverse("admin:deadlines_equateddaydecree_add"), data)
    assert response.status_code == 302, response.content.decode()[:2000]


def _term_timeline(dossier: Dossier) -> list[str]:
    return list(
        TimelineEvent.objects.filter(dossier=dossier, summary__startswith="Termijn herberekend").values_list(
            "summary", flat=True
        )
    )


def test_an_open_term_computed_with_the_guess_moves_when_the_decree_for_its_year_is_added(
    team: Team, generalist: User, beheerder: User
) -> None:
    dossier = _dossier(team, generalist)
    deadline = start_deadline(dossier, "WMO_ONDERZOEK", START, generalist)
    assert deadline.due == GUESSED_DUE, "without a decree for 2029 the guessed Friday after Hemelvaartsdag counts"
    dossier.refresh_from_db()

    _add_decree_in_beheer(
        beheerder, {"2030-05-31": "Vrijdag na Hemelvaartsdag", "2031-05-23": "Vrijdag na Hemelvaartsdag"}
    )

    deadline.refresh_from_db()
    assert deadline.due == DECREED_DUE
    assert not any("voorlopig" in line for line in deadline.adjustments)
    assert _term_timeline(dossier) == [
        f"Termijn herberekend na Koninklijk Besluit {REFERENCE}: Onderzoek na melding was {date_format(GUESSED_DUE)}, "
        f"nu uiterlijk {date_format(DECREED_DUE)}"
    ]
    event = TimelineEvent.objects.get(dossier=dossier, summary__startswith="Termijn herberekend")
    assert event.actor == beheerder
    dossier.refresh_from_db()
    assert dossier.next_deadline == DECREED_DUE


def test_a_met_term_keeps_its_history_when_a_decree_is_added(team: Team, generalist: User, beheerder: User) -> None:
    dossier = _dossier(team, generalist)
    deadline = start_deadline(dossier, "WMO_ONDERZOEK", START, generalist)
    mark_deadline_met(dossier, "WMO_ONDERZOEK", date(2029, 5, 14), generalist)

    _add_decree_in_beheer(beheerder, {"2030-05-31": "Vrijdag na Hemelvaartsdag"})

    deadline.refresh_from_db()
    assert deadline.due == GUESSED_DUE
    assert deadline.met_on == date(2029, 5, 14)
    assert _term_timeline(dossier) == []


def test_a_lapsed_term_is_not_recomputed(team: Team, generalist: User) -> None:
    dossier = _dossier(team, generalist)
    deadline = start_deadline(dossier, "WMO_ONDERZOEK", START, generalist)
    DossierDeadline.objects.filter(pk=deadline.pk).update(
        cancelled_on=date(2029, 4, 2), cancel_reason="geherkwalificeerd"
    )
    _decree_without_may_11()

    result = recompute_open_deadlines({2029}, f"Koninklijk Besluit {REFERENCE}", None)

    assert result.checked == 0
    deadline.refresh_from_db()
    assert deadline.due == GUESSED_DUE


def _decree_without_may_11() -> EquatedDayDecree:
    decree = EquatedDayDecree.objects.create(
        title="Besluit gelijkstelling 2029–2031", reference=REFERENCE, first_year=2029, last_year=2031
    )
    EquatedDay.objects.create(decree=decree, date=date(2030, 5, 31), name="Vrijdag na Hemelvaartsdag")
    return decree


def test_a_recomputed_term_keeps_its_postponement_and_its_suspensions(team: Team, generalist: User) -> None:
    """The stored inputs go back into the engine: 8 weeks, 2 weeks postponed and 7 suspended days."""
    from dossiers.models import TermSuspension

    dossier = _dossier(team, generalist)
    # Awb 4:13 from Friday 23 March 2029: 10 weeks is Friday 1 June; 7 suspended days give Friday 8 June.
    deadline = start_deadline(dossier, "AWB_BESCHIKKING", date(2029, 3, 23), generalist)
    TermSuspension.objects.create(
        deadline=deadline, ground="aanvulling", start=date(2029, 4, 2), end=date(2029, 4, 9), recorded_by=generalist
    )
    # A stored due that no longer matches its inputs, as one computed with another calendar would.
    DossierDeadline.objects.filter(pk=deadline.pk).update(
        postponed_weeks=2, postponement_reason="advies nodig", due=date(2029, 6, 15), adjustments=["oud"]
    )
    _decree_without_may_11()

    result = recompute_open_deadlines({2029}, f"Koninklijk Besluit {REFERENCE}", None)

    deadline.refresh_from_db()
    assert deadline.due == date(2029, 6, 8)
    assert deadline.adjustments[0].startswith("verdaagd met 2 weken")
    suspended = f"opgeschort {date_format(date(2029, 4, 2))} tot {date_format(date(2029, 4, 9))}"
    assert any(suspended in line for line in deadline.adjustments)
    assert deadline.postponed_weeks == 2
    assert result.moved == 1


def test_only_terms_that_reach_into_a_changed_year_are_recomputed(team: Team, generalist: User) -> None:
    dossier = _dossier(team, generalist)
    earlier = start_deadline(dossier, "WMO_ONDERZOEK", date(2027, 3, 1), generalist)
    DossierDeadline.objects.filter(pk=earlier.pk).update(adjustments=["onaangeroerd"])
    start_deadline(dossier, "WMO_ONDERZOEK", START, generalist)
    _decree_without_may_11()

    result = recompute_open_deadlines({2029}, f"Koninklijk Besluit {REFERENCE}", None)

    assert result.checked == 1
    earlier.refresh_from_db()
    assert earlier.adjustments == ["onaangeroerd"]


def test_changing_an_equated_day_in_beheer_recomputes_the_terms_of_its_year(
    team: Team, generalist: User, beheerder: User
) -> None:
    decree = _decree_without_may_11()
    day = EquatedDay.objects.get(decree=decree)
    dossier = _dossier(team, generalist)
    deadline = start_deadline(dossier, "WMO_ONDERZOEK", START, generalist)
    assert deadline.due == DECREED_DUE

    response = _client(beheerder).post(
        reverse("admin:deadlines_equatedday_change", args=[day.pk]),
        {"decree": decree.pk, "date": "2029-05-11", "name": "Vrijdag na Hemelvaartsdag"},
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    deadline.refresh_from_db()
    assert deadline.due == GUESSED_DUE
    assert _term_timeline(dossier) == [
        f"Termijn herberekend na Koninklijk Besluit {REFERENCE}: Onderzoek na melding was {date_format(DECREED_DUE)}, "
        f"nu uiterlijk {date_format(GUESSED_DUE)}"
    ]


def test_deleting_a_decree_in_beheer_recomputes_its_years_with_the_guess(
    team: Team, generalist: User, beheerder: User
) -> None:
    decree = _decree_without_may_11()
    dossier = _dossier(team, generalist)
    deadline = start_deadline(dossier, "WMO_ONDERZOEK", START, generalist)
    assert deadline.due == DECREED_DUE

    response = _client(beheerder).post(
        reverse("admin:deadlines_equateddaydecree_delete", args=[decree.pk]), {"post": "yes"}
    )

    assert response.status_code == 302
    deadline.refresh_from_db()
    assert deadline.due == GUESSED_DUE
    assert _term_timeline(dossier)[0].startswith(
        f"Termijn herberekend na verwijderen van Koninklijk Besluit {REFERENCE}"
    )
