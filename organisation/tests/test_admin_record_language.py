"""A team membership changed in the admin is recorded in Dutch (access log, review list) when the beheerder's
screen is English (ADR 0016): the words the team admin adds to the record ("verwijderd", "gewijzigd") included."""

from datetime import date
from types import SimpleNamespace
from typing import Any

import pytest
from django.contrib.admin.sites import site
from django.test import RequestFactory
from django.utils import translation
from django.utils.translation import gettext

from accounts.models import Role, User
from consent.models import ReviewItem, ReviewKind
from organisation.models import Team, TeamMembership
from testsupport.factories import UserFactory, member_of

pytestmark = pytest.mark.django_db


def _save_in_english(team: Team, actor: User, **changes: Any) -> None:
    """What the team admin does after a valid POST, with English active as the language switch sets it."""
    formset = SimpleNamespace(
        model=TeamMembership,
        save=lambda commit=True: None,
        save_m2m=lambda: None,
        deleted_objects=changes.get("deleted", []),
        changed_objects=changes.get("changed", []),
        new_objects=[],
    )
    request = RequestFactory().post("/beheer/")
    request.user = actor
    with translation.override("en"):
        assert gettext("verwijderd") == "removed", "the English catalogue is in use"
        site._registry[Team].save_formset(request, None, formset, change=True)


@pytest.fixture
def actor() -> User:
    return UserFactory(role=Role.FUNCTIONEEL_BEHEERDER, is_staff=True)  # type: ignore[return-value]


def test_a_membership_removed_in_english_is_recorded_as_verwijderd(team: Team, actor: User) -> None:
    member_of(team, UserFactory(role=Role.GENERALIST))
    membership = TeamMembership.objects.get(team=team)

    _save_in_english(team, actor, deleted=[membership])

    summary = ReviewItem.objects.get(kind=ReviewKind.ACCOUNT, team=team).summary
    assert "verwijderd" in summary and "removed" not in summary


def test_a_membership_changed_in_english_is_recorded_as_gewijzigd(team: Team, actor: User) -> None:
    member_of(team, UserFactory(role=Role.GENERALIST))
    membership = TeamMembership.objects.get(team=team)
    membership.end = date(2030, 1, 1)

    _save_in_english(team, actor, changed=[(membership, ["end"])])

    summary = ReviewItem.objects.get(kind=ReviewKind.ACCOUNT, team=team).summary
    assert "gewijzigd (end)" in summary and "changed" not in summary
