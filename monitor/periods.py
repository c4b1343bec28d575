"""The periods a monitor page can show: a year, a quarter or a month, written in the URL as 2026, 2026-K3, 2026-11."""

import re
from dataclasses import dataclass
from datetime import date

from django.utils.formats import date_format
from django.utils.translation import gettext as _

#: ASCII digits only and nothing after: `\d` would take "２０２６" and `$` a trailing newline.
_PATTERN = re.compile(r"(?P<year>[0-9]{4})(?:-K(?P<quarter>[1-4])|-(?P<month>0[1-9]|1[0-2]))?")


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # the first day after the period
    key: str

    @classmethod
    def parse(cls, value: str) -> "Period | None":
        match = _PATTERN.fullmatch(value or "")
        if match is None:
            return None
        year = int(match["year"])
        if not 2000 <= year <= 2100:
            return None
        if match["quarter"]:
            first = 3 * (int(match["quarter"]) - 1) + 1
            return cls(date(year, first, 1), _month_after(date(year, first + 2, 1)), value)
        if match["month"]:
            start = date(year, int(match["month"]), 1)
            return cls(start, _month_after(start), value)
        return cls(date(year, 1, 1), date(year + 1, 1, 1), value)

    @property
    def label(self) -> str:
        if "-K" in self.key:
            return _("%(quarter)se kwartaal %(year)s") % {"quarter": self.key[-1], "year": self.start.year}
        if "-" in self.key:
            return date_format(self.start, "F Y")
        return str(self.start.year)


def _month_after(day: date) -> date:
    return date(day.year + (day.month == 12), day.month % 12 + 1, 1)


def recent(today: date, years: int = 5) -> list[Period]:
    """The choices of the period filter, newest first: each year, its quarters and months, up to today."""
    periods: list[Period] = []
    for year in range(today.year, today.year - years, -1):
        candidates = [str(year)]
        candidates += [f"{year}-K{quarter}" for quarter in range(4, 0, -1)]
        candidates += [f"{year}-{month:02d}" for month in range(12, 0, -1)]
        for key in candidates:
            period = Period.parse(key)
            if period is not None and period.start <= today:
                periods.append(period)
    return periods


def default(today: date) -> Period:
    """The last full quarter: long enough to say something, recent enough to act on."""
    quarter = (today.month - 1) // 3
    year = today.year if quarter else today.year - 1
    period = Period.parse(f"{year}-K{quarter or 4}")
    assert period is not None
    return period
