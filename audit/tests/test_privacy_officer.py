"""Issue 9, finding 6: the privacy officer reaches a person only by BSN, with a stated reason, and
the art. 15 export (case content) only for a registered inzageverzoek."""

import json

import pytest
from django.urls import reverse

from audit import views
from audit.models import AccessAction, AccessLogEntry
from audit.tests.conftest import logged_in
from audit.views import person_key
from dossiers.models import DossierNote

pytestmark = pytest.mark.django_db

LOGBOEK = reverse("audit:logboek")


def _key(officer, inwoner, aanleiding: str = "inzageverzoek") -> str:
    return person_key(officer, inwoner, aanleiding=aanleiding, kenmerk="INZ-2026-014")


def test_the_log_search_does_not_open_a_person_by_number(privacy_officer, family) -> None:
    _dossier, parent, _child = family
    response = logged_in(privacy_officer).get(LOGBOEK, {"inwoner": parent.pk})
    content = response.content.decode()
    assert response.status_code == 200
    assert response.context["lookup"] is None
    assert parent.full_name not in content
    assert reverse("audit:persoon", kwargs={"key": "x"}).removesuffix("x/") not in content


def test_a_bsn_lookup_needs_a_reason_and_the_reference_of_the_request(privacy_officer, family) -> None:
    _dossier, parent, _child = family
    response = logged_in(privacy_officer).post(LOGBOEK, {"bsn": parent.bsn})
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"aanleiding", "kenmerk"}
    assert parent.full_name not in response.content.decode()


def test_a_reference_cannot_carry_a_name_or_a_sentence(privacy_officer, family) -> None:
    _dossier, parent, _child = family
    data = {"bsn": parent.bsn, "aanleiding": "klacht", "kenmerk": f"klacht van {parent.achternaam}"}
    response = logged_in(privacy_officer).post(LOGBOEK, data)
    assert "kenmerk" in response.context["form"].errors


def test_a_bsn_in_a_url_is_not_accepted(privacy_officer, family) -> None:
    _dossier, parent, _child = family
    response = logged_in(privacy_officer).get(
        LOGBOEK, {"bsn": parent.bsn, "aanleiding": "inzageverzoek", "kenmerk": "INZ-1"}
    )
    assert response.context["lookup"] is None
    assert parent.full_name not in response.content.decode()


def test_an_expired_key_is_refused_and_logged(privacy_officer, family, monkeypatch) -> None:
    _dossier, parent, _child = family
    monkeypatch.setattr(views, "PERSON_KEY_MAX_AGE", -1)
    response = logged_in(privacy_officer).get(reverse("audit:persoon", kwargs={"key": _key(privacy_officer, parent)}))
    assert response.status_code == 404
    assert AccessLogEntry.objects.filter(user=privacy_officer, action=AccessAction.DENIED).exists()


def test_without_an_inzageverzoek_the_officer_sees_the_history_but_cannot_export(privacy_officer, family) -> None:
    _dossier, parent, _child = family
    client = logged_in(privacy_officer)
    key = _key(privacy_officer, parent, aanleiding="klacht")
    page = client.get(reverse("audit:persoon", kwargs={"key": key}))
    assert page.status_code == 200
    assert reverse("audit:inzage_json", kwargs={"key": key}) not in page.content.decode()
    assert client.get(reverse("audit:inzage_json", kwargs={"key": key})).status_code == 403
    assert client.post(reverse("audit:inzage_aanvragen", kwargs={"key": key})).status_code == 403
    refused = AccessLogEntry.objects.filter(user=privacy_officer, action=AccessAction.DENIED, object_type="inzage")
    assert refused.count() == 2
    assert "aanleiding: klacht" in refused.first().detail


def test_the_export_is_logged_against_every_dossier_with_the_reference_and_special_sections(
    privacy_officer, family, team, generalist
) -> None:
    dossier, parent, _child = family
    DossierNote.objects.create(dossier=dossier, section="gezondheid", text="Slaapt slecht.", author=generalist)
    response = logged_in(privacy_officer).get(
        reverse("audit:inzage_json", kwargs={"key": _key(privacy_officer, parent)})
    )
    assert response.status_code == 200
    assert "inzage-INZ-2026-014-" in response["Content-Disposition"]
    assert json.loads(response.content)["dossiers"][0]["notities"][0]["tekst"] == "Slaapt slecht."
    line = AccessLogEntry.objects.get(user=privacy_officer, object_type="inzage")
    assert line.dossier_id == dossier.pk and line.object_id == str(parent.pk)
    assert "kenmerk: INZ-2026-014" in line.detail and "met notities uit: gezondheid" in line.detail


def test_an_out_of_range_dossier_filter_is_refused_in_dutch_and_logged(privacy_officer) -> None:
    response = logged_in(privacy_officer).get(LOGBOEK, {"dossier": "99999999999999999999999"})
    assert response.status_code == 200
    assert response.context["form"].errors["dossier"] == ["Er bestaat geen dossier met zo'n groot nummer."]
    refused = AccessLogEntry.objects.get(user=privacy_officer, action=AccessAction.DENIED)
    assert refused.detail == "ongeldige zoekopdracht: dossier"
