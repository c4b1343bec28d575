"""The dossier page's tabs, and what each app shows in them.

The dossier page is a summary header with tabs (overzicht, huishouden en netwerk, meldingen, onderzoek,
plan, besluiten en voorzieningen, betrokkenen en privacy, tijdlijn). One request renders one tab: the
page stays short for the reader and cheap for the server, and the access log records which part was
read. The dossier app owns the page's shape (the standard tabs below) but not what the apps built on
top of it show: each app registers a `DossierPart` from its ``AppConfig.ready`` — a template, the
section of the dossier its data belongs to, and a function that reads that data. The dossier app never
imports them, so a new app adds a part without touching the dossier's views.

A part is shown when the user may see its section (`section=None`: anyone who may open the dossier;
`full_access_only`: involved professionals only, not a consultation or a team member in triage). A tab
is offered when at least one of its parts is shown.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from dossiers.sections import Section

if TYPE_CHECKING:
    from accounts.models import User
    from deadlines.atw import AtwCalendar
    from dossiers.models import Dossier
    from dossiers.selectors import DossierAccess
    from residents.models import HuishoudenLid, Inwoner


@dataclass(frozen=True)
class Tab:
    #: In the URL: /dossiers/<pk>/onderdeel/<key>/ (the overview is the dossier's own URL).
    key: str
    title: str | Promise
    order: int


@dataclass
class PartView:
    """What a part's context function gets: the dossier and what this request may see of it."""

    dossier: Dossier
    access: DossierAccess
    today: date
    calendar: AtwCalendar
    #: The household's members, main member first, with the age and pseudonym the page shows.
    members: list[Member]
    #: Pseudonym per person id, for parts that show rows about a member.
    pseudonyms: dict[int, str]
    #: Who reads the page (a part that records reading, e.g. messages marked read, needs to know).
    user: User | None = None

    @property
    def may_write(self) -> bool:
        return self.access.may_write

    @property
    def pseudonymised(self) -> bool:
        return self.access.pseudonymised

    @property
    def persons(self) -> list[Inwoner]:
        return [member.lid.inwoner for member in self.members]


@dataclass
class Member:
    lid: HuishoudenLid
    age: int | None
    pseudonym: str


#: A part's data for its template; the dossier page adds the common keys (dossier, access, ...).
PartContext = Callable[[PartView], dict[str, Any]]


@dataclass(frozen=True)
class DossierPart:
    key: str
    tab: Tab
    #: Place within the tab.
    order: int
    #: The section of the dossier this part's data belongs to; None: part of the dossier as such.
    section: Section | None
    #: Rendered for those who may change the dossier.
    template: str
    #: Rendered for a consultation (read only, maybe pseudonymised); None: the same template.
    readonly_template: str | None = None
    context: PartContext | None = None
    #: Only for full access (involved professionals), never for a consultation or a team member in triage.
    full_access_only: bool = False
    #: Show the section's notes (and the form to add one) under the part.
    notes: bool = False
    #: Only for those who may change the dossier (not a consultation): forms and working lists.
    writers_only: bool = False

    def shown_to(self, access: DossierAccess) -> bool:
        if self.full_access_only and not access.is_full:
            return False
        if self.writers_only and not access.may_write:
            return False
        return self.section is None or self.section in access.sections

    def template_for(self, access: DossierAccess) -> str:
        if access.may_write or self.readonly_template is None:
            return self.template
        return self.readonly_template


# --- The page's shape: the standard tabs -----------------------------------------------------------

OVERZICHT = Tab("overzicht", _("Overzicht"), 0)
HUISHOUDEN = Tab("huishouden", _("Huishouden en netwerk"), 10)
MELDINGEN = Tab("meldingen", _("Meldingen"), 20)
ONDERZOEK = Tab("onderzoek", _("Onderzoek en ZRM"), 30)
PLAN = Tab("plan", _("Plan"), 40)
BESLUITEN = Tab("besluiten", _("Besluiten en voorzieningen"), 50)
BETROKKENEN = Tab("betrokkenen", _("Betrokkenen en privacy"), 60)
BIJZONDER = Tab("bijzonder", _("Bijzondere gegevens"), 70)
TIJDLIJN = Tab("tijdlijn", _("Tijdlijn"), 80)


class DuplicatePart(ValueError):
    pass


_PARTS: dict[str, DossierPart] = {}


def register(part: DossierPart) -> None:
    """Add a part to the dossier page; called from an app's ``AppConfig.ready``."""
    existing = _PARTS.get(part.key)
    if existing is not None and existing != part:
        raise DuplicatePart(f"Two dossier parts are called '{part.key}'")
    _PARTS[part.key] = part


def registered() -> list[DossierPart]:
    return sorted(_PARTS.values(), key=lambda part: (part.tab.order, part.order, part.key))


def tabs() -> list[Tab]:
    """Every tab that has a part, in page order."""
    seen: dict[str, Tab] = {}
    for part in registered():
        seen.setdefault(part.tab.key, part.tab)
    return list(seen.values())


def tab(key: str) -> Tab | None:
    return next((candidate for candidate in tabs() if candidate.key == key), None)


def parts_of(tab: Tab, access: DossierAccess) -> list[DossierPart]:
    return [part for part in registered() if part.tab.key == tab.key and part.shown_to(access)]


def tabs_for(access: DossierAccess) -> list[Tab]:
    """The tabs this access may open: those with at least one part it may see (the overview always)."""
    shown = {part.tab.key for part in registered() if part.shown_to(access)}
    return [candidate for candidate in tabs() if candidate.key in shown or candidate.key == OVERZICHT.key]


def tab_url(dossier_id: int, tab: Tab | str | None = None) -> str:
    """The dossier page on one tab; views redirect here after a change made in that tab."""
    key = tab.key if isinstance(tab, Tab) else tab
    if not key or key == OVERZICHT.key:
        return reverse("dossiers:detail", kwargs={"pk": dossier_id})
    return reverse("dossiers:onderdeel", kwargs={"pk": dossier_id, "tab": key})


def pseudonymise(rows: Iterable[object], pseudonyms: dict[int, str], attribute: str) -> None:
    """Give each row the pseudonym of the household member it is about, for the pseudonymised templates."""
    for row in rows:
        row.pseudonym = pseudonyms.get(getattr(row, attribute, None) or 0, "")  # type: ignore[attr-defined]


def tab_with_notes(section: Section | str) -> Tab:
    """The tab where the notes of `section` are shown (the overview when no part shows them)."""
    for part in registered():
        if part.notes and part.section is not None and part.section.value == str(section):
            return part.tab
    return OVERZICHT


# --- Before closing: what is still open --------------------------------------------------------------

#: What an app finds still open in a dossier, in B1 Dutch sentences ("2 doelen zijn nog niet afgerond.").
CloseCheck = Callable[["Dossier"], list[str]]

_CLOSE_CHECKS: dict[str, CloseCheck] = {}


def register_close_check(name: str, check: CloseCheck) -> None:
    """Let the close confirmation warn about what this app still has open; called from ``AppConfig.ready``."""
    _CLOSE_CHECKS[name] = check


def open_work(dossier: Dossier) -> list[str]:
    """Every warning the apps give before this dossier is closed, in registration order."""
    return [warning for check in _CLOSE_CHECKS.values() for warning in check(dossier)]


# --- On the worklist: what an app wants a row to say (e.g. unread messages) -------------------------

#: For the dossier ids of one worklist page: short texts per dossier id ("2 ongelezen berichten"), one query.
WorklistBadges = Callable[[list[int]], dict[int, list[str]]]

_WORKLIST_BADGES: dict[str, WorklistBadges] = {}


def register_worklist_badges(name: str, badges: WorklistBadges) -> None:
    """Let an app add short texts to the worklist's rows; called from ``AppConfig.ready``."""
    _WORKLIST_BADGES[name] = badges


def worklist_badges(dossier_ids: list[int]) -> dict[int, tuple[str, ...]]:
    """Every app's texts for the rows of one worklist page, per dossier id."""
    found: dict[int, list[str]] = {}
    for badges in _WORKLIST_BADGES.values():
        for dossier_id, texts in badges(dossier_ids).items():
            found.setdefault(dossier_id, []).extend(texts)
    return {dossier_id: tuple(texts) for dossier_id, texts in found.items()}
