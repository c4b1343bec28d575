"""Read queries for the onderzoek and ZRM sections of the dossier page.

The instrument's domains and levels are data, so the grid is built from whatever the default
instrument holds. Every function here runs a fixed number of queries, whatever the household size.
"""

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch

from accounts.models import User
from assessments.models import Instrument, InstrumentDomain, InstrumentLevel, Onderzoek, Score
from dossiers.models import Dossier, Involvement
from dossiers.selectors import STAFF_NAME_FIELDS, with_staff_name
from residents.models import HuishoudenLid, Inwoner, LidRol


@dataclass(frozen=True)
class ZrmCell:
    domain: InstrumentDomain
    latest: Score | None = None
    previous: Score | None = None

    @property
    def change(self) -> str:
        """Whether the level went up, down or stayed the same since the previous score ("" without one)."""
        if self.latest is None or self.previous is None:
            return ""
        if self.latest.level > self.previous.level:
            return "up"
        if self.latest.level < self.previous.level:
            return "down"
        return "same"


@dataclass
class ZrmRow:
    member: Inwoner
    cells: list[ZrmCell] = field(default_factory=list)
    history: list[Score] = field(default_factory=list)


_InstrumentRow = tuple[Any, ...]

# The rows of the last read and the instrument built from them (replaced as a whole, one assignment).
_last_instrument: tuple[tuple[_InstrumentRow, ...], Instrument | None] | None = None


def _build_instrument(rows: tuple[_InstrumentRow, ...]) -> Instrument | None:
    if not rows:
        return None
    instrument = Instrument(pk=rows[0][0], code=rows[0][1], name=rows[0][2], is_default=True)
    domains: dict[int, InstrumentDomain] = {}
    levels: dict[int, InstrumentLevel] = {}
    for row in rows:
        if row[0] != instrument.pk:
            break  # a second default instrument: the first one counts, as with .first()
        domain_pk, code, name, order, domain_description, level_pk, value, label, level_description = row[3:]
        if domain_pk is not None and domain_pk not in domains:
            domains[domain_pk] = InstrumentDomain(
                pk=domain_pk, instrument=instrument, code=code, name=name, order=order, description=domain_description
            )
        if level_pk is not None and level_pk not in levels:
            levels[level_pk] = InstrumentLevel(
                pk=level_pk, instrument=instrument, value=value, label=label, description=level_description
            )
    instrument._prefetched_objects_cache = {  # type: ignore[attr-defined]
        "domains": sorted(domains.values(), key=lambda domain: (domain.order, domain.pk)),
        "levels": sorted(levels.values(), key=lambda level: level.value),
    }
    return instrument


def default_instrument() -> Instrument | None:
    """The default instrument with its domains and levels (`.domains.all()`, `.levels.all()`), one query.

    The rows are read on every call, so a change a beheerder makes counts at once in every
    process; only when they are the rows of the previous call is the instrument built from them
    returned again instead of being built anew. Callers only read it.
    """
    global _last_instrument
    # One row per domain × level (a dozen domains, a handful of levels); left joins, so an
    # instrument without domains or levels yet still comes back.
    rows = tuple(
        Instrument.objects.filter(is_default=True)
        .order_by("pk", "domains__pk", "levels__pk")
        .values_list(
            "pk",
            "code",
            "name",
            "domains__pk",
            "domains__code",
            "domains__name",
            "domains__order",
            "domains__description",
            "levels__pk",
            "levels__value",
            "levels__label",
            "levels__description",
        )
    )
    last = _last_instrument
    if last is not None and last[0] == rows:
        return last[1]
    instrument = _build_instrument(rows)
    _last_instrument = (rows, instrument)
    return instrument


def household_members(dossier: Dossier) -> list[Inwoner]:
    """The dossier household's members, head first."""
    leden = HuishoudenLid.objects.filter(huishouden_id=dossier.huishouden_id).select_related("inwoner").order_by("pk")
    ordered = sorted(leden, key=lambda lid: (lid.rol != LidRol.HOOFD, lid.pk))
    return [lid.inwoner for lid in ordered]


def _chronological(score: Score) -> tuple[Any, ...]:
    return (score.assessed_on, score.recorded_at, score.pk)


def zrm_grid(dossier: Dossier, instrument: Instrument, members: list[Inwoner]) -> list[ZrmRow]:
    """Per member × domain: the latest and previous score in this dossier (1 query for all scores)."""
    domains = list(instrument.domains.all())
    by_pk = {domain.pk: domain for domain in domains}
    # The domains are the instrument's own (no join, no copy per score); of the assessor only the name is shown;
    # the order is made here, so the model's default ordering (a join on the domain) is left out.
    scores = list(
        Score.objects.filter(
            dossier=dossier, domain_id__in=list(by_pk), inwoner_id__in=[member.pk for member in members]
        )
        .select_related("assessor")
        .only(*with_staff_name(Score, "assessor"))
        .order_by()
    )
    for score in scores:
        score.domain = by_pk[score.domain_id]
    scores.sort(key=_chronological, reverse=True)
    by_member_domain: dict[tuple[int, int], list[Score]] = {}
    by_member: dict[int, list[Score]] = {}
    for score in scores:
        by_member_domain.setdefault((score.inwoner_id, score.domain_id), []).append(score)
        by_member.setdefault(score.inwoner_id, []).append(score)
    rows = []
    for member in members:
        cells = []
        for domain in domains:
            history = by_member_domain.get((member.pk, domain.pk), [])
            cells.append(
                ZrmCell(
                    domain=domain,
                    latest=history[0] if history else None,
                    previous=history[1] if len(history) > 1 else None,
                )
            )
        rows.append(ZrmRow(member=member, cells=cells, history=by_member.get(member.pk, [])))
    return rows


def by_domain(domains: list[InstrumentDomain], grid: list[ZrmRow]) -> list[dict[str, Any]]:
    """The grid turned around: one line per domain with a cell per member, as the table shows it."""
    return [{"domain": domain, "cells": [row.cells[index] for row in grid]} for index, domain in enumerate(domains)]


def member_in_household(dossier: Dossier, inwoner_pk: int) -> Inwoner | None:
    """The person, when they belong to the dossier's household; else None (the caller refuses)."""
    return Inwoner.objects.filter(pk=inwoner_pk, lidmaatschappen__huishouden_id=dossier.huishouden_id).first()


def score_history(dossier: Dossier, instrument: Instrument, inwoner: Inwoner) -> list[Score]:
    """All of one person's scores in this dossier on the instrument's domains, oldest first (1 query).

    For the chart over time: the domain comes from the instrument already read, the assessor is not shown.
    """
    by_pk = {domain.pk: domain for domain in instrument.domains.all()}
    scores = list(
        Score.objects.filter(dossier=dossier, inwoner=inwoner, domain_id__in=list(by_pk))
        .only("pk", "inwoner_id", "dossier_id", "domain_id", "level", "assessed_on", "recorded_at")
        .order_by()
    )
    for score in scores:
        score.domain = by_pk[score.domain_id]
    scores.sort(key=_chronological)
    return scores


def onderzoek_of(dossier: Dossier) -> Onderzoek | None:
    """The dossier's latest onderzoek with its participants (2 queries); of them only the name, as the page shows."""
    participants = Prefetch("participants", queryset=User.objects.only(*STAFF_NAME_FIELDS))
    return Onderzoek.objects.filter(dossier=dossier).prefetch_related(participants).order_by("-pk").first()


def onderzoek_by_pk(pk: int) -> Onderzoek | None:
    """One onderzoek with its participants; the caller found it through the dossier."""
    return Onderzoek.objects.filter(pk=pk).prefetch_related("participants").first()


def involved_users(dossier: Dossier) -> list[User]:
    """Staff who are or were involved in the dossier: the candidates for onderzoek participants."""
    ids = Involvement.objects.filter(dossier=dossier).values("user_id")
    return list(User.objects.filter(pk__in=ids).order_by("first_name", "last_name", "pk"))


def dossier_sections(dossier: Dossier, members: list[Inwoner] | None = None) -> dict[str, Any]:
    """Context for `assessments/_dossier_sections.html`, in a constant number of queries.

    ``members``: the household's members head first, when the caller already read them.
    """
    instrument = default_instrument()
    if members is None:
        members = household_members(dossier)
    domains = list(instrument.domains.all()) if instrument else []
    grid = zrm_grid(dossier, instrument, members) if instrument else []
    return {
        "onderzoek": onderzoek_of(dossier),
        "zrm_instrument": instrument,
        "zrm_domains": domains,
        "zrm_grid": grid,
        "zrm_by_domain": by_domain(domains, grid),
        "zrm_levels": list(instrument.levels.all()) if instrument else [],  # type: ignore[attr-defined]
    }
