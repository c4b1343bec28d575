"""Berichten: the household writes in Mijn Wijkteam, the team reads and answers on the dossier page."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.models import Role
from audit.models import AccessAction, AccessBasis, AccessLogEntry
from consent.tests.support import consult, specialist
from dossiers import parts
from dossiers.models import AppendOnlyError, TimelineEvent
from dossiers.sections import Section
from dossiers.tests.views_support import logged_in
from dossiers.transitions import Status
from messaging.models import BODY_MAX_LENGTH, Message
from portal.models import PortalContact, PortalScope
from testsupport.double_submit import post_twice, said_already_sent
from testsupport.factories import InwonerFactory, UserFactory, member_of
from testsupport.portal import household_dossier, portal_client, representation

pytestmark = pytest.mark.django_db

BERICHTEN = reverse("portal:berichten")


def _resident(dossier):
    return dossier.huishouden.members.order_by("pk").first()


def _part(dossier) -> str:
    return parts.tab_url(dossier.pk, parts.TIJDLIJN)


def _answer_url(dossier) -> str:
    return reverse("gesprekken:sturen", kwargs={"dossier_id": dossier.pk})


def _send(client: Client, text: str):
    return client.post(BERICHTEN, {"body": text})


def test_a_residents_message_reaches_the_regisseur_unread_on_the_worklist_and_in_the_part(team, generalist) -> None:
    dossier = household_dossier(team, generalist)
    resident = _resident(dossier)
    response = _send(portal_client(resident.bsn), "Kunt u mij terugbellen over de schuldhulp?")
    assert response.status_code == 302
    message = Message.objects.get()
    assert message.dossier == dossier and message.from_household and message.author_name == str(resident)
    assert message.read_by_staff_at is None
    staff = logged_in(generalist)
    worklist = staff.get(reverse("dossiers:werkvoorraad")).content.decode()
    assert "1 ongelezen bericht" in worklist
    unread_list = staff.get(reverse("gesprekken:ongelezen")).content.decode()
    assert str(dossier) in unread_list
    part = staff.get(_part(dossier))
    assert part.status_code == 200
    assert "Kunt u mij terugbellen over de schuldhulp?" in part.content.decode()
    message.refresh_from_db()
    assert message.read_by_staff == generalist and message.read_by_staff_at is not None
    assert "ongelezen bericht" not in staff.get(reverse("dossiers:werkvoorraad")).content.decode()
    assert str(dossier) not in staff.get(reverse("gesprekken:ongelezen")).content.decode()


def test_the_household_message_is_on_the_timeline_without_its_text_and_its_sending_is_logged(team, generalist) -> None:
    dossier = household_dossier(team, generalist)
    _send(portal_client(_resident(dossier).bsn), "Geheime zorgen over mijn zoon")
    event = TimelineEvent.objects.get(dossier=dossier, kind=TimelineEvent.Kind.NOTITIE)
    assert event.actor is None and "Mijn Wijkteam" in event.summary
    assert "zoon" not in event.summary
    assert AccessLogEntry.objects.filter(
        action=AccessAction.CREATE, basis=AccessBasis.INWONER_ZELF, dossier_id=dossier.pk, object_type="bericht"
    ).exists()


def test_a_staff_answer_reaches_the_resident_who_gets_an_email_without_its_text(
    team, generalist, django_capture_on_commit_callbacks
) -> None:
    dossier = household_dossier(team, generalist)
    resident = _resident(dossier)
    PortalContact.objects.create(inwoner=resident, email="inwoner@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        response = logged_in(generalist).post(_answer_url(dossier), {"bericht-body": "Ik bel u dinsdag om tien uur."})
    assert response.status_code == 302
    message = Message.objects.get()
    assert message.author == generalist and not message.from_household
    assert len(mail.outbox) == 1
    notice = mail.outbox[0]
    assert notice.to == ["inwoner@example.org"]
    assert notice.subject == "U hebt een nieuw bericht in Mijn Wijkteam"
    assert "http://testserver/mijn/berichten/" in notice.body
    assert "dinsdag" not in notice.body and "dinsdag" not in notice.subject
    message.refresh_from_db()
    assert message.notice_sent_at is not None and message.read_by_household_at is None
    page = portal_client(resident.bsn).get(BERICHTEN)
    assert "Ik bel u dinsdag om tien uur." in page.content.decode()
    message.refresh_from_db()
    assert message.read_by_household_at is not None and message.read_by_household_name == str(resident)
    assert AccessLogEntry.objects.filter(
        action=AccessAction.VIEW, basis=AccessBasis.INWONER_ZELF, dossier_id=dossier.pk, section=Section.TIJDLIJN
    ).exists()


def test_without_an_email_address_no_notice_is_sent_and_a_second_run_sends_nothing_again(
    team, generalist, django_capture_on_commit_callbacks
) -> None:
    from messaging.jobs import send_message_notice

    dossier = household_dossier(team, generalist)
    with django_capture_on_commit_callbacks(execute=True):
        logged_in(generalist).post(_answer_url(dossier), {"bericht-body": "Hallo"})
    assert mail.outbox == []
    PortalContact.objects.create(inwoner=_resident(dossier), email="laat@example.org")
    assert send_message_notice(Message.objects.get().pk, "http://x/mijn/berichten/") == {"verstuurd": 0}
    assert mail.outbox == []


def test_staff_are_not_emailed_when_the_household_writes(team, generalist) -> None:
    dossier = household_dossier(team, generalist)
    _send(portal_client(_resident(dossier).bsn), "Een vraag")
    assert mail.outbox == []


def test_another_households_messages_are_not_shown_to_a_resident(team, generalist) -> None:
    mine = household_dossier(team, generalist)
    theirs = household_dossier(team, generalist)
    logged_in(generalist).post(_answer_url(theirs), {"bericht-body": "Alleen voor het andere huishouden"})
    page = portal_client(_resident(mine).bsn).get(BERICHTEN).content.decode()
    assert "Alleen voor het andere huishouden" not in page
    assert Message.objects.get().read_by_household_at is None


def test_another_teams_generalist_cannot_read_the_part_nor_answer(team, other_team, generalist) -> None:
    dossier = household_dossier(team, generalist)
    _send(portal_client(_resident(dossier).bsn), "Voor mijn eigen regisseur")
    outsider = logged_in(member_of(other_team, UserFactory(role=Role.GENERALIST)))
    response = outsider.get(_part(dossier))
    assert response.status_code in (403, 404)
    assert "Voor mijn eigen regisseur" not in response.content.decode()
    assert outsider.post(_answer_url(dossier), {"bericht-body": "Inbreker"}).status_code == 404
    assert Message.objects.count() == 1 and Message.objects.get().read_by_staff_at is None
    assert AccessLogEntry.objects.filter(action=AccessAction.DENIED, dossier_id=dossier.pk).count() >= 2


def test_a_consultation_sees_nothing_of_the_messages_even_with_the_timeline_section(team, generalist) -> None:
    dossier = household_dossier(team, generalist)
    _send(portal_client(_resident(dossier).bsn), "Niet voor de specialist")
    who = specialist()
    consult(dossier, generalist, who, sections=(Section.TIJDLIJN, Section.PLAN))
    client = logged_in(who)
    response = client.get(_part(dossier))
    assert "Niet voor de specialist" not in response.content.decode()
    assert client.post(_answer_url(dossier), {"bericht-body": "Mag niet"}).status_code in (403, 404)
    assert Message.objects.count() == 1 and Message.objects.get().read_by_staff_at is None


def test_a_team_leader_reads_the_messages_without_marking_them_read_for_the_regisseur(
    team, generalist, teamleider
) -> None:
    dossier = household_dossier(team, generalist)
    _send(portal_client(_resident(dossier).bsn), "Voor de regisseur")
    assert "Voor de regisseur" in logged_in(teamleider).get(_part(dossier)).content.decode()
    assert Message.objects.get().read_by_staff_at is None


def test_a_representative_without_the_messages_scope_is_refused(team, generalist) -> None:
    dossier = household_dossier(team, generalist)
    helper = InwonerFactory()
    representation(_resident(dossier), helper.bsn, scopes=[PortalScope.PLAN])
    client = portal_client(helper.bsn)
    from portal.principal import ACTING_KEY

    session = client.session
    session[ACTING_KEY] = str(_resident(dossier).representations.get().pk)
    session.save()
    assert client.get(BERICHTEN).status_code == 403
    assert _send(client, "Namens").status_code == 403
    assert not Message.objects.exists()
    assert AccessLogEntry.objects.filter(action=AccessAction.DENIED, detail__contains="berichten").exists()


def test_a_representative_with_the_scope_writes_in_their_own_name_for_the_resident(team, generalist) -> None:
    dossier = household_dossier(team, generalist)
    resident = _resident(dossier)
    helper = InwonerFactory()
    granted = representation(
        resident, helper.bsn, scopes=[PortalScope.BERICHTEN], representative_name="Mila Mantelzorg"
    )
    client = portal_client(helper.bsn)
    from portal.principal import ACTING_KEY

    session = client.session
    session[ACTING_KEY] = str(granted.pk)
    session.save()
    assert _send(client, "Namens mijn moeder").status_code == 302
    message = Message.objects.get()
    assert message.via_representation_id == granted.pk
    assert "Mila Mantelzorg" in message.author_name and str(resident) in message.author_name
    assert client.get(reverse("portal:berichten_email")).status_code == 403


@pytest.mark.parametrize(
    ("text", "error"),
    [("", "Schrijf eerst uw bericht."), ("   ", "Schrijf eerst uw bericht."), ("x" * (BODY_MAX_LENGTH + 1), "te lang")],
)
def test_an_empty_or_too_long_message_gets_a_dutch_error_and_nothing_is_stored(team, generalist, text, error) -> None:
    dossier = household_dossier(team, generalist)
    response = _send(portal_client(_resident(dossier).bsn), text)
    assert response.status_code == 400
    assert error in response.content.decode()
    assert 'aria-describedby="' in response.content.decode()
    staff = logged_in(generalist).post(_answer_url(dossier), {"bericht-body": text})
    assert staff.status_code == 400 and error.split()[0] in staff.content.decode()
    assert not Message.objects.exists() and not TimelineEvent.objects.filter(kind=TimelineEvent.Kind.NOTITIE).exists()


def test_a_message_sent_twice_with_the_same_form_is_stored_once(team, generalist) -> None:
    dossier = household_dossier(team, generalist)
    first, second = post_twice(portal_client(_resident(dossier).bsn), BERICHTEN, {"body": "Dubbel geklikt"})
    assert first.status_code == second.status_code == 302
    assert said_already_sent(second)
    assert Message.objects.count() == 1
    first, second = post_twice(logged_in(generalist), _answer_url(dossier), {"bericht-body": "Ook dubbel"})
    assert said_already_sent(second)
    assert Message.objects.filter(author=generalist).count() == 1
    assert len(mail.outbox) == 0  # no address given; the point: one message, one notice job


def test_messages_are_never_changed_nor_deleted(team, generalist) -> None:
    dossier = household_dossier(team, generalist)
    _send(portal_client(_resident(dossier).bsn), "Origineel")
    message = Message.objects.get()
    message.body = "Veranderd"
    with pytest.raises(AppendOnlyError):
        message.save()
    with pytest.raises(AppendOnlyError):
        Message.objects.filter(pk=message.pk).update(body="Veranderd")
    with pytest.raises(AppendOnlyError):
        message.delete()
    with pytest.raises(AppendOnlyError):
        Message.objects.all().delete()
    assert Message.objects.get().body == "Origineel"


def test_a_closed_dossier_shows_its_messages_but_takes_no_new_ones(team, generalist) -> None:
    dossier = household_dossier(team, generalist, status=Status.AFGESLOTEN)
    client = portal_client(_resident(dossier).bsn)
    page = client.get(BERICHTEN).content.decode()
    assert "gesloten" in page and 'name="body"' not in page
    assert _send(client, "Na sluiting").status_code == 400
    assert not Message.objects.exists()


def test_a_resident_without_a_dossier_gets_a_friendly_text(team) -> None:
    resident = InwonerFactory()
    response = portal_client(resident.bsn).get(BERICHTEN)
    assert response.status_code == 200
    assert "nog geen dossier" in response.content.decode()
    assert _send(portal_client(resident.bsn), "Hallo").status_code == 200
    assert not Message.objects.exists()


def test_the_resident_sets_and_clears_the_email_address_for_notices(team, generalist) -> None:
    dossier = household_dossier(team, generalist)
    resident = _resident(dossier)
    client = portal_client(resident.bsn)
    url = reverse("portal:berichten_email")
    bad = client.post(url, {"email": "geen-adres"})
    assert bad.status_code == 400 and "geldig e-mailadres" in bad.content.decode()
    assert not PortalContact.objects.filter(email__gt="").exists()
    assert client.post(url, {"email": "nieuw@example.org"}).status_code == 302
    assert PortalContact.objects.get(inwoner=resident).email == "nieuw@example.org"
    assert client.post(url, {"email": ""}).status_code == 302
    assert PortalContact.objects.get(inwoner=resident).email == ""
    assert AccessLogEntry.objects.filter(action=AccessAction.UPDATE, object_type="portaalcontact").count() == 2


def test_the_messages_are_in_the_inzage_export_of_the_resident(team, generalist) -> None:
    from messaging.records import berichten

    dossier = household_dossier(team, generalist)
    resident = _resident(dossier)
    _send(portal_client(resident.bsn), "Voor mijn inzage")
    logged_in(generalist).post(_answer_url(dossier), {"bericht-body": "Antwoord van het team"})
    rows = berichten(resident, [dossier.pk])[dossier.pk]
    assert [row["bericht"] for row in rows] == ["Voor mijn inzage", "Antwoord van het team"]
    assert [row["van"] for row in rows] == ["huishouden", "team"]


def test_the_unread_list_and_the_worklist_count_in_a_bounded_number_of_queries(
    team, generalist, django_assert_max_num_queries
) -> None:
    for _number in range(3):
        dossier = household_dossier(team, generalist)
        _send(portal_client(_resident(dossier).bsn), "Vraag")
    staff = logged_in(generalist)
    staff.get(reverse("gesprekken:ongelezen"))
    with django_assert_max_num_queries(20):
        page = staff.get(reverse("gesprekken:ongelezen"))
    assert page.content.decode().count("gesprekken") >= 0
    assert page.context["rows"] and len(page.context["rows"]) == 3
