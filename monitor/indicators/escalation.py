"""Indicator 15, opschalen en afschalen: how many households were escalated to a regieteam and brought back, per wijk
and per reason, and how long an escalation lasted (the median, in days).

The rebuild counts regie.models.Escalation into MonitorFact rows: "opschaling" (month started, wijk, category the
reason, detail "gestart" or, in the month it ended, "afgeschaald") and "opschaling_duur" (month ended, wijk, detail
the number of whole days it lasted, for the median). The wijk is that of the household's main member (hoofd), as
the household is escalated, not one person. No person, no dossier and no team member is in the facts.

Two tables per period: started per wijk and reason, and ended per wijk and reason with the median duration. They
are not linked (different escalations), each suppressed on its own; the median only over a group that is shown and
not small.
"""

from collections import Counter, defaultdict
from collections.abc import Iterable
from datetime import date
from statistics import median

from django.db.models import OuterRef, Subquery, Sum
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from monitor.indicators import Indicator, Request
from monitor.models import MonitorFact
from monitor.suppression import Grid
from monitor.suppression_cache import suppress
from monitor.tables import PublishedTable
from organisation.models import Wijk
from regie.models import Escalation, ReasonCategory
from residents.models import HuishoudenLid, LidRol

KEY = "opschalen"
FACT = "opschaling"
DURATION_FACT = "opschaling_duur"
STARTED, ENDED = "gestart", "afgeschaald"
REASONS = tuple(ReasonCategory.values)
TITLE = gettext_lazy("Opschalen naar een regieteam")
EXPLANATION = gettext_lazy(
    "Hoe vaak een regisseur een huishouden opschaalde naar een regieteam (bij meervoudige problemen, zorgen om de "
    "veiligheid of een vastgelopen situatie), en hoe vaak het regieteam weer afschaalde. Per wijk van het huishouden "
    "en per reden. De maand is die van het opschalen of het afschalen. De duur is het aantal dagen van opschalen tot "
    "afschalen; de mediaan is de middelste waarde. Geen mediaan als het aantal verborgen of kleiner dan 5 is."
)


def reason_labels() -> list[str]:
    return [str(ReasonCategory(reason).label) for reason in REASONS]


# --- Rebuild ---------------------------------------------------------------------------------------------------


def _month(day: date) -> date:
    return day.replace(day=1)


def build(today: date) -> Iterable[MonitorFact]:
    main_member_wijk = HuishoudenLid.objects.filter(
        huishouden=OuterRef("dossier__huishouden"), rol=LidRol.HOOFD
    ).values("inwoner__buurt__wijk_id")[:1]
    rows = (
        Escalation.objects.annotate(wijk_id=Subquery(main_member_wijk))
        .values_list("started_at", "ended_at", "reason_category", "wijk_id")
        .order_by()
    )
    counts: Counter[tuple[str, date, int | None, str, str]] = Counter()
    for started_at, ended_at, reason, wijk_id in rows.iterator(chunk_size=5000):
        started = timezone.localtime(started_at).date()
        if started <= today:
            counts[(FACT, _month(started), wijk_id, reason, STARTED)] += 1
        if ended_at is not None:
            ended = timezone.localtime(ended_at).date()
            if ended <= today:
                counts[(FACT, _month(ended), wijk_id, reason, ENDED)] += 1
                counts[(DURATION_FACT, _month(ended), wijk_id, reason, f"{(ended - started).days:05d}")] += 1
    return [
        MonitorFact(indicator=indicator, month=month, wijk_id=wijk_id, category=reason, detail=detail, value=n)
        for (indicator, month, wijk_id, reason, detail), n in counts.items()
    ]


# --- Tables ----------------------------------------------------------------------------------------------------


def _median_text(days: list[int], n: int | None, threshold: int) -> str:
    if n is None or n < threshold or not days:
        return "–"
    return number_format(median(days), 0 if len(days) % 2 else 1)


def tables(request: Request) -> list[PublishedTable]:
    period, threshold, scope = request.period, request.threshold, request.scope
    facts = (
        MonitorFact.objects.filter(indicator__in=(FACT, DURATION_FACT), month__gte=period.start, month__lt=period.end)
        .values("indicator", "wijk_id", "category", "detail")
        .annotate(n=Sum("value"))
        .order_by()
    )
    counts: Counter[tuple[str, int | None, str]] = Counter()
    durations: dict[int | None, list[int]] = defaultdict(list)
    for fact in facts:
        if fact["indicator"] == FACT:
            counts[(fact["detail"], fact["wijk_id"], fact["category"])] += fact["n"]
        else:
            durations[fact["wijk_id"]].extend([int(fact["detail"])] * fact["n"])
    wijken: list[tuple[int | None, str]] = list(Wijk.objects.order_by("name").values_list("pk", "name"))
    if any(wijk_id is None for _kind, wijk_id, _reason in counts):
        wijken.append((None, _("Wijk onbekend")))
    published = []
    for kind, title in (
        (STARTED, _("Opgeschaald naar een regieteam, per wijk en reden")),
        (ENDED, _("Afgeschaald, per wijk en reden, met de mediane duur")),
    ):
        grid = Grid.of(
            [[counts[(kind, pk, reason)] for reason in REASONS] for pk, _name in wijken] or [[0] * len(REASONS)]
        )
        hidden = suppress(grid, threshold)
        extra: dict[str, object] = {}
        if kind == ENDED:
            total_column = len(REASONS)
            everyone = [day for days in durations.values() for day in days]
            per_row = [durations.get(pk, []) for pk, _name in wijken] if wijken else [[]]
            extra = {
                "figure_headers": [_("Mediane duur (dagen)")],
                "figures": [
                    [
                        _median_text(
                            days, None if (i, total_column) in hidden else grid.values[i][total_column], threshold
                        )
                    ]
                    for i, days in enumerate([*per_row, everyone])
                ],
            }
        published.append(
            PublishedTable(
                key=f"{KEY}-{kind}",
                title=title,
                row_header=_("Wijk"),
                row_labels=[name for _pk, name in wijken],
                column_labels=reason_labels(),
                grid=grid,
                hidden=frozenset(hidden),
                threshold=threshold,
                shown_rows=scope.wijk_rows(wijken),
                **extra,  # type: ignore[arg-type]
            )
        )
    return published


INDICATOR = Indicator(number=15, key=KEY, title=TITLE, explanation=EXPLANATION, tables=tables)
