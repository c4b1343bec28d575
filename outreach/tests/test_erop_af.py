"""Erop af: a team records its outreach contacts, lists them per wijk and period, and turns one into a melding."""

from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role, User
from audit.models import AccessAction, AccessLogEntry
from dossiers.models import Melding, Route
from organisation.models import Team, Wijk
from outreach import services
from outreach.models import EropAfContact, Setting, Topic
from testsupport.factories import UserFactory, member_of, next_bsn

pytestmark = pytest.mark.django_db
NEW = reverse("outreach:contact_nieuw")
LIST = reverse("outreach:contacts")


def _as(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _form(team: Team, wijk: Wijk, **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "contact_on": timezone.localdate().isoformat(),
        "team": team.pk,
        "wijk": wijk.pk,
        "setting": Setting.DEUR_AAN_DEUR,
        "topics": [Topic.GELD, Topic.EENZAAMHEID],
        "reached": "ja",
        "note": "Portiek met veel post achter de deur; folder achtergelaten.",
    }
    data.update(changes)
    return data


def _contact(team: Team, wijk: Wijk, on: date | None = None, **changes: Any) -> EropAfContact:
    return EropAfContact.objects.create(
        team=team,
        wijk=wijk,
        contact_on=on or timezone.localdate(),
        setting=changes.pop("setting", Setting.BUURTHUIS),
        topics=changes.pop("topics", [Topic.WONEN]),
        reached=changes.pop("reached", True),
        **changes,
    )


def test_a_contact_is_recorded_without_a_name(generalist: User, team: Team, wijk: Wijk) -> None:
    response = _as(generalist).post(NEW, _form(team, wijk))

    contact = EropAfContact.objects.get()
    assert response["Location"] == reverse("outreach:contact", args=[contact.pk])
    assert (contact.team, contact.wijk, contact.setting) == (team, wijk, Setting.DEUR_AAN_DEUR)
    assert contact.topics == [Topic.GELD, Topic.EENZAAMHEID] and contact.reached
    assert contact.melding is None


def test_recording_a_contact_is_logged(generalist: User, team: Team, wijk: Wijk) -> None:
    _as(generalist).post(NEW, _form(team, wijk))

    line = AccessLogEntry.objects.get(object_type="erop-af-contact")
    assert (line.action, line.user) == (AccessAction.CREATE, generalist)


def test_a_contact_needs_a_topic(generalist: User, team: Team, wijk: Wijk) -> None:
    response = _as(generalist).post(NEW, _form(team, wijk, topics=[]))

    assert response.status_code == 400
    assert not EropAfContact.objects.exists()


def test_a_wijk_outside_the_teams_area_is_refused(generalist: User, team: Team, wijk: Wijk, other_wijk: Wijk) -> None:
    response = _as(generalist).post(NEW, _form(team, other_wijk))

    assert response.status_code == 400
    assert not EropAfContact.objects.exists()


def test_the_list_shows_the_teams_contacts_of_a_wijk_and_period(
    generalist: User, team: Team, other_team: Team, wijk: Wijk, other_wijk: Wijk
) -> None:
    second: Wijk = Wijk.objects.create(gemeente=team.gemeente, name="Centrum", cbs_code="WK777701")
    team.wijken.add(second)
    shown = _contact(team, wijk, date(2026, 10, 5), setting=Setting.SCHOOL)
    _contact(team, second, date(2026, 10, 6))
    _contact(team, wijk, date(2026, 6, 1))
    _contact(other_team, other_wijk, date(2026, 10, 5))

    response = _as(generalist).get(LIST, {"wijk": wijk.pk, "van": "2026-10-01", "tot": "2026-10-31"})

    assert list(response.context["page"].object_list) == [shown]


def test_the_list_is_logged(generalist: User, team: Team, wijk: Wijk) -> None:
    _contact(team, wijk)

    _as(generalist).get(LIST)

    line = AccessLogEntry.objects.get(object_type="erop-af-contact")
    assert line.action == AccessAction.VIEW and "1 contacten" in line.detail


def test_the_list_takes_a_bounded_number_of_queries(
    generalist: User, team: Team, wijk: Wijk, django_assert_max_num_queries: Any
) -> None:
    for day in range(30):
        _contact(team, wijk, timezone.localdate() - timedelta(days=day))
    client = _as(generalist)

    with django_assert_max_num_queries(14):
        client.get(LIST)


def test_another_teams_contact_is_not_found_and_the_attempt_logged(
    generalist: User, other_team: Team, other_wijk: Wijk
) -> None:
    foreign = _contact(other_team, other_wijk)

    response = _as(generalist).get(reverse("outreach:contact", args=[foreign.pk]))

    assert response.status_code == 404
    assert AccessLogEntry.objects.filter(
        object_type="erop-af-contact", object_id=str(foreign.pk), action=AccessAction.DENIED
    ).exists()


def test_another_teams_contact_cannot_become_a_melding(generalist: User, other_team: Team, other_wijk: Wijk) -> None:
    foreign = _contact(other_team, other_wijk)

    response = _as(generalist).get(reverse("dossiers:melding_nieuw"), {"route": "outreach", "van": foreign.pk})

    assert response.status_code == 404


def _new_resident_and_melding(team: Team, contact: EropAfContact) -> dict[str, Any]:
    return {
        "route": "outreach",
        "van": contact.pk,
        "bsn": next_bsn(),
        "voornamen": "Karin",
        "achternaam": "Dijk",
        "geboortedatum": "1975-03-02",
        "straat": "Dorpsstraat",
        "huisnummer": "4",
        "postcode": "1234 ab",
        "woonplaats": "Voorbeeldstad",
        "huishouden": "nieuw",
        "type": "alleenstaand",
        "rol": "overig",
        "received_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "description": "Bij de deur: zorgen over betalingsachterstanden",
        "urgency": "normaal",
        "regime": "",
        "team": team.pk,
    }


def test_save_and_make_a_melding_opens_the_melding_form_for_the_contact(
    generalist: User, team: Team, wijk: Wijk
) -> None:
    response = _as(generalist).post(NEW, _form(team, wijk, melding="1"))

    contact = EropAfContact.objects.get()
    assert response["Location"] == f"{reverse('dossiers:melding_nieuw')}?route=outreach&van={contact.pk}"
    form = _as(generalist).get(response["Location"])
    assert form.status_code == 200 and "Deze melding komt uit: erop-af-contact" in form.content.decode()


def test_a_contact_becomes_a_melding_on_the_outreach_route(generalist: User, team: Team, wijk: Wijk) -> None:
    contact = _contact(team, wijk)

    _as(generalist).post(reverse("dossiers:melding_nieuw"), _new_resident_and_melding(team, contact))

    melding = Melding.objects.get()
    contact.refresh_from_db()
    assert melding.route == Route.OUTREACH
    assert contact.melding == melding and contact.melding_made_on == timezone.localdate()


def test_a_melding_on_another_route_does_not_claim_the_contact(generalist: User, team: Team, wijk: Wijk) -> None:
    contact = _contact(team, wijk)

    _as(generalist).post(
        reverse("dossiers:melding_nieuw"), _new_resident_and_melding(team, contact) | {"route": "huisarts"}
    )

    contact.refresh_from_db()
    assert contact.melding is None and contact.melding_made_on is None


def test_the_contact_shows_melding_gemaakt(generalist: User, team: Team, wijk: Wijk) -> None:
    contact = _contact(team, wijk)
    _as(generalist).post(reverse("dossiers:melding_nieuw"), _new_resident_and_melding(team, contact))

    page = _as(generalist).get(reverse("outreach:contact", args=[contact.pk])).content.decode()
    listing = _as(generalist).get(LIST).content.decode()

    assert "Melding gemaakt op" in page and "Maak er een melding van" not in page
    assert "melding gemaakt" in listing


def test_a_contact_becomes_one_melding_at_most(generalist: User, team: Team, wijk: Wijk) -> None:
    contact = _contact(team, wijk)
    client = _as(generalist)
    client.post(reverse("dossiers:melding_nieuw"), _new_resident_and_melding(team, contact))

    response = client.get(reverse("dossiers:melding_nieuw"), {"route": "outreach", "van": contact.pk})

    assert response.status_code == 404


def test_past_the_retention_term_the_note_and_the_melding_link_are_cleared(team: Team, wijk: Wijk) -> None:
    today = date(2026, 12, 1)
    old = _contact(team, wijk, today - timedelta(days=366), note="Bij de school", melding_made_on=date(2025, 11, 30))
    recent = _contact(team, wijk, today - timedelta(days=300), note="Op de markt")

    cleared = services.clear_old_contacts(today)

    old.refresh_from_db()
    recent.refresh_from_db()
    assert cleared == 1
    assert (old.note, old.melding_id, old.melding_made_on) == ("", None, date(2025, 11, 30))
    assert recent.note == "Op de markt"


@pytest.mark.parametrize("role", [Role.BELEIDSMEDEWERKER, Role.SPECIALIST, Role.CONSULENT])
def test_only_generalists_and_teamleiders_use_erop_af_and_the_informatiepunt(role: str, team: Team) -> None:
    user = member_of(team, UserFactory(role=role))  # type: ignore[arg-type]
    client = _as(user)

    for url in (LIST, NEW, reverse("outreach:informatiepunt")):
        assert client.get(url).status_code == 403


def test_a_teamleider_sees_the_teams_contacts(teamleider: User, team: Team, wijk: Wijk) -> None:
    contact = _contact(team, wijk)

    response = _as(teamleider).get(reverse("outreach:contact", args=[contact.pk]))

    assert response.status_code == 200
    assert AccessLogEntry.objects.get(object_type="erop-af-contact", action=AccessAction.VIEW).basis == "teamleider"


def test_the_form_asks_for_no_name_and_says_so(generalist: User, team: Team, wijk: Wijk) -> None:
    page = _as(generalist).get(NEW).content.decode()

    assert "Korte notitie (zonder namen)" in page
    assert "Schrijf hier geen namen" in page
    assert 'name="achternaam"' not in page


def test_a_bad_period_in_the_list_filter_is_explained_not_a_500(generalist: User, team: Team, wijk: Wijk) -> None:
    response = _as(generalist).get(LIST, {"van": "2026-10-31", "tot": "2026-10-01"})

    assert response.status_code == 200
    assert "De einddatum ligt vóór de begindatum." in response.content.decode()
