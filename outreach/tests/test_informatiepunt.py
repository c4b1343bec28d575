"""The informatiepunt: a simple question answered at once is counted, without a dossier and without anyone in it."""

from typing import Any

import pytest
from django.db import models
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from audit.models import AccessLogEntry
from catalogue.models import Voorziening
from dossiers.models import Dossier, Melding
from organisation.models import Team, Wijk
from outreach.models import Answer, InformatieVraag, Topic
from residents.models import Huishouden, Inwoner

pytestmark = pytest.mark.django_db
URL = reverse("outreach:informatiepunt")


def _form(team: Team, wijk: Wijk, **changes: Any) -> dict[str, Any]:
    data = {
        "topic": Topic.GELD,
        "wijk": wijk.pk,
        "channel": "balie",
        "answer": Answer.INFORMATIE,
        "voorziening": "",
        "asked_on": timezone.localdate().isoformat(),
        "team": team.pk,
    }
    data.update(changes)
    return data


def _as(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_question_is_counted_without_opening_a_dossier(generalist: User, team: Team, wijk: Wijk) -> None:
    dossiers, meldingen = Dossier.objects.count(), Melding.objects.count()

    response = _as(generalist).post(URL, _form(team, wijk))

    assert response.status_code == 302
    question = InformatieVraag.objects.get()
    assert (question.topic, question.wijk, question.team) == (Topic.GELD, wijk, team)
    assert Dossier.objects.count() == dossiers and Melding.objects.count() == meldingen


def test_a_referral_names_the_algemene_voorziening(
    generalist: User, team: Team, wijk: Wijk, maaltijdservice: Voorziening
) -> None:
    _as(generalist).post(URL, _form(team, wijk, answer=Answer.ALGEMENE_VOORZIENING, voorziening=maaltijdservice.pk))

    assert InformatieVraag.objects.get().voorziening == maaltijdservice


def test_a_maatwerk_voorziening_is_refused(
    generalist: User, team: Team, wijk: Wijk, huishoudelijke_hulp: Voorziening
) -> None:
    response = _as(generalist).post(
        URL, _form(team, wijk, answer=Answer.ALGEMENE_VOORZIENING, voorziening=huishoudelijke_hulp.pk)
    )

    assert response.status_code == 400
    assert "Selecteer een geldige keuze" in response.content.decode()
    assert not InformatieVraag.objects.exists()


def test_an_unknown_voorziening_is_refused(generalist: User, team: Team, wijk: Wijk) -> None:
    response = _as(generalist).post(URL, _form(team, wijk, answer=Answer.ALGEMENE_VOORZIENING, voorziening="999999"))

    assert response.status_code == 400
    assert not InformatieVraag.objects.exists()


def test_a_referral_without_a_voorziening_says_which_is_missing(generalist: User, team: Team, wijk: Wijk) -> None:
    response = _as(generalist).post(URL, _form(team, wijk, answer=Answer.ALGEMENE_VOORZIENING))

    assert response.status_code == 400
    assert "Kies de algemene voorziening waarnaar u verwees." in response.content.decode()
    assert not InformatieVraag.objects.exists()


def test_a_voorziening_only_goes_with_a_referral_to_one(
    generalist: User, team: Team, wijk: Wijk, maaltijdservice: Voorziening
) -> None:
    response = _as(generalist).post(URL, _form(team, wijk, voorziening=maaltijdservice.pk))

    assert response.status_code == 400
    assert not InformatieVraag.objects.exists()


def test_another_teams_team_is_refused(generalist: User, other_team: Team, wijk: Wijk) -> None:
    response = _as(generalist).post(URL, _form(other_team, wijk))

    assert response.status_code == 400
    assert not InformatieVraag.objects.exists()


def test_a_date_in_the_future_is_refused(generalist: User, team: Team, wijk: Wijk) -> None:
    tomorrow = (timezone.localdate() + timezone.timedelta(days=1)).isoformat()

    response = _as(generalist).post(URL, _form(team, wijk, asked_on=tomorrow))

    assert response.status_code == 400
    assert "Deze datum ligt in de toekomst." in response.content.decode()


def test_the_same_form_sent_twice_counts_once(generalist: User, team: Team, wijk: Wijk) -> None:
    client = _as(generalist)
    data = _form(team, wijk, submission_token="token-informatiepunt-0001")

    client.post(URL, data)
    client.post(URL, data)

    assert InformatieVraag.objects.count() == 1


def test_a_question_that_becomes_a_melding_continues_to_the_melding_form(
    generalist: User, team: Team, wijk: Wijk
) -> None:
    response = _as(generalist).post(URL, _form(team, wijk, answer=Answer.MELDING))

    assert response["Location"] == reverse("dossiers:melding_nieuw")
    assert InformatieVraag.objects.get().answer == Answer.MELDING


def test_the_page_counts_the_teams_questions_per_topic_and_wijk(
    generalist: User, team: Team, other_team: Team, wijk: Wijk, other_wijk: Wijk
) -> None:
    today = timezone.localdate()
    for topic in (Topic.GELD, Topic.GELD, Topic.WONEN):
        InformatieVraag.objects.create(team=team, wijk=wijk, topic=topic, channel="balie", answer=Answer.INFORMATIE)
    InformatieVraag.objects.create(
        team=other_team, wijk=other_wijk, topic=Topic.GEZONDHEID, channel="balie", answer="informatie", asked_on=today
    )

    page = _as(generalist).get(URL).content.decode()

    assert 'Geld en schulden</th><td class="utrecht-table__cell">2' in page
    assert 'Wonen</th><td class="utrecht-table__cell">1' in page
    assert 'Oost</th><td class="utrecht-table__cell">3' in page
    assert "West</th>" not in page and "Gezondheid</th>" not in page


def test_recording_a_question_writes_no_access_log_line(generalist: User, team: Team, wijk: Wijk) -> None:
    before = AccessLogEntry.objects.count()

    _as(generalist).post(URL, _form(team, wijk))

    assert AccessLogEntry.objects.count() == before


# --- Anonymous by construction ------------------------------------------------------------------------------------

PERSONAL_MODELS = (Inwoner, Huishouden, Dossier, Melding, User)


def test_the_informatiepunt_record_holds_no_person() -> None:
    """No relation to a person, household, dossier, melding or staff member, and no field anyone can type into."""
    relations, free_text = [], []
    for field in InformatieVraag._meta.get_fields():
        if field.is_relation:
            related = field.related_model
            assert isinstance(related, type)
            if issubclass(related, PERSONAL_MODELS):
                relations.append(field.name)
            else:
                assert related in (Team, Wijk, Voorziening), f"{field.name} points at {related.__name__}"
        if isinstance(field, (models.CharField, models.TextField, models.JSONField)) and not field.choices:
            free_text.append(field.name)
    assert not relations, f"{relations} point at a person"
    assert not free_text, f"{free_text} could hold a name"
