"""A resident's question about a line of their access history reaches the privacy officer, who answers it."""

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import Role
from audit.models import AccessAction, AccessBasis, AccessLogEntry
from audit.services import log_access
from dossiers.sections import Section
from portal.models import PrivacyQuestion
from testsupport.factories import UserFactory
from testsupport.portal import household_dossier, portal_client

pytestmark = pytest.mark.django_db


def _staff(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _line(user, dossier) -> AccessLogEntry:
    return log_access(
        None,
        user=user,
        action=AccessAction.VIEW,
        basis=AccessBasis.BETROKKEN,
        object_type="dossier",
        dossier_id=dossier.pk,
        section=Section.PLAN,
    )


def test_a_question_about_a_line_reaches_the_privacy_officer_and_the_answer_the_resident(team, generalist) -> None:
    dossier = household_dossier(team, generalist)
    resident = dossier.huishouden.members.get()
    entry = _line(generalist, dossier)
    resident_client = portal_client(resident.bsn)
    url = reverse("portal:inzage_vraag", args=[entry.pk])
    assert generalist.get_full_name() in resident_client.get(url).content.decode()
    response = resident_client.post(url, {"question": "Waarom keek deze medewerker in mijn plan?"})
    assert response.status_code == 302
    resident_client.post(url, {"question": "Waarom keek deze medewerker in mijn plan?"})  # a double click
    question = PrivacyQuestion.objects.get()
    assert question.inwoner == resident and question.access_entry == entry and question.asked_by == str(resident)
    officer = UserFactory(role=Role.PRIVACY_OFFICER)
    officer_client = _staff(officer)
    listing = officer_client.get(reverse("privacyvragen:lijst")).content.decode()
    assert "Waarom keek deze medewerker" in listing and "Open (1)" in listing
    detail = officer_client.get(reverse("privacyvragen:vraag", args=[question.pk])).content.decode()
    assert str(entry.dossier_id) in detail
    answered = officer_client.post(
        reverse("privacyvragen:vraag", args=[question.pk]), {"answer": "Zij is uw tweede regisseur."}
    )
    assert answered.status_code == 302
    again = officer_client.post(reverse("privacyvragen:vraag", args=[question.pk]), {"answer": "Iets anders."})
    assert again.status_code == 400
    question.refresh_from_db()
    assert question.answer == "Zij is uw tweede regisseur." and question.answered_by == officer
    assert "Zij is uw tweede regisseur." in resident_client.get(reverse("portal:inzage")).content.decode()
    assert AccessLogEntry.objects.filter(
        user=officer, action=AccessAction.UPDATE, basis=AccessBasis.PRIVACY_TOEZICHT, object_type="privacyvraag"
    ).exists()


def test_unanswered_questions_come_first(team, generalist) -> None:
    dossier = household_dossier(team, generalist)
    resident = dossier.huishouden.members.get()
    entry = _line(generalist, dossier)
    old = PrivacyQuestion.objects.create(
        inwoner=resident, access_entry=entry, question="Eerste, al beantwoord", asked_by="x"
    )
    PrivacyQuestion.objects.filter(pk=old.pk).update(answer="Ja", answered_at=old.asked_at)
    PrivacyQuestion.objects.create(inwoner=resident, access_entry=entry, question="Tweede, nog open", asked_by="x")
    page = _staff(UserFactory(role=Role.PRIVACY_OFFICER)).get(reverse("privacyvragen:lijst")).content.decode()
    assert page.index("Tweede, nog open") < page.index("Eerste, al beantwoord")


@pytest.mark.parametrize(
    "role", [Role.GENERALIST, Role.TEAMLEIDER, Role.CONSULENT, Role.SPECIALIST, Role.BELEIDSMEDEWERKER]
)
def test_other_roles_get_403_on_the_privacy_questions(role, team, generalist) -> None:
    dossier = household_dossier(team, generalist)
    question = PrivacyQuestion.objects.create(
        inwoner=dossier.huishouden.members.get(), question="Wie was dit?", asked_by="x"
    )
    client = _staff(UserFactory(role=role))
    assert client.get(reverse("privacyvragen:lijst")).status_code == 403
    assert client.post(reverse("privacyvragen:vraag", args=[question.pk]), {"answer": "x"}).status_code == 403
    question.refresh_from_db()
    assert question.answered_at is None


def test_a_question_about_another_households_line_is_a_logged_404(team, generalist) -> None:
    dossier = household_dossier(team, generalist)
    resident = dossier.huishouden.members.get()
    foreign = _line(generalist, household_dossier(team, generalist))
    client = portal_client(resident.bsn)
    response = client.post(reverse("portal:inzage_vraag", args=[foreign.pk]), {"question": "Wie?"})
    assert response.status_code == 404
    assert not PrivacyQuestion.objects.exists()
    assert AccessLogEntry.objects.filter(
        action=AccessAction.DENIED, object_type="toegangslog", object_id=str(foreign.pk)
    ).exists()


def test_an_empty_question_gives_a_dutch_error_and_stores_nothing(team, generalist) -> None:
    dossier = household_dossier(team, generalist)
    resident = dossier.huishouden.members.get()
    entry = _line(generalist, dossier)
    response = portal_client(resident.bsn).post(reverse("portal:inzage_vraag", args=[entry.pk]), {"question": "   "})
    assert response.status_code == 400 and "Schrijf eerst uw vraag" in response.content.decode()
    assert not PrivacyQuestion.objects.exists()
