"""`seed_demo --years N`: years of closed casework, decisions and an access log that verifies."""

import io
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count, F, Max, Min

from allocations.models import Toewijzing
from assessments.models import Score
from audit.chain import HASHED_FIELDS, canonical
from audit.models import AccessBasis, AccessLogEntry
from decisions.models import Aanvraag, Beschikking
from demo.accesslog import KINDS, canonical_line
from dossiers.models import Dossier, DossierDeadline, Involvement, Melding, TimelineEvent
from dossiers.transitions import Status

TODAY = date(2026, 11, 30)
RESIDENTS = 1000
YEARS = 2


def seed(years: int = YEARS, seed_value: int = 7, residents: int = RESIDENTS) -> str:
    out = io.StringIO()
    call_command(
        "seed_demo",
        "--residents",
        str(residents),
        "--seed",
        str(seed_value),
        "--today",
        TODAY.isoformat(),
        "--years",
        str(years),
        "--quiet",
        stdout=out,
    )
    return out.getvalue()


@pytest.fixture(scope="module")
def history(django_db_setup, django_db_blocker):
    """One seeded history for the read-only tests of this module (seeding takes seconds), rolled back after.

    Returns the ids of today's workload (a run with --years 0 gives exactly those dossiers first).
    """
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            with settings_md5():
                sid = transaction.savepoint()
                seed(years=0)
                workload = set(Dossier.objects.values_list("id", flat=True))
                transaction.savepoint_rollback(sid)
                seed()
            yield workload
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


class settings_md5:
    def __enter__(self) -> None:
        from django.test import override_settings

        self._override = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
        self._override.enable()

    def __exit__(self, *args: object) -> None:
        self._override.disable()


def _local_start(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=ZoneInfo(settings.TIME_ZONE))


@pytest.mark.django_db
def test_history_adds_closed_dossiers_with_their_casework_in_proportion(history):
    total = Dossier.objects.count()
    history = total - len(history)
    # 0.054 dossiers per resident per year: 216 for 2,000 residents over 2 years.
    assert history == round(RESIDENTS * YEARS * 0.054)
    closed = Dossier.objects.filter(status=Status.AFGESLOTEN).count()
    assert closed >= 0.9 * history
    assert 10 <= TimelineEvent.objects.count() / total <= 25
    assert Score.objects.values("dossier").distinct().count() > 0
    beschikkingen = Beschikking.objects.count()
    assert 1.0 * history <= beschikkingen <= 2.0 * history
    assert Toewijzing.objects.filter(dossier__isnull=False).exists()
    assert AccessLogEntry.objects.count() >= 30 * history
    # ZRM trend: a later moment next to the first one.
    moments = Score.objects.values("dossier", "inwoner").annotate(n=Count("assessed_on", distinct=True))
    assert any(row["n"] >= 2 for row in moments)


@pytest.mark.django_db
def test_closed_history_dossiers_are_really_closed(history):
    past = Dossier.objects.exclude(id__in=history)
    assert past.filter(status=Status.AFGESLOTEN).count() >= 0.9 * past.count()
    for dossier in past.filter(status=Status.AFGESLOTEN):
        assert dossier.closed_at is not None and dossier.close_reason and dossier.close_note
        assert dossier.status_changed_at == dossier.closed_at
        assert not dossier.involvements.filter(end__isnull=True).exists()
        assert not dossier.deadlines.filter(met_on__isnull=True, cancelled_on__isnull=True).exists()
        assert dossier.timeline.filter(kind="status", data__new="afgesloten").count() == 1
    assert not Dossier.objects.filter(status=Status.AFGESLOTEN, next_deadline__isnull=False).exists()


@pytest.mark.django_db
def test_nothing_in_the_history_is_in_the_future_or_before_its_dossier_opened(history):
    tomorrow = _local_start(TODAY + timedelta(days=1))
    assert not TimelineEvent.objects.filter(at__gte=tomorrow).exists()
    assert not AccessLogEntry.objects.filter(at__gte=_local_start(TODAY)).exists()
    past = TimelineEvent.objects.exclude(dossier__in=history)
    assert not past.filter(at__lt=F("dossier__opened_at")).exists()
    assert not Melding.objects.filter(received_at__lt=F("dossier__opened_at")).exists()
    assert not Score.objects.filter(assessed_on__gt=TODAY).exists()
    assert not Beschikking.objects.filter(sent_on__gt=TODAY).exists()
    assert not Aanvraag.objects.filter(received_on__gt=TODAY).exists()
    opened = dict(Dossier.objects.values_list("id", "opened_at"))
    closed = dict(Dossier.objects.values_list("id", "closed_at"))
    for dossier_id, first, last in AccessLogEntry.objects.values_list("dossier_id").annotate(
        first=Min("at"), last=Max("at")
    ):
        assert dossier_id is not None
        assert first >= opened[dossier_id]
        closed_at = closed[dossier_id]
        if closed_at is not None:
            # The closing itself is logged within the minute it happened; nothing is looked at afterwards.
            assert last <= closed_at + timedelta(minutes=1)
    earliest = _local_start(TODAY - timedelta(days=365 * YEARS + 1))
    assert not Dossier.objects.exclude(id__in=history).filter(opened_at__lt=earliest).exists()


@pytest.mark.django_db
def test_decisions_mostly_meet_their_term_and_some_are_late(history):
    # History's decisions; today's workload holds aanvragen still open (demo/decisions_today.py).
    terms = DossierDeadline.objects.filter(aanvraag__isnull=False).exclude(dossier_id__in=history)
    assert terms.count() == Aanvraag.objects.exclude(dossier_id__in=history).count()
    late = terms.filter(met_on__gt=F("due")).count()
    assert 0 < late < 0.25 * terms.count()
    assert not terms.filter(met_on__isnull=True).exists()


@pytest.mark.django_db
def test_access_log_lines_are_by_the_dossiers_professionals_on_a_matching_basis(history):
    involved = {(d, u) for d, u in Involvement.objects.values_list("dossier_id", "user_id")}
    regisseurs = dict(Dossier.objects.values_list("id", "regisseur_id"))
    for dossier_id, user_id, basis in AccessLogEntry.objects.values_list("dossier_id", "user_id", "basis"):
        assert dossier_id is not None
        if basis == AccessBasis.REGISSEUR:
            assert regisseurs[dossier_id] == user_id
        elif basis == AccessBasis.BETROKKEN:
            assert (dossier_id, user_id) in involved
        else:
            assert basis in (AccessBasis.TEAMLEIDER, AccessBasis.TEAM_TRIAGE)
    paths = set(AccessLogEntry.objects.values_list("path", flat=True)[:2000])
    assert any(p.startswith("/dossiers/") for p in paths) and any(p.startswith("/besluiten/") for p in paths)


@pytest.mark.django_db
def test_the_seeded_access_log_verifies_and_its_fast_canonical_form_is_exact(history):
    out = io.StringIO()
    call_command("audit_verify", stdout=out)
    assert "intact" in out.getvalue()
    index = {(k.action, k.basis, k.object_type, k.detail, k.section): i for i, k in enumerate(KINDS)}
    rows = AccessLogEntry.objects.order_by("id").values_list("prev_hash", *HASHED_FIELDS)
    checked = 0
    for prev_hash, *values in rows.iterator():
        fields = dict(zip(HASHED_FIELDS, values, strict=True))
        kind = index[(fields["action"], fields["basis"], fields["object_type"], fields["detail"], fields["section"])]
        fast = canonical_line(
            kind, fields["at"], fields["user_id"], fields["dossier_id"], fields["object_id"], prev_hash
        )
        assert fast == canonical(fields, prev_hash, 2)
        checked += 1
    assert checked == AccessLogEntry.objects.count() > 0


@pytest.mark.django_db
def test_years_zero_is_todays_workload_without_history(history):
    """The workload of a --years 0 run comes first, unchanged; only history dossiers follow."""
    first = Dossier.objects.order_by("id").values_list("id", flat=True)[: len(history)]
    assert set(first) == history


def test_fast_canonical_matches_for_every_kind_and_odd_times():
    at = datetime(2024, 3, 31, 1, 59, 59, 999999, tzinfo=UTC)
    for index, kind in enumerate(KINDS):
        fields = {
            "at": at,
            "user_id": 12,
            "action": kind.action,
            "basis": kind.basis,
            "object_type": kind.object_type,
            "object_id": "34" if kind.object_from == "object" else "56" if kind.object_from == "dossier" else "",
            "dossier_id": 56,
            "section": kind.section,
            "detail": kind.detail,
            "path": kind.path.format(d=56, o=34 if kind.object_from == "object" else ""),
            "ip_address": "10.20.0.14",
        }
        expected = canonical(fields, "ab" * 32, 2)
        assert canonical_line(index, at, 12, 56, fields["object_id"], "ab" * 32) == expected
