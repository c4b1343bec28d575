"""Indicator 12, ervaringen van inwoners: the cliëntervaringsonderzoek (Wmo 2015 art. 2.5.1, Uitvoeringsregeling
Wmo 2015 art. 8) per wijk and per question: how many answered, and the share positive (a 4 or a 5 of 5).

The rebuild counts surveys.models.Answer per month (of the onderzoek or beschikking asked about), wijk and question
into MonitorFact rows (category the question, detail "negatief" 1-2, "neutraal" 3 or "positief" 4-5). The answers
carry no person, so neither do the facts; the open answers are never read here.

Every question is answered by everyone who sends the survey, so the six tables have the same totals column (the
number of answers per wijk): they are suppressed together (suppress_linked), so a count hidden in one table is
hidden in all. A team leader sees the rows of the wijken the own teams work in, like the other wijk tables.
"""

from collections import Counter
from collections.abc import Iterable
from datetime import date

from django.db.models import Count, Q, Sum
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from monitor.indicators import Indicator, Request
from monitor.models import MonitorFact
from monitor.suppression import Grid
from monitor.suppression_cache import suppress_linked
from monitor.tables import PublishedTable
from organisation.models import Wijk
from surveys.models import Answer
from surveys.questions import POSITIVE_FROM, QUESTIONS

KEY = "ervaringen"
FACT = "ervaring"
NEGATIVE, NEUTRAL, POSITIVE = "negatief", "neutraal", "positief"
BUCKETS = (NEGATIVE, NEUTRAL, POSITIVE)
TITLE = gettext_lazy("Ervaringen van inwoners")
EXPLANATION = gettext_lazy(
    "Wat inwoners vinden van de toegang, de kwaliteit en het effect van de hulp (cliëntervaringsonderzoek, Wmo 2015 "
    "art. 2.5.1). Inwoners krijgen na het onderzoek of na een besluit een korte vragenlijst in Mijn Wijkteam. Elke "
    "vraag heeft 5 antwoorden, van helemaal mee oneens (1) tot helemaal mee eens (5). Positief is een 4 of een 5. "
    "De maand is die van het onderzoek of het besluit. De antwoorden zijn anoniem; de open antwoorden staan hier niet. "
    "Geen percentage als het aantal verborgen of kleiner dan 5 is."
)


def bucket_labels() -> list[str]:
    return [_("Negatief (1–2)"), _("Neutraal (3)"), _("Positief (4–5)")]


def _bucket_filters(key: str) -> dict[str, Count]:
    return {
        f"{key}__{NEGATIVE}": Count("pk", filter=Q(**{f"{key}__lt": 3})),
        f"{key}__{NEUTRAL}": Count("pk", filter=Q(**{key: 3})),
        f"{key}__{POSITIVE}": Count("pk", filter=Q(**{f"{key}__gte": POSITIVE_FROM})),
    }


def build(today: date) -> Iterable[MonitorFact]:
    counts = {}
    for question in QUESTIONS:
        counts.update(_bucket_filters(question.key))
    facts = []
    for row in Answer.objects.values("month", "wijk_id").annotate(**counts).order_by():
        year, month = (int(part) for part in row["month"].split("-"))
        first = date(year, month, 1)
        if first > today:
            continue
        for question in QUESTIONS:
            for bucket in BUCKETS:
                value = row[f"{question.key}__{bucket}"]
                if value:
                    facts.append(
                        MonitorFact(
                            indicator=FACT,
                            month=first,
                            wijk_id=row["wijk_id"],
                            category=question.key,
                            detail=bucket,
                            value=value,
                        )
                    )
    return facts


def _share(positive: int | None, total: int | None, threshold: int) -> str:
    if positive is None or total is None or total < threshold:
        return "–"
    return f"{number_format(100 * positive / total, 0)}%"


def tables(request: Request) -> list[PublishedTable]:
    period, threshold, scope = request.period, request.threshold, request.scope
    facts = (
        MonitorFact.objects.filter(indicator=FACT, month__gte=period.start, month__lt=period.end)
        .values("wijk_id", "category", "detail")
        .annotate(n=Sum("value"))
        .order_by()
    )
    counts: Counter[tuple[int | None, str, str]] = Counter()
    for fact in facts:
        counts[(fact["wijk_id"], fact["category"], fact["detail"])] += fact["n"]
    wijken: list[tuple[int | None, str]] = list(Wijk.objects.order_by("name").values_list("pk", "name"))
    if any(wijk_id is None for wijk_id, _question, _bucket in counts):
        wijken.append((None, _("Wijk onbekend")))
    grids = [
        Grid.of([[counts[(pk, question.key, bucket)] for bucket in BUCKETS] for pk, _name in wijken] or [[0, 0, 0]])
        for question in QUESTIONS
    ]
    total_column = len(BUCKETS)
    shared = [[(i, total_column) for i in range(grid.shape[0])] for grid in grids]
    hidden = suppress_linked(grids, threshold, shared)
    published = []
    for question, grid, hidden_cells in zip(QUESTIONS, grids, hidden, strict=True):
        figures = []
        for i in range(grid.shape[0]):
            positive = None if (i, 2) in hidden_cells else grid.values[i][2]
            total = None if (i, total_column) in hidden_cells else grid.values[i][total_column]
            figures.append([_share(positive, total, threshold)])
        published.append(
            PublishedTable(
                key=f"{KEY}-{question.key}",
                title=_("Stelling: “%(question)s”") % {"question": question.text},
                row_header=_("Wijk"),
                row_labels=[name for _pk, name in wijken],
                column_labels=bucket_labels(),
                grid=grid,
                hidden=frozenset(hidden_cells),
                threshold=threshold,
                shown_rows=scope.wijk_rows(wijken),
                figure_headers=[_("Aandeel positief")],
                figures=figures,
            )
        )
    return published


INDICATOR = Indicator(number=12, key=KEY, title=TITLE, explanation=EXPLANATION, tables=tables)
