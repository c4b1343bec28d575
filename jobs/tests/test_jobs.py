"""The background jobs in the embedded mode (no broker): each does its work, a second run changes nothing,
and every attempt is recorded for the functioneel beheerder — a failure too, with its kind but no data."""

from datetime import date, timedelta
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.db import OperationalError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role, User
from allocations import outgoing, toewijzingbericht
from allocations.jobs import exchange_messages
from allocations.models import Bericht, BerichtStatus
from catalogue.codes import Frequency, Unit
from dossiers.jobs import refresh_deadline_states
from dossiers.models import Dossier
from dossiers.services import start_deadline
from dossiers.transitions import Status
from jobs import locks
from jobs.jobs import prune_runs
from jobs.models import JobRun, RunStatus
from jobs.runs import JobError, describe
from organisation.models import Team
from retention.jobs import report_past_retention
from retention.tests.conftest import closed_dossier
from testsupport.decision_factories import AanbiederFactory, VoorzieningFactory, contracted, priced
from testsupport.factories import UserFactory, dossier_for
from testsupport.istandaarden import requires_istandaarden

pytestmark = pytest.mark.django_db


@pytest.fixture
def exchange_folders(settings, tmp_path: Path) -> tuple[Path, Path]:
    settings.BERICHTEN_INBOX = tmp_path / "in"
    settings.BERICHTEN_OUTBOX = tmp_path / "uit"
    return settings.BERICHTEN_INBOX, settings.BERICHTEN_OUTBOX


def _runs(job: str) -> list[JobRun]:
    return list(JobRun.objects.filter(job=job).order_by("pk"))


def _a_301_left_in_the_outbox(team: Team, generalist: User) -> Bericht:
    dossier = dossier_for(team, regisseur=generalist)
    inwoner = dossier.huishouden.members.get()
    voorziening = priced(VoorzieningFactory())
    aanbieder = contracted(AanbiederFactory(), voorziening)
    outgoing.allocate(
        inwoner=inwoner,
        aanbieder=aanbieder,
        voorziening=voorziening,
        law=voorziening.law,
        ingangsdatum=date(2026, 1, 1),
        einddatum=date(2099, 12, 31),
        volume=3,
        unit=Unit.UUR,
        frequency=Frequency.PER_WEEK,
        actor=generalist,
        dossier=dossier,
    )
    [bericht] = toewijzingbericht.build_301s(inwoner, generalist, dossier=dossier)
    return bericht


@requires_istandaarden("WMO301")
def test_the_scheduled_exchange_delivers_a_301_left_in_the_outbox(team, generalist, exchange_folders) -> None:
    _inbox, outbox = exchange_folders
    bericht = _a_301_left_in_the_outbox(team, generalist)
    assert bericht.status == BerichtStatus.KLAAR and bericht.kind == "WMO301"

    exchange_messages.delay()

    bericht.refresh_from_db()
    assert bericht.status == BerichtStatus.VERZONDEN
    assert (outbox / bericht.file_name).read_bytes() == bytes(bericht.content)
    [run] = _runs("allocations.exchange_messages")
    assert run.status == RunStatus.SUCCEEDED and run.finished_at is not None
    assert run.summary["verzonden"] == 1 and run.summary["nog_klaar"] == 0


@requires_istandaarden("WMO301")
def test_a_second_exchange_run_changes_nothing(team, generalist, exchange_folders) -> None:
    _inbox, outbox = exchange_folders
    _a_301_left_in_the_outbox(team, generalist)
    exchange_messages.delay()

    exchange_messages.delay()

    assert len(list(outbox.iterdir())) == 1
    _first, second = _runs("allocations.exchange_messages")
    assert second.status == RunStatus.SUCCEEDED and second.summary["verzonden"] == 0


def test_the_exchange_also_reads_the_inbox(exchange_folders) -> None:
    inbox, _outbox = exchange_folders
    inbox.mkdir(parents=True)
    (inbox / "kapot.xml").write_bytes(b"geen bericht")

    exchange_messages.delay()

    [run] = _runs("allocations.exchange_messages")
    assert (run.summary["ontvangen"], run.summary["afgewezen"]) == (1, 1)
    assert not (inbox / "kapot.xml").exists()


def test_the_refresh_corrects_next_deadline_and_a_second_run_changes_nothing(team, generalist) -> None:
    dossier = dossier_for(team, regisseur=generalist)
    deadline = start_deadline(dossier, "WMO_ONDERZOEK", timezone.localdate(), generalist)
    closed = dossier_for(team, status=Status.AFGESLOTEN, next_deadline=date(2020, 1, 1))
    Dossier.objects.filter(pk=dossier.pk).update(next_deadline=None)  # a write that went past the services

    refresh_deadline_states.delay()
    refresh_deadline_states.delay()

    dossier.refresh_from_db()
    closed.refresh_from_db()
    assert dossier.next_deadline == deadline.due and closed.next_deadline is None
    first, second = _runs("dossiers.refresh_deadline_states")
    assert first.summary["bijgewerkt"] == 2 and first.summary["gecontroleerd"] == 1
    assert second.summary["bijgewerkt"] == 0 and second.status == RunStatus.SUCCEEDED


def test_the_refresh_counts_overdue_terms(team, generalist) -> None:
    dossier = dossier_for(team, regisseur=generalist)
    start_deadline(dossier, "WMO_ONDERZOEK", timezone.localdate() - timedelta(days=120), generalist)

    refresh_deadline_states.delay()

    [run] = _runs("dossiers.refresh_deadline_states")
    assert (run.summary["verlopen"], run.summary["dreigt_te_verlopen"]) == (1, 0)


def test_the_refresh_works_in_batches(team, generalist) -> None:
    from dossiers.next_deadlines import refresh_next_deadlines

    dossiers = [dossier_for(team) for _ in range(5)]
    for dossier in dossiers:
        start_deadline(dossier, "WMO_ONDERZOEK", timezone.localdate(), generalist)
    Dossier.objects.update(next_deadline=None)

    result = refresh_next_deadlines(batch_size=2)

    assert (result.checked, result.corrected) == (5, 5)
    assert not Dossier.objects.filter(next_deadline__isnull=True).exists()


def test_the_retention_report_counts_and_destroys_nothing(team) -> None:
    past = closed_dossier(team, timezone.localdate() - timedelta(days=6 * 366))
    closed_dossier(team, timezone.localdate() - timedelta(days=30))

    report_past_retention.delay()
    report_past_retention.delay()

    assert Dossier.objects.filter(pk=past.pk).exists()
    first, second = _runs("retention.report_past_retention")
    assert first.summary == second.summary == {"voorbij_bewaartermijn": 1, "zonder_voorstel": 1}


def test_a_failing_job_is_recorded_as_failed_with_its_error_but_not_the_data(monkeypatch) -> None:
    def broken() -> list[object]:
        raise ValueError("Inwoner Jansen, BSN 123456782")

    monkeypatch.setattr("retention.jobs.dossiers_past_retention", broken)

    result = report_past_retention.delay()

    assert result.failed()
    [run] = _runs("retention.report_past_retention")
    assert run.status == RunStatus.FAILED and run.finished_at is not None
    assert run.error.startswith("ValueError") and "retention/jobs.py" in run.error and "in broken" in run.error
    assert "Jansen" not in run.error and "123456782" not in run.error


def test_a_transient_error_is_retried_with_backoff_and_each_attempt_recorded(monkeypatch) -> None:
    calls: list[int] = []

    def flaky() -> list[object]:
        calls.append(1)
        if len(calls) < 3:
            raise OperationalError("database is locked")
        return []

    monkeypatch.setattr("retention.jobs.dossiers_past_retention", flaky)

    report_past_retention.delay()

    runs = _runs("retention.report_past_retention")
    assert [run.status for run in runs] == [RunStatus.RETRYING, RunStatus.RETRYING, RunStatus.SUCCEEDED]
    assert [run.attempt for run in runs] == [1, 2, 3]
    assert runs[0].error.startswith("OperationalError: database is locked")


def test_after_the_last_retry_the_run_is_recorded_as_failed(monkeypatch) -> None:
    def down() -> list[object]:
        raise OperationalError("could not connect to server")

    monkeypatch.setattr("retention.jobs.dossiers_past_retention", down)

    report_past_retention.delay()

    runs = _runs("retention.report_past_retention")
    assert len(runs) == report_past_retention.max_retries + 1
    assert [run.status for run in runs[:-1]] == [RunStatus.RETRYING] * report_past_retention.max_retries
    assert runs[-1].status == RunStatus.FAILED and "could not connect" in runs[-1].error


@requires_istandaarden("WMO301")
def test_a_run_while_another_holds_the_lock_does_nothing(team, generalist, exchange_folders) -> None:
    bericht = _a_301_left_in_the_outbox(team, generalist)
    token = locks.acquire("allocations.exchange_messages", 60)
    assert token is not None

    exchange_messages.delay()

    bericht.refresh_from_db()
    assert bericht.status == BerichtStatus.KLAAR
    [run] = _runs("allocations.exchange_messages")
    assert run.status == RunStatus.SKIPPED
    locks.release("allocations.exchange_messages", token)
    exchange_messages.delay()
    bericht.refresh_from_db()
    assert bericht.status == BerichtStatus.VERZONDEN


def test_a_lock_whose_lease_ran_out_is_taken_over() -> None:
    assert locks.acquire("x", 60) is not None
    assert locks.acquire("x", 60) is None
    from jobs.models import JobLock

    JobLock.objects.filter(name="x").update(held_until=timezone.now() - timedelta(seconds=1))
    assert locks.acquire("x", 60) is not None


def test_describe_keeps_a_job_error_and_an_os_reason_but_no_file_name() -> None:
    assert describe(JobError("De inbox is onbereikbaar")).startswith("JobError: De inbox is onbereikbaar")
    error = FileNotFoundError(2, "No such file or directory", "/data/in/Jansen.xml")
    assert describe(error).startswith("FileNotFoundError: No such file or directory")
    assert "Jansen" not in describe(error)


def test_old_successful_runs_are_pruned_and_failures_kept(settings) -> None:
    old = timezone.now() - timedelta(days=settings.JOB_RUNS_KEEP_DAYS + 1)
    JobRun.objects.create(job="a", status=RunStatus.SUCCEEDED, started_at=old)
    failed = JobRun.objects.create(job="a", status=RunStatus.FAILED, started_at=old)
    recent = JobRun.objects.create(job="a", status=RunStatus.SUCCEEDED)

    prune_runs.delay()

    kept = set(JobRun.objects.filter(job="a").values_list("pk", flat=True))
    assert kept == {failed.pk, recent.pk}


def test_the_beheerder_sees_the_runs_read_only() -> None:
    beheerder = UserFactory(role=Role.FUNCTIONEEL_BEHEERDER, is_staff=True)
    beheerder.groups.add(Group.objects.get(name="Functioneel beheer"))
    run = JobRun.objects.create(job="retention.report_past_retention", status=RunStatus.FAILED, error="ValueError")
    client = Client()
    client.force_login(beheerder)

    listing = client.get(reverse("admin:jobs_jobrun_changelist"))
    page = client.get(reverse("admin:jobs_jobrun_change", args=[run.pk]))

    assert listing.status_code == 200 and b"Mislukt" in listing.content
    assert page.status_code == 200 and b'name="_save"' not in page.content
    assert client.post(reverse("admin:jobs_jobrun_delete", args=[run.pk]), {"post": "yes"}).status_code == 403
