"""Indicator 3, lead times and legal terms (docs/monitor.md).

3a: the legal terms (and municipal service norms) that fell due in the period, met on time, late, or still open
past their date, per term type, per wijk and per team. 3b: the days from the melding to the onderzoek done, the
plan agreed and the beschikking sent, per team, with the median and the 80th percentile.

The rebuild writes MonitorFact rows: for 3a one per month the term was due × wijk × team × term type × outcome;
for 3b one per month the step was done × team × step × week bucket (the whole weeks since the melding, capped at
`CAP_WEEKS`), so the page reads one GROUP BY and works out the percentiles from the buckets.
"""

from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from datetime import date, datetime
from itertools import groupby
from math import ceil
from operator import itemgetter

from django.db.models import Min, Sum
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assessments.models import Onderzoek
from deadlines.terms import TERMS
from decisions.models import Aanvraag, Beschikking, Bezwaar
from dossiers.models import DossierDeadline, Melding
from monitor.indicators import Indicator, Request
from monitor.models import MonitorFact
from monitor.suppression import Grid
from monitor.suppression_cache import suppress, suppress_linked
from monitor.tables import PublishedTable
from organisation.models import Team, Wijk
from plans.models import Plan

KEY = "termijnen"
TERMS_FACT = "termijnen"
LEAD_FACT = "doorlooptijd"
TITLE = gettext_lazy("Doorlooptijden en wettelijke termijnen")
EXPLANATION = gettext_lazy(
    "Hoeveel termijnen in deze periode afliepen, en of het team ze op tijd haalde, te laat, of dat ze nog openstaan "
    "terwijl de datum voorbij is. Daarna: hoeveel dagen er zaten tussen de melding en het afgeronde onderzoek, het "
    "plan waar het huishouden mee akkoord ging, en de verzonden beschikking. De mediaan is de middelste duur: de "
    "helft was sneller klaar. Bij het 80e percentiel was 8 van de 10 klaar. Geen mediaan als het aantal verborgen "
    "of kleiner dan 5 is."
)

ON_TIME, LATE, OVERDUE = "op_tijd", "te_laat", "verlopen"
OUTCOMES = (ON_TIME, LATE, OVERDUE)

ONDERZOEK, PLAN, BESCHIKKING = "onderzoek", "plan", "beschikking"
STEPS = (ONDERZOEK, PLAN, BESCHIKKING)
#: Lead times are stored per whole week since the melding; week CAP_WEEKS holds everything from a year on.
CAP_WEEKS = 52
#: The columns of the lead-time tables, in weeks: from (inclusive) up to (exclusive); the last band is open.
BANDS = ((0, 2), (2, 6), (6, 13), (13, 26), (26, None))


def outcome_labels() -> list[str]:
    return [_("Op tijd"), _("Te laat"), _("Nog open en verlopen")]


def step_titles() -> dict[str, str]:
    return {
        ONDERZOEK: _("Dagen van melding tot afgerond onderzoek, per team"),
        PLAN: _("Dagen van melding tot akkoord op het plan, per team"),
        BESCHIKKING: _("Dagen van melding tot verzonden beschikking, per team"),
    }


def band_labels() -> list[str]:
    return [
        _("0 tot 14 dagen"),
        _("14 tot 42 dagen"),
        _("42 tot 91 dagen"),
        _("91 tot 182 dagen"),
        _("182 dagen of langer"),
    ]


# --- Rebuild ---------------------------------------------------------------------------------------------------


def _month(day: date) -> date:
    return day.replace(day=1)


def term_facts(today: date) -> list[MonitorFact]:
    """Terms due up to today, not cancelled: met on time, late, or open past their date. A term still running
    (open, due today or later) is not judged yet and not counted; it counts in the month it falls due."""
    # The wijk of the resident the term is about: through its melding, else its aanvraag, voorschot or bezwaar.
    # Read as separate lists rather than one query with four outer joins: SQLite plans that join with a full scan
    # of the aanvragen per term.
    rows = (
        DossierDeadline.objects.filter(cancelled_on__isnull=True, due__lte=today)
        .values_list("pk", "due", "met_on", "term_code", "melding__inwoner__buurt__wijk_id", "dossier__team_id")
        .order_by()
    )
    others = [
        dict(Aanvraag.objects.filter(deadline__isnull=False).values_list("deadline_id", "inwoner__buurt__wijk_id")),
        dict(
            Aanvraag.objects.filter(voorschot_deadline__isnull=False).values_list(
                "voorschot_deadline_id", "inwoner__buurt__wijk_id"
            )
        ),
        dict(
            Bezwaar.objects.filter(deadline__isnull=False).values_list(
                "deadline_id", "beschikking__aanvraag__inwoner__buurt__wijk_id"
            )
        ),
    ]
    counts: Counter[tuple[date, int | None, int, str, str]] = Counter()
    for pk, due, met_on, code, wijk_id, team_id in rows.iterator(chunk_size=5000):
        for wijken in others:
            if wijk_id is not None:
                break
            wijk_id = wijken.get(pk)
        if met_on is None:
            if due >= today:
                continue
            outcome = OVERDUE
        else:
            outcome = ON_TIME if met_on <= due else LATE
        counts[(_month(due), wijk_id, team_id, code, outcome)] += 1
    return [
        MonitorFact(
            indicator=TERMS_FACT, month=month, wijk_id=wijk_id, team_id=team_id, category=code, detail=outcome, value=n
        )
        for (month, wijk_id, team_id, code, outcome), n in counts.items()
    ]


def _local_day(moment: datetime | None) -> date | None:
    return None if moment is None else timezone.localtime(moment).date()


#: A step that waits for its melding: (step, team, date the step was done, last day a melding may have come in).
_Pending = tuple[str, int, date | None, date | None]


def _newest_meldingen_before(pending: dict[int, list[_Pending]]) -> Iterator[tuple[_Pending, datetime | None]]:
    """Per waiting step: the newest melding of its dossier received on or before its day (local time), the
    question the step answers; None when there is none. One pass over all meldingen ordered by dossier and
    time (no query per step): within a dossier the local days rise with the time, so a bisect finds it."""
    meldingen = Melding.objects.order_by("dossier_id", "received_at").values_list("dossier_id", "received_at")
    for dossier_id, rows in groupby(meldingen.iterator(chunk_size=10000), key=itemgetter(0)):
        steps = pending.pop(dossier_id, None)
        if steps is None:
            continue
        moments = [moment for _dossier, moment in rows]
        days = [timezone.localtime(moment).date() for moment in moments]
        for step in steps:
            index = 0 if step[3] is None else bisect_right(days, step[3])
            yield step, moments[index - 1] if index else None
    for steps in pending.values():  # dossiers without a melding
        for step in steps:
            yield step, None


def lead_time_facts(today: date) -> list[MonitorFact]:
    """Per step done: the whole weeks since the melding, counted in the month the step was done. The melding is
    the earliest one linked to the onderzoek; else (an onderzoek without linked meldingen, a plan, a beschikking)
    the newest melding of the dossier that came in on or before the step's day (for a beschikking: the day of
    its aanvraag)."""
    counts: Counter[tuple[date, int, str, int]] = Counter()

    def add(step: str, team_id: int, start: datetime | None, end: date | None) -> None:
        first = _local_day(start)
        if first is None or end is None:
            return
        weeks = min(max((end - first).days, 0) // 7, CAP_WEEKS)
        counts[(_month(end), team_id, step, weeks)] += 1

    pending: dict[int, list[_Pending]] = defaultdict(list)
    onderzoeken = (
        Onderzoek.objects.filter(completed_on__isnull=False, completed_on__lte=today)
        .annotate(first=Min("meldingen__received_at"))
        .values_list("dossier_id", "dossier__team_id", "first", "completed_on")
        .order_by()
    )
    for dossier_id, team_id, first, done in onderzoeken.iterator(chunk_size=5000):
        if first is None:
            pending[dossier_id].append((ONDERZOEK, team_id, done, done))
        else:
            add(ONDERZOEK, team_id, first, done)
    plans = (
        Plan.objects.filter(agreed_on__isnull=False, agreed_on__lte=today)
        .values_list("dossier_id", "dossier__team_id", "agreed_on")
        .order_by()
    )
    for dossier_id, team_id, agreed in plans.iterator(chunk_size=5000):
        pending[dossier_id].append((PLAN, team_id, agreed, agreed))
    beschikkingen = (
        Beschikking.objects.filter(sent_on__isnull=False, sent_on__lte=today, replaces__isnull=True)
        .values_list("aanvraag__dossier_id", "aanvraag__dossier__team_id", "sent_on", "aanvraag__received_on")
        .order_by()
    )
    for dossier_id, team_id, sent, asked in beschikkingen.iterator(chunk_size=5000):
        pending[dossier_id].append((BESCHIKKING, team_id, sent, asked))
    for (step, team_id, end, _last_day), start in _newest_meldingen_before(pending):
        add(step, team_id, start, end)
    return [
        MonitorFact(indicator=LEAD_FACT, month=month, team_id=team_id, category=step, detail=f"{weeks:02d}", value=n)
        for (month, team_id, step, weeks), n in counts.items()
    ]


def build(today: date) -> Iterable[MonitorFact]:
    return [*term_facts(today), *lead_time_facts(today)]


# --- Percentiles -----------------------------------------------------------------------------------------------


def percentile_week(weeks: Counter[int], share: float) -> int | None:
    """The week bucket holding the case at rank ceil(share × n) (nearest rank), None without cases."""
    total = sum(weeks.values())
    if not total:
        return None
    rank = max(ceil(share * total), 1)
    seen = 0
    for week in sorted(weeks):
        seen += weeks[week]
        if seen >= rank:
            return week
    return max(weeks)


def week_text(week: int) -> str:
    if week >= CAP_WEEKS:
        return _("%(days)s of meer") % {"days": 7 * CAP_WEEKS}
    return f"{7 * week}–{7 * week + 6}"


# --- Tables ----------------------------------------------------------------------------------------------------


def _share(part: int | None, whole: int | None, threshold: int) -> str:
    """A percentage, only when both counts are shown and the whole is not small."""
    if part is None or whole is None or whole < threshold or whole == 0:
        return "–"
    return f"{number_format(100 * part / whole, 0)}%"


def _term_tables(request: Request) -> list[PublishedTable]:
    period, threshold, scope = request.period, request.threshold, request.scope
    facts = (
        MonitorFact.objects.filter(indicator=TERMS_FACT, month__gte=period.start, month__lt=period.end)
        .values("wijk_id", "team_id", "category", "detail")
        .annotate(n=Sum("value"))
        .order_by()
    )
    by_term: dict[str, Counter[str]] = defaultdict(Counter)
    by_wijk: dict[int | None, Counter[str]] = defaultdict(Counter)
    by_team: dict[int | None, Counter[str]] = defaultdict(Counter)
    for fact in facts:
        by_term[fact["category"]][fact["detail"]] += fact["n"]
        by_wijk[fact["wijk_id"]][fact["detail"]] += fact["n"]
        by_team[fact["team_id"]][fact["detail"]] += fact["n"]
    order = list(TERMS)
    codes = sorted(by_term, key=lambda code: (order.index(code) if code in order else len(order), code))
    term_rows = [(code, TERMS[code].display_label if code in TERMS else code) for code in codes]
    wijk_rows: list[tuple[int | None, str]] = list(Wijk.objects.order_by("name").values_list("pk", "name"))
    if None in by_wijk:
        wijk_rows.append((None, _("Adres onbekend")))
    teams = list(Team.objects.wijkteams().order_by("name").values_list("pk", "name"))

    def grid(rows: Sequence[tuple[object, str]], counts: dict) -> Grid:
        return Grid.of([[counts[key][outcome] for outcome in OUTCOMES] for key, _label in rows] or [[0] * 3])

    grids = [grid(term_rows, by_term), grid(wijk_rows, by_wijk), grid(teams, by_team)]
    shared = [[(g.shape[0] - 1, j) for j in range(len(OUTCOMES) + 1)] for g in grids]
    hidden = suppress_linked(grids, threshold, shared)
    labels = outcome_labels()
    tables = []
    specs: list[tuple[str, str, str, Sequence[tuple[object, str]]]] = [
        ("soort", _("Termijnen per soort"), _("Termijn"), term_rows),
        ("wijk", _("Termijnen per wijk"), _("Wijk"), wijk_rows),
        ("team", _("Termijnen per team"), _("Team"), teams),
    ]
    for (suffix, title, header, rows), g, cells in zip(specs, grids, hidden, strict=True):
        total = len(OUTCOMES)
        shares = []
        for i in range(g.shape[0]):
            on_time = None if (i, 0) in cells else g.values[i][0]
            whole = None if (i, total) in cells else g.values[i][total]
            shares.append(_share(on_time, whole, threshold))
        tables.append(
            PublishedTable(
                key=f"{KEY}-{suffix}",
                title=title,
                row_header=header,
                row_labels=[label for _key, label in rows],
                column_labels=labels,
                grid=g,
                hidden=frozenset(cells),
                threshold=threshold,
                extra_header=_("Aandeel op tijd"),
                extra=shares,
            )
        )
    _term_table, wijk_table, team_table = tables
    if scope.wijk_ids is None and scope.team_ids is None:
        return tables
    # A filtered view shows the rows of its wijken and teams; the table per term type is of the whole municipality
    # (its rows are not split by wijk or team), so a filtered view leaves it out.
    if scope.wijk_ids is not None:
        wijk_table = replace(wijk_table, shown_rows=scope.wijk_rows(wijk_rows))
    if scope.team_ids is not None:
        team_table = replace(team_table, shown_rows=scope.team_rows(teams))
    return [wijk_table, team_table]


def _lead_tables(request: Request) -> list[PublishedTable]:
    period, threshold, scope = request.period, request.threshold, request.scope
    facts = (
        MonitorFact.objects.filter(indicator=LEAD_FACT, month__gte=period.start, month__lt=period.end)
        .values("team_id", "category", "detail")
        .annotate(n=Sum("value"))
        .order_by()
    )
    weeks: dict[tuple[str, int | None], Counter[int]] = defaultdict(Counter)
    for fact in facts:
        weeks[(fact["category"], fact["team_id"])][int(fact["detail"])] += fact["n"]
    teams = list(Team.objects.wijkteams().order_by("name").values_list("pk", "name"))
    titles = step_titles()
    tables = []
    for step in STEPS:
        per_team = [weeks[(step, pk)] for pk, _name in teams]
        cells = [[_in_band(counter, band) for band in BANDS] for counter in per_team]
        grid = Grid.of(cells or [[0] * len(BANDS)])
        hidden = suppress(grid, threshold)
        everyone: Counter[int] = Counter()
        for counter in per_team:
            everyone.update(counter)
        total = len(BANDS)
        texts = []
        for i, counter in enumerate([*per_team, everyone]):
            n = None if (i, total) in hidden else grid.values[i][total]
            median, eighty = percentile_week(counter, 0.5), percentile_week(counter, 0.8)
            if n is None or n < threshold or median is None or eighty is None:
                texts.append(["–", "–"])
            else:
                texts.append([week_text(median), week_text(eighty)])
        tables.append(
            PublishedTable(
                key=f"{KEY}-{step}",
                title=titles[step],
                row_header=_("Team"),
                row_labels=[name for _pk, name in teams],
                column_labels=band_labels(),
                grid=grid,
                hidden=frozenset(hidden),
                threshold=threshold,
                shown_rows=None if scope.team_ids is None else scope.team_rows(teams),
                figure_headers=[_("Mediaan (dagen)"), _("80e percentiel (dagen)")],
                figures=texts,
            )
        )
    return tables


def _in_band(counter: Counter[int], band: tuple[int, int | None]) -> int:
    low, high = band
    return sum(n for week, n in counter.items() if week >= low and (high is None or week < high))


def tables(request: Request) -> list[PublishedTable]:
    return [*_term_tables(request), *_lead_tables(request)]


INDICATOR = Indicator(number=3, key=KEY, title=TITLE, explanation=EXPLANATION, tables=tables)
