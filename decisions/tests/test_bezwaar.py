"""Bezwaar rules: the Awb 7:10 decision term (with Atw), one postponement, the outcomes and their effects."""

from collections.abc import Callable
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.models import User
from deadlines.terms import DeadlineError
from decisions.bezwaar import decide_bezwaar, link_new_beschikking, postpone_bezwaar, register_bezwaar
from decisions.models import Beschikking, BeschikkingStatus, Bezwaar, BezwaarOutcome, BezwaarStatus
from dossiers.models import Dossier, TimelineEvent
from dossiers.transitions import Status
from organisation.models import Team
from testsupport.decision_factories import VoorzieningFactory, aanvraag_for, sent_beschikking
from testsupport.factories import dossier_for

SetToday = Callable[[date], None]


@pytest.fixture
def set_today(monkeypatch: pytest.MonkeyPatch) -> SetToday:
    """Pin "today" so the legal dates in these tests never drift with the calendar."""
    original = timezone.localdate

    def pin(day: date) -> None:
        def localdate(value: object = None, timezone: object = None) -> date:
            return day if value is None else original(value, timezone)  # type: ignore[arg-type]

        monkeypatch.setattr("django.utils.timezone.localdate", localdate)

    return pin


@pytest.fixture
def dossier(team: Team, generalist: User) -> Dossier:
    return dossier_for(team, status=Status.UITVOERING, regisseur=generalist)


def _beschikking(dossier: Dossier, *, sent_on: date, objection_until: date) -> Beschikking:
    beschikking = sent_beschikking(aanvraag_for(dossier, VoorzieningFactory()), sent_on=sent_on)
    beschikking.objection_until = objection_until
    beschikking.save(update_fields=["objection_until"])
    return beschikking


@pytest.fixture
def beschikking(dossier: Dossier) -> Beschikking:
    """Sent 2 October 2026; the objection term ends Friday 13 November 2026."""
    return _beschikking(dossier, sent_on=date(2026, 10, 2), objection_until=date(2026, 11, 13))


def _register(beschikking: Beschikking, actor: User, **overrides: object) -> Bezwaar:
    data: dict[str, object] = {
        "received_on": date(2026, 11, 10),
        "submitted_by": "Fatima Jansen",
        "grounds": "Drie uur begeleiding per week is te weinig.",
        "committee": False,
        **overrides,
    }
    return register_bezwaar(beschikking, actor, **data)  # type: ignore[arg-type]


# --- registreren en beslistermijn ------------------------------------------------------------------


def test_decision_term_counts_six_weeks_from_end_of_objection_term_and_skips_christmas(
    beschikking: Beschikking, generalist: User, set_today: SetToday
) -> None:
    set_today(date(2026, 11, 20))
    bezwaar = _register(beschikking, generalist)
    deadline = bezwaar.deadline
    assert deadline is not None
    assert deadline.term_code == "AWB_BESLISSING_OP_BEZWAAR"
    assert deadline.start == date(2026, 11, 13)
    # Nominal end Friday 25 December (Eerste Kerstdag), then Tweede Kerstdag and a Sunday: Monday 28th.
    assert deadline.due == date(2026, 12, 28)
    assert "Eerste Kerstdag, Atw art. 1" in deadline.adjustments
    assert deadline.basis == "Awb art. 7:10 lid 1"
    assert not bezwaar.late
    assert bezwaar.status == BezwaarStatus.IN_BEHANDELING


def test_decision_term_ending_on_whit_monday_moves_to_tuesday(
    dossier: Dossier, generalist: User, set_today: SetToday
) -> None:
    set_today(date(2026, 4, 20))
    beschikking = _beschikking(dossier, sent_on=date(2026, 3, 2), objection_until=date(2026, 4, 13))
    bezwaar = _register(beschikking, generalist, received_on=date(2026, 4, 1))
    assert bezwaar.deadline is not None
    assert bezwaar.deadline.due == date(2026, 5, 26)  # 25 May 2026 is Tweede Pinksterdag


def test_decision_term_with_advisory_committee_is_twelve_weeks(
    dossier: Dossier, generalist: User, set_today: SetToday
) -> None:
    set_today(date(2026, 3, 1))
    beschikking = _beschikking(dossier, sent_on=date(2026, 1, 8), objection_until=date(2026, 2, 19))
    bezwaar = _register(beschikking, generalist, received_on=date(2026, 2, 10), committee=True)
    deadline = bezwaar.deadline
    assert deadline is not None
    assert deadline.term_code == "AWB_BESLISSING_OP_BEZWAAR_COMMISSIE"
    assert deadline.start == date(2026, 2, 19)
    # Twelve weeks end on Hemelvaartsdag (14 May); the Friday after is equated, then the weekend.
    assert deadline.due == date(2026, 5, 18)


def test_late_objection_is_registered_and_flagged_with_term_from_receipt(
    beschikking: Beschikking, generalist: User, set_today: SetToday
) -> None:
    set_today(date(2026, 11, 20))
    bezwaar = _register(beschikking, generalist, received_on=date(2026, 11, 18))
    assert bezwaar.late
    assert bezwaar.deadline is not None
    assert bezwaar.deadline.start == date(2026, 11, 18)
    assert bezwaar.deadline.due == date(2026, 12, 30)


def test_objection_on_the_last_day_is_on_time(beschikking: Beschikking, generalist: User, set_today: SetToday) -> None:
    set_today(date(2026, 11, 20))
    assert not _register(beschikking, generalist, received_on=date(2026, 11, 13)).late


def test_decision_term_is_in_the_dossier_deadlines_and_sorts_the_worklist(
    beschikking: Beschikking, dossier: Dossier, generalist: User, set_today: SetToday
) -> None:
    set_today(date(2026, 11, 20))
    bezwaar = _register(beschikking, generalist)
    assert list(dossier.deadlines.filter(met_on__isnull=True)) == [bezwaar.deadline]
    dossier.refresh_from_db()
    assert dossier.next_deadline == date(2026, 12, 28)


def test_registration_writes_the_timeline(
    beschikking: Beschikking, dossier: Dossier, generalist: User, set_today: SetToday
) -> None:
    set_today(date(2026, 11, 20))
    _register(beschikking, generalist)
    kinds = set(dossier.timeline.values_list("kind", flat=True))
    assert kinds == {TimelineEvent.Kind.TERMIJN, TimelineEvent.Kind.BEZWAAR}
    assert dossier.timeline.filter(summary__contains=f"Bezwaar ontvangen tegen beschikking {beschikking.number}")


@pytest.mark.parametrize("status", [BeschikkingStatus.CONCEPT, BeschikkingStatus.VASTGESTELD])
def test_objection_only_against_a_sent_beschikking(
    beschikking: Beschikking, generalist: User, set_today: SetToday, status: str
) -> None:
    set_today(date(2026, 11, 20))
    Beschikking.objects.filter(pk=beschikking.pk).update(status=status)
    with pytest.raises(ValidationError, match="verzonden beschikking"):
        _register(beschikking, generalist)
    assert not Bezwaar.objects.exists()


def test_received_date_in_the_future_is_refused(
    beschikking: Beschikking, generalist: User, set_today: SetToday
) -> None:
    set_today(date(2026, 11, 20))
    with pytest.raises(ValidationError) as raised:
        _register(beschikking, generalist, received_on=date(2026, 11, 21))
    assert "toekomst" in str(raised.value.message_dict["received_on"])
    assert not Bezwaar.objects.exists()
    assert not beschikking.aanvraag.dossier.deadlines.exists()


def test_empty_grounds_are_refused(beschikking: Beschikking, generalist: User, set_today: SetToday) -> None:
    set_today(date(2026, 11, 20))
    with pytest.raises(ValidationError) as raised:
        _register(beschikking, generalist, grounds="  ")
    assert "grounds" in raised.value.message_dict
    assert not Bezwaar.objects.exists()


def test_objection_in_a_closed_dossier_asks_to_reopen_first(
    beschikking: Beschikking, dossier: Dossier, generalist: User, set_today: SetToday
) -> None:
    set_today(date(2026, 11, 20))
    Dossier.objects.filter(pk=dossier.pk).update(status=Status.AFGESLOTEN)
    with pytest.raises(ValidationError, match="Heropen"):
        _register(beschikking, generalist)


# --- verdagen ------------------------------------------------------------------------------------


def test_postponement_adds_six_weeks_from_the_nominal_end(
    beschikking: Beschikking, generalist: User, set_today: SetToday
) -> None:
    set_today(date(2026, 11, 20))
    bezwaar = _register(beschikking, generalist)
    set_today(date(2026, 12, 1))
    postpone_bezwaar(bezwaar, generalist, reason="Wachten op het advies van de medisch adviseur.")
    bezwaar.refresh_from_db()
    deadline = bezwaar.deadline
    assert deadline is not None
    # 25 December + 6 weeks = Friday 5 February 2027, a working day.
    assert deadline.due == date(2027, 2, 5)
    assert deadline.postponed_weeks == 6
    assert deadline.postponement_reason == "Wachten op het advies van de medisch adviseur."
    dossier = deadline.dossier
    dossier.refresh_from_db()
    assert dossier.next_deadline == date(2027, 2, 5)
    assert dossier.timeline.filter(kind=TimelineEvent.Kind.TERMIJN, summary__startswith="Termijn verdaagd").exists()


def test_second_postponement_is_refused_without_consent(
    beschikking: Beschikking, generalist: User, set_today: SetToday
) -> None:
    set_today(date(2026, 11, 20))
    bezwaar = _register(beschikking, generalist)
    postpone_bezwaar(bezwaar, generalist, reason="Advies nodig.")
    with pytest.raises(ValidationError, match="7:10 lid 4"):
        postpone_bezwaar(bezwaar, generalist, reason="Nog meer tijd nodig.")
    bezwaar.refresh_from_db()
    assert bezwaar.deadline is not None and bezwaar.deadline.postponed_weeks == 6


def test_postponement_needs_a_reason(beschikking: Beschikking, generalist: User, set_today: SetToday) -> None:
    set_today(date(2026, 11, 20))
    bezwaar = _register(beschikking, generalist)
    with pytest.raises(DeadlineError, match="reden"):
        postpone_bezwaar(bezwaar, generalist, reason=" ")


def test_postponement_after_the_term_expired_is_refused(
    beschikking: Beschikking, generalist: User, set_today: SetToday
) -> None:
    set_today(date(2026, 11, 20))
    bezwaar = _register(beschikking, generalist)
    set_today(date(2026, 12, 29))
    with pytest.raises(DeadlineError, match="verstreken"):
        postpone_bezwaar(bezwaar, generalist, reason="Te laat bedacht.")


# --- beslissen -----------------------------------------------------------------------------------


@pytest.fixture
def open_bezwaar(beschikking: Beschikking, generalist: User, set_today: SetToday) -> Bezwaar:
    set_today(date(2026, 11, 20))
    bezwaar = _register(beschikking, generalist)
    set_today(date(2026, 12, 10))
    return bezwaar


@pytest.mark.parametrize(
    ("outcome", "note"),
    [
        (BezwaarOutcome.ONGEGROND, "De beschikking blijft in stand: de omvang past bij de uitkomst van het onderzoek."),
        (BezwaarOutcome.NIET_ONTVANKELIJK, "Het bezwaar kwam te laat binnen en dat is niet verschoonbaar."),
        (BezwaarOutcome.GEGROND, "De begeleiding gaat van drie naar vijf uur per week."),
        (BezwaarOutcome.INGETROKKEN, ""),
    ],
)
def test_decision_meets_the_term_and_closes_the_objection(
    open_bezwaar: Bezwaar, generalist: User, outcome: str, note: str
) -> None:
    decided = decide_bezwaar(open_bezwaar, generalist, outcome=outcome, decided_on=date(2026, 12, 9), note=note)
    decided.refresh_from_db()
    assert (decided.status, decided.outcome, decided.decided_on) == (
        BezwaarStatus.AFGEHANDELD,
        outcome,
        date(2026, 12, 9),
    )
    assert decided.deadline is not None and decided.deadline.met_on == date(2026, 12, 9)
    dossier = decided.deadline.dossier
    dossier.refresh_from_db()
    assert dossier.next_deadline is None
    assert dossier.timeline.filter(summary__startswith="Termijn gehaald").exists()
    assert dossier.timeline.filter(summary__startswith="Beslissing op bezwaar").exists()


@pytest.mark.parametrize(
    "outcome", [BezwaarOutcome.ONGEGROND, BezwaarOutcome.GEGROND, BezwaarOutcome.NIET_ONTVANKELIJK]
)
def test_decision_needs_a_motivation_unless_withdrawn(open_bezwaar: Bezwaar, generalist: User, outcome: str) -> None:
    with pytest.raises(ValidationError) as raised:
        decide_bezwaar(open_bezwaar, generalist, outcome=outcome, decided_on=date(2026, 12, 9), note="")
    assert "note" in raised.value.message_dict
    open_bezwaar.refresh_from_db()
    assert open_bezwaar.status == BezwaarStatus.IN_BEHANDELING
    assert open_bezwaar.deadline is not None and open_bezwaar.deadline.met_on is None


def test_unknown_outcome_is_refused(open_bezwaar: Bezwaar, generalist: User) -> None:
    with pytest.raises(ValidationError) as raised:
        decide_bezwaar(open_bezwaar, generalist, outcome="half", decided_on=date(2026, 12, 9), note="x")
    assert "outcome" in raised.value.message_dict


def test_decision_date_cannot_be_in_the_future(open_bezwaar: Bezwaar, generalist: User) -> None:
    with pytest.raises(ValidationError) as raised:
        decide_bezwaar(open_bezwaar, generalist, outcome="ongegrond", decided_on=date(2026, 12, 11), note="x")
    assert "decided_on" in raised.value.message_dict


def test_deciding_twice_is_refused(open_bezwaar: Bezwaar, generalist: User) -> None:
    decide_bezwaar(open_bezwaar, generalist, outcome="ongegrond", decided_on=date(2026, 12, 9), note="Blijft.")
    with pytest.raises(ValidationError, match="al beslist"):
        decide_bezwaar(open_bezwaar, generalist, outcome="gegrond", decided_on=date(2026, 12, 10), note="Toch wel.")
    open_bezwaar.refresh_from_db()
    assert open_bezwaar.outcome == BezwaarOutcome.ONGEGROND


def test_decision_after_the_due_date_is_recorded_as_late(
    beschikking: Beschikking, generalist: User, set_today: SetToday
) -> None:
    set_today(date(2026, 11, 20))
    bezwaar = _register(beschikking, generalist)
    set_today(date(2027, 1, 5))
    decide_bezwaar(bezwaar, generalist, outcome="ongegrond", decided_on=date(2027, 1, 4), note="Blijft.")
    assert bezwaar.deadline is not None
    assert bezwaar.deadline.dossier.timeline.filter(summary__startswith="Termijn te laat gehaald").exists()


def _replacement(old: Beschikking, **overrides: object) -> Beschikking:
    data: dict[str, object] = {
        "aanvraag": old.aanvraag,
        "number": f"{old.number}-2",
        "outcome": old.outcome,
        "motivation": "Na het bezwaar: vijf uur per week.",
        "legal_basis": old.legal_basis,
        "prepared_by": old.prepared_by,
        "replaces": old,
        **overrides,
    }
    return Beschikking.objects.create(**data)


def test_gegrond_links_the_new_beschikking_that_replaces_the_old_one(open_bezwaar: Bezwaar, generalist: User) -> None:
    new = _replacement(open_bezwaar.beschikking)
    decided = decide_bezwaar(
        open_bezwaar,
        generalist,
        outcome="gegrond",
        decided_on=date(2026, 12, 9),
        note="Meer uren.",
        new_beschikking=new,
    )
    decided.refresh_from_db()
    assert decided.new_beschikking == new


def test_new_beschikking_must_replace_the_objected_one(open_bezwaar: Bezwaar, generalist: User) -> None:
    unrelated = _replacement(open_bezwaar.beschikking, replaces=None)
    with pytest.raises(ValidationError) as raised:
        decide_bezwaar(
            open_bezwaar,
            generalist,
            outcome="gegrond",
            decided_on=date(2026, 12, 9),
            note="Meer uren.",
            new_beschikking=unrelated,
        )
    assert "vervangen" in str(raised.value.message_dict["new_beschikking"])
    open_bezwaar.refresh_from_db()
    assert open_bezwaar.status == BezwaarStatus.IN_BEHANDELING


def test_new_beschikking_must_belong_to_the_same_aanvraag(
    open_bezwaar: Bezwaar, dossier: Dossier, generalist: User
) -> None:
    other_aanvraag = aanvraag_for(dossier, VoorzieningFactory())
    elsewhere = _replacement(open_bezwaar.beschikking, aanvraag=other_aanvraag)
    with pytest.raises(ValidationError, match="dezelfde aanvraag"):
        decide_bezwaar(
            open_bezwaar,
            generalist,
            outcome="gegrond",
            decided_on=date(2026, 12, 9),
            note="Meer uren.",
            new_beschikking=elsewhere,
        )


def test_only_gegrond_leads_to_a_new_beschikking(open_bezwaar: Bezwaar, generalist: User) -> None:
    new = _replacement(open_bezwaar.beschikking)
    with pytest.raises(ValidationError, match="gegrond"):
        decide_bezwaar(
            open_bezwaar,
            generalist,
            outcome="ongegrond",
            decided_on=date(2026, 12, 9),
            note="Blijft.",
            new_beschikking=new,
        )


def test_new_beschikking_can_be_linked_after_a_gegrond_decision(open_bezwaar: Bezwaar, generalist: User) -> None:
    decide_bezwaar(open_bezwaar, generalist, outcome="gegrond", decided_on=date(2026, 12, 9), note="Meer uren.")
    new = _replacement(open_bezwaar.beschikking)
    linked = link_new_beschikking(open_bezwaar, generalist, new)
    assert linked.new_beschikking == new
    with pytest.raises(ValidationError, match="al een nieuwe beschikking"):
        link_new_beschikking(open_bezwaar, generalist, new)
