"""Removing a dossier and the personal data hanging from it, in an order the PROTECT foreign keys allow.

Many relations are PROTECT on purpose (a beschikking must not vanish by accident), so nothing is
left to a cascade from the top: the rows that protect others go first, leaf to root. Persons and
the household go only when no remaining dossier still needs them.

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

from allocations.models import Bericht, BerichtTaak, Toewijzing
from assessments.models import Onderzoek, Score
from decisions.models import (
    AangevraagdProduct,
    Aanvraag,
    Beschikking,
    BeschikkingRegel,
    Bezwaar,
    BudgetSpend,
    Letter,
    OtherLawIndication,
)
from dossiers.models import Dossier, DossierDeadline, Involvement, Melding, TimelineEvent
from plans.models import Actie, Doel, Plan
from residents.models import Huishouden, HuishoudenLid, Inwoner, Netwerkrelatie

#: Models whose rows this module removes explicitly, in `destroy`. Everything else that points at a
#: dossier, household or person is handled by the registry sweep.
HANDLED_MODELS: frozenset[type[models.Model]] = frozenset(
    {
        Dossier,
        Melding,
        Involvement,
        TimelineEvent,
        DossierDeadline,
        Onderzoek,
        Score,
        Plan,
        Doel,
        Actie,
        Aanvraag,
        AangevraagdProduct,
        Beschikking,
        BeschikkingRegel,
        Letter,
        Bezwaar,
        BudgetSpend,
        OtherLawIndication,
        Toewijzing,
        Bericht,
        BerichtTaak,
        Huishouden,
        HuishoudenLid,
        Netwerkrelatie,
        Inwoner,
    }
)

#: Apps whose rows stay: the access log is append-only, and retention keeps its own anonymous records.
KEPT_APPS = frozenset({"audit", "retention"})


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
    concerned |= set(Aanvraag.objects.filter(dossier=dossier).values_list("inwoner", flat=True))
    concerned |= set(Score.objects.filter(dossier=dossier).values_list("inwoner", flat=True))
    concerned |= set(Doel.persons.through.objects.filter(doel__plan__dossier=dossier).values_list("inwoner", flat=True))
    household_with_other_dossier = Exists(others.filter(huishouden=OuterRef("huishouden")))
    needed = set(
        HuishoudenLid.objects.filter(inwoner__in=concerned)
        .filter(household_with_other_dossier)
        .values_list("inwoner", flat=True)
    )
    needed |= set(
        Melding.objects.filter(inwoner__in=concerned).exclude(dossier=dossier).values_list("inwoner", flat=True)
    )
    needed |= set(
        Aanvraag.objects.filter(inwoner__in=concerned).exclude(dossier=dossier).values_list("inwoner", flat=True)
    )
    needed |= set(
        Score.objects.filter(inwoner__in=concerned).exclude(dossier=dossier).values_list("inwoner", flat=True)
    )
    needed |= set(
        Doel.persons.through.objects.filter(inwoner__in=concerned)
        .exclude(doel__plan__dossier=dossier)
        .values_list("inwoner", flat=True)
    )
    needed |= set(
        Toewijzing.objects.filter(inwoner__in=concerned, regel__isnull=False)
        .exclude(regel__beschikking__aanvraag__dossier=dossier)
        .values_list("inwoner", flat=True)
    )
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
        known = [model for model in by_model if model in HANDLED_MODELS or model._meta.app_label in KEPT_APPS]
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
    wanted: dict[type[models.Model], set[int]] = {Dossier: {targets.dossier_id}, Inwoner: targets.person_ids}
    if targets.household_id is not None:
        wanted[Huishouden] = {targets.household_id}
    for model in apps.get_models():
        if model in HANDLED_MODELS or model._meta.app_label in KEPT_APPS:
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

    beschikkingen = Beschikking.objects.filter(aanvraag__dossier=dossier)
    regels = BeschikkingRegel.objects.filter(beschikking__in=beschikkingen)
    _delete(Bezwaar.objects.filter(Q(beschikking__in=beschikkingen) | Q(new_beschikking__in=beschikkingen)))
    _delete(Letter.objects.filter(beschikking__in=beschikkingen))

    # Messages to and from providers about the persons who go or owned by the dossier, with the replies to them.
    berichten = set(Bericht.objects.filter(Q(inwoner__in=persons) | Q(dossier=dossier)).values_list("pk", flat=True))
    replies = set(Bericht.objects.filter(in_reply_to__in=berichten).values_list("pk", flat=True)) - berichten
    while replies:
        berichten |= replies
        replies = set(Bericht.objects.filter(in_reply_to__in=replies).values_list("pk", flat=True)) - berichten
    _delete(BerichtTaak.objects.filter(Q(bericht__in=berichten) | Q(answer__in=berichten) | Q(inwoner__in=persons)))
    _delete_in_dependency_order(Bericht.objects.filter(pk__in=berichten), "in_reply_to")
    _delete(Toewijzing.objects.filter(Q(regel__in=regels) | Q(inwoner__in=persons) | Q(dossier=dossier)))
    _delete(OtherLawIndication.objects.filter(dossier=dossier))

    _delete_in_dependency_order(beschikkingen, "replaces")  # lines (BeschikkingRegel) cascade
    _delete(Aanvraag.objects.filter(dossier=dossier))  # aangevraagde producten cascade
    _delete(BudgetSpend.objects.filter(dossier=dossier))
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
