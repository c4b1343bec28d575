"""Closing a dossier asks for confirmation and says what is still open (issue 12)."""

from datetime import date

from django.urls import reverse
from django.utils.formats import date_format

from consent.tests.support import consult, specialist
from dossiers.models import Dossier, TimelineEvent
from dossiers.sections import Section
from dossiers.tests.views_support import logged_in, with_deadline
from dossiers.transitions import CloseReason, Status
from plans.models import Actie, Doel, Plan
from testsupport.decision_factories import aanvraag_for
from testsupport.factories import dossier_for


def _url(dossier: Dossier) -> str:
    return reverse("dossiers:afsluiten", args=[dossier.pk])


def test_the_overview_offers_closing_as_a_link_not_as_a_button_next_to_the_forward_step(team, generalist) -> None:
    dossier = dossier_for(team, status=Status.PLAN, regisseur=generalist)
    page = logged_in(generalist).get(reverse("dossiers:detail", args=[dossier.pk])).content.decode()
    assert 'value="afgesloten"' not in page and _url(dossier) in page
    assert 'value="uitvoering" class="utrecht-button utrecht-button--primary-action"' in page
    assert 'value="in_onderzoek" class="utrecht-button utrecht-button--secondary-action"' in page


def test_the_confirmation_lists_open_goals_actions_aanvragen_and_running_terms(team, generalist) -> None:
    dossier = dossier_for(team, status=Status.UITVOERING, regisseur=generalist)
    plan = Plan.objects.create(dossier=dossier)
    doel = Doel.objects.create(plan=plan, description="Weer zelf koken")
    Actie.objects.create(doel=doel, description="Kookcursus zoeken", uitvoerder="huishouden")
    aanvraag_for(dossier)
    with_deadline(dossier, date(2030, 1, 7), label="Onderzoek na melding")
    page = logged_in(generalist).get(_url(dossier)).content.decode()
    assert "1 doel is nog niet afgerond." in page
    assert "1 actie staat nog open." in page
    assert "1 aanvraag is nog in behandeling" in page
    assert (
        f"De termijn &#x27;Onderzoek na melding&#x27; loopt nog (uiterste datum {date_format(date(2030, 1, 7))})."
        in page
    )


def test_without_a_reason_nothing_changes_and_the_form_says_why(team, generalist) -> None:
    dossier = dossier_for(team, status=Status.UITVOERING, regisseur=generalist)
    response = logged_in(generalist).post(_url(dossier), {"close_reason": "", "reason": ""})
    assert response.status_code == 400
    assert "Reden van afsluiten" in response.content.decode()
    dossier.refresh_from_db()
    assert dossier.status == Status.UITVOERING


def test_confirming_closes_the_dossier_and_ends_the_access(team, generalist) -> None:
    dossier = dossier_for(team, status=Status.UITVOERING, regisseur=generalist)
    response = logged_in(generalist).post(
        _url(dossier),
        {"close_reason": CloseReason.DOELEN_BEREIKT, "outcome_step": "netwerk", "reason": "Alles loopt weer"},
    )
    assert response.status_code == 302 and response["Location"] == reverse("dossiers:werkvoorraad")
    dossier.refresh_from_db()
    assert dossier.status == Status.AFGESLOTEN and dossier.close_reason == CloseReason.DOELEN_BEREIKT
    assert TimelineEvent.objects.filter(dossier=dossier, kind=TimelineEvent.Kind.STATUS).exists()


def test_a_consultation_cannot_close(team, generalist) -> None:
    dossier = dossier_for(team, status=Status.UITVOERING, regisseur=generalist)
    who = specialist()
    consult(dossier, generalist, who, sections=tuple(Section))
    client = logged_in(who)
    assert client.get(_url(dossier)).status_code == 403
    assert client.post(_url(dossier), {"close_reason": CloseReason.DOELEN_BEREIKT}).status_code == 403
    dossier.refresh_from_db()
    assert dossier.status == Status.UITVOERING


def test_another_teams_generalist_gets_not_found(team, other_team, generalist) -> None:
    from testsupport.factories import UserFactory, member_of

    dossier = dossier_for(team, status=Status.UITVOERING, regisseur=generalist)
    outsider = member_of(other_team, UserFactory(role=generalist.role))
    assert logged_in(outsider).post(_url(dossier), {"close_reason": CloseReason.VERHUISD}).status_code == 404
    dossier.refresh_from_db()
    assert dossier.status == Status.UITVOERING
