"""The access route as an explicit state machine: one table says which step may follow which."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    AANGEMELD = "aangemeld", _("Aangemeld")
    IN_TRIAGE = "in_triage", _("In triage")
    IN_ONDERZOEK = "in_onderzoek", _("In onderzoek")
    PLAN = "plan", _("Plan")
    UITVOERING = "uitvoering", _("Uitvoering")
    EVALUATIE = "evaluatie", _("Evaluatie")
    AFGESLOTEN = "afgesloten", _("Afgesloten")
    HEROPEND = "heropend", _("Heropend")


TRANSITIONS: dict[Status, frozenset[Status]] = {
    Status.AANGEMELD: frozenset({Status.IN_TRIAGE, Status.AFGESLOTEN}),
    Status.IN_TRIAGE: frozenset({Status.IN_ONDERZOEK, Status.AFGESLOTEN}),
    Status.IN_ONDERZOEK: frozenset({Status.PLAN, Status.AFGESLOTEN}),
    Status.PLAN: frozenset({Status.UITVOERING, Status.IN_ONDERZOEK, Status.AFGESLOTEN}),
    Status.UITVOERING: frozenset({Status.EVALUATIE, Status.PLAN, Status.AFGESLOTEN}),
    Status.EVALUATIE: frozenset({Status.UITVOERING, Status.PLAN, Status.AFGESLOTEN}),
    Status.AFGESLOTEN: frozenset({Status.HEROPEND}),
    Status.HEROPEND: frozenset(
        {Status.IN_TRIAGE, Status.IN_ONDERZOEK, Status.PLAN, Status.UITVOERING, Status.AFGESLOTEN}
    ),
}

#: Statuses in which the whole team may see a dossier (to pick it up), not only the involved.
TRIAGE_STATUSES = frozenset({Status.AANGEMELD, Status.IN_TRIAGE})
OPEN_STATUSES = frozenset(set(Status) - {Status.AFGESLOTEN})


def allowed_next(current: Status) -> frozenset[Status]:
    return TRANSITIONS[current]


def is_allowed(current: Status, target: Status) -> bool:
    return target in TRANSITIONS[current]


class CloseReason(models.TextChoices):
    DOELEN_BEREIKT = "doelen_bereikt", _("Doelen bereikt")
    GEEN_HULPVRAAG = "geen_hulpvraag", _("Geen hulpvraag of direct beantwoord")
    VERHUISD = "verhuisd", _("Verhuisd")
    HULP_GEWEIGERD = "hulp_geweigerd", _("Hulp geweigerd")
    OVERGEDRAGEN = "overgedragen", _("Overgedragen aan andere organisatie")
    OVERLEDEN = "overleden", _("Overleden")
    OVERIG = "overig", _("Overig")
