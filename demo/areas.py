"""How the demo city's wijken differ, so the monitor has something to steer on (MONITOR.md, DOMAIN.md §1).

A real city is not one average spread evenly: one area asks far more of its team (more poverty, more single
parents, more residents who also have Wlz care or a justice framework), one team has a waiting list and is slow,
one team solves more with the network and algemene voorzieningen before it writes a beschikking. The history
(demo/history.py) draws each dossier with the profile of the wijk where the household lives; the wijken that are
not named here are the city average. In a city with a team per wijk (from 50,000 residents) the team of a wijk
shows its profile; in a small demo one team serves two wijken and mixes them.

Who gets a dossier is weighted by household as well (`household_weight`): older people living alone or as a
couple and single parents far more often than a couple with children, so that about two thirds of the Wmo
decisions go to people of 65 and over and youth care to children (MONITOR.md: "Wmo: about two-thirds of users are
65+").
"""

from __future__ import annotations

from dataclasses import dataclass

from residents.models import HuishoudenType


@dataclass(frozen=True)
class AreaProfile:
    #: Relative chance that a household here gets a dossier (inflow per 1,000 residents).
    inflow: float = 1.0
    #: Chance of a later melding about a household already in care (school, police, housing corporation): in a
    #: wijk with many worries more signals reach the team (inflow counts meldingen).
    signals: float = 0.1
    #: Relative chance that a member has an indication under another law (Wlz, Zvw, justitie): stapeling.
    other_law: float = 1.0
    #: Chance that an aanvraag is for bijzondere bijstand (Participatiewet) rather than the Wmo, for an adult.
    income_support: float = 0.2
    #: Factor on the days from the melding to triage, onderzoek done, plan and agreement: lead times.
    lead_time: float = 1.0
    #: Share of decisions sent after their term.
    late_decisions: float = 0.07
    #: Chance that a dossier that reached uitvoering needs maatwerk (a beschikking) rather than being solved with
    #: the household, its network or an algemene voorziening: the outcome ladder.
    maatwerk: float = 0.6


AVERAGE = AreaProfile()

#: By wijk name (demo.texts.WIJK_NAMES; the first four exist in every demo).
PROFILES: dict[str, AreaProfile] = {
    # Much higher inflow, more income support and more stapeling with other laws.
    "Noord": AreaProfile(inflow=1.8, signals=0.7, other_law=2.2, income_support=0.35, maatwerk=0.65),
    # A team with a waiting list: everything takes longer and more terms are missed.
    "Oost": AreaProfile(lead_time=1.5, late_decisions=0.18),
    # A team that solves more itself: fewer beschikkingen, more network and algemene voorzieningen.
    "Zuid": AreaProfile(maatwerk=0.32),
}


def profile(wijk_name: str) -> AreaProfile:
    return PROFILES.get(wijk_name, AVERAGE)


def household_weight(kind: str, head_age: int) -> float:
    """Relative chance of a dossier for a household of this type with a head of this age."""
    senior = head_age >= 65
    if kind == HuishoudenType.ALLEENSTAAND:
        return 3.5 if senior else 1.2
    if kind == HuishoudenType.PAAR_ZONDER_KINDEREN:
        return 2.5 if senior else 0.5
    if kind == HuishoudenType.EENOUDERGEZIN:
        return 3.0
    return 1.0
