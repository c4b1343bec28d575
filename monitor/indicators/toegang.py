"""Indicator 14, toegang zonder dossier: the informatiepunt's questions and the teams' erop-af contacts, per month
and wijk (issue 15 §2).

The rebuild counts outreach.models.InformatieVraag into MonitorFact rows "informatievraag" (month asked, wijk,
category the topic, detail how it was answered), and outreach.models.EropAfContact into "eropaf" (month of the
contact, wijk, category the setting, detail "bereikt" or "niet_bereikt") and "eropaf_melding" (the same, for the
contacts that became a melding). Neither record holds a person, so neither do the facts. An erop-af contact keeps
what is counted after its retention term (only the note and the melding link go), so a rebuild from scratch gives
the same history.

Four tables per period. The two informatiepunt tables (per topic, per answer) have the same totals column, the
questions per wijk, and so do the two erop-af tables (per setting, reached or not): each pair is suppressed together
(suppress_linked). The meldingen per wijk and setting are a table of their own.
"""

from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date

from django.db.models import Count, Sum
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from monitor.indicators import Indicator, Request
from monitor.models import MonitorFact
from monitor.suppression import Cell, Grid
from monitor.suppression_cache import suppress, suppress_linked
from monitor.tables import PublishedTable
from organisation.models import Wijk
from outreach.models import Answer, EropAfContact, InformatieVraag, Setting, Topic

KEY = "toegang"
QUESTION_FACT = "informatievraag"
CONTACT_FACT = "eropaf"
MELDING_FACT = "eropaf_melding"
REACHED, NOT_REACHED = "bereikt", "niet_bereikt"
TOPICS = tuple(Topic.values)
ANSWERS = tuple(Answer.values)
SETTINGS = tuple(Setting.values)
TITLE = gettext_lazy("Toegang zonder dossier")
EXPLANATION = gettext_lazy(
    "Eenvoudige vragen die het informatiepunt meteen beantwoordde, zonder dossier: per wijk van de vrager, per "
    "onderwerp en hoe de vraag beantwoord werd. En de contacten die de teams legden door erop af te gaan (deur aan "
    "deur, in het buurthuis, op school, op straat): per wijk en plek, of de inwoner bereikt werd, en hoe vaak er een "
    "melding van kwam. De maand is die van de vraag of het contact. Vragen en contacten zijn anoniem."
)


# --- Rebuild ---------------------------------------------------------------------------------------------------


def _first(month: object) -> date:
    day = month.date() if hasattr(month, "date") else month
    assert isinstance(day, date)
    return day.replace(day=1)


def build(today: date) -> Iterable[MonitorFact]:
    facts: list[MonitorFact] = []
    questions = (
        InformatieVraag.objects.filter(asked_on__lte=today)
        .annotate(month=TruncMonth("asked_on"))
        .values("month", "wijk_id", "topic", "answer")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in questions:
        facts.append(
            MonitorFact(
                indicator=QUESTION_FACT,
                month=_first(row["month"]),
                wijk_id=row["wijk_id"],
                category=row["topic"],
                detail=row["answer"],
                value=row["n"],
            )
        )
    counts: Counter[tuple[str, date, int, str, str]] = Counter()
    contacts = EropAfContact.objects.filter(contact_on__lte=today).values_list(
        "contact_on", "wijk_id", "setting", "reached", "melding_made_on"
    )
    for contact_on, wijk_id, setting, reached, melding_made_on in contacts.iterator(chunk_size=5000):
        month = contact_on.replace(day=1)
        counts[(CONTACT_FACT, month, wijk_id, setting, REACHED if reached else NOT_REACHED)] += 1
        if melding_made_on is not None and melding_made_on <= today:
            counts[(MELDING_FACT, month, wijk_id, setting, "")] += 1
    facts += [
        MonitorFact(indicator=indicator, month=month, wijk_id=wijk_id, category=setting, detail=detail, value=n)
        for (indicator, month, wijk_id, setting, detail), n in counts.items()
    ]
    return facts


# --- Tables ----------------------------------------------------------------------------------------------------


def _labels(choices: type[Topic] | type[Answer] | type[Setting], values: Sequence[str]) -> list[str]:
    return [str(choices(value).label) for value in values]


def _table(
    key: str,
    title: str,
    wijken: list[tuple[int | None, str]],
    columns: list[str],
    grid: Grid,
    hidden: set[Cell],
    request: Request,
) -> PublishedTable:
    return PublishedTable(
        key=f"{KEY}-{key}",
        title=title,
        row_header=_("Wijk"),
        row_labels=[name for _pk, name in wijken],
        column_labels=columns,
        grid=grid,
        hidden=frozenset(hidden),
        threshold=request.threshold,
        shown_rows=request.scope.wijk_rows(wijken),
    )


def _grid(wijken: list[tuple[int | None, str]], values: Sequence[str], count: Counter[tuple[int | None, str]]) -> Grid:
    return Grid.of([[count[(pk, value)] for value in values] for pk, _name in wijken] or [[0] * len(values)])


def tables(request: Request) -> list[PublishedTable]:
    period, threshold = request.period, request.threshold
    facts = (
        MonitorFact.objects.filter(
            indicator__in=(QUESTION_FACT, CONTACT_FACT, MELDING_FACT), month__gte=period.start, month__lt=period.end
        )
        .values("indicator", "wijk_id", "category", "detail")
        .annotate(n=Sum("value"))
        .order_by()
    )
    per_topic: Counter[tuple[int | None, str]] = Counter()
    per_answer: Counter[tuple[int | None, str]] = Counter()
    per_setting: Counter[tuple[int | None, str]] = Counter()
    per_reach: Counter[tuple[int | None, str]] = Counter()
    meldingen: Counter[tuple[int | None, str]] = Counter()
    unknown_wijk = False
    for fact in facts:
        wijk_id, n = fact["wijk_id"], fact["n"]
        unknown_wijk = unknown_wijk or wijk_id is None
        if fact["indicator"] == QUESTION_FACT:
            per_topic[(wijk_id, fact["category"])] += n
            per_answer[(wijk_id, fact["detail"])] += n
        elif fact["indicator"] == CONTACT_FACT:
            per_setting[(wijk_id, fact["category"])] += n
            per_reach[(wijk_id, fact["detail"])] += n
        else:
            meldingen[(wijk_id, fact["category"])] += n
    wijken: list[tuple[int | None, str]] = list(Wijk.objects.order_by("name").values_list("pk", "name"))
    if unknown_wijk:
        wijken.append((None, _("Wijk onbekend")))

    question_grids = [_grid(wijken, TOPICS, per_topic), _grid(wijken, ANSWERS, per_answer)]
    contact_grids = [_grid(wijken, SETTINGS, per_setting), _grid(wijken, (REACHED, NOT_REACHED), per_reach)]
    question_hidden = suppress_linked(question_grids, threshold, _totals_column(question_grids))
    contact_hidden = suppress_linked(contact_grids, threshold, _totals_column(contact_grids))
    melding_grid = _grid(wijken, SETTINGS, meldingen)
    return [
        _table(
            "vragen-onderwerp",
            _("Informatiepunt: vragen per wijk en onderwerp"),
            wijken,
            _labels(Topic, TOPICS),
            question_grids[0],
            question_hidden[0],
            request,
        ),
        _table(
            "vragen-antwoord",
            _("Informatiepunt: hoe de vragen beantwoord werden, per wijk"),
            wijken,
            _labels(Answer, ANSWERS),
            question_grids[1],
            question_hidden[1],
            request,
        ),
        _table(
            "eropaf-plek",
            _("Erop af: contacten per wijk en plek"),
            wijken,
            _labels(Setting, SETTINGS),
            contact_grids[0],
            contact_hidden[0],
            request,
        ),
        _table(
            "eropaf-bereikt",
            _("Erop af: inwoner bereikt, per wijk"),
            wijken,
            [_("Bereikt"), _("Niet bereikt")],
            contact_grids[1],
            contact_hidden[1],
            request,
        ),
        _table(
            "eropaf-melding",
            _("Erop af: contacten die een melding werden, per wijk en plek"),
            wijken,
            _labels(Setting, SETTINGS),
            melding_grid,
            suppress(melding_grid, threshold),
            request,
        ),
    ]


def _totals_column(grids: Sequence[Grid]) -> list[list[Cell]]:
    """The cells two tables of the same records share: each row's total (the last row is the grand total)."""
    return [[(i, grid.shape[1] - 1) for i in range(grid.shape[0])] for grid in grids]


INDICATOR = Indicator(number=14, key=KEY, title=TITLE, explanation=EXPLANATION, tables=tables)
