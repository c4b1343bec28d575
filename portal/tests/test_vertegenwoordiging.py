"""Wie mag meekijken: the resident invites someone by e-mail, that person accepts with DigiD and sees only the
chosen parts, the resident ends it at once; and the beheerder records legal representation in /beheer/."""

import hashlib
import re
from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from audit.models import AccessAction, AccessBasis, AccessLogEntry
from consent.models import ReviewItem
from dossiers.models import TimelineEvent
from portal.invitations import hash_token
from portal.models import PortalScope, Representation, RepresentationKind, RepresentationSource
from portal.principal import current_principal
from residents.models import Inwoner
from testsupport.factories import InwonerFactory, UserFactory
from testsupport.portal import child, household_dossier, portal_client, representation

pytestmark = pytest.mark.django_db

LINK = re.compile(r"https?://[^/\s]+(/mijn/uitnodiging/(?P<token>[A-Za-z0-9_-]+)/)")


@pytest.fixture
def resident(team: Any, generalist: Any) -> Any:
    person = InwonerFactory(voornamen="Jan Pieter", achternaam="Vermeulen")
    household_dossier(team, generalist, person)
    return person


def _invite(client: Client, **data: Any) -> Any:
    payload = {"name": "Mila Mantelzorg", "email": "mila@example.org", "scopes": [PortalScope.PLAN], **data}
    return client.post(reverse("portal:vertegenwoordiger_nieuw"), payload)


def _invited(resident: Any, mailoutbox: list[Any], **data: Any) -> tuple[Representation, str, str]:
    """Invite through the page; (the invitation, the token from the e-mail, the link's path)."""
    response = _invite(portal_client(resident.bsn), **data)
    assert response.status_code == 302, response.content.decode()
    found = LINK.search(mailoutbox[-1].body)
    assert found is not None
    newest = Representation.objects.filter(represented=resident).latest("pk")
    return newest, found["token"], found[1]


def _acting(bsn: str, link: Representation) -> Client:
    client = portal_client(bsn)
    client.post(reverse("portal:choose_person"), {"person": str(link.pk)})
    return client


def _denied() -> int:
    return AccessLogEntry.objects.filter(action=AccessAction.DENIED).count()


# --- Inviting -------------------------------------------------------------------------------------


def test_inviting_sends_a_mail_with_the_link_and_stores_only_the_tokens_hash(resident, mailoutbox) -> None:
    link, token, path = _invited(resident, mailoutbox)
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["mila@example.org"]
    assert len(token) >= 43
    assert link.invite_token_hash == hashlib.sha256(token.encode()).hexdigest()
    stored = " ".join(str(value) for value in Representation.objects.filter(pk=link.pk).values().get().values())
    assert token not in stored
    assert link.kind == RepresentationKind.GEMACHTIGDE and link.source == RepresentationSource.UITNODIGING
    assert link.scopes == [PortalScope.PLAN] and link.representative_bsn == "" and link.invitation_open
    assert link.invite_expires_at is not None
    assert timedelta(days=6, hours=23) < link.invite_expires_at - timezone.now() <= timedelta(days=7)
    assert path == reverse("portal:uitnodiging", kwargs={"token": token})
    entry = AccessLogEntry.objects.get(action=AccessAction.CREATE, object_type="vertegenwoordiging")
    assert entry.basis == AccessBasis.INWONER_ZELF and token not in entry.detail
    assert TimelineEvent.objects.filter(data__vertegenwoordiging=link.pk, summary__contains="Mila").exists()


def test_the_invitation_mail_holds_the_inviters_first_name_and_no_bsn_or_other_personal_data(
    resident, mailoutbox
) -> None:
    _invited(resident, mailoutbox, scopes=[PortalScope.PLAN, PortalScope.BESLUITEN])
    mail = mailoutbox[0]
    text = mail.subject + mail.body
    assert "Jan" in mail.body
    for private in (resident.bsn, "Pieter", "Vermeulen", resident.straat, resident.postcode, "Mila", "besluit"):
        assert private.lower() not in text.lower(), private


def test_an_invitation_asks_for_at_least_one_part_and_at_most_a_year(resident, mailoutbox) -> None:
    client = portal_client(resident.bsn)
    assert _invite(client, scopes=[]).status_code == 400
    too_far = date.today() + timedelta(days=400)
    response = _invite(client, valid_until=too_far.isoformat())
    assert response.status_code == 400
    assert "binnen een jaar" in response.content.decode()
    assert _invite(client, scopes=["niet-bestaand"]).status_code == 400
    assert _invite(client, email="geen-adres").status_code == 400
    assert not Representation.objects.exists() and not mailoutbox
    assert _invite(client, valid_until=(date.today() + timedelta(days=300)).isoformat()).status_code == 302


def test_the_same_invitation_sent_twice_is_made_once(resident, mailoutbox) -> None:
    client = portal_client(resident.bsn)
    assert _invite(client).status_code == 302
    assert _invite(client, email="MILA@example.org").status_code == 302
    assert Representation.objects.count() == 1 and len(mailoutbox) == 1


def test_the_invitation_form_offers_every_part_with_only_the_plan_ticked(resident) -> None:
    page = portal_client(resident.bsn).get(reverse("portal:vertegenwoordiger_nieuw")).content.decode()
    ticked = re.findall(r'<input[^>]*name="scopes"[^>]*value="([a-z]+)"[^>]*checked', page)
    assert ticked == [PortalScope.PLAN]
    assert set(re.findall(r'name="scopes" value="([a-z]+)"', page)) == set(PortalScope.values)


# --- Accepting ------------------------------------------------------------------------------------


def test_accepting_after_a_digid_login_binds_the_representatives_bsn(resident, mailoutbox) -> None:
    link, _token, path = _invited(resident, mailoutbox)
    carer = InwonerFactory()
    anonymous = Client()
    page = anonymous.get(path)
    assert page.status_code == 200
    assert "Jan" in page.content.decode() and "Vermeulen" not in page.content.decode()
    login = reverse("portal:login") + "?next=" + path.replace("/", "%2F")
    assert login in page.content.decode()
    assert anonymous.post(path)["Location"] == login
    link.refresh_from_db()
    assert link.representative_bsn == ""

    client = portal_client(carer.bsn)
    response = client.post(path)
    assert response.status_code == 302 and response["Location"] == reverse("portal:home")
    link.refresh_from_db()
    assert link.representative_bsn == carer.bsn and link.accepted_at is not None and link.is_active
    home = client.get(reverse("portal:home")).content.decode()
    assert resident.full_name in home  # to choose on the start page
    assert AccessLogEntry.objects.filter(
        action=AccessAction.UPDATE, object_type="vertegenwoordiging", object_id=str(link.pk)
    ).exists()


def test_the_representative_sees_the_plan_and_gets_403_for_the_decisions_not_chosen(resident, mailoutbox) -> None:
    link, _token, path = _invited(resident, mailoutbox)
    carer = InwonerFactory()
    client = portal_client(carer.bsn)
    client.post(path)
    client.post(reverse("portal:choose_person"), {"person": str(link.pk)})
    assert client.get(reverse("portal:plan")).status_code == 200
    before = _denied()
    assert client.get(reverse("portal:besluiten")).status_code == 403
    assert _denied() == before + 1
    assert AccessLogEntry.objects.filter(basis=AccessBasis.VERTEGENWOORDIGER, object_type="plan").exists()


def test_accepting_twice_changes_nothing(resident, mailoutbox) -> None:
    link, _token, path = _invited(resident, mailoutbox)
    carer = InwonerFactory()
    client = portal_client(carer.bsn)
    client.post(path)
    link.refresh_from_db()
    first = link.accepted_at
    again = client.post(path)
    assert again.status_code == 302
    link.refresh_from_db()
    assert link.accepted_at == first and link.representative_bsn == carer.bsn
    assert Representation.objects.count() == 1


def test_an_unusable_link_always_gives_the_same_message_and_changes_nothing(resident, mailoutbox) -> None:
    expired, expired_token, _path = _invited(resident, mailoutbox)
    Representation.objects.filter(pk=expired.pk).update(invite_expires_at=timezone.now() - timedelta(minutes=1))
    revoked, revoked_token, _path = _invited(resident, mailoutbox, email="b@example.org")
    client = portal_client(resident.bsn)
    client.post(reverse("portal:vertegenwoordiger_intrekken", kwargs={"representation_id": revoked.pk}))
    used, used_token, _path = _invited(resident, mailoutbox, email="c@example.org")
    portal_client(InwonerFactory().bsn).post(reverse("portal:uitnodiging", kwargs={"token": used_token}))

    someone = portal_client(InwonerFactory().bsn)
    pages = []
    for token in (expired_token, revoked_token, used_token, "onbekend-" + "x" * 34, "x" * 500):
        url = reverse("portal:uitnodiging", kwargs={"token": token})
        shown, posted = Client().get(url), someone.post(url)
        assert shown.status_code == posted.status_code == 404
        pages.append(re.search(r'role="alert">(.*?)</div>', posted.content.decode(), re.S)[1])  # type: ignore[index]
        pages.append(re.search(r'role="alert">(.*?)</div>', shown.content.decode(), re.S)[1])  # type: ignore[index]
    assert len(set(pages)) == 1 and "niet (meer) gebruiken" in pages[0]
    for row in (expired, revoked):
        row.refresh_from_db()
        assert row.representative_bsn == "" and row.accepted_at is None
    used_before = Representation.objects.get(pk=used.pk)
    assert used_before.representative_bsn != someone and used_before.revoked_at is None


def test_the_token_is_found_only_through_its_hash(resident, mailoutbox) -> None:
    link, token, _path = _invited(resident, mailoutbox)
    carer = portal_client(InwonerFactory().bsn)
    for guess in (link.invite_token_hash, token[:-1], token[:-1] + ("A" if token[-1] != "A" else "B"), token.upper()):
        assert carer.post(reverse("portal:uitnodiging", kwargs={"token": guess})).status_code == 404
    link.refresh_from_db()
    assert link.representative_bsn == ""
    assert hash_token(token) == link.invite_token_hash


def test_the_resident_cannot_accept_their_own_invitation(resident, mailoutbox) -> None:
    link, _token, path = _invited(resident, mailoutbox)
    response = portal_client(resident.bsn).post(path)
    assert response.status_code == 400
    assert "eigen uitnodiging" in response.content.decode()
    link.refresh_from_db()
    assert link.representative_bsn == "" and link.invitation_open


# --- The resident's overview and ending ------------------------------------------------------------


def test_the_overview_shows_who_looks_along_the_open_invitations_and_what_ended(resident, mailoutbox) -> None:
    representation(resident, InwonerFactory().bsn, representative_name="Karel Kijker", scopes=[PortalScope.PLAN])
    representation(
        resident,
        InwonerFactory().bsn,
        representative_name="Guus Gestopt",
        revoked_at=timezone.now(),
        revoked_by=resident.full_name,
    )
    _invited(resident, mailoutbox, name="Olga Open", email="olga@example.org")
    page = portal_client(resident.bsn).get(reverse("portal:vertegenwoordigers")).content.decode()
    now, waiting, ended = (
        page.split('id="nu-kop"')[1].split('id="open-kop"')[0],
        page.split('id="open-kop"')[1].split('id="gestopt-kop"')[0],
        page.split('id="gestopt-kop"')[1],
    )
    assert "Karel Kijker" in now and "Mijn plan" in now
    assert "Olga Open" in waiting and "olga@example.org" in waiting
    assert "Guus Gestopt" in ended
    assert AccessLogEntry.objects.filter(
        object_type="vertegenwoordiging", action=AccessAction.VIEW, basis=AccessBasis.INWONER_ZELF
    ).exists()


def test_ending_takes_effect_at_the_representatives_next_request(resident, team, generalist) -> None:
    carer = InwonerFactory()
    link = representation(resident, carer.bsn, scopes=[PortalScope.PLAN])
    carer_client = _acting(carer.bsn, link)
    assert carer_client.get(reverse("portal:plan")).status_code == 200
    assert f"{resident.full_name}" in carer_client.get(reverse("portal:plan")).content.decode()

    resident_client = portal_client(resident.bsn)
    url = reverse("portal:vertegenwoordiger_intrekken", kwargs={"representation_id": link.pk})
    confirm = resident_client.get(url)
    assert confirm.status_code == 200 and "Weet u het zeker?" in confirm.content.decode()
    link.refresh_from_db()
    assert link.revoked_at is None  # a GET changes nothing
    assert resident_client.post(url).status_code == 302
    link.refresh_from_db()
    assert link.revoked_at is not None and link.revoked_by == resident.full_name

    home = carer_client.get(reverse("portal:home")).content.decode()
    assert "U kijkt namens" not in home and resident.full_name not in home
    assert AccessLogEntry.objects.filter(
        action=AccessAction.UPDATE, object_type="vertegenwoordiging", object_id=str(link.pk)
    ).exists()
    assert resident_client.post(url).status_code == 302  # sent twice: no error, no second change
    assert AccessLogEntry.objects.filter(action=AccessAction.UPDATE, object_id=str(link.pk)).count() == 1


def test_a_withdrawn_invitation_link_no_longer_works(resident, mailoutbox) -> None:
    link, _token, path = _invited(resident, mailoutbox)
    portal_client(resident.bsn).post(
        reverse("portal:vertegenwoordiger_intrekken", kwargs={"representation_id": link.pk})
    )
    assert portal_client(InwonerFactory().bsn).post(path).status_code == 404
    link.refresh_from_db()
    assert link.representative_bsn == "" and link.revoked_at is not None


def test_a_representative_cannot_invite_others_nor_see_who_looks_along(resident) -> None:
    carer = InwonerFactory()
    link = representation(resident, carer.bsn, scopes=list(PortalScope.values))
    client = _acting(carer.bsn, link)
    before = _denied()
    assert client.get(reverse("portal:vertegenwoordigers")).status_code == 403
    assert _invite(client, email="iemand@example.org").status_code == 403
    url = reverse("portal:vertegenwoordiger_intrekken", kwargs={"representation_id": link.pk})
    assert client.post(url).status_code == 403
    assert _denied() == before + 3
    assert Representation.objects.count() == 1
    link.refresh_from_db()
    assert link.revoked_at is None


def test_another_residents_representation_is_404_and_logged(resident, team, generalist) -> None:
    stranger = InwonerFactory()
    household_dossier(team, generalist, stranger)
    theirs = representation(stranger, InwonerFactory().bsn)
    url = reverse("portal:vertegenwoordiger_intrekken", kwargs={"representation_id": theirs.pk})
    client = portal_client(resident.bsn)
    before = _denied()
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    assert _denied() == before + 2
    theirs.refresh_from_db()
    assert theirs.revoked_at is None


def test_a_legal_representation_is_not_ended_by_the_resident(team, generalist) -> None:
    young = child(16)
    parent: Inwoner = InwonerFactory()  # type: ignore[assignment]
    household_dossier(team, generalist, parent, young)
    legal = representation(young, parent.bsn, kind=RepresentationKind.OUDER_MET_GEZAG)
    client = portal_client(young.bsn)
    page = client.get(reverse("portal:vertegenwoordigers")).content.decode()
    assert "Mila Mantelzorg" in page and "Ouder met gezag" in page and "regisseur" in page
    url = reverse("portal:vertegenwoordiger_intrekken", kwargs={"representation_id": legal.pk})
    assert client.post(url).status_code == 404
    legal.refresh_from_db()
    assert legal.revoked_at is None


def test_after_accepting_the_representation_reaches_the_principal(resident, mailoutbox) -> None:
    link, _token, path = _invited(resident, mailoutbox, scopes=[PortalScope.PLAN, PortalScope.REGISSEUR])
    carer = InwonerFactory()
    client = portal_client(carer.bsn)
    client.post(path)
    client.post(reverse("portal:choose_person"), {"person": str(link.pk)})
    request = client.get(reverse("portal:home")).wsgi_request
    request.__dict__.pop("_portal_principal", None)
    principal = current_principal(request)
    assert principal is not None and principal.subject == resident
    assert principal.scopes == frozenset({PortalScope.PLAN, PortalScope.REGISSEUR})


# --- Legal representation in /beheer/ -------------------------------------------------------------


@pytest.fixture
def beheerder_client(client: Client) -> Client:
    from accounts.models import Role

    client.force_login(UserFactory(role=Role.FUNCTIONEEL_BEHEERDER, is_staff=True))
    return client


ADD_URL = "/beheer/portal/representation/add/"


def _legal(young: Any, parent_bsn: str, **data: Any) -> dict[str, Any]:
    return {
        "represented_bsn": young.bsn,
        "kind": RepresentationKind.OUDER_MET_GEZAG,
        "representative_bsn": parent_bsn,
        "representative_name": "Petra Ouder",
        "scopes": list(PortalScope.values),
        "valid_from": date.today().isoformat(),
        **data,
    }


def test_the_beheerder_records_a_parent_with_authority_and_it_is_logged(beheerder_client, team, generalist) -> None:
    young = child(13)
    parent: Inwoner = InwonerFactory()  # type: ignore[assignment]
    dossier = household_dossier(team, generalist, parent, young)
    agreed = date.today() - timedelta(days=3)
    response = beheerder_client.post(ADD_URL, _legal(young, parent.bsn, child_agreed_on=agreed.isoformat()))
    assert response.status_code == 302, response.content.decode()[:3000]
    row = Representation.objects.get()
    assert row.represented == young and row.representative_bsn == parent.bsn
    assert row.source == RepresentationSource.REGISTRATIE and row.child_agreed_on == agreed
    entry = AccessLogEntry.objects.get(object_type="vertegenwoordiging", action=AccessAction.CREATE)
    assert (
        entry.basis == AccessBasis.BEHEER and str(parent.bsn) not in entry.detail and str(young.bsn) not in entry.detail
    )
    assert TimelineEvent.objects.filter(dossier=dossier, data__vertegenwoordiging=row.pk).exists()
    assert ReviewItem.objects.filter(summary__contains="Petra Ouder").exists()
    # The parent now sees the child's decisions too: the child agreed.
    client = _acting(parent.bsn, row)
    assert client.get(reverse("portal:besluiten")).status_code == 200


def test_the_beheerder_gets_a_clear_error_for_a_wrong_bsn_or_a_child_agreement_that_does_not_fit(
    beheerder_client, team, generalist
) -> None:
    young = child(8)
    parent: Inwoner = InwonerFactory()  # type: ignore[assignment]
    household_dossier(team, generalist, parent, young)
    bsn = parent.bsn or ""
    wrong = bsn[:-1] + str((int(bsn[-1]) + 1) % 10)
    response = beheerder_client.post(ADD_URL, _legal(young, wrong))
    assert response.status_code == 200 and "elfproef" in response.content.decode()
    response = beheerder_client.post(ADD_URL, _legal(young, parent.bsn, child_agreed_on=date.today().isoformat()))
    assert response.status_code == 200 and "12 tot en met 17" in response.content.decode()
    response = beheerder_client.post(ADD_URL, _legal(young, parent.bsn, kind=RepresentationKind.GEMACHTIGDE))
    assert response.status_code == 200
    assert not Representation.objects.exists()


def test_representations_are_never_deleted_and_invitations_are_not_in_beheer(beheerder_client, resident) -> None:
    invited = representation(resident, InwonerFactory().bsn)
    legal = representation(resident, InwonerFactory().bsn, kind=RepresentationKind.CURATOR)
    assert beheerder_client.get(f"/beheer/portal/representation/{legal.pk}/delete/").status_code == 403
    change = beheerder_client.post(
        f"/beheer/portal/representation/{invited.pk}/change/",
        {"scopes": list(PortalScope.values), "valid_from": date.today().isoformat()},
    )
    # A resident's invitation is not the beheerder's to see: the admin does not find it (a redirect to the list).
    assert change.status_code in {302, 403, 404}
    invited.refresh_from_db()
    assert invited.scopes == [PortalScope.PLAN]
    response = beheerder_client.post(
        "/beheer/portal/representation/",
        {"action": "end_selected", "_selected_action": [legal.pk, invited.pk]},
    )
    assert response.status_code == 302
    legal.refresh_from_db()
    invited.refresh_from_db()
    assert legal.revoked_at is not None and invited.revoked_at is None
    assert Representation.objects.count() == 2


def test_a_staff_member_without_beheer_cannot_record_representation(client, generalist) -> None:
    client.force_login(generalist)
    response = client.get(ADD_URL)
    assert response.status_code in {302, 403}
