"""Counting "at any moment in the period" over the periods the monitor offers, without a query per period.

A resident reached in March and again in November is one resident in the year, not two: such a count cannot be
summed from months. So the rebuild counts it once per period the filter offers (monitor.periods.recent): each
span (a dossier, a provision) becomes the months it covers, spans of one person or household are merged, and the
merged months are turned into the periods they touch. Spans with the same months share that work (a cache), so
the cost grows with the number of different month ranges, not with the number of people.
"""

from collections import Counter
from collections.abc import Hashable, Iterable
from datetime import date
from functools import lru_cache
from typing import TypeVar

from monitor.periods import Period, recent

#: Months counted from year 0: January 2026 is 2026 * 12.
MonthRange = tuple[int, int]
Group = TypeVar("Group", bound=Hashable)


def month_index(day: date) -> int:
    return day.year * 12 + day.month - 1


def merged(ranges: Iterable[MonthRange]) -> tuple[MonthRange, ...]:
    """Ranges of months (first, last, both included) merged where they overlap or touch."""
    result: list[list[int]] = []
    for first, last in sorted(ranges):
        if result and first <= result[-1][1] + 1:
            result[-1][1] = max(result[-1][1], last)
        else:
            result.append([first, last])
    return tuple((first, last) for first, last in result)


class PeriodIndex:
    """The periods offered on `today`, and for a set of month ranges the keys of the periods they touch."""

    def __init__(self, today: date) -> None:
        self.periods: list[Period] = recent(today)
        self._bounds = [(month_index(p.start), month_index(p.end) - 1, p.key) for p in self.periods]
        self.starts = {p.key: p.start for p in self.periods}
        self.touched = lru_cache(maxsize=None)(self._touched)

    def _touched(self, ranges: tuple[MonthRange, ...]) -> tuple[str, ...]:
        return tuple(
            key for start, last, key in self._bounds if any(first <= last and end >= start for first, end in ranges)
        )

    def by_period(self, counts: Counter[tuple[Group, tuple[MonthRange, ...]]]) -> Counter[tuple[Group, str]]:
        """(group, merged ranges) -> number of people, turned into (group, period key) -> number of people."""
        result: Counter[tuple[Group, str]] = Counter()
        for (group, ranges), n in counts.items():
            for key in self.touched(ranges):
                result[(group, key)] += n
        return result
