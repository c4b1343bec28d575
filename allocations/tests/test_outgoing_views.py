"""Screens for changing a toewijzing and sending a household's 301s: who may, and what happens."""

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import Role, User
from allocations import outgoing, toewijzingbericht
from allocations.models import Bericht, Toewijzing
from allocations.selectors import dossier_allocations
from audit.models import AccessAction, AccessLogEntry
from catalogue.codes import Frequency, Unit
from dossiers import parts
from dossiers.models import Dossier
from organisation.models import Team
from testsupport.decision_factories import AanbiederFactory, VoorzieningFactory, contracted, priced
from testsupport.factories import InwonerFactory, UserFactory, dossier_for, member_of
from testsupport.istandaarden import requires_istandaarden

START = date(2026, 1, 1)
END = date(2099, 6, 30)


@pytest.fixture
def dossier(team: Team, generalist: User) -> Dossier:
    return dossier_for(team, regisseur=generalist)


@pytest.fixture
def toewijzing(dossier: Dossier, generalist: User) -> Toewijzing:
    voorziening = priced(VoorzieningFactory())
    return outgoing.allocate(
        inwoner=dossier.huishouden.members.get(),
        aanbieder=contracted(AanbiederFactory(), voorziening),
        voorziening=voorziening,
        law=voorziening.law,
        ingangsdatum=START,
        einddatum=END,
        volume=3,
        unit=Unit.UUR,
        frequency=Frequency.PER_WEEK,
        actor=generalist,
        dossier=dossier,
    )


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _change_url(toewijzing: Toewijzing) -> str:
    return reverse("allocations:toewijzing_wijzigen", args=[toewijzing.pk])


def _send_url(dossier: Dossier) -> str:
    return reverse("allocations:versturen", args=[dossier.pk])


def test_involved_user_sees_the_change_form(generalist: User, toewijzing: Toewijzing) -> None:
    response = _client(generalist).get(_change_url(toewijzing))
    assert response.status_code == 200
    assert toewijzing.nummer in response.content.decode()
    assert "04 Herbeoordeling: verlenging" in response.content.decode()
    assert AccessLogEntry.objects.filter(object_type="toewijzing", action=AccessAction.VIEW).exists()


def test_involved_user_extends_a_toewijzing(generalist: User, toewijzing: Toewijzing, dossier: Dossier) -> None:
    response = _client(generalist).post(
        _change_url(toewijzing), {"einddatum": "2099-12-31", "reden_wijziging": "04", "version": "1"}
    )
    assert response.status_code == 302
    assert response["Location"] == parts.tab_url(dossier.pk, parts.BESLUITEN)
    toewijzing.refresh_from_db()
    assert (toewijzing.einddatum, toewijzing.reden_wijziging, toewijzing.version) == (date(2099, 12, 31), "04", 2)


def test_bad_input_changes_nothing(generalist: User, toewijzing: Toewijzing) -> None:
    client = _client(generalist)
    response = client.post(
        _change_url(toewijzing), {"einddatum": "2025-12-31", "reden_wijziging": "05", "version": "1"}
    )
    assert response.status_code == 400
    assert "vóór de ingangsdatum" in response.content.decode()
    response = client.post(_change_url(toewijzing), {"einddatum": "2099-01-01", "reden_wijziging": "", "version": "1"})
    assert response.status_code == 400
    toewijzing.refresh_from_db()
    assert (toewijzing.einddatum, toewijzing.version) == (END, 1)


def test_stale_version_shows_an_error(generalist: User, toewijzing: Toewijzing) -> None:
    outgoing.change_toewijzing(toewijzing, generalist, einddatum=date(2098, 1, 1), reden_wijziging="05", version=1)
    response = _client(generalist).post(
        _change_url(toewijzing), {"einddatum": "2097-01-01", "reden_wijziging": "05", "version": "1"}
    )
    assert response.status_code == 400
    assert "Iemand anders heeft deze toewijzing intussen gewijzigd" in response.content.decode()
    toewijzing.refresh_from_db()
    assert toewijzing.einddatum == date(2098, 1, 1)


def test_other_teams_generalist_gets_404_and_a_denied_log(
    other_team: Team, toewijzing: Toewijzing, dossier: Dossier
) -> None:
    outsider = member_of(other_team, UserFactory(role=Role.GENERALIST))
    client = _client(outsider)

    assert client.get(_change_url(toewijzing)).status_code == 404
    assert client.post(_send_url(dossier)).status_code == 404

    denied = AccessLogEntry.objects.filter(user=outsider, action=AccessAction.DENIED)
    assert denied.filter(object_type="toewijzing", object_id=str(toewijzing.pk)).exists()
    assert denied.filter(object_type="dossier").exists()
    assert not Bericht.objects.exists()


def test_missing_toewijzing_is_404_with_a_denied_log(generalist: User) -> None:
    response = _client(generalist).get(reverse("allocations:toewijzing_wijzigen", args=[999_999]))
    assert response.status_code == 404
    assert AccessLogEntry.objects.filter(object_type="toewijzing", action=AccessAction.DENIED).exists()


def test_beleidsmedewerker_may_not_use_the_screens(
    beleidsmedewerker: User, toewijzing: Toewijzing, dossier: Dossier
) -> None:
    client = _client(beleidsmedewerker)
    assert client.get(_change_url(toewijzing)).status_code == 403
    assert client.post(_send_url(dossier)).status_code == 403


@requires_istandaarden("WMO301")
def test_involved_user_sends_the_pending_301s(generalist: User, toewijzing: Toewijzing, dossier: Dossier) -> None:
    response = _client(generalist).post(_send_url(dossier), follow=True)

    bericht = Bericht.objects.get()
    assert (bericht.kind, bericht.inwoner) == ("WMO301", toewijzing.inwoner)
    assert response.redirect_chain[-1][0] == parts.tab_url(dossier.pk, parts.BESLUITEN)
    assert "1 toewijzingbericht (301) staat klaar voor verzending" in response.content.decode()
    toewijzing.refresh_from_db()
    assert not toewijzing.pending_send


@requires_istandaarden("WMO301")
def test_sending_covers_every_household_member(generalist: User, toewijzing: Toewijzing, dossier: Dossier) -> None:
    child = InwonerFactory(voornamen="Noor")
    dossier.huishouden.leden.create(inwoner=child, rol="kind")
    outgoing.allocate(
        inwoner=child,
        aanbieder=toewijzing.aanbieder,
        voorziening=toewijzing.voorziening,
        law=toewijzing.law,
        ingangsdatum=START,
        einddatum=END,
        volume=2,
        unit=Unit.UUR,
        frequency=Frequency.PER_WEEK,
        actor=generalist,
        dossier=dossier,
    )
    _client(generalist).post(_send_url(dossier))
    assert Bericht.objects.count() == 2


def test_send_is_post_only(generalist: User, dossier: Dossier) -> None:
    assert _client(generalist).get(_send_url(dossier)).status_code == 405


def test_nothing_to_send_says_so(generalist: User, dossier: Dossier) -> None:
    response = _client(generalist).post(_send_url(dossier), follow=True)
    assert "geen nieuwe of gewijzigde toewijzingen" in response.content.decode()


@requires_istandaarden("WMO301")
def test_dossier_page_shows_the_section_with_the_send_button(
    generalist: User, toewijzing: Toewijzing, dossier: Dossier
) -> None:
    page = _client(generalist).get(parts.tab_url(dossier.pk, parts.BESLUITEN)).content.decode()
    assert "Toewijzingen aan aanbieders" in page
    assert "Toewijzingen versturen (301)" in page
    assert _change_url(toewijzing) in page

    toewijzingbericht.build_301s(toewijzing.inwoner, generalist, dossier=toewijzing.dossier)
    page = _client(generalist).get(parts.tab_url(dossier.pk, parts.BESLUITEN)).content.decode()
    assert "Toewijzingen versturen (301)" not in page
    assert "WMO301" in page


@requires_istandaarden("WMO301")
def test_section_context_in_a_constant_number_of_queries(
    generalist: User, toewijzing: Toewijzing, dossier: Dossier, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    toewijzingbericht.build_301s(toewijzing.inwoner, generalist, dossier=toewijzing.dossier)
    with django_assert_max_num_queries(3):
        context = dossier_allocations(dossier)
        [row] = context["allocation_rows"]
        assert row.last_bericht.kind == "WMO301"
        assert row.toewijzing.aanbieder.name and row.toewijzing.voorziening.name
        assert [t.soort for t in context["allocation_berichten"][0].open_taken] == ["retour_verwacht"]
    assert context["allocation_section"] and not context["allocations_pending"]
