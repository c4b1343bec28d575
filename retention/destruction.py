"""Removing a dossier and the personal data hanging from it, in an order the PROTECT foreign keys allow.

Many relations are PROTECT on purpose (a beschikking must not vanish by accident), so nothing is
left to a cascade from the top: the rows that protect others go first, leaf to root. Persons and
the household go only when no remaining dossier still needs them.

This module removes the dossier's and the residents' own rows; the apps built on the dossier declare
their steps in `dossiers.records` (`Destruction`: which rows, in which order, and which persons their
records in other dossiers still need), so this module imports none of them.

Models this module does not know (for instance those of the consent app, or a later app) are
found through the app registry: every row pointing at the dossier, the household or a person
that goes is removed as well, so a new model cannot silently keep personal data alive.

The access log is not touched: it is append-only, and it holds staff, numbers and actions, not
the household's data.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.apps import apps
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.db.models.deletion import ProtectedError, RestrictedError

from dossiers import records
from dossiers.models import Dossier, DossierDeadline, Involvement, Melding, TimelineEvent
from residents.models import Huishouden, HuishoudenLid, Inwoner, Netwerkrelatie

#: The dossier's and the residents' own models, removed here in `destroy`; the apps above the dossier
#: declare theirs in `dossiers.records` (their `Destruction` steps).
OWN_MODELS: frozenset[type[models.Model]] = frozenset(
    {Dossier, Melding, Involvement, TimelineEvent, DossierDeadline, Huishouden, HuishoudenLid, Netwerkrelatie, Inwoner}
)

#: Apps whose rows stay: the access log is append-only, and retention keeps its own anonymous records.
KEPT_APPS = frozenset({"audit", "retention"})


def __getattr__(name: str) -> frozenset[type[models.Model]]:
    # HANDLED_MODELS: the models whose rows `destroy` removes explicitly (its own and the apps' declared steps);
    # everything else that points at a dossier, household or person is handled by the registry sweep. Computed
    # on use, because the apps declare their steps in ``AppConfig.ready``, which may run after this import.
    if name == "HANDLED_MODELS":
        return OWN_MODELS | records.in_destruction()
    raise AttributeError(name)


def _handled_models() -> frozenset[type[models.Model]]:
    """HANDLED_MODELS, or what a test set in its place."""
    handled: frozenset[type[models.Model]] | None = globals().get("HANDLED_MODELS")
    return handled if handled is not None else __getattr__("HANDLED_MODELS")


class DestructionBlocked(Exception):
    """Another record still needs a row this destruction would remove; nothing has been removed."""


@dataclass
class Targets:
    dossier_id: int
    household_id: int | None
    person_ids: set[int] = field(default_factory=set)
    kept_person_ids: set[int] = field(default_factory=set)


def _other_dossiers(dossier: Dossier) -> models.QuerySet[Dossier]:
    return Dossier.objects.exclude(pk=dossier.pk)


def plan_targets(dossier: Dossier) -> Targets:
    """Which household and persons go with the dossier, and which stay because another dossier needs them."""
    others = _other_dossiers(dossier)
    household_stays = others.filter(huishouden=dossier.huishouden_id).exists()
    concerned: set[int] = set(
        HuishoudenLid.objects.filter(huishouden=dossier.huishouden_id).values_list("inwoner", flat=True)
    )
    concerned |= set(Melding.objects.filter(dossier=dossier).values_list("inwoner", flat=True))
    steps = records.destructions()
    for step in steps:
        if step.persons is not None:
            concerned |= {pk for pk in step.persons(dossier) if pk is not None}
    household_with_other_dossier = Exists(others.filter(huishouden=OuterRef("huishouden")))
    needed = set(
        HuishoudenLid.objects.filter(inwoner__in=concerned)
        .filter(household_with_other_dossier)
        .values_list("inwoner", flat=True)
    )
    needed |= set(
        Melding.objects.filter(inwoner__in=concerned).exclude(dossier=dossier).values_list("inwoner", flat=True)
    )
    for step in steps:
        if step.needed_elsewhere is not None:
            needed |= {pk for pk in step.needed_elsewhere(dossier, concerned) if pk is not None}
    return Targets(
        dossier_id=dossier.pk,
        household_id=None if household_stays else dossier.huishouden_id,
        person_ids=concerned - needed,
        kept_person_ids=concerned & needed,
    )


def _delete(queryset: models.QuerySet, depth: int = 0) -> None:
    """Delete, first removing rows in unknown models that PROTECT these (their own leaves first)."""
    try:
        queryset.delete()
    except (ProtectedError, RestrictedError) as error:
        blockers = error.protected_objects if isinstance(error, ProtectedError) else error.restricted_objects
        by_model: dict[type[models.Model], list[int]] = {}
        for obj in blockers:
            by_model.setdefault(type(obj), []).append(obj.pk)
        handled = _handled_models()
        known = [model for model in by_model if model in handled or model._meta.app_label in KEPT_APPS]
        if known or depth >= 5:
            # A row we do not remove on purpose (another dossier's data, the access log) still needs it.
            names = ", ".join(sorted(model._meta.label for model in by_model))
            raise DestructionBlocked(names) from error
        for model, pks in by_model.items():
            _delete(model._default_manager.filter(pk__in=pks), depth + 1)
        queryset.delete()


def _delete_in_dependency_order(queryset: models.QuerySet, self_field: str) -> None:
    """Rows that point at each other (a reply, a replacing decision): remove those nobody points at first."""
    remaining = set(queryset.values_list("pk", flat=True))
    model = queryset.model
    while remaining:
        pointed_at = set(
            model._default_manager.filter(pk__in=remaining, **{f"{self_field}__in": remaining}).values_list(
                self_field, flat=True
            )
        )
        free = remaining - pointed_at
        if not free:
            raise DestructionBlocked(model._meta.label)
        _delete(model._default_manager.filter(pk__in=free))
        remaining -= free


def _foreign_rows(targets: Targets) -> Iterable[models.QuerySet]:
    """Rows of models this module does not know that point at what goes (consent records, notes...)."""
    wanted: dict[type[models.Model], set[int]] = {
        Dossier: {targets.dossier_id},
        Inwoner: targets.person_ids,
        # A melding goes with its dossier: what hangs from it (the vroegsignaal casus it came from, a partner's
        # report) goes too, also when it names nobody the dossier held.
        Melding: set(Melding.objects.filter(dossier_id=targets.dossier_id).values_list("pk", flat=True)),
    }
    if targets.household_id is not None:
        wanted[Huishouden] = {targets.household_id}
    handled = _handled_models()
    for model in apps.get_models():
        if model in handled or model._meta.app_label in KEPT_APPS:
            continue
        condition = Q()
        for model_field in model._meta.get_fields():
            if not (
                model_field.is_relation and model_field.concrete and (model_field.many_to_one or model_field.one_to_one)
            ):
                continue
            target_pks = wanted.get(model_field.related_model)  # type: ignore[arg-type]
            if target_pks:
                condition |= Q(**{f"{model_field.name}__in": target_pks})
        if condition:
            yield model._default_manager.filter(condition)


def destroy(dossier: Dossier) -> Targets:
    """Remove the dossier and the personal data that only it needed. Call inside a transaction."""
    targets = plan_targets(dossier)
    persons = targets.person_ids

    for rows in _foreign_rows(targets):
        _delete(rows)

    # The apps' rows, in their declared order (those that PROTECT another app's rows first).
    removal = records.Removal(
        dossier=dossier, persons=persons, delete=_delete, delete_in_dependency_order=_delete_in_dependency_order
    )
    for step in records.destructions():
        step.remove(removal)
    # A melding's own terms point at it (PROTECT): they go first, though they would cascade with the dossier.
    _delete(DossierDeadline.objects.filter(dossier=dossier))
    _delete(Melding.objects.filter(dossier=dossier))
    # What is left cascades from the dossier: involvements, timeline, deadlines, onderzoek, ZRM scores, plan.
    _delete(Dossier.objects.filter(pk=dossier.pk))

    other_households = set(
        HuishoudenLid.objects.filter(inwoner__in=persons)
        .exclude(huishouden=dossier.huishouden_id)
        .values_list("huishouden", flat=True)
    )
    if targets.household_id is not None:
        _delete(Huishouden.objects.filter(pk=targets.household_id))  # members and network cascade
    _delete(Inwoner.objects.filter(pk__in=persons))  # memberships, indications and own ZRM rows cascade
    # A household without a dossier that lost its last member holds nothing but its network: let it go too.
    _delete(Huishouden.objects.filter(pk__in=other_households, dossiers__isnull=True, leden__isnull=True))
    return targets
