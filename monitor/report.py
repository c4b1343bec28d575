"""The council report "Monitor Sociaal Domein": every indicator of the monitor for one year or quarter, for the
council and the public, as a web page and a tagged PDF (ADR 0005), published and then frozen by a policy advisor.

The report shows exactly what the monitor shows a policy advisor for the whole municipality: the same tables,
suppressed the same way (each indicator's `tables` with an unfiltered scope), so the report never reveals a cell
that the monitor hides, and no figure names or links a person. Beside each indicator it says in plain Dutch what
the figure means and what it does not mean.

Publishing renders the page body and the PDF once and keeps both (`PublishedReport`): a nightly rebuild or a
correction in a dossier never changes what the council read. Publishing the same period again adds a version.
"""

import base64
import hashlib
import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from weasyprint import HTML

from accounts.models import User
from audit.models import AccessAction, AccessBasis
from audit.services import log_access
from core.translations import in_record_language
from decisions.letter import PDF_OPTIONS, DataOnlyFetcher
from monitor.indicators import Indicator, Request, Scope, registered
from monitor.models import PublishedReport, Rebuild
from monitor.periods import Period
from monitor.tables import PublishedTable
from monitor.views import _chart

BODY_TEMPLATE = "monitor/report_body.html"
PDF_TEMPLATE = "monitor/report_pdf.html"

#: A report covers a year ("2026") or a quarter ("2026-K3"); months are too small for the council and too noisy.
#: ASCII digits and the whole key only: `\d` and `$` would also let "２０２６" or "2026\n" through.
_REPORT_PERIOD = re.compile(r"[0-9]{4}(?:-K[1-4])?", re.ASCII)

#: Per indicator (its key): what the figure says, and what it does not say. B1 Dutch, for the council and the public.
READING: dict[str, tuple[Promise, Promise]] = {
    "instroom": (
        gettext_lazy(
            "Hoeveel keer iemand zich meldde bij een wijkteam, en via wie: de inwoner zelf, de huisarts, de school "
            "of een andere route. Zo ziet u waar de vraag vandaan komt."
        ),
        gettext_lazy(
            "Het zegt niet hoeveel hulp nodig was. Eén huishouden kan meer meldingen hebben. Minder meldingen "
            "betekent niet altijd minder problemen: soms weten mensen de weg niet."
        ),
    ),
    "bereik": (
        gettext_lazy(
            "Hoeveel inwoners in deze periode in een huishouden woonden dat hulp kreeg van het wijkteam, naar leeftijd "
            "en soort huishouden, en hoeveel dat is per 1.000 inwoners van die groep."
        ),
        gettext_lazy(
            "Een hoog of laag bereik is niet vanzelf goed of slecht. Het zegt niet of de hulp werkte. Leeftijd, wijk "
            "en huishouden zijn die van nu, niet die van toen."
        ),
    ),
    "termijnen": (
        gettext_lazy(
            "Of de gemeente op tijd was met wat de wet of de eigen afspraak vraagt, zoals een onderzoek of een "
            "besluit, en hoeveel weken het duurde van de melding tot de volgende stap."
        ),
        gettext_lazy(
            "Het zegt niet waarom iets te laat was. Soms vraagt de inwoner zelf om meer tijd. De eerste stap, het "
            "eerste contact, staat er nog niet in."
        ),
    ),
    "wachtlijst": (
        gettext_lazy(
            "Hoeveel dossiers wachten op een eerste beoordeling of een regisseur, en hoe lang al. Dit is de stand op "
            "de dag dat het rapport werd gemaakt."
        ),
        gettext_lazy(
            "Het gaat niet over de gekozen periode. Wie wacht, krijgt soms al hulp van iemand anders, bijvoorbeeld "
            "bij spoed."
        ),
    ),
    "ladder": (
        gettext_lazy(
            "Bij afgesloten dossiers: de zwaarste hulp die het huishouden kreeg. Van eigen kracht en netwerk tot "
            "hulp op maat en overdracht aan specialistische zorg. Zo ziet u hoeveel het team zelf oploste."
        ),
        gettext_lazy(
            "Hulp op maat is niet slechter dan zelf oplossen: soms is het precies wat nodig is. Het zegt niet of "
            "het huishouden nu beter af is."
        ),
    ),
    "stapeling": (
        gettext_lazy(
            "Hoeveel huishoudens hulp kregen uit één, twee of drie of meer wetten tegelijk in deze periode. Veel "
            "stapeling kan betekenen dat hulp beter op elkaar moet aansluiten."
        ),
        gettext_lazy(
            "Het cijfer is te laag als het team niet alle hulp uit andere wetten kent. Het zegt niet hoeveel de hulp "
            "kost."
        ),
    ),
    "zrm": (
        gettext_lazy(
            "Of de zelfredzaamheid van inwoners vooruitging, gelijk bleef of achteruitging, tussen de eerste en de "
            "laatste meting met de Zelfredzaamheid-Matrix."
        ),
        gettext_lazy(
            "Het is geen rapportcijfer voor een team of een aanbieder. Huishoudens met zware problemen gaan soms "
            "minder vooruit. Gelijk blijven kan betekenen dat erger is voorkomen."
        ),
    ),
    "caseload": (
        gettext_lazy(
            "Hoeveel dossiers nu openstaan en hoe lang al, en hoeveel dossiers een regisseur gemiddeld heeft. Dit is "
            "de stand op de dag dat het rapport werd gemaakt."
        ),
        gettext_lazy(
            "Het zegt niet hoe zwaar een dossier is. Een dossier kan lang openstaan omdat de hulp lang nodig is, "
            "niet omdat er niets gebeurt."
        ),
    ),
    "bezwaar": (
        gettext_lazy(
            "Hoe vaak inwoners bezwaar maakten tegen een besluit, tegenover het aantal besluiten, en hoe vaak de "
            "gemeente het besluit moest herzien (gegrond)."
        ),
        gettext_lazy(
            "Weinig bezwaren betekent niet dat iedereen tevreden is. Een bezwaar kan gaan over een besluit uit een "
            "eerdere periode."
        ),
    ),
    "geld": (
        gettext_lazy(
            "Wat de hulp op maat kost, per wet, per wijk en per team, en hoeveel daarvan past in het budget dat de "
            "gemeente voor een wijk heeft afgesproken."
        ),
        gettext_lazy(
            "Het zegt niet of het geld goed besteed is. Hoge kosten in een wijk kunnen komen door een paar "
            "huishoudens met veel zorg. Wat andere wetten kosten, zoals de Wlz, staat er niet in."
        ),
    ),
    "prognose": (
        gettext_lazy(
            "Hoe lang de wachtlijst van elk team waarschijnlijk wordt als alles blijft zoals in het afgelopen jaar. "
            "Dit is een berekening voor de toekomst, gemaakt op de dag van het rapport."
        ),
        gettext_lazy(
            "Het is geen belofte en geen telling. Als er meer meldingen komen of er mensen vertrekken, wordt de "
            "wachtlijst anders. De marge laat zien hoe onzeker de berekening is."
        ),
    ),
    "ervaringen": (
        gettext_lazy(
            "Wat inwoners die hulp kregen zelf vinden van de toegang, de kwaliteit en wat de hulp hun oplevert. Zij "
            "vulden na een gesprek of een besluit een korte vragenlijst in, zonder hun naam."
        ),
        gettext_lazy(
            "Het zegt iets over de inwoners die de vragenlijst invulden, niet over iedereen. Wie niet tevreden is, "
            "vult hem soms vaker in, of juist minder vaak. Het zegt niets over één medewerker."
        ),
    ),
}
#: For an indicator that has no text of its own above yet.
READING_DEFAULT = (
    gettext_lazy("Lees bij dit cijfer de uitleg hierboven."),
    gettext_lazy("Het zegt iets over groepen inwoners, nooit over één inwoner of één medewerker."),
)


class StalePublication(Exception):
    """Someone else published this period since the advisor opened the concept; nothing was changed."""


@dataclass(frozen=True)
class ReportTable:
    """A published table with its bar chart (inline SVG for the page, an image with alt text for the PDF)."""

    table: PublishedTable
    svg: str
    alt: str

    @property
    def image_src(self) -> str:
        return "data:image/svg+xml;base64," + base64.b64encode(self.svg.encode()).decode()


@dataclass(frozen=True)
class ReportSection:
    number: int
    key: str
    title: str
    explanation: str
    means: str
    does_not_mean: str
    tables: list[ReportTable]


def report_period(key: str, today: date) -> Period | None:
    """The period of a report, or None for anything that is not a whole year or quarter that has begun."""
    if not isinstance(key, str) or not _REPORT_PERIOD.fullmatch(key):
        return None
    period = Period.parse(key)
    if period is None or period.start > today:
        return None
    return period


def report_periods(today: date, years: int = 5) -> list[Period]:
    """The periods an advisor can open, newest first: each year and its quarters that have begun."""
    found = []
    for year in range(today.year, today.year - years, -1):
        for key in [str(year), *(f"{year}-K{quarter}" for quarter in range(4, 0, -1))]:
            period = report_period(key, today)
            if period is not None:
                found.append(period)
    return found


def _alt(table: PublishedTable) -> str:
    values = table.chart_values()
    parts = ", ".join(f"{value['rij']}: {value['aantal']}" for value in values)
    return _(
        "Gestapeld staafdiagram van de tabel %(title)s, per rij in delen per kolom; de totalen per rij: %(parts)s."
    ) % {
        "title": table.title,
        "parts": parts,
    }


def _section(indicator: Indicator, request: Request) -> ReportSection:
    means, does_not_mean = READING.get(indicator.key, READING_DEFAULT)
    tables = []
    for table in indicator.tables(request):
        svg = _chart(table)
        tables.append(ReportTable(table=table, svg=svg, alt=_alt(table) if svg else ""))
    return ReportSection(
        number=indicator.number,
        key=indicator.key,
        title=str(indicator.title),
        explanation=str(indicator.explanation),
        means=str(means),
        does_not_mean=str(does_not_mean),
        tables=tables,
    )


def report_context(period: Period, now: datetime) -> dict[str, Any]:
    """Everything the report says: the whole municipality, every registered indicator, in Dutch."""
    threshold = settings.MONITOR_SMALL_CELL_THRESHOLD
    asked = Request(period=period, now=now, threshold=threshold, scope=Scope(wijk_ids=None, team_ids=None))
    with in_record_language():
        sections = [_section(indicator, asked) for indicator in registered()]
    rebuild = Rebuild.objects.order_by("-finished_at").first()
    return {
        "period": period,
        "period_label": period.label,
        "ongoing": period.end > timezone.localdate(now),
        "made_on": timezone.localdate(now),
        "figures_of": rebuild.finished_at if rebuild else None,
        "sections": sections,
        "threshold": threshold,
    }


def render_body(context: dict[str, Any]) -> str:
    """The report's content as the web page shows it (and keeps it once published): always in Dutch."""
    with in_record_language():
        return render_to_string(BODY_TEMPLATE, {**context, "for_pdf": False})


def render_pdf(context: dict[str, Any]) -> bytes:
    """The report as a tagged PDF (PDF/UA-1, lang nl, a title) that loads nothing from elsewhere."""
    with in_record_language():
        html = render_to_string(PDF_TEMPLATE, {**context, "for_pdf": True})
    pdf: bytes = HTML(string=html, url_fetcher=DataOnlyFetcher()).write_pdf(**PDF_OPTIONS)
    return pdf


def current_report(period_key: str) -> PublishedReport | None:
    return PublishedReport.objects.filter(period_key=period_key, replaced_at__isnull=True).first()


def publish(request: HttpRequest, period: Period, user: User, replaces: int | None) -> PublishedReport:
    """Freeze the report of `period` as it is now, as the next version; the current one (if any) is replaced.

    `replaces`: the version the advisor saw as current when opening the concept (None: none). If another version
    has become current since (a second click, a colleague), nothing changes and StalePublication is raised; the
    partial unique index catches the case where two publications pass that check at the same moment.
    Rendering happens before the transaction, so the lock is held only for the few rows written.
    """
    now = timezone.now()
    version = (replaces or 0) + 1
    context = {**report_context(period, now), "published_at": now, "version": version}
    html = render_body(context)
    pdf = render_pdf(context)
    try:
        with transaction.atomic():
            current = (
                PublishedReport.objects.select_for_update()
                .filter(period_key=period.key, replaced_at__isnull=True)
                .first()
            )
            if (current.version if current else None) != replaces:
                raise StalePublication
            if current is not None:
                current.replaced_at = now
                current.save(update_fields=["replaced_at"])
            latest = PublishedReport.objects.filter(period_key=period.key).aggregate(latest=Max("version"))["latest"]
            if (latest or 0) + 1 != version:
                raise StalePublication
            report = PublishedReport.objects.create(
                period_key=period.key,
                version=version,
                published_at=now,
                published_by=user,
                figures_of=context["figures_of"],
                html=html,
                pdf=pdf,
                sha256=hashlib.sha256(pdf).hexdigest(),
            )
            log_access(
                request,
                action=AccessAction.CREATE,
                basis=AccessBasis.GEAGGREGEERD,
                object_type="raadsrapport",
                object_id=report.pk,
                detail=f"gepubliceerd periode={period.key} versie={report.version}",
            )
    except IntegrityError as error:
        raise StalePublication from error
    return report
