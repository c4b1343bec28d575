"""Working out the suppression of the periods people open first, right after a rebuild, so the first look is fast.

The suppression cache (monitor.suppression_cache) is keyed by the counts: after the night's rebuild every key is
new, and the first person to open a period would wait for the secondary suppression of all its tables (on a
city of 1,000,000 residents far more than the page's 300 ms). The rebuild therefore asks every indicator for
the whole municipality's tables of these periods once, which fills the cache. A filtered view (a wijk, a team, a
team leader's own teams) picks rows of those same whole-municipality tables, so it finds them in the cache too.

Which periods: this year and the last, their quarters up to today, and the months of the last 13 months (a
month compared with the same month a year earlier). Older periods are still offered and simply computed on
their first look.
"""

from datetime import date, datetime

from django.conf import settings
from django.utils import timezone

from monitor.indicators import Request, Scope, registered
from monitor.periods import Period

#: Months back from the current one whose suppression is worked out ahead (13: the same month a year earlier).
MONTHS = 13
EVERYTHING = Scope(wijk_ids=None, team_ids=None)


def default_periods(today: date) -> list[Period]:
    """This year and the last, their quarters that have begun, and the last `MONTHS` months, newest first."""
    keys: list[str] = []
    for year in (today.year, today.year - 1):
        keys.append(str(year))
        keys += [
            f"{year}-K{quarter}"
            for quarter in range(4, 0, -1)
            if 3 * (quarter - 1) + 1 <= today.month or year < today.year
        ]
    month = today.year * 12 + today.month - 1
    keys += [f"{index // 12}-{index % 12 + 1:02d}" for index in range(month, month - MONTHS, -1)]
    periods = [Period.parse(key) for key in keys]
    return [period for period in periods if period is not None]


def warm(now: datetime | None = None) -> int:
    """Every indicator's tables of the default periods, for the whole municipality; returns the number of tables."""
    now = now or timezone.now()
    threshold = settings.MONITOR_SMALL_CELL_THRESHOLD
    indicators = registered()
    tables = 0
    for period in default_periods(timezone.localdate(now)):
        request = Request(period=period, now=now, threshold=threshold, scope=EVERYTHING)
        for indicator in indicators:
            tables += len(indicator.tables(request))
    return tables
