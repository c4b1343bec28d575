"""Today's open decision work in the demo municipality: the consulent's worklists are not empty."""

import io
from datetime import date

import pytest
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse

from accounts.models import User
from allocations.models import Bericht, BerichtTaak
from catalogue.codes import Law
from deadlines.calendar_source import current_calendar
from deadlines.norms import effective_term
from deadlines.terms import compute_deadline
from decisions.bezwaar import decision_term, decision_term_start
from decisions.models import Aanvraag, AanvraagStatus, Beschikking, BeschikkingStatus, Bezwaar, BezwaarStatus
from decisions.selectors import worklist
from decisions.services import DECISION_TERM, mandate_check
from dossiers.models import Dossier, DossierDeadline
from dossiers.transitions import Status
from testsupport.istandaarden import requires_istandaarden

TODAY = date(2026, 11, 23)
RESIDENTS = 300


@pytest.fixture(autouse=True)
def fast_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def seed(seed: int = 7) -> None:
    call_command(
        "seed_demo",
        "--residents",
        str(RESIDENTS),
        "--seed",
        str(seed),
        "--today",
        TODAY.isoformat(),
        "--quiet",
        stdout=io.StringIO(),
    )


def consulent() -> User:
    return User.objects.get(username="consulent")


def open_work() -> list[object]:
    """What was drawn, without database ids."""
    return [
        list(
            Aanvraag.objects.order_by("id").values_list(
                "inwoner__bsn", "law", "received_on", "status", "spoed", "description",
                "deadline__due", "consulent__username",
            )
        ),
        list(
            Beschikking.objects.order_by("id").values_list(
                "number", "status", "outcome", "prepared_at", "four_eyes_reason", "regels__estimated_amount"
            )
        ),
        list(Bezwaar.objects.order_by("id").values_list("received_on", "committee", "late", "deadline__due")),
        list(BerichtTaak.objects.order_by("id").values_list("soort", "due", "inwoner__bsn", "bericht__kind")),
        list(Bericht.objects.order_by("id").values_list("kind", "file_name", "created_at", "content")),
    ]  # fmt: skip


@pytest.mark.django_db
@requires_istandaarden("WMO315", "JW315")  # the open message tasks answer checked 315 messages
def test_the_demo_consulent_has_aanvragen_beschikkingen_bezwaren_and_message_tasks_open():
    seed()
    work = worklist(consulent())
    assert len(work["aanvragen"]) >= 2
    assert {b["status"] for b in work["to_sign"]} == {
        BeschikkingStatus.CONCEPT,
        BeschikkingStatus.TWEEDE_HANDTEKENING,
        BeschikkingStatus.VASTGESTELD,
    }
    assert len(work["bezwaren"]) >= 1
    assert (
        BerichtTaak.objects.filter(done_at__isnull=True, bericht__dossier__involvements__user=consulent()).count() >= 2
    )


@pytest.mark.django_db
def test_open_aanvragen_lie_on_running_dossiers_with_their_consulent_involved():
    seed()
    open_ = Aanvraag.objects.filter(status=AanvraagStatus.INGEDIEND)
    assert open_.exists()
    for aanvraag in open_.select_related("dossier"):
        assert aanvraag.dossier.status in (Status.PLAN, Status.UITVOERING)
        assert aanvraag.dossier.involvements.filter(
            user=aanvraag.consulent, role="consulent", end__isnull=True
        ).exists()
        assert aanvraag.received_on <= TODAY


@pytest.mark.django_db
def test_decision_and_bezwaar_terms_are_those_of_the_deadline_engine():
    seed()
    calendar = current_calendar()
    for aanvraag in Aanvraag.objects.select_related("deadline"):
        code = DECISION_TERM[Law(aanvraag.law)]
        expected = compute_deadline(effective_term(code), aanvraag.received_on, calendar)
        assert aanvraag.deadline.term_code == code
        assert aanvraag.deadline.start == aanvraag.received_on
        assert aanvraag.deadline.due == expected.due
    bezwaren = list(Bezwaar.objects.select_related("deadline", "beschikking"))
    assert bezwaren and all(b.status == BezwaarStatus.IN_BEHANDELING for b in bezwaren)
    for bezwaar in bezwaren:
        start = decision_term_start(bezwaar.beschikking, bezwaar.received_on)
        assert bezwaar.deadline.due == compute_deadline(decision_term(bezwaar.committee), start, calendar).due
    for task in BerichtTaak.objects.select_related("bericht"):
        received = task.bericht.dagtekening
        assert task.due == compute_deadline(effective_term(task.term_code), received, calendar).due


@pytest.mark.django_db
def test_beschikkingen_decide_what_was_asked_and_wait_for_four_eyes_only_beyond_the_mandate():
    seed()
    prepared = Beschikking.objects.select_related("prepared_by", "aanvraag")
    assert prepared.filter(status=BeschikkingStatus.TWEEDE_HANDTEKENING).exists()
    for beschikking in prepared:
        asked = set(beschikking.aanvraag.producten.values_list("voorziening_id", flat=True))
        assert set(beschikking.regels.values_list("voorziening_id", flat=True)) <= asked
        if beschikking.status in (BeschikkingStatus.TWEEDE_HANDTEKENING, BeschikkingStatus.VASTGESTELD):
            covered = mandate_check(beschikking.prepared_by, beschikking).covered
            assert covered == (beschikking.status == BeschikkingStatus.VASTGESTELD), beschikking.number
            assert beschikking.first_signer == beschikking.prepared_by


@pytest.mark.django_db
def test_dossiers_with_open_terms_sort_by_their_earliest_one():
    seed()
    for dossier in Dossier.objects.filter(aanvragen__status=AanvraagStatus.INGEDIEND).distinct():
        dues = DossierDeadline.objects.filter(dossier=dossier, met_on__isnull=True, cancelled_on__isnull=True)
        assert dossier.next_deadline == min(d.due for d in dues)


@pytest.mark.django_db
def test_same_seed_gives_the_same_open_work_and_another_seed_does_not():
    class Rollback(Exception):
        pass

    fingerprints = []
    for seed_value in (7, 7, 8):
        try:
            with transaction.atomic():
                seed(seed_value)
                fingerprints.append(open_work())
                raise Rollback
        except Rollback:
            pass
    assert fingerprints[0][0]
    assert fingerprints[0] == fingerprints[1]
    assert fingerprints[0] != fingerprints[2]


@pytest.mark.django_db
@requires_istandaarden("WMO315", "JW315")  # the demo's open provider requests are checked 315 messages
def test_the_consulents_pages_show_the_open_work(client):
    seed()
    client.force_login(consulent())
    for url in (reverse("decisions:werkvoorraad"), reverse("allocations:taken")):
        response = client.get(url)
        assert response.status_code == 200, url
    page = client.get(reverse("decisions:werkvoorraad")).content.decode()
    aanvraag = Aanvraag.objects.filter(status=AanvraagStatus.INGEDIEND, consulent=consulent()).first()
    assert aanvraag is not None
    assert reverse("decisions:aanvraag", args=[aanvraag.pk]) in page
    task = BerichtTaak.objects.filter(bericht__dossier__involvements__user=consulent()).first()
    assert task is not None
    assert reverse("allocations:taak", args=[task.pk]) in client.get(reverse("allocations:taken")).content.decode()
    urls = [reverse("dossiers:detail", args=[aanvraag.dossier_id]), reverse("decisions:aanvraag", args=[aanvraag.pk])]
    urls += [
        reverse("decisions:beschikking", args=[b.pk])
        for b in Beschikking.objects.filter(aanvraag__consulent=consulent())
    ]
    urls += [reverse("decisions:bezwaar", args=[b.pk]) for b in Bezwaar.objects.filter(registered_by=consulent())]
    urls += [reverse("allocations:taak", args=[task.pk])]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
    detail = client.get(reverse("allocations:taak", args=[task.pk])).content.decode()
    assert "Gevraagd product" in detail  # the 315 was read back, not shown as unreadable
