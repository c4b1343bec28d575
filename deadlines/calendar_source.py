"""Build the Atw calendar from the Royal Decrees a beheerder maintains.

No cache on purpose: the tables hold a handful of rows, and a process-local cache
would go stale in the other worker processes when a beheerder adds a decree.
"""

from collections import defaultdict
from datetime import date

from deadlines.atw import AtwCalendar, Decree
from deadlines.models import EquatedDay, EquatedDayDecree


def current_calendar() -> AtwCalendar:
    days: defaultdict[int, dict[date, str]] = defaultdict(dict)
    for decree_id, day, name in EquatedDay.objects.values_list("decree_id", "date", "name"):
        days[decree_id][day] = name
    decrees = [
        Decree(
            reference=row.reference,
            title=row.title,
            first_year=row.first_year,
            last_year=row.last_year,
            days=days[row.pk],
        )
        for row in EquatedDayDecree.objects.all()
    ]
    return AtwCalendar(decrees=decrees)
