"""The one policy point: every record names the dossier that owns it, and lists agree with single records."""

from datetime import timedelta
from itertools import product

import pytest
from django.apps import apps
from django.db import models
from django.utils import timezone

from accounts.models import Role, User
from consent.models import BreakGlass, Consultation
from dossiers import policy
from dossiers.models import Dossier, DossierNote, Involvement, InvolvementRole
from dossiers.sections import Section
from dossiers.selectors import dossier_access
from dossiers.transitions import Status
from organisation.models import Team
from residents.models import Huishouden, HuishoudenLid, Inwoner, Netwerkrelatie
from testsupport.factories import UserFactory, dossier_for, member_of

#: Models that point at a person, household or dossier but are not records of one dossier, and why.
NOT_DOSSIER_RECORDS: dict[str, str] = {
    "residents.Huishouden": "the household itself; reached only through a dossier of it",
    "residents.HuishoudenLid": "membership of the household; shown in the household section of its dossiers",
    "residents.Netwerkrelatie": "the household's network; shown in the household section of its dossiers",
    "dossiers.Dossier": "the owner itself (dossiers.selectors.dossier_access)",
    "dossiers.DossierNote": "each note carries its own section; notes_of filters on it",
    "consent.ReviewItem": "the review list, scoped by team and role in consent.selectors.review_items_for",
    # Mijn Wijkteam (docs/adr/0019-resident-portal.md): about a person, not a dossier; in the person's inzage export.
    "portal.Representation": "who may act for a person in the portal; read through the person's own DigiD login",
    "portal.PortalContact": "the resident's own address for notices; only the resident reads and changes it",
    "portal.PrivacyQuestion": "a question about an access-log line; the privacy officer's list and the resident",
    # Issue 15 §4: what a partner sent, before (or instead of) it is a dossier's Melding; the queue scopes it.
    "partners.PartnerMelding": "a partner's report as received; partners.selectors.queue_for scopes it by role and team",
    # Issue 15 §1: Wgs signal records, before anyone asked for help; their own access rule and retention.
    "vroegsignalering.Vroegsignaal": "a partner's arrears signal (Wgs art. 3); the casus's team sees it, the Wgs term ends it",
    "vroegsignalering.SignaalCasus": "the outreach work on a household's signals; vroegsignalering.selectors scopes it by team",
}

_OWNERS = (Inwoner, Huishouden, Dossier)


def _points_at_a_person_or_dossier(model: type[models.Model]) -> bool:
    return any(
        field.concrete and field.is_relation and field.related_model in _OWNERS and not field.auto_created
        for field in model._meta.get_fields()
    )


def test_every_record_about_a_person_or_dossier_names_its_owning_dossier() -> None:
    registered = policy.registered()
    forgotten = [
        model._meta.label
        for model in apps.get_models()
        if _points_at_a_person_or_dossier(model)
        and model not in registered
        and model._meta.label not in NOT_DOSSIER_RECORDS
    ]
    assert not forgotten, (
        f"{forgotten} point at a person, household or dossier without an owning dossier: register them in "
        "dossiers.policy from the app's AppConfig.ready (or explain in NOT_DOSSIER_RECORDS why not)."
    )


def test_every_registered_owner_path_leads_to_a_dossier() -> None:
    for model, kind in policy.registered().items():
        target: type[models.Model] = model
        for part in kind.owner.split("__"):
            related = target._meta.get_field(part).related_model
            assert isinstance(related, type), f"{model.__name__}.{kind.owner}"
            target = related
        assert target is Dossier, f"{model.__name__}.{kind.owner} ends at {target.__name__}"


def test_an_unregistered_record_type_is_refused() -> None:
    with pytest.raises(policy.UnregisteredRecord):
        policy.record_type(HuishoudenLid)
    assert Netwerkrelatie not in policy.registered()
    assert DossierNote not in policy.registered()


@pytest.fixture
def cast(team: Team, other_team: Team, generalist: User, colleague: User, teamleider: User) -> dict[str, object]:
    """Dossiers in triage and in uitvoering, and users on every ground the access rules know."""
    involved = dossier_for(team, status=Status.UITVOERING, regisseur=generalist)
    in_triage = dossier_for(team, status=Status.IN_TRIAGE)
    foreign = dossier_for(other_team, status=Status.UITVOERING)
    consulted = member_of(team, UserFactory(role=Role.GENERALIST))
    pseudonymised = UserFactory(role=Role.SPECIALIST)
    specialist = UserFactory(role=Role.SPECIALIST)
    emergency = member_of(team, UserFactory(role=Role.CONSULENT))
    outsider = member_of(other_team, UserFactory(role=Role.TEAMLEIDER), leader=True)
    later = timezone.now() + timedelta(days=7)
    for who, sections, hidden in (
        (consulted, [Section.PLAN], False),
        (pseudonymised, [Section.PLAN, Section.ONDERZOEK], True),
        (specialist, [Section.BESLUITEN, Section.PLAN], False),
    ):
        Consultation.objects.create(
            dossier=involved,
            specialist=who,
            invited_by=generalist,
            sections=[section.value for section in sections],
            pseudonymised=hidden,
            ends_at=later,
            reason="meekijken",
        )
    BreakGlass.objects.create(user=emergency, dossier=involved, reason="crisis", expires_at=later)
    Involvement.objects.create(dossier=foreign, user=colleague, role=InvolvementRole.COLLEGA, end=timezone.now())
    users = [generalist, colleague, teamleider, consulted, pseudonymised, specialist, emergency, outsider]
    return {"dossiers": [involved, in_triage, foreign], "users": users}


def test_lists_and_single_records_give_the_same_answer(cast: dict[str, object]) -> None:
    """`dossiers_with_section` (for lists, in SQL) and `dossier_access` (one dossier) may never disagree."""
    dossiers: list[Dossier] = cast["dossiers"]  # type: ignore[assignment]
    users: list[User] = cast["users"]  # type: ignore[assignment]
    sections: list[Section | None] = [*Section, None]
    disagreements = []
    for user, section, write in product(users, sections, (False, True)):
        listed = set(policy.dossiers_with_section(user, section, write=write).values_list("pk", flat=True))
        for dossier in dossiers:
            access = dossier_access(user, dossier)
            if access is None:
                expected = False
            elif section is None:
                expected = access.is_full
            else:
                expected = (
                    section in access.sections
                    and (access.may_write or not write)
                    and not (access.pseudonymised and access.consultations)
                )
            if (dossier.pk in listed) != expected:
                disagreements.append((user.username, user.role, dossier.status, section, write, expected))
    assert not disagreements
    involved, in_triage, _foreign = dossiers
    generalist, colleague, _leader, consulted, pseudonymised, specialist, _emergency, _outsider = users
    assert involved in policy.dossiers_with_section(specialist, Section.BESLUITEN)
    assert involved not in policy.dossiers_with_section(specialist, Section.BESLUITEN, write=True)
    assert involved not in policy.dossiers_with_section(consulted, Section.BESLUITEN)
    assert involved not in policy.dossiers_with_section(pseudonymised, Section.PLAN)
    assert in_triage in policy.dossiers_with_section(colleague, Section.MELDINGEN, write=True)
    assert in_triage not in policy.dossiers_with_section(colleague, Section.BESLUITEN)
    assert involved in policy.dossiers_with_section(generalist, None, write=True)


def test_the_grounds_of_a_list_are_separate_lookups_joined_by_union(teamleider) -> None:
    # OR'ed in one condition the grounds made the database test every dossier of the city (the besluiten and
    # berichttaken lists); each ground is an index lookup of its own, like `visible_dossiers`.
    sql = str(policy.dossiers_with_section(teamleider, Section.MELDINGEN, write=True).query).upper()
    assert sql.count("UNION") >= 3
