"""Which law a melding falls under, and which terms that law starts.

A melding is about a problem; only some are a request for support under a law with a term. The
route gives the default (a resident asking for help is a Wmo melding; a school's worry is not yet a
request for help), and the caseworker can choose otherwise at registration or re-qualify later
(`services.requalify_melding`). Defaults, and why:

- zelfmelder, huisarts: **Wmo 2015**. The resident asks, or the GP refers on the resident's behalf;
  a melding "door of namens de cliënt" starts the onderzoek (6 weeks) and persoonlijk plan (7 days)
  terms of art. 2.3.2.
- school, wijkagent, woningcorporatie, Veilig Thuis, outreachend, overig: **nog geen hulpvraag**. Someone
  else reports a worry; no law sets a term until the household asks, so only the municipal contact
  norm runs. Re-qualify once the household asks for help (Wmo, Jeugdwet, Wgs, ...).
- vroegsignaal: **nog geen hulpvraag**. Payment arrears reported by a landlord, energy or water company
  or health insurer oblige the municipality to offer help, but the resident may refuse; the Wgs term
  (first conversation) starts only with a request for debt help. No statutory term for the first
  contact after a vroegsignaal: the contact norm applies (LAW.md).

Terms per regime (started from the melding, or from the re-qualification date):

- Wmo: onderzoek 6 weeks and persoonlijk plan 7 days (Wmo 2015 art. 2.3.2 lid 1 and 2);
- Jeugdwet: no statutory onderzoek term; the municipal onderzoek norm (a werknorm, configurable);
- Participatiewet: none at the melding; the aanvraag starts the Awb decision term and the voorschot
  term of art. 52 (decisions.services.submit_aanvraag);
- schuldhulp (Wgs): first conversation within 4 weeks, or 3 working days in a threatening situation
  (eviction, disconnection of energy or water, ended health insurance; Wgs art. 4a);
- nog geen hulpvraag: no legal term; the contact norm (a werknorm, configurable).

What meets them: the Wmo terms and the Jeugdwet norm are met by their own events (completing the onderzoek,
receiving the persoonlijk plan: assessments.services); the Wgs first conversation and the contact norm by
what the caseworker did, recorded on the dossier page ("Gehaald op", `MET_BY_HAND`,
services.mark_term_met_by_hand). A statutory Wmo or Awb term is never marked met by hand.
"""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from deadlines.terms import (
    NORM_CONTACT,
    NORM_JEUGD_ONDERZOEK,
    WGS_EERSTE_GESPREK,
    WGS_EERSTE_GESPREK_DREIGEND,
    WMO_ONDERZOEK,
    WMO_PERSOONLIJK_PLAN,
)
from dossiers.models import Regime, Route

_CONVERSATION = (("gesprek", _("Eerste gesprek gevoerd")),)

#: The terms a caseworker marks met on the dossier page, each with what meets it (value, Dutch label).
MET_BY_HAND: dict[str, tuple[tuple[str, Promise], ...]] = {
    WGS_EERSTE_GESPREK.code: _CONVERSATION,
    WGS_EERSTE_GESPREK_DREIGEND.code: _CONVERSATION,
    NORM_CONTACT.code: (
        ("telefoon", _("Contact gelegd per telefoon")),
        ("huisbezoek", _("Contact gelegd met een huisbezoek")),
        ("brief", _("Contact gelegd per brief")),
        ("email", _("Contact gelegd per e-mail")),
    ),
}

#: How a melding's term that is not marked by hand is met, shown next to it on the dossier page.
MET_BY_EVENT: dict[str, Promise] = {
    WMO_ONDERZOEK.code: _("Gehaald door het onderzoek af te ronden."),
    NORM_JEUGD_ONDERZOEK.code: _("Gehaald door het onderzoek af te ronden."),
    WMO_PERSOONLIJK_PLAN.code: _("Gehaald wanneer het persoonlijk plan is ontvangen (onderzoek)."),
}

DEFAULT_REGIME: dict[str, Regime] = {
    Route.ZELFMELDER: Regime.WMO,
    Route.HUISARTS: Regime.WMO,
    Route.SCHOOL: Regime.GEEN_HULPVRAAG,
    Route.WIJKAGENT: Regime.GEEN_HULPVRAAG,
    Route.WONINGCORPORATIE: Regime.GEEN_HULPVRAAG,
    Route.VEILIG_THUIS: Regime.GEEN_HULPVRAAG,
    Route.VROEGSIGNAAL: Regime.GEEN_HULPVRAAG,
    Route.OUTREACH: Regime.GEEN_HULPVRAAG,
    Route.OVERIG: Regime.GEEN_HULPVRAAG,
}


def default_regime(route: str) -> Regime:
    """The regime a melding via `route` gets unless the caseworker chooses another."""
    return DEFAULT_REGIME.get(route, Regime.GEEN_HULPVRAAG)


def melding_terms(regime: str, wgs_threat: str = "") -> tuple[str, ...]:
    """The term codes a melding under `regime` starts, in the order they are started."""
    if regime == Regime.WMO:
        return (WMO_PERSOONLIJK_PLAN.code, WMO_ONDERZOEK.code)
    if regime == Regime.JEUGDWET:
        return (NORM_JEUGD_ONDERZOEK.code,)
    if regime == Regime.SCHULDHULP:
        return (WGS_EERSTE_GESPREK_DREIGEND.code if wgs_threat else WGS_EERSTE_GESPREK.code,)
    if regime == Regime.GEEN_HULPVRAAG:
        return (NORM_CONTACT.code,)
    return ()
