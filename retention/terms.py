"""Which retention term governs a dossier: plain functions, no database.

A dossier falls under the rule of every law it holds a decision (beschikking) under, and under
"zonder besluit" when it holds none. The longest of these terms governs: a file with a Jeugdwet
decision and a Wmo decision is kept as long as the longer of the two requires.

We count calendar years with `relativedelta`, so a term that starts on 29 February ends on
28 February of a year that is no leap year, and never a day early.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from dateutil.relativedelta import relativedelta

from retention.models import CountedFrom, RetentionRule, RuleKey


@dataclass(frozen=True)
class LawHistory:
    """What a dossier holds under one law: whether it has a decision and when its last provision ended.

    `open_ended` means a granted provision has no end date: it has not ended, so its term has not begun.
    """

    law: str
    last_end: date | None = None
    open_ended: bool = False


@dataclass(frozen=True)
class Term:
    rule: RetentionRule
    destroyable_on: date


def term_for_rule(rule: RetentionRule, closed_on: date, history: LawHistory | None) -> date | None:
    """The first day the dossier may be destroyed under `rule`, or None while that day cannot be known yet."""
    start = closed_on
    if rule.counted_from == CountedFrom.EINDE_LAATSTE_VOORZIENING and history is not None:
        if history.open_ended:
            return None
        if history.last_end is not None:
            # Never earlier than the term after closing: the file was in use until it was closed.
            start = max(history.last_end, closed_on)
    return start + relativedelta(years=rule.years)


def governing_term(closed_on: date, histories: Iterable[LawHistory], rules: Mapping[str, RetentionRule]) -> Term | None:
    """The longest of the terms that apply, or None when any of them is unknown, missing or switched off.

    Refusing on doubt is deliberate: destruction cannot be undone, keeping a file longer can.
    """
    histories = list(histories)
    keys = [history.law for history in histories] or [RuleKey.ZONDER_BESLUIT.value]
    by_law = {history.law: history for history in histories}
    longest: Term | None = None
    for key in keys:
        rule = rules.get(key)
        if rule is None or not rule.active:
            return None
        destroyable_on = term_for_rule(rule, closed_on, by_law.get(key))
        if destroyable_on is None:
            return None
        if longest is None or destroyable_on > longest.destroyable_on:
            longest = Term(rule=rule, destroyable_on=destroyable_on)
    return longest


def shortest_years(rules: Iterable[RetentionRule]) -> int | None:
    """The shortest active term: no dossier closed more recently than this can be due (a cheap pre-filter)."""
    years = [rule.years for rule in rules if rule.active]
    return min(years) if years else None
