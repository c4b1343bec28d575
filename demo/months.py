"""Calendar months and weighted draws for the demo histories of several apps (outreach, regie)."""

import random
from datetime import date, timedelta


def month_spans(today: date, count: int) -> list[tuple[date, date]]:
    """(first day, last day up to today) of the last `count` months, this one included, oldest first.

    The current month ends today, so a history never holds events in the future.
    """
    spans, year, month = [], today.year, today.month
    for _ in range(count):
        first = date(year, month, 1)
        following = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
        spans.append((first, min(following - timedelta(days=1), today)))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return sorted(spans)


def pick_weighted(rng: random.Random, weights: dict[str, int]) -> str:
    """One key of `weights`, drawn in proportion to its weight."""
    return rng.choices(list(weights), weights=list(weights.values()))[0]
