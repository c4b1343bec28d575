"""The governing term: the longest rule that applies, counted in calendar years (leap days included)."""

from datetime import date

from retention.models import CountedFrom, RetentionRule, RuleKey
from retention.terms import LawHistory, governing_term, shortest_years, term_for_rule


def rules(**overrides: RetentionRule) -> dict[str, RetentionRule]:
    defaults = {
        RuleKey.JEUGDWET: RetentionRule(key=RuleKey.JEUGDWET, years=20, counted_from=CountedFrom.AFSLUITING),
        RuleKey.WMO: RetentionRule(key=RuleKey.WMO, years=15, counted_from=CountedFrom.EINDE_LAATSTE_VOORZIENING),
        RuleKey.PARTICIPATIEWET: RetentionRule(
            key=RuleKey.PARTICIPATIEWET, years=10, counted_from=CountedFrom.EINDE_LAATSTE_VOORZIENING
        ),
        RuleKey.ZONDER_BESLUIT: RetentionRule(key=RuleKey.ZONDER_BESLUIT, years=5, counted_from=CountedFrom.AFSLUITING),
    }
    return {str(key): rule for key, rule in {**defaults, **overrides}.items()}


def test_a_dossier_without_decision_is_kept_five_years_after_closing() -> None:
    term = governing_term(date(2015, 3, 10), [], rules())
    assert term is not None
    assert term.rule.key == RuleKey.ZONDER_BESLUIT
    assert term.destroyable_on == date(2020, 3, 10)


def test_a_term_starting_on_a_leap_day_ends_on_the_last_day_of_february() -> None:
    term = governing_term(date(2016, 2, 29), [], rules())
    assert term is not None and term.destroyable_on == date(2021, 2, 28)


def test_a_leap_day_stays_a_leap_day_after_twenty_years() -> None:
    term = governing_term(date(2004, 2, 29), [LawHistory("jeugdwet")], rules())
    assert term is not None and term.destroyable_on == date(2024, 2, 29)


def test_wmo_counts_from_the_end_of_the_last_provision() -> None:
    term = governing_term(date(2009, 1, 15), [LawHistory("wmo", last_end=date(2010, 6, 30))], rules())
    assert term is not None and term.destroyable_on == date(2025, 6, 30)


def test_wmo_is_never_counted_from_before_the_closing() -> None:
    term = governing_term(date(2012, 9, 1), [LawHistory("wmo", last_end=date(2010, 6, 30))], rules())
    assert term is not None and term.destroyable_on == date(2027, 9, 1)


def test_wmo_without_granted_provision_counts_from_closing() -> None:
    term = governing_term(date(2012, 9, 1), [LawHistory("wmo")], rules())
    assert term is not None and term.destroyable_on == date(2027, 9, 1)


def test_a_jeugdwet_decision_keeps_the_dossier_twenty_years_even_with_a_wmo_decision() -> None:
    histories = [LawHistory("wmo", last_end=date(2012, 1, 1)), LawHistory("jeugdwet")]
    term = governing_term(date(2010, 1, 1), histories, rules())
    assert term is not None
    assert term.rule.key == RuleKey.JEUGDWET
    assert term.destroyable_on == date(2030, 1, 1)


def test_a_late_wmo_provision_outlasts_the_jeugdwet_term() -> None:
    histories = [LawHistory("wmo", last_end=date(2016, 3, 1)), LawHistory("jeugdwet")]
    term = governing_term(date(2010, 1, 1), histories, rules())
    assert term is not None
    assert term.rule.key == RuleKey.WMO
    assert term.destroyable_on == date(2031, 3, 1)


def test_a_provision_without_end_date_has_not_ended_so_no_term_runs() -> None:
    assert governing_term(date(2005, 1, 1), [LawHistory("wmo", open_ended=True)], rules()) is None


def test_a_switched_off_rule_keeps_its_dossiers() -> None:
    off = RetentionRule(key=RuleKey.JEUGDWET, years=20, counted_from=CountedFrom.AFSLUITING, active=False)
    assert governing_term(date(1990, 1, 1), [LawHistory("jeugdwet")], rules(jeugdwet=off)) is None


def test_a_missing_rule_keeps_its_dossiers() -> None:
    without_pw = {key: rule for key, rule in rules().items() if key != RuleKey.PARTICIPATIEWET}
    assert governing_term(date(1990, 1, 1), [LawHistory("participatiewet")], without_pw) is None


def test_years_can_be_changed_by_the_functioneel_beheerder() -> None:
    longer = RetentionRule(key=RuleKey.ZONDER_BESLUIT, years=7, counted_from=CountedFrom.AFSLUITING)
    assert term_for_rule(longer, date(2015, 3, 10), None) == date(2022, 3, 10)


def test_the_shortest_active_term_prefilters_the_list() -> None:
    assert shortest_years(rules().values()) == 5
    assert shortest_years([]) is None
