"""The catalogue of legal terms and the deadlines computed from them (pure Python)."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from deadlines.terms import (
    AWB_BESCHIKKING,
    AWB_BESLISSING_OP_BEZWAAR,
    AWB_BESLISSING_OP_BEZWAAR_COMMISSIE,
    AWB_BEZWAARTERMIJN,
    ISTD_RETOUR,
    PW_VOORSCHOT,
    TERMS,
    WGS_EERSTE_GESPREK,
    WGS_EERSTE_GESPREK_DREIGEND,
    WMO_BESCHIKKING,
    WMO_ONDERZOEK,
    WMO_PERSOONLIJK_PLAN,
    Deadline,
    DeadlineError,
    DeadlineState,
    LegalTerm,
    PostponementReasonMissing,
    PostponementTooLate,
    PostponementTooLong,
    TermNotPostponable,
    UnknownTerm,
    compute_deadline,
    get_term,
)
from deadlines.tests.decrees import calendar_with, known_calendar

# Melding on Friday 20 February 2026: six weeks later is Goede Vrijdag 3 April 2026,
# so the onderzoek must be done on Tuesday 7 April 2026.
MELDING = date(2026, 2, 20)
ONDERZOEK_DUE = date(2026, 4, 7)


def onderzoek() -> Deadline:
    return compute_deadline(WMO_ONDERZOEK, MELDING)


# --- Catalogue --------------------------------------------------------------------------


def test_catalogue_is_keyed_by_each_terms_own_code() -> None:
    assert all(code == term.code for code, term in TERMS.items())
    assert len(TERMS) == 18


def test_service_norms_are_marked_as_not_statutory_and_every_other_term_is() -> None:
    assert {code for code, term in TERMS.items() if not term.statutory} == {
        "NORM_JEUGD_ONDERZOEK",
        "NORM_CONTACT",
        "NORM_VROEGSIGNAAL_CONTACT",
        "NORM_VROEGSIGNAAL_ANALYSE",
    }


def test_every_term_names_its_legal_basis_and_starting_event() -> None:
    for term in TERMS.values():
        assert term.basis
        assert term.counted_from


def test_every_postponable_term_names_the_basis_for_postponing() -> None:
    for term in TERMS.values():
        if term.is_postponable:
            assert term.postponement_basis


def test_working_day_terms_cannot_be_postponed() -> None:
    for term in TERMS.values():
        if term.is_working_day_term:
            assert not term.is_postponable


@pytest.mark.parametrize(
    ("term", "duration"),
    [
        (WMO_ONDERZOEK, "6 weken"),
        (WMO_PERSOONLIJK_PLAN, "7 dagen"),
        (WMO_BESCHIKKING, "2 weken"),
        (AWB_BESCHIKKING, "8 weken"),
        (PW_VOORSCHOT, "4 weken"),
        (AWB_BEZWAARTERMIJN, "6 weken"),
        (AWB_BESLISSING_OP_BEZWAAR, "6 weken"),
        (AWB_BESLISSING_OP_BEZWAAR_COMMISSIE, "12 weken"),
        (ISTD_RETOUR, "3 werkdagen"),
        (WGS_EERSTE_GESPREK, "4 weken"),
        (WGS_EERSTE_GESPREK_DREIGEND, "3 werkdagen"),
    ],
)
def test_term_lengths_match_the_law(term: LegalTerm, duration: str) -> None:
    assert term.duration_label == duration


@pytest.mark.parametrize(
    ("code", "max_weeks"),
    [
        ("WMO_PERSOONLIJK_PLAN", None),
        ("PW_VOORSCHOT", None),
        ("AWB_BEZWAARTERMIJN", None),
        ("AWB_BESLISSING_OP_BEZWAAR", 6),
        ("AWB_BESLISSING_OP_BEZWAAR_COMMISSIE", 6),
    ],
)
def test_postponement_limits_follow_the_law(code: str, max_weeks: int | None) -> None:
    assert get_term(code).max_postponement_weeks == max_weeks


def test_get_term_refuses_an_unknown_code_with_a_dutch_message() -> None:
    with pytest.raises(UnknownTerm, match="Onbekende termijn"):
        get_term("WMO_ONBEKEND")


def test_a_term_cannot_be_both_in_weeks_and_in_working_days() -> None:
    with pytest.raises(ValueError):
        LegalTerm(code="X", label="x", basis="x", weeks=1, working_days=3)


def test_a_working_day_term_cannot_be_made_postponable() -> None:
    with pytest.raises(ValueError):
        LegalTerm(
            code="X",
            label="x",
            basis="x",
            working_days=3,
            max_postponement_weeks=2,
            postponement_basis="x",
        )


# --- Computing deadlines --------------------------------------------------------------


def test_onderzoek_deadline_moves_past_goede_vrijdag() -> None:
    deadline = onderzoek()
    assert deadline.due == ONDERZOEK_DUE
    assert deadline.nominal_end == date(2026, 4, 3)
    assert deadline.adjustments[0] == "Goede Vrijdag, Atw art. 1"


def test_compute_deadline_accepts_a_term_code() -> None:
    assert compute_deadline("WMO_ONDERZOEK", MELDING) == onderzoek()


def test_persoonlijk_plan_term_of_seven_days_moves_past_hemelvaart() -> None:
    # Melding Thursday 7 May 2026 + 7 days = Hemelvaartsdag; equated Friday; weekend.
    deadline = compute_deadline(WMO_PERSOONLIJK_PLAN, date(2026, 5, 7))
    assert deadline.due == date(2026, 5, 18)


def test_awb_beschikking_ending_on_christmas_2025_moves_to_29_december() -> None:
    # Aanvraag Thursday 30 October 2025 + 8 weeks = Thursday 25 December 2025.
    deadline = compute_deadline(AWB_BESCHIKKING, date(2025, 10, 30))
    assert deadline.due == date(2025, 12, 29)


def test_pw_voorschot_ending_on_bevrijdingsdag_moves_to_the_next_day() -> None:
    # Aanvraag Tuesday 7 April 2026 + 4 weeks = Tuesday 5 May 2026.
    assert compute_deadline(PW_VOORSCHOT, date(2026, 4, 7)).due == date(2026, 5, 6)


def test_bezwaartermijn_ending_on_friday_after_christmas_2024_moves_on() -> None:
    # Besluit sent Friday 15 November 2024 + 6 weeks = Friday 27 December 2024 (equated).
    deadline = compute_deadline(AWB_BEZWAARTERMIJN, date(2024, 11, 15))
    assert deadline.due == date(2024, 12, 30)


def test_beslissing_op_bezwaar_counts_from_the_end_of_the_bezwaartermijn() -> None:
    # Besluit sent Monday 2 February 2026; bezwaartermijn ends Monday 16 March 2026;
    # six weeks later is Koningsdag (Monday 27 April 2026) -> Tuesday 28 April.
    bezwaartermijn = compute_deadline(AWB_BEZWAARTERMIJN, date(2026, 2, 2))
    beslissing = compute_deadline(AWB_BESLISSING_OP_BEZWAAR, bezwaartermijn.due)
    assert bezwaartermijn.due == date(2026, 3, 16)
    assert beslissing.due == date(2026, 4, 28)
    assert beslissing.adjustments == ("Koningsdag, Atw art. 1",)


def test_beslissing_op_bezwaar_with_a_commissie_takes_twelve_weeks() -> None:
    # Bezwaartermijn ended Monday 16 March 2026 + 12 weeks = Monday 8 June 2026.
    deadline = compute_deadline(AWB_BESLISSING_OP_BEZWAAR_COMMISSIE, date(2026, 3, 16))
    assert deadline.due == date(2026, 6, 8)


def test_wgs_first_conversation_within_four_weeks_moves_past_hemelvaart() -> None:
    # Hulpvraag Thursday 16 April 2026 + 4 weeks = Hemelvaartsdag 14 May 2026.
    deadline = compute_deadline(WGS_EERSTE_GESPREK, date(2026, 4, 16))
    assert deadline.due == date(2026, 5, 18)


def test_wgs_threatening_situation_counts_three_working_days() -> None:
    # Hulpvraag Friday 1 May 2026: Tue 5 May (Bevrijdingsdag) is no working day; Mon 4 May is.
    deadline = compute_deadline(WGS_EERSTE_GESPREK_DREIGEND, date(2026, 5, 1), known_calendar())
    assert deadline.due == date(2026, 5, 7)
    assert deadline.nominal_end == date(2026, 5, 6)


def test_istandaarden_retour_counts_working_days_around_easter() -> None:
    assert compute_deadline(ISTD_RETOUR, date(2026, 4, 2)).due == date(2026, 4, 9)


def test_compute_deadline_uses_the_given_calendar() -> None:
    calendar = calendar_with({date(2026, 4, 7): "Extra brugdag"})
    assert compute_deadline(WMO_ONDERZOEK, MELDING, calendar).due == date(2026, 4, 8)


# --- State ------------------------------------------------------------------------------


def test_deadline_far_away_is_op_tijd() -> None:
    assert onderzoek().state(date(2026, 3, 2)) is DeadlineState.OP_TIJD


def test_deadline_six_working_days_away_is_still_op_tijd() -> None:
    # Thursday 26 March 2026: Mar 27, 30, 31, Apr 1, 2, 7 -> six working days (Easter out).
    assert onderzoek().state(date(2026, 3, 26)) is DeadlineState.OP_TIJD


def test_deadline_five_working_days_away_dreigt_te_verlopen() -> None:
    assert onderzoek().state(date(2026, 3, 27)) is DeadlineState.DREIGT_TE_VERLOPEN


def test_deadline_due_today_dreigt_te_verlopen() -> None:
    assert onderzoek().state(ONDERZOEK_DUE) is DeadlineState.DREIGT_TE_VERLOPEN


def test_deadline_after_its_due_day_is_verlopen() -> None:
    assert onderzoek().state(date(2026, 4, 8)) is DeadlineState.VERLOPEN


def test_deadline_met_on_its_due_day_is_gehaald_also_later() -> None:
    deadline = onderzoek().mark_met(ONDERZOEK_DUE)
    assert deadline.state(date(2026, 6, 1)) is DeadlineState.GEHAALD


def test_deadline_met_after_its_due_day_stays_verlopen() -> None:
    deadline = onderzoek().mark_met(date(2026, 4, 8))
    assert deadline.met_late
    assert deadline.state(date(2026, 4, 8)) is DeadlineState.VERLOPEN


@given(
    today=st.dates(min_value=date(2025, 1, 1), max_value=date(2028, 12, 31)),
    days_left=st.integers(min_value=0, max_value=40),
)
def test_the_warning_is_at_most_five_working_days_left_counted_day_by_day(today: date, days_left: int) -> None:
    # The state asks "due before the sixth working day after today"; that must be the same as counting the
    # working days up to the due date one by one, around Easter, Christmas and weekends alike.
    calendar = known_calendar()
    due = today + timedelta(days=days_left)
    deadline = Deadline(term=WMO_ONDERZOEK, start=due, due=due, adjustments=())
    counted = calendar.working_days_between(today, due)
    expected = DeadlineState.DREIGT_TE_VERLOPEN if counted <= 5 else DeadlineState.OP_TIJD
    assert deadline.state(today, calendar) is expected


def test_a_deadline_counts_the_beheerders_extra_days_when_warning() -> None:
    # Thursday 26 March is six working days away, but one less with an extra day.
    calendar = calendar_with({date(2026, 3, 30): "Extra brugdag"})
    assert onderzoek().state(date(2026, 3, 26), calendar) is DeadlineState.DREIGT_TE_VERLOPEN


def test_state_labels_are_dutch() -> None:
    assert [state.label for state in DeadlineState] == [
        "op tijd",
        "dreigt te verlopen",
        "verlopen",
        "gehaald",
        "vervallen",
        "opgeschort",
    ]


def test_state_values_are_stable_strings_for_storage() -> None:
    assert DeadlineState("dreigt_te_verlopen") is DeadlineState.DREIGT_TE_VERLOPEN
    assert DeadlineState.GEHAALD.value == "gehaald"
    assert isinstance(DeadlineState.GEHAALD, str)


# --- Meeting a deadline -----------------------------------------------------------------


def test_mark_met_returns_a_new_deadline_and_leaves_the_original_alone() -> None:
    original = onderzoek()
    met = original.mark_met(date(2026, 3, 20))
    assert met.met_on == date(2026, 3, 20)
    assert original.met_on is None


def test_a_deadline_cannot_be_met_before_it_started() -> None:
    with pytest.raises(DeadlineError):
        onderzoek().mark_met(date(2026, 2, 19))


# --- Postponing ---------------------------------------------------------------------


def test_postponement_counts_from_nominal_end_not_from_atw_extended_end() -> None:
    # Nominal end Goede Vrijdag 3 April + 1 week = Friday 10 April (not 14 April).
    postponed = onderzoek().postpone(1, "Inwoner wil eerst met mantelzorger overleggen")
    assert postponed.due == date(2026, 4, 10)
    assert postponed.postponed_weeks == 1


def test_postponement_applies_atw_to_the_new_end() -> None:
    # Nominal end 3 April + 6 weeks = Friday 15 May 2026, the equated Friday after Ascension.
    postponed = onderzoek().postpone(6, "Op verzoek van de inwoner", known_calendar())
    assert postponed.due == date(2026, 5, 18)
    assert postponed.adjustments == (
        "verdaagd met 6 weken, in overleg met de inwoner (Wmo 2015 art. 2.3.2)",
        "Vrijdag na Hemelvaartsdag (gelijkgesteld, Stcrt. 2025, 24713), Atw art. 1",
        "zaterdag, Atw art. 1",
        "zondag, Atw art. 1",
    )


def test_postponements_add_up_and_keep_every_reason() -> None:
    postponed = onderzoek().postpone(2, "Ziekte inwoner").postpone(1, "Tolk nodig")
    assert postponed.postponed_weeks == 3
    assert postponed.postponement_reason == "Ziekte inwoner; Tolk nodig"
    assert postponed.due == date(2026, 4, 24)


def test_postponement_beyond_the_maximum_is_refused() -> None:
    beslissing = compute_deadline(AWB_BESLISSING_OP_BEZWAAR, date(2026, 3, 16))
    with pytest.raises(PostponementTooLong, match="ten hoogste 6 weken"):
        beslissing.postpone(7, "Complex dossier")


def test_postponements_together_beyond_the_maximum_are_refused() -> None:
    postponed = onderzoek().postpone(4, "Ziekte inwoner")
    with pytest.raises(PostponementTooLong):
        postponed.postpone(3, "Nog meer tijd nodig")


def test_bezwaartermijn_cannot_be_postponed() -> None:
    with pytest.raises(TermNotPostponable, match="kan niet worden verdaagd"):
        compute_deadline(AWB_BEZWAARTERMIJN, date(2026, 2, 2)).postpone(1, "Vakantie")


def test_istandaarden_term_cannot_be_postponed() -> None:
    with pytest.raises(TermNotPostponable):
        compute_deadline(ISTD_RETOUR, date(2026, 4, 2)).postpone(1, "Storing")


def test_postponement_without_reason_is_refused() -> None:
    with pytest.raises(PostponementReasonMissing, match="reden"):
        onderzoek().postpone(2, "   ")


def test_postponement_of_zero_weeks_is_refused() -> None:
    with pytest.raises(DeadlineError):
        onderzoek().postpone(0, "Geen")


def test_postponement_decided_after_the_term_expired_is_refused() -> None:
    with pytest.raises(PostponementTooLate):
        onderzoek().postpone(2, "Te laat bedacht", decided_on=date(2026, 4, 8))


def test_postponement_decided_on_the_due_day_is_allowed() -> None:
    postponed = onderzoek().postpone(2, "Op tijd gemeld", decided_on=ONDERZOEK_DUE)
    assert postponed.due == date(2026, 4, 17)


def test_a_met_deadline_cannot_be_postponed() -> None:
    with pytest.raises(DeadlineError):
        onderzoek().mark_met(date(2026, 3, 20)).postpone(1, "Toch later")


def test_deadline_errors_are_value_errors() -> None:
    for error in (TermNotPostponable, PostponementTooLong, PostponementReasonMissing):
        assert issubclass(error, DeadlineError)
        assert issubclass(error, ValueError)
