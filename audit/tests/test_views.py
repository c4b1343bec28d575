import json
from urllib.parse import parse_qs, urlparse

import pytest
from django.test import Client
from django.urls import reverse

from audit.models import AccessAction, AccessBasis, AccessLogEntry
from audit.services import log_access
from audit.tests.conftest import logged_in, melding_about
from audit.views import person_key
from decisions.models import Aanvraag
from testsupport.factories import UserFactory

pytestmark = pytest.mark.django_db

LOGBOEK = reverse("audit:logboek")


def _person_url(name: str, officer, inwoner, aanleiding: str = "inzageverzoek") -> str:
    key = person_key(officer, inwoner, aanleiding=aanleiding, kenmerk="INZ-2026-014")
    return reverse(name, kwargs={"key": key})


def _lookup(client, bsn: str, **extra: str):
    """The officer's BSN search with reason and reference, as the form posts it."""
    return client.post(LOGBOEK, {"bsn": bsn, "aanleiding": "inzageverzoek", "kenmerk": "INZ-2026-014", **extra})


@pytest.mark.parametrize("role", ["generalist", "teamleider", "beleidsmedewerker", "functioneel_beheerder"])
def test_only_the_privacy_officer_may_open_the_log(request, role: str, family) -> None:
    user = request.getfixturevalue(role)
    _dossier, parent, _child = family
    client = logged_in(user)
    assert client.get(LOGBOEK).status_code == 403
    assert client.get(_person_url("audit:persoon", user, parent)).status_code == 403
    assert client.get(_person_url("audit:inzage_json", user, parent)).status_code == 403


def test_anonymous_users_are_sent_to_the_login_page() -> None:
    response = Client().get(LOGBOEK)
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_the_empty_search_page_shows_no_results_and_logs_nothing(privacy_officer) -> None:
    response = logged_in(privacy_officer).get(LOGBOEK)
    assert response.status_code == 200
    assert response.context["page"] is None
    assert not AccessLogEntry.objects.filter(user=privacy_officer).exists()


def test_a_search_by_bsn_shows_the_person_and_is_logged_without_the_bsn(privacy_officer, family, generalist) -> None:
    dossier, parent, _child = family
    seen = log_access(
        None,
        user=generalist,
        action=AccessAction.VIEW,
        basis=AccessBasis.REGISSEUR,
        object_type="dossier",
        object_id=dossier.pk,
        dossier_id=dossier.pk,
    )
    client = logged_in(privacy_officer)
    response = _lookup(client, parent.bsn)
    assert response.status_code == 302
    assert parent.bsn not in response["Location"]
    assert "inwoner" not in parse_qs(urlparse(response["Location"]).query)

    page = client.get(response["Location"])
    assert page.context["lookup"].inwoner == parent
    assert parent.full_name in page.content.decode()
    assert seen in page.context["page"].object_list

    lookup, search = AccessLogEntry.objects.filter(user=privacy_officer, action=AccessAction.SEARCH).order_by("id")
    assert lookup.basis == AccessBasis.PRIVACY_TOEZICHT
    assert lookup.detail == "persoon opgezocht op BSN; aanleiding: inzageverzoek; kenmerk: INZ-2026-014"
    assert lookup.object_type == "inwoner" and lookup.object_id == str(parent.pk)
    assert search.object_id == str(parent.pk) and "kenmerk: INZ-2026-014" in search.detail
    assert not AccessLogEntry.objects.filter(detail__contains=parent.bsn).exists()
    assert not AccessLogEntry.objects.filter(path__contains=parent.bsn).exists()


def test_an_unknown_bsn_is_logged_without_the_bsn(privacy_officer) -> None:
    response = _lookup(logged_in(privacy_officer), "111222333")
    assert response.status_code == 200
    assert response.context["form"].errors["bsn"]
    entry = AccessLogEntry.objects.get(user=privacy_officer)
    assert "111222333" not in entry.detail + entry.path


def test_filters_without_a_person_are_searched_and_logged(privacy_officer, family, generalist) -> None:
    dossier, _parent, _child = family
    response = logged_in(privacy_officer).get(LOGBOEK, {"dossier": dossier.pk, "handeling": "view"})
    assert response.status_code == 200
    assert response.context["page"] is not None
    entry = AccessLogEntry.objects.get(user=privacy_officer, action=AccessAction.SEARCH)
    assert entry.dossier_id == dossier.pk and entry.object_type == "toegangslog"


def test_search_input_that_looks_like_sql_is_just_text(privacy_officer) -> None:
    response = logged_in(privacy_officer).get(LOGBOEK, {"medewerker": "x' OR 1=1 --"})
    assert response.status_code == 200
    assert list(response.context["page"].object_list) == []


def test_the_person_page_shows_the_access_history_and_logs_the_view(privacy_officer, family, generalist) -> None:
    dossier, parent, _child = family
    log_access(
        None,
        user=generalist,
        action=AccessAction.VIEW,
        basis=AccessBasis.REGISSEUR,
        object_type="dossier",
        object_id=dossier.pk,
        dossier_id=dossier.pk,
        section="plan",
    )
    response = logged_in(privacy_officer).get(_person_url("audit:persoon", privacy_officer, parent))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Plan, doelen en acties" in content
    assert generalist.get_full_name() in content
    assert AccessLogEntry.objects.filter(
        user=privacy_officer, object_type="inwoner", object_id=str(parent.pk), basis=AccessBasis.PRIVACY_TOEZICHT
    ).exists()


def test_a_person_page_needs_a_key_from_the_officers_own_search(privacy_officer, family) -> None:
    _dossier, parent, _child = family
    client = logged_in(privacy_officer)
    other_officer = UserFactory(role=privacy_officer.role)
    by_number = client.get(reverse("audit:persoon", kwargs={"key": str(parent.pk)}))
    someone_elses_key = client.get(_person_url("audit:persoon", other_officer, parent))
    assert by_number.status_code == 404
    assert someone_elses_key.status_code == 404
    assert AccessLogEntry.objects.filter(user=privacy_officer, action=AccessAction.DENIED).count() == 2


def test_the_json_export_holds_the_persons_data_and_history_but_not_a_housemates(
    privacy_officer, family, generalist
) -> None:
    dossier, parent, child = family
    melding_about(dossier, parent, "Zorgen over de schulden van de ouder.", generalist)
    melding_about(dossier, child, "Het kind verzuimt school.", generalist)
    Aanvraag.objects.create(
        dossier=dossier,
        inwoner=child,
        law="jeugdwet",
        received_on="2026-02-03",
        description="Begeleiding voor het kind",
        created_by=generalist,
    )
    log_access(
        None,
        user=generalist,
        action=AccessAction.VIEW,
        basis=AccessBasis.REGISSEUR,
        object_type="dossier",
        object_id=dossier.pk,
        dossier_id=dossier.pk,
        section="meldingen",
    )
    response = logged_in(privacy_officer).get(_person_url("audit:inzage_json", privacy_officer, parent))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="inzage-')
    data = json.loads(response.content.decode("utf-8"))
    assert data["schema"] == "open-wijkteam/inzage" and data["versie"] == 1
    assert data["persoon"]["bsn"] == parent.bsn
    assert data["persoon"]["straat"] == parent.straat
    assert [melding["omschrijving"] for melding in data["meldingen"]] == ["Zorgen over de schulden van de ouder."]
    assert data["aanvragen"] == []
    assert [dossier_data["dossier"] for dossier_data in data["dossiers"]] == [str(dossier)]
    assert data["dossiers"][0]["regisseur"] == generalist.get_full_name()
    assert data["huishoudens"][0]["rol"] == "Hoofd"
    history = data["toegangshistorie"]
    assert any(line["onderdeel"] == "Meldingen" and line["grondslag"] == "Regisseur" for line in history)
    body = response.content.decode("utf-8")
    assert "verzuimt school" not in body
    assert child.bsn not in body

    download = AccessLogEntry.objects.get(user=privacy_officer, object_type="inzage")
    assert download.basis == AccessBasis.PRIVACY_TOEZICHT and download.object_id == str(parent.pk)


def test_the_export_holds_the_dossier_timeline_and_notes(privacy_officer, family, generalist) -> None:
    from dossiers.models import DossierNote, TimelineEvent

    dossier, parent, _child = family
    TimelineEvent.objects.create(dossier=dossier, actor=generalist, kind="notitie", summary="Huisbezoek afgesproken")
    DossierNote.objects.create(
        dossier=dossier, section="gezondheid", text="Slaapt slecht sinds de verhuizing.", author=generalist
    )
    response = logged_in(privacy_officer).get(_person_url("audit:inzage_json", privacy_officer, parent))
    exported = json.loads(response.content.decode("utf-8"))["dossiers"][0]
    assert [event["wat"] for event in exported["tijdlijn"]] == ["Huisbezoek afgesproken"]
    assert exported["notities"][0]["tekst"] == "Slaapt slecht sinds de verhuizing."
    assert exported["notities"][0]["onderdeel"] == "Psychische gezondheid en verslaving"
