"""Build the Atw calendar from the equated days a beheerder maintains.

No cache on purpose: the table holds a handful of rows, and a process-local cache
would go stale in the other worker processes when a beheerder edits a day.
"""

from deadlines.atw import AtwCalendar
from deadlines.models import EquatedDay


def current_calendar() -> AtwCalendar:
    rows = list(EquatedDay.objects.values_list("date", "name", "active"))
    extra_days = {day: name for day, name, active in rows if active}
    removed_days = {day for day, _name, active in rows if not active}
    return AtwCalendar(extra_days=extra_days, removed_days=removed_days)
