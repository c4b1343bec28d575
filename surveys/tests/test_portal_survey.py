"""Filling in the survey in Mijn Wijkteam: only one's own open invitation, once, and the answer holds no person."""

from datetime import timedelta

import pytest
from django.db import models
from django.urls import reverse
from django.utils import timezone

from audit.models import AccessAction, AccessLogEntry
from portal.models import PortalScope, RepresentationKind
from surveys.models import Answer, Invitation
from surveys.questions import QUESTIONS
from surveys.tests.support import filled_in, invitation_for
from testsupport.factories import BuurtFactory, InwonerFactory
from testsupport.portal import child, household_dossier, portal_client, representation

pytestmark = pytest.mark.django_db


@pytest.fixture
def resident():
    return InwonerFactory(buurt=BuurtFactory())


@pytest.fixture
def dossier(team, generalist, resident):
    return household_dossier(team, generalist, resident)


@pytest.fixture
def invitation(resident, dossier) -> Invitation:
    return invitation_for(resident, dossier, regime="wmo", month="2026-10")


def _url(invitation: Invitation) -> str:
    return reverse("portal:vragenlijst", kwargs={"invitation_id": invitation.pk})


def test_the_list_shows_the_residents_open_invitations_only(resident, dossier, invitation) -> None:
    used = invitation_for(resident, dossier, occasion="besluit")
    used.used_at = timezone.now()
    used.save()
    expired = invitation_for(resident, dossier)
    Invitation.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - timedelta(minutes=1))

    page = portal_client(resident.bsn).get(reverse("portal:vragenlijsten")).content.decode()

    assert _url(invitation) in page
    assert _url(used) not in page and _url(expired) not in page
    assert AccessLogEntry.objects.filter(
        object_type="vragenlijst", dossier_id=dossier.pk, section="huishouden"
    ).exists()


def test_answering_stores_the_answers_with_wijk_law_occasion_and_month_and_marks_the_invitation_used(
    resident, invitation
) -> None:
    data = filled_in(5, found_us="1", helped_quickly="3", open_text="Fijn geholpen.")

    response = portal_client(resident.bsn).post(_url(invitation), data)

    assert response.status_code == 302 and response["Location"] == reverse("portal:vragenlijst_bedankt")
    answer = Answer.objects.get()
    assert (answer.wijk_id, answer.regime, answer.occasion, answer.month) == (
        resident.buurt.wijk_id,
        "wmo",
        "onderzoek",
        "2026-10",
    )
    assert (answer.found_us, answer.helped_quickly, answer.take_part_more) == (1, 3, 5)
    assert answer.open_text == "Fijn geholpen."
    invitation.refresh_from_db()
    assert invitation.used_at is not None
    assert AccessLogEntry.objects.filter(
        action=AccessAction.CREATE, object_type="vragenlijst", object_id=str(invitation.pk)
    ).exists()


def test_the_answer_model_has_no_link_to_a_person_a_dossier_an_invitation_or_a_moment() -> None:
    fields = {field.name: field for field in Answer._meta.get_fields()}
    related = {name for name, field in fields.items() if field.is_relation}
    assert related == {"wijk"}
    assert not any(isinstance(field, models.DateTimeField | models.DateField) for field in fields.values())
    assert isinstance(fields["id"], models.UUIDField)
    assert set(fields) == {"id", "wijk", "regime", "occasion", "month", "open_text", *(q.key for q in QUESTIONS)}


def test_the_stored_row_holds_no_reference_to_the_resident_the_dossier_or_the_invitation(
    resident, dossier, invitation
) -> None:
    portal_client(resident.bsn).post(_url(invitation), filled_in(4))

    row = Answer.objects.values().get()
    scores = {row.pop(question.key) for question in QUESTIONS}
    assert scores == {4}
    answer_id, wijk_id = row.pop("id"), row.pop("wijk_id")
    assert row == {"regime": "wmo", "occasion": "onderzoek", "month": "2026-10", "open_text": ""}
    assert wijk_id == resident.buurt.wijk_id
    assert answer_id.int not in {resident.pk, dossier.pk, invitation.pk}


def test_a_used_invitation_cannot_be_used_again(resident, invitation) -> None:
    client = portal_client(resident.bsn)
    client.post(_url(invitation), filled_in(4))

    again = client.post(_url(invitation), filled_in(1))

    assert again.status_code == 410
    assert "al ingevuld" in again.content.decode()
    assert Answer.objects.count() == 1 and Answer.objects.get().found_us == 4


def test_a_double_submit_stores_one_answer(resident, invitation) -> None:
    first, second = portal_client(resident.bsn), portal_client(resident.bsn)

    responses = [first.post(_url(invitation), filled_in(4)), second.post(_url(invitation), filled_in(4))]

    assert sorted(response.status_code for response in responses) == [302, 410]
    assert Answer.objects.count() == 1


def test_an_expired_invitation_says_so_and_stores_nothing(resident, invitation) -> None:
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(seconds=1))

    response = portal_client(resident.bsn).post(_url(invitation), filled_in(4))

    assert response.status_code == 410
    assert "verlopen" in response.content.decode()
    assert not Answer.objects.exists()


def test_another_households_invitation_is_a_logged_404(team, generalist, resident, invitation) -> None:
    stranger = InwonerFactory()
    household_dossier(team, generalist, stranger)

    response = portal_client(stranger.bsn).post(_url(invitation), filled_in(4))

    assert response.status_code == 404
    assert not Answer.objects.exists()
    assert AccessLogEntry.objects.filter(
        action=AccessAction.DENIED, object_type="vragenlijst", object_id=str(invitation.pk)
    ).exists()


def test_a_household_member_cannot_fill_in_another_members_invitation(team, generalist) -> None:
    parent, teen = InwonerFactory(), child(17)
    dossier = household_dossier(team, generalist, parent, teen)
    invitation = invitation_for(teen, dossier)

    response = portal_client(parent.bsn).get(_url(invitation))

    assert response.status_code == 404


def test_a_representative_never_answers_for_someone(resident, invitation) -> None:
    helper = InwonerFactory()
    representation(resident, helper.bsn, kind=RepresentationKind.CURATOR, scopes=[PortalScope.VRAGENLIJST])
    client = portal_client(helper.bsn)
    chosen = client.post(reverse("portal:choose_person"), {"person": str(resident.representations.get().pk)})
    assert chosen.status_code == 302

    listing = client.get(reverse("portal:vragenlijsten"))
    response = client.post(_url(invitation), filled_in(4))

    assert listing.status_code == 403 and _url(invitation) not in listing.content.decode()
    assert response.status_code == 403
    assert not Answer.objects.exists()


def test_a_missing_answer_gives_a_dutch_error_linked_to_the_question_and_stores_nothing(resident, invitation) -> None:
    data = filled_in(4)
    del data["help_fits"]

    response = portal_client(resident.bsn).post(_url(invitation), data)

    page = response.content.decode()
    assert response.status_code == 400
    assert "Kies een antwoord bij deze vraag." in page
    assert 'href="#id_help_fits_0"' in page and 'aria-describedby="id_help_fits_error"' in page
    assert not Answer.objects.exists()
    invitation.refresh_from_db()
    assert invitation.used_at is None


def test_a_score_outside_the_scale_is_refused(resident, invitation) -> None:
    response = portal_client(resident.bsn).post(_url(invitation), filled_in(4, manage_better="9"))

    assert response.status_code == 400
    assert not Answer.objects.exists()


def test_every_question_is_a_fieldset_with_a_legend_and_five_labelled_radio_buttons(resident, invitation) -> None:
    page = portal_client(resident.bsn).get(_url(invitation)).content.decode()

    assert page.count("<fieldset") == len(QUESTIONS) and page.count("<legend") == len(QUESTIONS)
    assert page.count('type="radio"') == 5 * len(QUESTIONS)
    for question in QUESTIONS:
        for value in range(5):
            assert f'for="id_{question.key}_{value}"' in page
    assert "Schrijf geen namen op" in page


def test_the_residents_invitations_are_in_their_inzage_export_and_the_answers_are_not(resident, invitation) -> None:
    from dossiers import records

    portal_client(resident.bsn).post(_url(invitation), filled_in(2, open_text="Te laat teruggebeld."))
    listing = next(item for item in records.inzage_lists() if item.key == "vragenlijst_uitnodigingen")

    rows = listing.rows(resident)

    assert [(row["dossier"], row["ingevuld"]) for row in rows] == [(invitation.dossier_id, True)]
    assert "Te laat" not in str(rows)
