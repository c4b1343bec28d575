"""Mijn gegevens: the resident asks for the AVG art. 15 overview, the inzage job makes it, and only the person it
is about downloads it; every step logged. The jobs run in the embedded mode (in-process after the commit)."""

from collections.abc import Iterator
from typing import Any

import pytest
from django.urls import reverse

from accounts.models import Role
from audit import exports, inzage
from audit.exports_models import ExportStatus, InzageExport
from audit.models import AccessAction, AccessBasis, AccessLogEntry
from audit.services import log_access
from portal.models import PortalScope, RepresentationKind
from testsupport.factories import InwonerFactory, UserFactory
from testsupport.portal import child, household_dossier, portal_client, representation

pytestmark = pytest.mark.django_db

URL = "/mijn/gegevens/"


class _RenderedHtml:
    """Stands in for WeasyPrint (slow; audit/tests/test_inzage_export.py renders a real one)."""

    documents: list[str] = []

    def __init__(self, string: str, url_fetcher: Any = None) -> None:
        self.documents.append(string)

    def write_pdf(self, **options: Any) -> bytes:
        return b"%PDF-1.7 overzicht"


@pytest.fixture
def rendered(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    _RenderedHtml.documents = []
    monkeypatch.setattr(inzage, "HTML", _RenderedHtml)
    yield _RenderedHtml.documents


def _ask(client, django_capture_on_commit_callbacks) -> Any:
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(reverse("portal:gegevens_aanvragen"))


def test_the_resident_asks_for_the_overview_and_the_inzage_job_makes_it(
    team, generalist, rendered, django_capture_on_commit_callbacks
) -> None:
    dossier = household_dossier(team, generalist)
    resident = dossier.huishouden.members.get()
    client = portal_client(resident.bsn)
    assert "Maak mijn overzicht" in client.get(URL).content.decode()

    response = _ask(client, django_capture_on_commit_callbacks)

    assert response.status_code == 302 and response["Location"] == URL
    export = InzageExport.objects.get()
    assert export.status == ExportStatus.READY and export.person_id == resident.pk
    assert export.requested_by is None and export.portal_requester == f"inwoner {resident.pk} zelf"
    assert export.dossier_ids == [dossier.pk]
    assert resident.full_name in rendered[0]
    asked = AccessLogEntry.objects.get(action=AccessAction.CREATE, object_type="inzage")
    assert asked.basis == AccessBasis.INWONER_ZELF and asked.object_id == str(resident.pk)
    page = client.get(URL).content.decode()
    seen = AccessLogEntry.objects.filter(object_type="inzage", detail__contains="Mijn gegevens bekeken").latest("id")
    assert seen.basis == AccessBasis.INWONER_ZELF and seen.dossier_id == dossier.pk
    assert reverse("portal:gegevens_pdf", kwargs={"inzageexport_id": export.pk}) in page
    assert reverse("portal:gegevens_csv", kwargs={"inzageexport_id": export.pk}) in page


def test_while_the_job_has_not_run_the_page_says_it_is_being_made_and_a_second_click_adds_nothing(
    team, generalist, django_capture_on_commit_callbacks
) -> None:
    dossier = household_dossier(team, generalist)
    client = portal_client(dossier.huishouden.members.get().bsn)
    with django_capture_on_commit_callbacks(execute=False):
        client.post(reverse("portal:gegevens_aanvragen"))
        client.post(reverse("portal:gegevens_aanvragen"))
    assert InzageExport.objects.count() == 1
    assert "wordt gemaakt" in client.get(URL).content.decode()


def test_the_subject_downloads_exactly_the_files_made_and_each_download_is_logged_per_dossier(
    team, generalist, rendered, django_capture_on_commit_callbacks
) -> None:
    dossier = household_dossier(team, generalist)
    resident = dossier.huishouden.members.get()
    client = portal_client(resident.bsn)
    _ask(client, django_capture_on_commit_callbacks)
    export = InzageExport.objects.get()

    pdf = client.get(reverse("portal:gegevens_pdf", kwargs={"inzageexport_id": export.pk}))
    csv = client.get(reverse("portal:gegevens_csv", kwargs={"inzageexport_id": export.pk}))

    assert pdf.status_code == 200 and pdf.content == bytes(export.pdf)
    assert csv.status_code == 200 and csv.content == bytes(export.csv)
    assert "no-store" in pdf["Cache-Control"]
    downloads = AccessLogEntry.objects.filter(
        object_type="inzage", action=AccessAction.VIEW, detail__contains="gedownload"
    )
    assert downloads.count() == 2
    assert {(line.dossier_id, line.basis, line.object_id) for line in downloads} == {
        (dossier.pk, AccessBasis.INWONER_ZELF, str(resident.pk))
    }


def test_the_overview_holds_the_access_history_of_the_household(
    team, generalist, rendered, django_capture_on_commit_callbacks
) -> None:
    """AVG art. 15 lid 1 (c): who received the data. The staff reads of the dossier are in the CSV."""
    dossier = household_dossier(team, generalist)
    resident = dossier.huishouden.members.get()
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
    client = portal_client(resident.bsn)
    _ask(client, django_capture_on_commit_callbacks)
    export = InzageExport.objects.get()

    lines = bytes(export.csv).decode("utf-8-sig").splitlines()

    assert lines[0].startswith("tijdstip;medewerker")
    assert any(generalist.get_full_name() in line and "Regisseur" in line for line in lines[1:])


def test_another_residents_export_gives_404_and_a_logged_refusal(
    team, generalist, rendered, django_capture_on_commit_callbacks
) -> None:
    owner = household_dossier(team, generalist).huishouden.members.get()
    _ask(portal_client(owner.bsn), django_capture_on_commit_callbacks)
    export = InzageExport.objects.get()
    other = household_dossier(team, generalist).huishouden.members.get()

    response = portal_client(other.bsn).get(reverse("portal:gegevens_pdf", kwargs={"inzageexport_id": export.pk}))

    assert response.status_code == 404
    denied = AccessLogEntry.objects.filter(action=AccessAction.DENIED).latest("id")
    assert denied.object_type == "inzage" and denied.object_id == str(export.pk)
    assert reverse("portal:gegevens_pdf", kwargs={"inzageexport_id": export.pk}) not in (
        portal_client(other.bsn).get(URL).content.decode()
    )


def test_an_export_the_privacy_officer_made_is_not_reached_in_the_portal(
    team, generalist, rendered, django_capture_on_commit_callbacks
) -> None:
    resident = household_dossier(team, generalist).huishouden.members.get()
    officer = UserFactory(role=Role.PRIVACY_OFFICER)
    with django_capture_on_commit_callbacks(execute=True):
        export, _created = exports.request_export(officer, resident, kenmerk="INZ-1")
    response = portal_client(resident.bsn).get(reverse("portal:gegevens_pdf", kwargs={"inzageexport_id": export.pk}))
    assert response.status_code == 404


def test_a_representative_without_the_gegevens_scope_is_refused(team, generalist) -> None:
    resident = household_dossier(team, generalist).huishouden.members.get()
    carer = InwonerFactory()
    link = representation(resident, carer.bsn, scopes=[PortalScope.PLAN, PortalScope.BESLUITEN])
    client = portal_client(carer.bsn)
    client.post(reverse("portal:choose_person"), {"person": str(link.pk)})
    assert client.get(URL).status_code == 403
    assert client.post(reverse("portal:gegevens_aanvragen")).status_code == 403
    assert not InzageExport.objects.exists()


def test_a_parent_of_a_thirteen_year_old_without_the_childs_agreement_is_refused(team, generalist) -> None:
    parent = InwonerFactory()
    teen = child(13)
    household_dossier(team, generalist, parent, teen)
    link = representation(teen, parent.bsn, kind=RepresentationKind.OUDER_MET_GEZAG, scopes=list(PortalScope.values))
    client = portal_client(parent.bsn)
    client.post(reverse("portal:choose_person"), {"person": str(link.pk)})
    assert client.get(URL).status_code == 403


def test_a_representative_with_the_gegevens_scope_gets_the_persons_overview(
    team, generalist, rendered, django_capture_on_commit_callbacks
) -> None:
    resident = household_dossier(team, generalist).huishouden.members.get()
    carer = InwonerFactory()
    link = representation(resident, carer.bsn, kind=RepresentationKind.CURATOR, scopes=[PortalScope.GEGEVENS])
    client = portal_client(carer.bsn)
    client.post(reverse("portal:choose_person"), {"person": str(link.pk)})

    _ask(client, django_capture_on_commit_callbacks)

    export = InzageExport.objects.get()
    assert export.person_id == resident.pk and export.portal_requester.startswith(f"vertegenwoordiger {link.pk}")
    response = client.get(reverse("portal:gegevens_pdf", kwargs={"inzageexport_id": export.pk}))
    assert response.status_code == 200
    # The carer's own data is another person's: their own export does not include it.
    own = portal_client(carer.bsn)
    assert own.get(reverse("portal:gegevens_pdf", kwargs={"inzageexport_id": export.pk})).status_code == 404
