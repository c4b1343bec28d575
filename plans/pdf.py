"""The plan as the household takes it home: "Ons plan", a Dutch PDF in plain words (B1).

Made like the beschikking letter and the verslag (ADR 0005): an HTML template rendered by WeasyPrint as a
tagged PDF (PDF/UA-1) with a title and `lang="nl"`, loading nothing from outside. It speaks in the
household's own voice ("wij", "ons"), because the goals are written in their words; so it leaves out what
only staff need (statuses as the team records them, the instrument behind a life domain, the BSN).

Unlike the letter it is not kept: it is a copy of the plan as it is today, handed over or printed at the
kitchen table, and every download is logged by the view.
"""

from dataclasses import dataclass
from datetime import date

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from weasyprint import HTML

from core.translations import in_record_language
from decisions.letter import PDF_OPTIONS, DataOnlyFetcher, long_date
from dossiers.models import Dossier
from plans.models import Actie, ActieStatus, Doel, DoelStatus, Plan, Uitvoerder
from plans.selectors import plan_of
from residents.models import Inwoner

TEMPLATE = "plans/pdf/plan.html"

#: Who does it, as the household would say it: without a name, and after a name.
_WHO: dict[str, tuple[Promise, Promise]] = {
    Uitvoerder.HUISHOUDEN: (gettext_lazy("Wijzelf"), gettext_lazy("wijzelf")),
    Uitvoerder.NETWERK: (
        gettext_lazy("Iemand uit onze omgeving (familie, vrienden of buren)"),
        gettext_lazy("familie, vrienden of buren"),
    ),
    Uitvoerder.VRIJWILLIGER: (gettext_lazy("Een vrijwilliger"), gettext_lazy("vrijwilliger")),
    Uitvoerder.ALGEMENE_VOORZIENING: (
        gettext_lazy("Een organisatie in de wijk"),
        gettext_lazy("organisatie in de wijk"),
    ),
    Uitvoerder.WIJKTEAM: (gettext_lazy("Het wijkteam"), gettext_lazy("wijkteam")),
    Uitvoerder.SPECIALIST: (gettext_lazy("Een specialist"), gettext_lazy("specialist")),
    Uitvoerder.AANBIEDER: (gettext_lazy("Een zorgorganisatie"), gettext_lazy("zorgorganisatie")),
}

_GOAL_STATE = {
    DoelStatus.OPEN: gettext_lazy("Nog niet begonnen"),
    DoelStatus.BEZIG: gettext_lazy("Hier werken we aan"),
    DoelStatus.BEREIKT: gettext_lazy("Gelukt"),
    DoelStatus.NIET_BEREIKT: gettext_lazy("Niet gelukt"),
    DoelStatus.VERVALLEN: gettext_lazy("Doen we niet meer"),
}

_ACTION_STATE = {
    ActieStatus.OPEN: gettext_lazy("Nog doen"),
    ActieStatus.BEZIG: gettext_lazy("Bezig"),
    ActieStatus.GEDAAN: gettext_lazy("Klaar"),
    ActieStatus.VERVALLEN: gettext_lazy("Gaat niet door"),
}


@dataclass(frozen=True)
class Step:
    """One action as the household reads it."""

    what: str
    who: str
    when: str
    state: str


@dataclass(frozen=True)
class Goal:
    """One goal as the household reads it: in their words, for whom, about what part of life."""

    what: str
    for_whom: str
    domain: str
    state: str
    steps: list[Step]


def who_does_it(actie: Actie) -> str:
    """E.g. "Oom Karim (familie, vrienden of buren)" or "Het wijkteam"."""
    alone, after_name = _WHO.get(actie.uitvoerder, (actie.get_uitvoerder_display(), actie.get_uitvoerder_display()))
    name = actie.uitvoerder_name.strip()
    who = f"{name} ({after_name})" if name else str(alone)
    if actie.voorziening is not None:
        who = _("%(who)s, bij %(voorziening)s") % {"who": who, "voorziening": actie.voorziening.name}
    return who


def _step(actie: Actie) -> Step:
    return Step(
        what=actie.description,
        who=who_does_it(actie),
        when=long_date(actie.due_on) if actie.due_on else _("Nog niet afgesproken"),
        state=str(_ACTION_STATE.get(ActieStatus(actie.status), actie.get_status_display())),
    )


def _by_date(actie: Actie) -> tuple[bool, date, int]:
    """Soonest first and what has no date yet last, whatever the database does with empty dates."""
    return (actie.due_on is None, actie.due_on or date.min, actie.pk)


def _goal(doel: Doel) -> Goal:
    persons = [person.full_name for person in doel.persons.all()]
    return Goal(
        what=doel.description,
        for_whom=", ".join(persons) if persons else _("Ons hele huishouden"),
        domain=doel.domain.name if doel.domain else "",
        state=str(_GOAL_STATE.get(DoelStatus(doel.status), doel.get_status_display())),
        steps=[_step(actie) for actie in sorted(doel.acties.all(), key=_by_date)],
    )


def _members(dossier: Dossier) -> list[str]:
    members = Inwoner.objects.filter(lidmaatschappen__huishouden_id=dossier.huishouden_id).order_by("pk")
    return [member.full_name for member in members.only("voornamen", "tussenvoegsel", "achternaam")]


def plan_pdf_context(dossier: Dossier, plan: Plan | None) -> dict[str, object]:
    """Everything the PDF says, worded in Dutch; call inside `in_record_language()`.

    A constant number of queries: `plan` comes from `plans.selectors.plan_of` with its goals prefetched.
    """
    gemeente = dossier.team.gemeente
    return {
        "title": _("Ons plan"),
        "gemeente": gemeente.name,
        "phone": gemeente.phone,
        "team": dossier.team.name,
        "people": _members(dossier),
        "contact": str(dossier.regisseur) if dossier.regisseur else "",
        "date": long_date(timezone.localdate()),
        "changed_on": long_date(timezone.localdate(plan.updated_at)) if plan else "",
        "going_well": plan.going_well.strip() if plan else "",
        "worries": plan.worries.strip() if plan else "",
        "goals": [_goal(doel) for doel in plan.doelen.all()] if plan else [],
        "review_on": long_date(plan.review_on) if plan and plan.review_on else "",
        "agreed": bool(plan and plan.is_agreed),
        "agreed_by": plan.agreed_by if plan else "",
        "agreed_on": long_date(plan.agreed_on) if plan and plan.agreed_on else "",
    }


def render_plan_html(dossier: Dossier) -> str:
    """The plan as a self-contained HTML document (the CSS is inline; nothing is loaded from elsewhere).

    In Dutch whatever language the screen of who downloads it shows: it is a document for the household.
    """
    with in_record_language():
        return render_to_string(TEMPLATE, plan_pdf_context(dossier, plan_of(dossier)))


def render_plan_pdf(dossier: Dossier) -> bytes:
    html = render_plan_html(dossier)
    pdf: bytes = HTML(string=html, url_fetcher=DataOnlyFetcher()).write_pdf(**PDF_OPTIONS)
    return pdf
