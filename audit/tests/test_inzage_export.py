"""The inzage export is made by a background job: asked for, followed, downloaded by its officer only, logged, expired.

The jobs run in the embedded mode here (no broker: in-process, as `make run` does), so asking for an
export and running the job it starts happen in the test, once the request's transaction commits.
"""

import csv
import io
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

import pytest
from django.db import IntegrityError, OperationalError, connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from audit import exports, inzage, inzage_log
from audit.exports_models import ExportStatus, InzageExport
from audit.models import AccessAction, AccessBasis, AccessLogEntry
from audit.services import log_access
from audit.tasks_inzage import build_inzage_export, expire_inzage_exports
from audit.tests.conftest import logged_in, melding_about
from audit.views import person_key
from dossiers.models import Dossier
from jobs.models import JobRun, RunStatus
from residents.models import Inwoner
from testsupport.factories import UserFactory

pytestmark = pytest.mark.django_db

KENMERK = "INZ-2026-014"


class _RenderedHtml:
    """Stands in for WeasyPrint (slow, and tested once below): keeps the HTML the PDF would be made of."""

    documents: list[str] = []

    def __init__(self, string: str, url_fetcher: Any = None) -> None:
        self.documents.append(string)

    def write_pdf(self, **options: Any) -> bytes:
        return b"%PDF-1.7 test"


@pytest.fixture
def rendered(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    _RenderedHtml.documents = []
    monkeypatch.setattr(inzage, "HTML", _RenderedHtml)
    yield _RenderedHtml.documents


def _request_url(officer, inwoner, aanleiding: str = "inzageverzoek") -> str:
    key = person_key(officer, inwoner, aanleiding=aanleiding, kenmerk=KENMERK)
    return reverse("audit:inzage_aanvragen", kwargs={"key": key})


def _ask(client: Client, officer, inwoner, django_capture_on_commit_callbacks, *, run: bool = True) -> Any:
    """The officer asks for the export; with `run` the job starts once the request is committed."""
    with django_capture_on_commit_callbacks(execute=run):
        return client.post(_request_url(officer, inwoner))


def _at(monkeypatch: pytest.MonkeyPatch, moment: datetime, user, **line: Any) -> AccessLogEntry:
    with monkeypatch.context() as past:
        past.setattr(timezone, "now", lambda: timezone.make_aware(moment))
        return log_access(None, user=user, **line)


def _seen(user, dossier, *, section: str = "meldingen", basis: str = AccessBasis.REGISSEUR, **extra: Any):
    return log_access(
        None,
        user=user,
        action=extra.pop("action", AccessAction.VIEW),
        basis=basis,
        object_type="dossier",
        object_id=dossier.pk,
        dossier_id=dossier.pk,
        section=section,
        **extra,
    )


# --- Asking and following ---------------------------------------------------------------------


def test_asking_records_the_request_and_the_job_makes_the_pdf_and_csv(
    privacy_officer, family, generalist, rendered, django_capture_on_commit_callbacks
) -> None:
    dossier, parent, _child = family
    melding_about(dossier, parent, "Zorgen over de schulden.", generalist)
    for _ in range(3):
        _seen(generalist, dossier)

    response = _ask(logged_in(privacy_officer), privacy_officer, parent, django_capture_on_commit_callbacks)

    export = InzageExport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("audit:inzage_status", kwargs={"export_id": export.pk})
    assert export.status == ExportStatus.READY
    assert export.requested_by == privacy_officer and export.person_id == parent.pk and export.kenmerk == KENMERK
    assert bytes(export.pdf).startswith(b"%PDF")
    assert export.line_count == 4  # three views and the request itself
    csv_lines = bytes(export.csv).decode("utf-8-sig").splitlines()
    assert len(csv_lines) == 1 + 4 and csv_lines[0].startswith("tijdstip;medewerker;functie;organisatie")
    assert export.dossier_ids == [dossier.pk]
    assert export.finished_at is not None
    assert export.expires_at == export.finished_at + timedelta(days=exports.EXPORT_KEEP_DAYS)
    asked = AccessLogEntry.objects.get(user=privacy_officer, action=AccessAction.CREATE, object_type="inzage")
    assert asked.object_id == str(parent.pk) and KENMERK in asked.detail
    run = JobRun.objects.get(job="audit.build_inzage_export")
    assert run.status == RunStatus.SUCCEEDED and run.summary["regels"] == 4
    assert "Zorgen over de schulden." in rendered[0]


def test_the_status_page_polls_while_the_export_is_made_and_offers_the_files_when_ready(
    privacy_officer, family, rendered, django_capture_on_commit_callbacks
) -> None:
    _dossier, parent, _child = family
    client = logged_in(privacy_officer)
    _ask(client, privacy_officer, parent, django_capture_on_commit_callbacks, run=False)
    export = InzageExport.objects.get()
    status_url = reverse("audit:inzage_status", kwargs={"export_id": export.pk})
    pdf_url = reverse("audit:inzage_pdf_download", kwargs={"export_id": export.pk})

    waiting = client.get(status_url).content.decode()
    assert export.status == ExportStatus.REQUESTED
    assert "Aangevraagd" in waiting
    assert f'hx-get="{status_url}"' in waiting and 'hx-trigger="every 3s"' in waiting
    assert f'href="{status_url}"' in waiting  # the refresh link that works without JavaScript
    assert pdf_url not in waiting

    build_inzage_export.delay(str(export.pk))

    part = client.get(status_url, headers={"HX-Request": "true"}).content.decode()
    assert part.lstrip().startswith("<section") and "Klaar" in part  # only the part htmx swaps in
    assert "hx-trigger" not in part  # done: no more polling
    assert pdf_url in part and reverse("audit:inzage_csv_download", kwargs={"export_id": export.pk}) in part
    listed = client.get(reverse("audit:inzage_lijst")).content.decode()
    assert KENMERK in listed and status_url in listed


def test_asking_again_while_it_is_made_gives_the_same_export(
    privacy_officer, family, rendered, django_capture_on_commit_callbacks
) -> None:
    _dossier, parent, _child = family
    client = logged_in(privacy_officer)
    first = _ask(client, privacy_officer, parent, django_capture_on_commit_callbacks, run=False)
    second = _ask(client, privacy_officer, parent, django_capture_on_commit_callbacks, run=False)

    assert first["Location"] == second["Location"]
    assert InzageExport.objects.count() == 1
    assert AccessLogEntry.objects.filter(action=AccessAction.CREATE, object_type="inzage").count() == 1


def test_the_database_refuses_a_second_open_export_for_the_same_person_and_officer(privacy_officer, family) -> None:
    _dossier, parent, _child = family
    InzageExport.objects.create(requested_by=privacy_officer, person_id=parent.pk, kenmerk=KENMERK)
    with pytest.raises(IntegrityError):
        InzageExport.objects.create(
            requested_by=privacy_officer, person_id=parent.pk, kenmerk=KENMERK, status=ExportStatus.RUNNING
        )


def test_once_ready_a_new_request_makes_a_new_export(
    privacy_officer, family, rendered, django_capture_on_commit_callbacks
) -> None:
    _dossier, parent, _child = family
    client = logged_in(privacy_officer)
    _ask(client, privacy_officer, parent, django_capture_on_commit_callbacks)
    _ask(client, privacy_officer, parent, django_capture_on_commit_callbacks)
    assert list(InzageExport.objects.values_list("status", flat=True)) == [ExportStatus.READY, ExportStatus.READY]


def test_a_request_no_worker_finished_within_the_hour_is_given_up(
    privacy_officer, family, rendered, django_capture_on_commit_callbacks
) -> None:
    _dossier, parent, _child = family
    lost = InzageExport.objects.create(
        requested_by=privacy_officer,
        person_id=parent.pk,
        kenmerk=KENMERK,
        requested_at=timezone.now() - exports.STALE_AFTER - timedelta(minutes=1),
    )
    _ask(logged_in(privacy_officer), privacy_officer, parent, django_capture_on_commit_callbacks)
    lost.refresh_from_db()
    assert lost.status == ExportStatus.FAILED and "binnen een uur" in lost.error
    assert InzageExport.objects.filter(status=ExportStatus.READY).count() == 1


def test_a_second_run_of_the_job_for_a_ready_export_does_nothing(
    privacy_officer, family, rendered, django_capture_on_commit_callbacks
) -> None:
    _dossier, parent, _child = family
    _ask(logged_in(privacy_officer), privacy_officer, parent, django_capture_on_commit_callbacks)
    export = InzageExport.objects.get()
    build_inzage_export.delay(str(export.pk))
    assert len(rendered) == 1
    assert InzageExport.objects.get().finished_at == export.finished_at


# --- Failures ---------------------------------------------------------------------------------


def test_a_failing_job_shows_as_mislukt_on_the_export_and_in_the_job_runs(
    privacy_officer, family, monkeypatch, django_capture_on_commit_callbacks
) -> None:
    _dossier, parent, _child = family

    def broken(inwoner: Inwoner) -> None:
        raise ValueError(f"kapot bij {inwoner.bsn}")

    monkeypatch.setattr(inzage_log, "read_history", broken)
    client = logged_in(privacy_officer)
    _ask(client, privacy_officer, parent, django_capture_on_commit_callbacks)

    export = InzageExport.objects.get()
    assert export.status == ExportStatus.FAILED and export.pdf is None
    assert export.error.startswith("ValueError") and parent.bsn not in export.error
    run = JobRun.objects.get(job="audit.build_inzage_export")
    assert run.status == RunStatus.FAILED and run.error.startswith("ValueError")
    page = client.get(reverse("audit:inzage_status", kwargs={"export_id": export.pk})).content.decode()
    assert "Mislukt" in page and "kon niet worden gemaakt" in page
    assert reverse("audit:inzage_pdf_download", kwargs={"export_id": export.pk}) not in page
    # A failed export does not block a new request.
    monkeypatch.undo()
    monkeypatch.setattr(inzage, "HTML", _RenderedHtml)
    _ask(client, privacy_officer, parent, django_capture_on_commit_callbacks)
    assert InzageExport.objects.filter(status=ExportStatus.READY).count() == 1


def test_a_transient_error_is_retried_and_the_export_is_made_after_all(
    privacy_officer, family, monkeypatch, rendered, django_capture_on_commit_callbacks
) -> None:
    _dossier, parent, _child = family
    real = inzage_log.read_history
    calls: list[int] = []

    def flaky(inwoner: Inwoner) -> inzage_log.History:
        calls.append(1)
        if len(calls) == 1:
            raise OperationalError("server closed the connection unexpectedly")
        return real(inwoner)

    monkeypatch.setattr(inzage_log, "read_history", flaky)
    _ask(logged_in(privacy_officer), privacy_officer, parent, django_capture_on_commit_callbacks)

    assert InzageExport.objects.get().status == ExportStatus.READY
    statuses = list(
        JobRun.objects.filter(job="audit.build_inzage_export").order_by("attempt").values_list("status", flat=True)
    )
    assert statuses == [RunStatus.RETRYING, RunStatus.SUCCEEDED]


# --- Who may --------------------------------------------------------------------------------


@pytest.fixture
def ready_export(privacy_officer, family, rendered, django_capture_on_commit_callbacks) -> InzageExport:
    _dossier, parent, _child = family
    _ask(logged_in(privacy_officer), privacy_officer, parent, django_capture_on_commit_callbacks)
    return InzageExport.objects.get()


def _export_urls(export: InzageExport) -> list[str]:
    return [
        reverse(name, kwargs={"export_id": export.pk})
        for name in ("audit:inzage_status", "audit:inzage_pdf_download", "audit:inzage_csv_download")
    ]


@pytest.mark.parametrize(
    "role", ["generalist", "teamleider", "beleidsmedewerker", "functioneel_beheerder", "consulent"]
)
def test_other_roles_may_not_ask_for_see_or_download_an_export(request, role: str, ready_export, family) -> None:
    user = request.getfixturevalue(role)
    _dossier, parent, _child = family
    client = logged_in(user)
    for url in [*_export_urls(ready_export), reverse("audit:inzage_lijst")]:
        assert client.get(url).status_code == 403, url
    assert client.post(_request_url(user, parent)).status_code == 403
    assert AccessLogEntry.objects.filter(user=user, action=AccessAction.DENIED).count() == 5
    assert not AccessLogEntry.objects.filter(user=user, object_type="inzage", action=AccessAction.VIEW).exists()


def test_anonymous_visitors_are_sent_to_the_login_page(ready_export) -> None:
    for url in _export_urls(ready_export):
        response = Client().get(url)
        assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_another_privacy_officer_does_not_reach_someone_elses_export(ready_export) -> None:
    colleague = UserFactory(role=Role.PRIVACY_OFFICER)
    client = logged_in(colleague)
    for url in _export_urls(ready_export):
        assert client.get(url).status_code == 404
    assert KENMERK not in client.get(reverse("audit:inzage_lijst")).content.decode()
    assert AccessLogEntry.objects.filter(user=colleague, action=AccessAction.DENIED, object_type="inzage").count() == 3


def test_without_an_inzageverzoek_no_export_can_be_asked_for(privacy_officer, family) -> None:
    _dossier, parent, _child = family
    response = logged_in(privacy_officer).post(_request_url(privacy_officer, parent, aanleiding="klacht"))
    assert response.status_code == 403
    assert not InzageExport.objects.exists()
    assert AccessLogEntry.objects.filter(
        user=privacy_officer, action=AccessAction.DENIED, object_type="inzage"
    ).exists()


def test_asking_needs_a_post(privacy_officer, family) -> None:
    _dossier, parent, _child = family
    assert logged_in(privacy_officer).get(_request_url(privacy_officer, parent)).status_code == 405
    assert not InzageExport.objects.exists()


# --- Downloads and expiry -------------------------------------------------------------------


def test_every_download_is_logged_against_each_dossier_of_the_person(privacy_officer, ready_export, family) -> None:
    dossier, parent, _child = family
    client = logged_in(privacy_officer)
    pdf_url, csv_url = _export_urls(ready_export)[1:]

    pdf = client.get(pdf_url)
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert pdf["Content-Disposition"].startswith(f'attachment; filename="inzage-{KENMERK}-')
    assert "no-store" in pdf["Cache-Control"]
    csv = client.get(csv_url)
    assert csv.status_code == 200 and csv["Content-Type"] == "text/csv; charset=utf-8"
    client.get(pdf_url)

    downloads = AccessLogEntry.objects.filter(user=privacy_officer, object_type="inzage", action=AccessAction.VIEW)
    assert downloads.count() == 3
    assert set(downloads.values_list("dossier_id", flat=True)) == {dossier.pk}
    assert set(downloads.values_list("object_id", flat=True)) == {str(parent.pk)}
    assert {line.basis for line in downloads} == {AccessBasis.PRIVACY_TOEZICHT}
    assert sorted("(PDF)" in line.detail for line in downloads) == [False, True, True]
    assert all(KENMERK in line.detail for line in downloads)


def test_an_expired_export_is_not_served_and_the_job_removes_its_files(privacy_officer, ready_export) -> None:
    InzageExport.objects.filter(pk=ready_export.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    client = logged_in(privacy_officer)
    pdf_url = _export_urls(ready_export)[1]
    response = client.get(pdf_url)
    assert response.status_code == 302 and response["Location"] == _export_urls(ready_export)[0]
    assert not AccessLogEntry.objects.filter(user=privacy_officer, object_type="inzage", action=AccessAction.VIEW)

    expire_inzage_exports.delay()

    export = InzageExport.objects.get()
    assert export.status == ExportStatus.EXPIRED and export.pdf is None and export.csv is None
    assert JobRun.objects.get(job="audit.expire_inzage_exports").summary["verlopen"] == 1
    assert "verwijderd" in client.get(_export_urls(ready_export)[0]).content.decode()


def test_the_files_stay_within_their_term(ready_export) -> None:
    expire_inzage_exports.delay()
    assert InzageExport.objects.get().status == ExportStatus.READY


def test_the_files_of_a_person_who_was_destroyed_go_with_the_next_clean_up(ready_export) -> None:
    InzageExport.objects.filter(pk=ready_export.pk).update(person_id=999_999_999)
    assert exports.expire_exports()["inwoner_verwijderd"] == 1
    assert InzageExport.objects.get().pdf is None


# --- The summary in the PDF ---------------------------------------------------------------------


def test_the_pdf_summarises_the_log_and_lists_break_the_glass_and_refusals_in_full(
    privacy_officer, family, generalist, colleague, monkeypatch, rendered, django_capture_on_commit_callbacks
) -> None:
    dossier, parent, _child = family
    monkeypatch.setattr(inzage_log, "LATEST_LINES", 5)
    line = {"object_type": "dossier", "object_id": dossier.pk, "dossier_id": dossier.pk}
    _at(
        monkeypatch,
        datetime(2026, 1, 5, 9, 0),
        generalist,
        action="view",
        basis="regisseur",
        section="meldingen",
        **line,
    )
    for day in range(6, 16):
        _at(
            monkeypatch,
            datetime(2026, 1, day, 9, 0),
            generalist,
            action="view",
            basis="regisseur",
            section="meldingen",
            **line,
        )
    _at(
        monkeypatch,
        datetime(2026, 1, 20, 11, 0),
        generalist,
        action="update",
        basis="regisseur",
        section="meldingen",
        **line,
    )
    _at(
        monkeypatch,
        datetime(2026, 2, 1, 3, 15),
        colleague,
        action="create",
        basis="break_the_glass",
        object_type="noodtoegang",
        object_id=1,
        dossier_id=dossier.pk,
        detail="Politie belt: kind niet thuisgekomen",
    )
    _at(
        monkeypatch,
        datetime(2026, 2, 2, 8, 0),
        colleague,
        action="denied",
        basis="geen",
        object_type="dossier",
        dossier_id=dossier.pk,
        section="gezondheid",
        detail="onderdeel niet toegestaan",
    )

    summary = inzage_log.summarise(parent)
    assert summary.total == 14
    regisseur = next(total for total in summary.grounds if total.label == "Regisseur")
    assert (regisseur.count, regisseur.changes) == (12, 1)
    assert timezone.localtime(regisseur.first) == timezone.make_aware(datetime(2026, 1, 5, 9, 0))
    assert timezone.localtime(regisseur.last) == timezone.make_aware(datetime(2026, 1, 20, 11, 0))
    assert {(total.label, total.count) for total in summary.sections} == {
        ("Meldingen", 12),
        ("Dossier of persoon als geheel", 1),
        ("Psychische gezondheid en verslaving", 1),
    }
    people = {total.label: total for total in summary.professionals}
    assert people[f"{generalist.get_full_name()} (Generalist)"].count == 12
    assert (
        people[f"{colleague.get_full_name()} (Generalist)"].grounds == "Geen grondslag, Noodtoegang (break-the-glass)"
    )
    assert people[f"{colleague.get_full_name()} (Generalist)"].detail == "Wijkteam of gemeente"
    assert [(line.grondslag, line.toelichting) for line in summary.exceptional] == [
        ("Geen grondslag", "onderdeel niet toegestaan"),
        ("Noodtoegang (break-the-glass)", "Politie belt: kind niet thuisgekomen"),
    ]
    assert len(summary.latest) == 5 and not summary.latest_is_all
    assert [(total.label, total.detail, total.count) for total in summary.organisations] == [
        ("Wijkteam of gemeente", "2", 14)
    ]

    _ask(logged_in(privacy_officer), privacy_officer, parent, django_capture_on_commit_callbacks)
    html = rendered[-1]
    assert "Per medewerker" in html and "Per onderdeel van het dossier" in html and "Per grondslag" in html
    assert "Politie belt: kind niet thuisgekomen" in html and "onderdeel niet toegestaan" in html
    assert "De nieuwste 5 regels" in html
    assert "06-01-2026 09:00" not in html  # an old ordinary line: only in the CSV
    csv = bytes(InzageExport.objects.get().csv).decode("utf-8-sig")
    assert "2026-01-06 09:00:00" in csv and "Politie belt" in csv


def test_the_summary_reads_the_log_in_one_query_for_few_and_many_lines(family, generalist, colleague) -> None:
    dossier, parent, _child = family
    _seen(generalist, dossier)
    with CaptureQueriesContext(connection) as few:
        inzage_log.summarise(parent)
    for user in (generalist, colleague):
        for section in ("meldingen", "gezondheid", "plan"):
            for _ in range(5):
                _seen(user, dossier, section=section)
    with CaptureQueriesContext(connection) as many:
        inzage_log.summarise(parent)
    assert len(many) == len(few) == 1


def _access_log_reads(queries: CaptureQueriesContext) -> int:
    return sum(
        1
        for query in queries.captured_queries
        if '"audit_accesslogentry"' in query["sql"] and not query["sql"].lstrip().upper().startswith("INSERT")
    )


def _build_now(officer, inwoner) -> CaptureQueriesContext:
    export, _created = exports.request_export(officer, inwoner, kenmerk=KENMERK, enqueue=lambda export_id: None)
    with CaptureQueriesContext(connection) as queries:
        exports.build_export(str(export.pk))
    assert InzageExport.objects.get(pk=export.pk).status == ExportStatus.READY
    return queries


def test_the_job_takes_the_same_queries_and_reads_the_log_once_however_much_there_is(
    privacy_officer, family, generalist, colleague, team, rendered
) -> None:
    dossier, parent, _child = family
    _seen(generalist, dossier)
    few = _build_now(privacy_officer, parent)

    second = Dossier.objects.create(huishouden=dossier.huishouden, team=team, regisseur=colleague)
    melding_about(second, parent, "Nog een melding.", colleague)
    outsider = UserFactory(role=Role.CONSULENT, organisation="Schuldhulp Oost")
    for user in (generalist, colleague, outsider):
        for target in (dossier, second):
            for section in ("meldingen", "gezondheid", "plan"):
                for basis in (AccessBasis.REGISSEUR, AccessBasis.BETROKKEN):
                    _seen(user, target, section=section, basis=basis)
    _seen(colleague, second, basis=AccessBasis.BREAK_THE_GLASS, action=AccessAction.CREATE, detail="Crisis")
    _seen(outsider, dossier, basis=AccessBasis.NONE, action=AccessAction.DENIED, detail="niet toegestaan")
    many = _build_now(privacy_officer, parent)

    assert _access_log_reads(few) == _access_log_reads(many) == 1
    assert len(many) == len(few)
    assert InzageExport.objects.order_by("-finished_at").first().line_count > 40


def test_the_pdf_gets_no_more_rows_when_there_are_more_lines(
    privacy_officer, family, generalist, colleague, rendered
) -> None:
    dossier, parent, _child = family
    for _ in range(20):
        _seen(generalist, dossier)
        _seen(colleague, dossier, section="plan", basis=AccessBasis.BETROKKEN)
    _build_now(privacy_officer, parent)
    for _ in range(60):
        _seen(generalist, dossier)
        _seen(colleague, dossier, section="plan", basis=AccessBasis.BETROKKEN)
    _build_now(privacy_officer, parent)

    fewer, more = rendered
    assert fewer.count("<tr") == more.count("<tr")
    assert "heeft 41 keer vastgelegd" in fewer and "heeft 162 keer vastgelegd" in more  # with the requests


def test_the_csv_has_every_line_and_the_explanation_only_where_it_is_the_point(family, generalist, colleague) -> None:
    dossier, parent, _child = family
    _seen(generalist, dossier, detail="lijst van de werkvoorraad")
    _seen(colleague, dossier, basis=AccessBasis.BREAK_THE_GLASS, action=AccessAction.CREATE, detail="Crisis, 's nachts")
    log_access(None, action=AccessAction.DENIED, basis=AccessBasis.NONE, object_type="dossier", dossier_id=dossier.pk)

    history = inzage_log.read_history(parent)

    rows = list(csv.reader(io.StringIO(history.csv.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 1 + history.summary.total == 4
    denied, glass, seen = rows[1:]  # newest first
    assert denied[1:4] == ["systeem", "", "Wijkteam of gemeente"] and denied[4] == "Geweigerd"
    assert glass[1] == colleague.get_full_name() and glass[2] == "Generalist"
    assert glass[5] == "Noodtoegang (break-the-glass)" and glass[-1] == "Crisis, 's nachts"
    assert (
        seen[6] == "Meldingen" and seen[8] == str(dossier.pk) and seen[-1] == ""
    )  # an ordinary line's detail stays out


def test_a_reason_written_as_a_formula_stays_text_in_the_csv(family, colleague) -> None:
    dossier, parent, _child = family
    log_access(
        None,
        user=colleague,
        action=AccessAction.CREATE,
        basis=AccessBasis.BREAK_THE_GLASS,
        object_type="noodtoegang",
        dossier_id=dossier.pk,
        detail='=HYPERLINK("http://example.org")',
    )
    rows = list(csv.reader(io.StringIO(inzage_log.history_csv(parent).decode("utf-8-sig")), delimiter=";"))
    assert rows[1][-1] == '\'=HYPERLINK("http://example.org")'


def test_the_job_makes_a_real_pdf(privacy_officer, family, generalist, django_capture_on_commit_callbacks) -> None:
    dossier, parent, _child = family
    _seen(generalist, dossier)
    _ask(logged_in(privacy_officer), privacy_officer, parent, django_capture_on_commit_callbacks)
    pdf = bytes(InzageExport.objects.get().pdf)
    assert pdf.startswith(b"%PDF") and pdf.rstrip().endswith(b"%%EOF")


def test_expired_exports_are_removed_by_a_nightly_job(settings) -> None:
    from celery.schedules import crontab

    from audit.tasks_inzage import expire_inzage_exports

    entry = settings.CELERY_BEAT_SCHEDULE["inzage-exports-opruimen"]
    assert entry["task"] == expire_inzage_exports.name
    assert entry["schedule"] == crontab(hour=3, minute=30)
