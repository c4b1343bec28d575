"""The outcome ladder: the highest step a closed dossier reached, from the household's own strength up to a
handover to specialist care (DOMAIN.md §2.4, docs/monitor.md indicator 5).

The step is read from what the dossier already records wherever it says so: a close reason "overgedragen", a
granted maatwerk decision or an allocation under a law, plan actions by the network or an algemene voorziening,
the outcome of the onderzoek (zelf, netwerk, algemene voorziening; its "maatwerk" counts only through a decision).
Only where none of these says anything does the close page ask the regisseur. The same rule (`step_from`) serves
the close page for one dossier and the monitor for all closed dossiers at once (`derivation_flags`).
"""

from django.apps import apps
from django.db import models
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from dossiers.transitions import CloseReason


class OutcomeStep(models.TextChoices):
    """From low to high; the monitor counts a dossier once, on the highest step it reached."""

    EIGEN_KRACHT = "eigen_kracht", _("Het huishouden redt het zelf (eigen kracht)")
    NETWERK = "netwerk", _("Hulp uit het netwerk: familie, buren of vrijwilligers")
    ALGEMENE_VOORZIENING = "algemene_voorziening", _("Een algemene voorziening, zonder beschikking")
    MAATWERK_WMO = "maatwerk_wmo", _("Maatwerk onder de Wmo")
    MAATWERK_JEUGDWET = "maatwerk_jeugdwet", _("Maatwerk onder de Jeugdwet")
    MAATWERK_PARTICIPATIEWET = "maatwerk_participatiewet", _("Maatwerk onder de Participatiewet")
    MAATWERK_MEER_WETTEN = "maatwerk_meer_wetten", _("Maatwerk onder meer dan één wet")
    OVERGEDRAGEN = "overgedragen", _("Overgedragen aan specialistische zorg")


#: The steps the team solved itself, without a beschikking or a handover (the "80% in the team" of Zaanstad).
SOLVED_IN_TEAM = frozenset({OutcomeStep.EIGEN_KRACHT, OutcomeStep.NETWERK, OutcomeStep.ALGEMENE_VOORZIENING})

#: The steps a regisseur can choose on the close page when the dossier itself says nothing: maatwerk under more
#: than one law is always visible in the decisions, so it is not offered.
ASKABLE_STEPS = [step for step in OutcomeStep if step != OutcomeStep.MAATWERK_MEER_WETTEN]

_MAATWERK_BY_LAW = {
    "wmo": OutcomeStep.MAATWERK_WMO,
    "jeugdwet": OutcomeStep.MAATWERK_JEUGDWET,
    "participatiewet": OutcomeStep.MAATWERK_PARTICIPATIEWET,
}
#: Plan actions that put the dossier on a step: who carried them out (plans.models.Uitvoerder).
_NETWORK_DOERS = ("netwerk", "vrijwilliger")
_GENERAL_PROVISION_DOERS = ("algemene_voorziening",)


def step_from(
    close_reason: str, laws: set[str], general_provision: bool, network: bool, own_strength: bool = False
) -> OutcomeStep | None:
    """The highest step the recorded facts show, or None when they show none (then the regisseur says it)."""
    if close_reason == CloseReason.OVERGEDRAGEN:
        return OutcomeStep.OVERGEDRAGEN
    maatwerk = {_MAATWERK_BY_LAW[law] for law in laws if law in _MAATWERK_BY_LAW}
    if len(maatwerk) > 1:
        return OutcomeStep.MAATWERK_MEER_WETTEN
    if maatwerk:
        return maatwerk.pop()
    if general_provision:
        return OutcomeStep.ALGEMENE_VOORZIENING
    if network:
        return OutcomeStep.NETWERK
    if own_strength:
        return OutcomeStep.EIGEN_KRACHT
    return None


def derivation_flags() -> dict[str, Exists]:
    """Per dossier (as annotations): maatwerk per law (a granted line of a decided beschikking or an allocation),
    plan actions by an algemene voorziening or the network (not the dropped ones), and the onderzoek's outcome."""
    regel = apps.get_model("decisions", "BeschikkingRegel")
    toewijzing = apps.get_model("allocations", "Toewijzing")
    actie = apps.get_model("plans", "Actie")
    onderzoek = apps.get_model("assessments", "Onderzoek")
    flags: dict[str, Exists] = {}
    for law in _MAATWERK_BY_LAW:
        granted = regel.objects.filter(
            beschikking__aanvraag__dossier_id=OuterRef("pk"),
            beschikking__aanvraag__law=law,
            beschikking__status__in=("vastgesteld", "verzonden"),
            beschikking__outcome__in=("toekenning", "gedeeltelijk"),
            granted=True,
            voorziening__kind="maatwerk",
        )
        allocated = toewijzing.objects.filter(dossier_id=OuterRef("pk"), law=law).exclude(status="ingetrokken")
        flags[f"granted_{law}"] = Exists(granted)
        flags[f"allocated_{law}"] = Exists(allocated)
    acties = actie.objects.filter(doel__plan__dossier_id=OuterRef("pk")).exclude(status="vervallen")
    onderzoeken = onderzoek.objects.filter(dossier_id=OuterRef("pk"))
    flags["general_provision"] = Exists(acties.filter(uitvoerder__in=_GENERAL_PROVISION_DOERS))
    flags["network"] = Exists(acties.filter(uitvoerder__in=_NETWORK_DOERS))
    flags["found_general_provision"] = Exists(onderzoeken.filter(outcome="algemene_voorziening"))
    flags["found_network"] = Exists(onderzoeken.filter(outcome="netwerk"))
    flags["found_own_strength"] = Exists(onderzoeken.filter(outcome="zelf"))
    return flags


def step_from_flags(close_reason: str, row: dict[str, object]) -> OutcomeStep | None:
    """`step_from` on a row annotated with `derivation_flags()`."""
    laws = {law for law in _MAATWERK_BY_LAW if row.get(f"granted_{law}") or row.get(f"allocated_{law}")}
    return step_from(
        close_reason,
        laws,
        general_provision=bool(row.get("general_provision") or row.get("found_general_provision")),
        network=bool(row.get("network") or row.get("found_network")),
        own_strength=bool(row.get("found_own_strength")),
    )


def derived_step(dossier_pk: int, close_reason: str) -> OutcomeStep | None:
    """The step the dossier's own records show at this moment (one query)."""
    dossier = apps.get_model("dossiers", "Dossier")
    flags = derivation_flags()
    row = dossier.objects.filter(pk=dossier_pk).annotate(**flags).values(*flags).first()
    return step_from_flags(close_reason, row or {})
