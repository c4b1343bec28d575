"""Suspension (opschorting) of decision terms: Awb 4:15 for an aanvraag, 7:10 lid 2 for a bezwaar."""

from datetime import date

import pytest
from django.utils import translation
from django.utils.formats import date_format

from deadlines.terms import (
    AWB_BESCHIKKING,
    AWB_BESLISSING_OP_BEZWAAR,
    AWB_BESLISSING_OP_BEZWAAR_COMMISSIE,
    WMO_BESCHIKKING,
    WMO_ONDERZOEK,
    Deadline,
    DeadlineState,
    Suspension,
    SuspensionGround,
    SuspensionNotAllowed,
    apply_suspensions,
    check_suspension,
    compute_deadline,
    suspension_grounds,
)

# A Participatiewet aanvraag received on Friday 23 October 2026: eight weeks end on Friday 18 December.
RECEIVED = date(2026, 10, 23)


def pw_term() -> Deadline:
    return compute_deadline(AWB_BESCHIKKING, RECEIVED)


def test_the_unsuspended_pw_term_ends_on_friday_18_december() -> None:
    assert pw_term().due == date(2026, 12, 18)


def test_a_suspension_moves_the_decision_term_by_the_suspended_days_then_atw() -> None:
    # Seven days (2 to 9 November) move the end to Friday 25 December, Eerste Kerstdag: Atw art. 1
    # moves it past Tweede Kerstdag and the Sunday to Monday 28 December 2026.
    suspension = Suspension(SuspensionGround.AANVULLING, start=date(2026, 11, 2), end=date(2026, 11, 9))
    moved = apply_suspensions(pw_term(), [suspension])
    assert moved.suspended_days == 7
    assert moved.due == date(2026, 12, 28)
    assert moved.adjustments[0] == (
        "opgeschort 2 november 2026 tot 9 november 2026: 7 dagen, aanvraag aanvullen na verzoek (Awb art. 4:5), "
        "Awb art. 4:15 lid 1 sub a"
    )
    assert "Eerste Kerstdag, Atw art. 1" in moved.adjustments


def test_suspended_days_are_added_to_the_nominal_end_not_to_the_atw_extended_end() -> None:
    # Received Saturday 24 October: eight weeks end on Saturday 19 December, Atw makes it Monday 21.
    term = compute_deadline(AWB_BESCHIKKING, date(2026, 10, 24))
    assert term.due == date(2026, 12, 21)
    two_days = Suspension(SuspensionGround.OVERMACHT, start=date(2026, 11, 2), end=date(2026, 11, 4))
    assert apply_suspensions(term, [two_days]).due == date(2026, 12, 21)


def test_a_running_suspension_holds_the_term() -> None:
    running = Suspension(SuspensionGround.INSTEMMING, start=date(2026, 11, 2))
    held = apply_suspensions(pw_term(), [running])
    assert held.suspended_since == date(2026, 11, 2)
    # Long after the unsuspended due date the term is not overdue: it stands still.
    assert held.state(date(2027, 2, 1)) == DeadlineState.OPGESCHORT
    assert held.state(date(2027, 2, 1)).label == "opgeschort"
    assert held.adjustments[0].startswith("opgeschort sinds 2 november 2026")


def test_a_running_suspension_counts_its_days_only_when_asked_as_if_it_ended_then() -> None:
    running = Suspension(SuspensionGround.OVERMACHT, start=date(2026, 11, 2))
    assert apply_suspensions(pw_term(), [running]).due == date(2026, 12, 18)
    assert apply_suspensions(pw_term(), [running], running_until=date(2026, 11, 9)).due == date(2026, 12, 28)


def test_overlapping_suspensions_count_each_day_once() -> None:
    first = Suspension(SuspensionGround.AANVULLING, start=date(2026, 11, 2), end=date(2026, 11, 12))
    second = Suspension(SuspensionGround.INSTEMMING, start=date(2026, 11, 7), end=date(2026, 11, 16))
    later = Suspension(SuspensionGround.OVERMACHT, start=date(2026, 12, 1), end=date(2026, 12, 3))
    moved = apply_suspensions(pw_term(), [later, second, first])
    assert moved.suspended_days == 14 + 2
    # Friday 18 December + 16 days = Sunday 3 January 2027: Monday 4 January.
    assert moved.due == date(2027, 1, 4)
    assert "overlappende opschortingen tellen één keer: samen 16 dagen" in moved.adjustments


def test_a_postponement_keeps_the_days_a_suspension_added() -> None:
    suspension = Suspension(SuspensionGround.AANVULLING, start=date(2026, 11, 2), end=date(2026, 11, 9))
    postponed = apply_suspensions(pw_term(), [suspension]).postpone(2, "advies nodig")
    # Friday 18 December + 2 weeks + 7 days = Friday 8 January 2027.
    assert postponed.due == date(2027, 1, 8)
    assert any(line.startswith("opgeschort 2 november 2026") for line in postponed.adjustments)
    assert apply_suspensions(postponed, [suspension]).due == date(2027, 1, 8)


def test_a_bezwaar_term_is_suspended_while_a_defect_is_repaired() -> None:
    # The objection term ended on Friday 13 November 2026: six weeks later is Eerste Kerstdag, so Monday 28.
    term = compute_deadline(AWB_BESLISSING_OP_BEZWAAR, date(2026, 11, 13))
    assert term.due == date(2026, 12, 28)
    repair = Suspension(SuspensionGround.HERSTEL_VERZUIM, start=date(2026, 11, 16), end=date(2026, 11, 30))
    moved = apply_suspensions(term, [repair])
    # Fourteen days from the nominal end (Friday 25 December): Friday 8 January 2027.
    assert moved.due == date(2027, 1, 8)
    assert "Awb art. 7:10 lid 2" in moved.adjustments[0]


def test_only_awb_4_15_grounds_suspend_a_decision_term() -> None:
    assert set(suspension_grounds(AWB_BESCHIKKING)) == {
        SuspensionGround.AANVULLING,
        SuspensionGround.INSTEMMING,
        SuspensionGround.OVERMACHT,
    }
    assert suspension_grounds(WMO_BESCHIKKING) == suspension_grounds(AWB_BESCHIKKING)
    repair = Suspension(SuspensionGround.HERSTEL_VERZUIM, start=date(2026, 11, 2), end=date(2026, 11, 9))
    with pytest.raises(SuspensionNotAllowed, match=r"Awb art\. 4:15"):
        check_suspension(pw_term(), repair)
    with pytest.raises(SuspensionNotAllowed):
        apply_suspensions(pw_term(), [repair])


def test_only_awb_7_10_lid_2_suspends_a_bezwaar_term() -> None:
    for term in (AWB_BESLISSING_OP_BEZWAAR, AWB_BESLISSING_OP_BEZWAAR_COMMISSIE):
        assert suspension_grounds(term) == (SuspensionGround.HERSTEL_VERZUIM,)
    consent = Suspension(SuspensionGround.INSTEMMING, start=date(2026, 11, 16), end=date(2026, 11, 20))
    with pytest.raises(SuspensionNotAllowed, match="7:10 lid 2"):
        check_suspension(compute_deadline(AWB_BESLISSING_OP_BEZWAAR, date(2026, 11, 13)), consent)


def test_a_term_without_a_suspension_rule_cannot_be_suspended() -> None:
    onderzoek = compute_deadline(WMO_ONDERZOEK, date(2026, 11, 2))
    with pytest.raises(SuspensionNotAllowed, match="kan niet worden opgeschort"):
        check_suspension(onderzoek, Suspension(SuspensionGround.OVERMACHT, start=date(2026, 11, 3)))


def test_a_suspension_cannot_start_before_the_term_runs() -> None:
    on_the_day_of_receipt = Suspension(SuspensionGround.AANVULLING, start=RECEIVED)
    with pytest.raises(SuspensionNotAllowed, match=date_format(date(2026, 10, 24))):
        check_suspension(pw_term(), on_the_day_of_receipt)
    check_suspension(pw_term(), Suspension(SuspensionGround.AANVULLING, start=date(2026, 10, 24)))


def test_a_suspension_cannot_end_before_it_starts() -> None:
    backwards = Suspension(SuspensionGround.AANVULLING, start=date(2026, 11, 20), end=date(2026, 11, 19))
    with pytest.raises(SuspensionNotAllowed, match="vóór het begin"):
        check_suspension(pw_term(), backwards)


def test_a_met_term_cannot_be_suspended() -> None:
    met = pw_term().mark_met(date(2026, 12, 1))
    with pytest.raises(SuspensionNotAllowed, match="al is gehaald"):
        check_suspension(met, Suspension(SuspensionGround.OVERMACHT, start=date(2026, 11, 20)))


def test_an_expired_term_cannot_be_suspended() -> None:
    with pytest.raises(SuspensionNotAllowed, match="verstreken"):
        check_suspension(pw_term(), Suspension(SuspensionGround.OVERMACHT, start=date(2026, 12, 19)))


def test_the_stored_suspension_lines_stay_dutch_on_an_english_screen() -> None:
    suspension = Suspension(SuspensionGround.OVERMACHT, start=date(2026, 11, 2), end=date(2026, 11, 9))
    with translation.override("en"):
        moved = apply_suspensions(pw_term(), [suspension])
    assert (
        moved.adjustments[0]
        == "opgeschort 2 november 2026 tot 9 november 2026: 7 dagen, overmacht, Awb art. 4:15 lid 2 sub c"
    )


def test_a_refusal_reads_in_the_language_of_the_screen() -> None:
    too_early = Suspension(SuspensionGround.AANVULLING, start=RECEIVED)
    with translation.override("en"), pytest.raises(SuspensionNotAllowed) as refused:
        check_suspension(pw_term(), too_early)
    assert str(refused.value) == "The suspension cannot start before the term was running (from 24 October 2026)."
