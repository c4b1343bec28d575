"""Build the Atw calendar from the Royal Decrees a beheerder maintains.

Every call reads the decrees and their days afresh (one query, a handful of rows), so a
decree a beheerder adds in one worker process counts at once in every other: there is no
cache that could go stale. What is kept per process is the calendar built from those rows:
when the rows read are exactly the rows of the previous call, that calendar is returned
again, with the holidays it already worked out per year, instead of being built anew on
every page.
"""

from collections import defaultdict
from datetime import date

from deadlines.atw import AtwCalendar, Decree
from deadlines.models import EquatedDayDecree

_Row = tuple[int, str, str, int, int, date | None, str | None]

# The rows of the last call and the calendar built from them. Replaced as a whole (one
# assignment), so a thread reads either the old pair or the new one, never a mix.
_last: tuple[tuple[_Row, ...], AtwCalendar] | None = None


def _build(rows: tuple[_Row, ...]) -> AtwCalendar:
    days: defaultdict[int, dict[date, str]] = defaultdict(dict)
    decrees: dict[int, tuple[str, str, int, int]] = {}
    for decree_id, reference, title, first_year, last_year, day, name in rows:
        decrees[decree_id] = (reference, title, first_year, last_year)
        if day is not None:
            days[decree_id][day] = name or ""
    return AtwCalendar(
        decrees=[
            Decree(reference=reference, title=title, first_year=first_year, last_year=last_year, days=days[pk])
            for pk, (reference, title, first_year, last_year) in decrees.items()
        ]
    )


def current_calendar() -> AtwCalendar:
    """The calendar of the decrees as they are stored now (one query)."""
    global _last
    # One row per equated day, with its decree's columns; a decree without days yet gives one
    # row without a date (left join), so it still covers its years.
    rows: tuple[_Row, ...] = tuple(
        EquatedDayDecree.objects.order_by("first_year", "pk", "days__date").values_list(
            "pk", "reference", "title", "first_year", "last_year", "days__date", "days__name"
        )
    )
    last = _last
    if last is not None and last[0] == rows:
        return last[1]
    calendar = _build(rows)
    _last = (rows, calendar)
    return calendar
