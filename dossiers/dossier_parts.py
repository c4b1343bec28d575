"""The dossier app's own parts of the dossier page: status and terms, household, meldingen, who is involved,
the special categories and the timeline. Registered from ``DossiersConfig.ready`` like every other app's."""

from typing import Any

from django.utils import dateformat, timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from dossiers import parts, selectors
from dossiers.forms import NetwerkrelatieForm, RequalifyForm, StatusForm, TermMetForm
from dossiers.models import Dossier, TimelineEvent
from dossiers.parts import DossierPart, PartView
from dossiers.regimes import MET_BY_EVENT, MET_BY_HAND
from dossiers.sections import Section
from dossiers.transitions import Status, allowed_next

#: Timeline events on the dossier page; the rest comes page by page (htmx).
TIMELINE_PAGE_SIZE = 50


#: The route forward: a step later in this list is progress, an earlier one a step back.
ROUTE = [
    Status.AANGEMELD,
    Status.HEROPEND,
    Status.IN_TRIAGE,
    Status.IN_ONDERZOEK,
    Status.PLAN,
    Status.UITVOERING,
    Status.EVALUATIE,
    Status.AFGESLOTEN,
]


def _status(view: PartView) -> dict[str, Any]:
    """The next steps as buttons: forward is the primary action, back is secondary, closing has its own page."""
    current = Status(view.dossier.status)
    allowed = allowed_next(current)
    steps = [
        {"status": status, "forward": ROUTE.index(status) > ROUTE.index(current)}
        for status in ROUTE
        if status in allowed and status != Status.AFGESLOTEN
    ]
    return {
        "next_steps": steps,
        "may_close": Status.AFGESLOTEN in allowed,
        "status_form": StatusForm(auto_id="status_%s"),
    }


def open_terms(dossier: Dossier) -> list[str]:
    """Legal terms still running: closing the dossier does not end the municipality's duty to meet them."""
    running = [deadline for deadline in selectors.deadlines_of(dossier) if deadline.is_open and not deadline.is_norm]
    return [
        _("De termijn '%(label)s' loopt nog (uiterste datum %(due)s).")
        % {"label": deadline.label, "due": date_format(deadline.due)}
        for deadline in running
    ]


def _may_requalify(view: PartView) -> bool:
    return view.may_write and Section.MELDINGEN in view.access.sections and not view.pseudonymised


def _deadlines(view: PartView) -> dict[str, Any]:
    """The terms with their state today; the Wgs terms met by hand get their form, the others their event."""
    may_mark = _may_requalify(view)
    rows: list[dict[str, Any]] = []
    for deadline in selectors.deadlines_of(view.dossier):
        row: dict[str, Any] = {
            "deadline": deadline,
            "state": selectors.stored_deadline_state(deadline, view.today, view.calendar),
            "met_by_event": MET_BY_EVENT.get(deadline.term_code),
        }
        if may_mark and deadline.is_open and deadline.term_code in MET_BY_HAND:
            row["met_form"] = TermMetForm(term_code=deadline.term_code, auto_id=f"gehaald{deadline.pk}_%s")
        rows.append(row)
    return {"deadlines": rows}


def _household(view: PartView) -> dict[str, Any]:
    network = selectors.network_of(view.dossier)
    parts.pseudonymise(network, view.pseudonyms, "for_inwoner_id")
    context: dict[str, Any] = {"network": network}
    if view.may_write:
        context["netwerk_form"] = NetwerkrelatieForm(members=view.persons, auto_id="netwerk_%s")
    return context


def _meldingen(view: PartView) -> dict[str, Any]:
    meldingen = selectors.meldingen_of(view.dossier)
    parts.pseudonymise(meldingen, view.pseudonyms, "inwoner_id")
    if _may_requalify(view):
        for melding in meldingen:
            form = RequalifyForm(
                initial={"regime": melding.regime, "wgs_threat": melding.wgs_threat}, auto_id=f"kader{melding.pk}_%s"
            )
            setattr(melding, "requalify_form", form)  # noqa: B010 - shown next to its own row
    return {"meldingen": meldingen}


def _involvements(view: PartView) -> dict[str, Any]:
    return {"involvements": selectors.involvements_of(view.dossier)}


def timeline_rows(events: "list[TimelineEvent]") -> list[TimelineEvent]:
    """The events with their texts made here once per page, not per row in the template.

    A page shows 50 events: a `get_kind_display` (which rebuilds the translated choices on every call) and
    two date filters per event cost more than reading the events did. The texts are the same.
    """
    labels = {value: str(label) for value, label in TimelineEvent.Kind.choices}
    for event in events:
        at = timezone.localtime(event.at)
        event.kind_label = labels.get(event.kind, event.kind)  # type: ignore[attr-defined]
        event.at_iso = dateformat.format(at, "c")  # type: ignore[attr-defined]
        event.at_text = date_format(at, "DATETIME_FORMAT")  # type: ignore[attr-defined]
    return events


def _timeline(view: PartView) -> dict[str, Any]:
    if view.pseudonymised:
        return {}
    events = list(selectors.timeline_of(view.dossier)[: TIMELINE_PAGE_SIZE + 1])
    return {
        "timeline": timeline_rows(events[:TIMELINE_PAGE_SIZE]),
        "timeline_next_page": 2 if len(events) > TIMELINE_PAGE_SIZE else None,
    }


def register() -> None:
    parts.register_close_check("dossiers", open_terms)
    parts.register(
        DossierPart(
            "status", parts.OVERZICHT, 10, None, "dossiers/parts/status.html", context=_status, writers_only=True
        )
    )
    parts.register(
        DossierPart(
            "termijnen", parts.OVERZICHT, 20, Section.MELDINGEN, "dossiers/parts/termijnen.html", context=_deadlines
        )
    )
    parts.register(
        DossierPart(
            "huishouden",
            parts.HUISHOUDEN,
            10,
            Section.HUISHOUDEN,
            "dossiers/parts/huishouden.html",
            context=_household,
            notes=True,
        )
    )
    parts.register(
        DossierPart(
            "meldingen",
            parts.MELDINGEN,
            10,
            Section.MELDINGEN,
            "dossiers/parts/meldingen.html",
            context=_meldingen,
            notes=True,
        )
    )
    parts.register(
        DossierPart(
            "betrokkenen", parts.BETROKKENEN, 10, None, "dossiers/parts/betrokkenen.html", context=_involvements
        )
    )
    for order, section in enumerate((Section.GEZONDHEID, Section.JUSTITIE, Section.VEILIGHEID)):
        parts.register(
            DossierPart(section.value, parts.BIJZONDER, order, section, "dossiers/parts/bijzonder.html", notes=True)
        )
    parts.register(
        DossierPart(
            "tijdlijn",
            parts.TIJDLIJN,
            10,
            Section.TIJDLIJN,
            "dossiers/parts/tijdlijn.html",
            context=_timeline,
            notes=True,
        )
    )
