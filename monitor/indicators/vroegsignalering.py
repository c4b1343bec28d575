"""Indicator 13, vroegsignalering: the payment-arrears signals partners reported per wijk and kind of partner, how
many of the households were reached and accepted the offer of help, and the median days to the first contact.

The rebuild counts vroegsignalering.models into MonitorFact rows:
- "vroegsignaal": month received, wijk of the casus (none: not matched), category the partner kind;
- "vroegsignaal_casus": month the casus opened, its wijk, category how far it got: "geaccepteerd", "bereikt" (reached,
  not or not yet accepted) or "niet_bereikt" (not or not yet reached) — one bucket each, so the buckets add up;
- "vroegsignaal_contact": month of the first contact, wijk, detail the whole days from the casus's first signal
  (for the median).
To each it adds the counts the Wgs retention stored of the signals and casussen it removed
(vroegsignalering.models.RemovedSignalFact, made by the functions below), so a month older than the term keeps its
figures.
No person, no household, no amount and no partner's name is in the facts.

Two tables per period, each suppressed on its own (signals and households are different units); the median only over
a group of at least the threshold.
"""

from collections import Counter, defaultdict
from collections.abc import Iterable
from datetime import date
from statistics import median

from django.db.models import Exists, OuterRef, QuerySet, Sum
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
from partners.models import PartnerKind
from vroegsignalering.models import (
    CasusOutcome,
    CasusStage,
    ContactPoging,
    ContactResult,
    RemovedFactKind,
    RemovedSignalFact,
    SignaalCasus,
    Vroegsignaal,
)

KEY = "vroegsignalering"
SIGNAL_FACT: str = RemovedFactKind.SIGNAL.value
CASUS_FACT: str = RemovedFactKind.CASUS.value
CONTACT_FACT: str = RemovedFactKind.CONTACT.value
PARTNER_KINDS = (PartnerKind.WONINGVERHUURDER, PartnerKind.ENERGIE, PartnerKind.WATER, PartnerKind.ZORGVERZEKERAAR)
ACCEPTED: str = CasusStage.GEACCEPTEERD.value
REACHED: str = CasusStage.BEREIKT.value
NOT_REACHED: str = CasusStage.NIET_BEREIKT.value
STAGES = (ACCEPTED, REACHED, NOT_REACHED)
TITLE = gettext_lazy("Vroegsignalering")
EXPLANATION = gettext_lazy(
    "Betalingsachterstanden die verhuurders, energie- en waterbedrijven en zorgverzekeraars meldden (Wet gemeentelijke "
    "schuldhulpverlening art. 3), en wat het team ermee deed. Signalen per wijk en soort partner, in de maand van "
    "ontvangst; een signaal dat (nog) niet aan een inwoner is gekoppeld staat onder 'Wijk onbekend'. Huishoudens per "
    "wijk in de maand van het eerste signaal: het aanbod geaccepteerd, bereikt maar (nog) niet geaccepteerd, of (nog) "
    "niet bereikt. De mediaan is het middelste aantal dagen van het eerste signaal tot het eerste contact, in de maand "
    "van dat contact. Geen mediaan als het aantal kleiner dan 5 is."
)


def partner_labels() -> list[str]:
    return [str(PartnerKind(kind).label) for kind in PARTNER_KINDS]


def stage_labels() -> list[str]:
    return [_("Aanbod geaccepteerd"), _("Bereikt, (nog) niet geaccepteerd"), _("(Nog) niet bereikt")]


# --- Rebuild ---------------------------------------------------------------------------------------------------


def _month(day: date) -> date:
    return day.replace(day=1)


#: One count of the indicator: kind of fact, month, wijk, category, detail.
FactKey = tuple[str, date, int | None, str, str]


def count_signals(signals: "QuerySet[Vroegsignaal]", today: date) -> Counter[FactKey]:
    """The "vroegsignaal" counts of these signals. Also what `vroegsignalering.retention` stores of the signals it
    removes, so the stored counts are the ones this indicator would have made."""
    counts: Counter[FactKey] = Counter()
    rows = signals.values_list("received_at", "casus__wijk_id", "partner__kind").order_by()
    for received_at, wijk_id, kind in rows.iterator(chunk_size=5000):
        received = timezone.localtime(received_at).date()
        if received <= today:
            counts[(SIGNAL_FACT, _month(received), wijk_id, kind, "")] += 1
    return counts


def count_casussen(casussen: "QuerySet[SignaalCasus]", today: date) -> Counter[FactKey]:
    """The "vroegsignaal_casus" and "vroegsignaal_contact" counts of these casussen (see `count_signals`)."""
    counts: Counter[FactKey] = Counter()
    rows = (
        casussen.annotate(
            reached=Exists(ContactPoging.objects.filter(casus=OuterRef("pk"), result=ContactResult.BEREIKT))
        )
        .values_list("opened_at", "wijk_id", "outcome", "reached", "contacted_on")
        .order_by()
    )
    for opened_at, wijk_id, outcome, reached, contacted_on in rows.iterator(chunk_size=5000):
        opened = timezone.localtime(opened_at).date()
        if opened > today:
            continue
        if outcome == CasusOutcome.GEACCEPTEERD:
            stage = ACCEPTED
        elif reached or contacted_on is not None:
            stage = REACHED
        else:
            stage = NOT_REACHED
        counts[(CASUS_FACT, _month(opened), wijk_id, stage, "")] += 1
        if contacted_on is not None and contacted_on <= today:
            days = max((contacted_on - opened).days, 0)
            counts[(CONTACT_FACT, _month(contacted_on), wijk_id, "", _days_detail(days))] += 1
    return counts


def _days_detail(days: int) -> str:
    return f"{days:05d}"


def count_removed(today: date) -> Counter[FactKey]:
    """The counts stored when the Wgs term removed signals and casussen, so an old month keeps its history."""
    counts: Counter[FactKey] = Counter()
    rows = RemovedSignalFact.objects.filter(month__lte=today).values_list(
        "fact", "month", "wijk_id", "category", "days", "count"
    )
    for fact, month, wijk_id, category, days, n in rows.order_by().iterator(chunk_size=5000):
        counts[(fact, month, wijk_id, category, "" if days is None else _days_detail(days))] += n
    return counts


def build(today: date) -> Iterable[MonitorFact]:
    counts = count_signals(Vroegsignaal.objects.all(), today)
    counts.update(count_casussen(SignaalCasus.objects.all(), today))
    counts.update(count_removed(today))
    return [
        MonitorFact(indicator=indicator, month=month, wijk_id=wijk_id, category=category, detail=detail, value=n)
        for (indicator, month, wijk_id, category, detail), n in counts.items()
    ]


# --- Tables ----------------------------------------------------------------------------------------------------


def _median_text(days: list[int], threshold: int) -> str:
    if len(days) < threshold or not days:
        return "–"
    return number_format(median(days), 0 if len(days) % 2 else 1)


def tables(request: Request) -> list[PublishedTable]:
    period, threshold, scope = request.period, request.threshold, request.scope
    facts = (
        MonitorFact.objects.filter(
            indicator__in=(SIGNAL_FACT, CASUS_FACT, CONTACT_FACT), month__gte=period.start, month__lt=period.end
        )
        .values("indicator", "wijk_id", "category", "detail")
        .annotate(n=Sum("value"))
        .order_by()
    )
    counts: Counter[tuple[str, int | None, str]] = Counter()
    durations: dict[int | None, list[int]] = defaultdict(list)
    for fact in facts:
        if fact["indicator"] == CONTACT_FACT:
            durations[fact["wijk_id"]].extend([int(fact["detail"])] * fact["n"])
        else:
            counts[(fact["indicator"], fact["wijk_id"], fact["category"])] += fact["n"]
    wijken: list[tuple[int | None, str]] = list(Wijk.objects.order_by("name").values_list("pk", "name"))
    if any(wijk_id is None for _indicator, wijk_id, _category in counts) or None in durations:
        wijken.append((None, _("Wijk onbekend")))

    signal_grid = Grid.of(
        [[counts[(SIGNAL_FACT, pk, kind)] for kind in PARTNER_KINDS] for pk, _name in wijken] or [[0] * 4]
    )
    casus_grid = Grid.of([[counts[(CASUS_FACT, pk, stage)] for stage in STAGES] for pk, _name in wijken] or [[0] * 3])
    everyone = [day for days in durations.values() for day in days]
    per_row = [durations.get(pk, []) for pk, _name in wijken] if wijken else [[]]
    return [
        PublishedTable(
            key=f"{KEY}-signalen",
            title=_("Signalen van betalingsachterstanden, per wijk en soort partner"),
            row_header=_("Wijk"),
            row_labels=[name for _pk, name in wijken],
            column_labels=partner_labels(),
            grid=signal_grid,
            hidden=frozenset(suppress(signal_grid, threshold)),
            threshold=threshold,
            shown_rows=scope.wijk_rows(wijken),
        ),
        PublishedTable(
            key=f"{KEY}-huishoudens",
            title=_("Huishoudens met een vroegsignaal: bereikt en aanbod geaccepteerd, per wijk"),
            row_header=_("Wijk"),
            row_labels=[name for _pk, name in wijken],
            column_labels=stage_labels(),
            grid=casus_grid,
            hidden=frozenset(suppress(casus_grid, threshold)),
            threshold=threshold,
            shown_rows=scope.wijk_rows(wijken),
            figure_headers=[_("Mediane dagen tot eerste contact")],
            figures=[[_median_text(days, threshold)] for days in [*per_row, everyone]],
        ),
    ]


INDICATOR = Indicator(number=13, key=KEY, title=TITLE, explanation=EXPLANATION, tables=tables)
