"""Indicator 10, bezwaar: objections received in the period per team by outcome, per 100 beschikkingen sent.

The rebuild writes MonitorFact rows: the beschikkingen sent per month and team (category "beschikking"), and the
objections received per month and team by their outcome so far (category "bezwaar", detail the outcome or
"open"). The team is the team of the dossier the beschikking belongs to (docs/monitor.md).
"""

from collections import Counter, defaultdict
from collections.abc import Iterable
from datetime import date

from django.db.models import Count, Sum
from django.db.models.functions import TruncMonth
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from decisions.models import Beschikking, Bezwaar, BezwaarOutcome, BezwaarStatus
from monitor.indicators import Indicator, Request
from monitor.models import MonitorFact
from monitor.suppression import Grid
from monitor.suppression_cache import suppress
from monitor.tables import PublishedTable
from organisation.models import Team

KEY = "bezwaar"
FACT = "bezwaar"
DECISION, OBJECTION = "beschikking", "bezwaar"
OPEN = "open"
TITLE = gettext_lazy("Bezwaren")
EXPLANATION = gettext_lazy(
    "Hoeveel bezwaren er in deze periode binnenkwamen tegen beschikkingen van het team, en hoe ze zijn afgelopen "
    "(tot nu toe). Per 100 beschikkingen: het aantal bezwaren tegenover het aantal beschikkingen dat het team in "
    "dezelfde periode verstuurde. Gegrond betekent dat de gemeente het besluit moest herzien. Geen percentage als "
    "een aantal verborgen of kleiner dan 5 is."
)
OUTCOMES = (
    BezwaarOutcome.GEGROND,
    BezwaarOutcome.ONGEGROND,
    BezwaarOutcome.NIET_ONTVANKELIJK,
    BezwaarOutcome.INGETROKKEN,
    OPEN,
)


def outcome_labels() -> list[str]:
    return [*(str(outcome.label) for outcome in OUTCOMES[:-1]), _("Nog in behandeling")]


def build(today: date) -> Iterable[MonitorFact]:
    facts = []
    sent = (
        Beschikking.objects.filter(sent_on__isnull=False, sent_on__lte=today)
        .annotate(month=TruncMonth("sent_on"))
        .values("month", "aanvraag__dossier__team_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    for row in sent:
        facts.append(
            MonitorFact(
                indicator=FACT,
                month=row["month"],
                team_id=row["aanvraag__dossier__team_id"],
                category=DECISION,
                value=row["n"],
            )
        )
    counts: Counter[tuple[date, int, str]] = Counter()
    objections = (
        Bezwaar.objects.filter(received_on__lte=today)
        .annotate(month=TruncMonth("received_on"))
        .values("month", "beschikking__aanvraag__dossier__team_id", "status", "outcome")
        .annotate(n=Count("id"))
        .order_by()
    )
    for row in objections:
        decided = row["status"] == BezwaarStatus.AFGEHANDELD and row["outcome"]
        counts[(row["month"], row["beschikking__aanvraag__dossier__team_id"], row["outcome"] if decided else OPEN)] += (
            row["n"]
        )
    facts += [
        MonitorFact(indicator=FACT, month=month, team_id=team_id, category=OBJECTION, detail=outcome, value=n)
        for (month, team_id, outcome), n in counts.items()
    ]
    return facts


def _rate(objections: int | None, decisions: int, threshold: int) -> str:
    """Objections per 100 beschikkingen: only when the objections are shown and the beschikkingen not few."""
    if objections is None or decisions < threshold:
        return "–"
    return number_format(100 * objections / decisions, 1)


def _grounded_share(grounded: int | None, pending: int | None, total: int | None, threshold: int) -> str:
    """The share of the decided objections that was gegrond, only when every count it needs is shown."""
    if grounded is None or pending is None or total is None:
        return "–"
    decided = total - pending
    if decided < threshold:
        return "–"
    return f"{number_format(100 * grounded / decided, 0)}%"


def tables(request: Request) -> list[PublishedTable]:
    period, threshold, scope = request.period, request.threshold, request.scope
    facts = (
        MonitorFact.objects.filter(indicator=FACT, month__gte=period.start, month__lt=period.end)
        .values("team_id", "category", "detail")
        .annotate(n=Sum("value"))
        .order_by()
    )
    decisions: Counter[int | None] = Counter()
    objections: dict[int | None, Counter[str]] = defaultdict(Counter)
    for fact in facts:
        if fact["category"] == DECISION:
            decisions[fact["team_id"]] += fact["n"]
        else:
            objections[fact["team_id"]][fact["detail"]] += fact["n"]
    teams = list(Team.objects.wijkteams().order_by("name").values_list("pk", "name"))
    cells = [[objections[pk][str(outcome)] for outcome in OUTCOMES] for pk, _name in teams]
    grid = Grid.of(cells or [[0] * len(OUTCOMES)])
    hidden = suppress(grid, threshold)
    total, pending = len(OUTCOMES), len(OUTCOMES) - 1
    decided_per_row = [decisions[pk] for pk, _name in teams] + [sum(decisions.values())]
    texts = []
    for i in range(grid.shape[0]):

        def shown(j: int, row: int = i) -> int | None:
            return None if (row, j) in hidden else grid.values[row][j]

        rate = _rate(shown(total), decided_per_row[i], threshold)
        share = _grounded_share(shown(0), shown(pending), shown(total), threshold)
        texts.append([rate, share])
    table = PublishedTable(
        key=KEY,
        title=_("Bezwaren per team en uitkomst"),
        row_header=_("Team"),
        row_labels=[name for _pk, name in teams],
        column_labels=outcome_labels(),
        grid=grid,
        hidden=frozenset(hidden),
        threshold=threshold,
        shown_rows=scope.team_rows(teams),
        figure_headers=[_("Per 100 beschikkingen"), _("Aandeel gegrond")],
        figures=texts,
    )
    return [table]


INDICATOR = Indicator(number=10, key=KEY, title=TITLE, explanation=EXPLANATION, tables=tables)
