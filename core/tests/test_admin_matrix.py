"""The admin (`/beheer/`) in the role × URL matrix: configuration for the functioneel beheerder, nothing else.

`core/tests/test_access_rules.py` walks the project's own URLs; the admin has Django's staff and
permission checks, so it is walked here, model by model, from the admin registry — a model
registered later is covered without anyone touching this file:

* no model the admin shows holds residents' data (it points at no person, household or dossier),
  so the beheerder, who must never see personal data, cannot reach it there;
* every role except the functioneel beheerder is kept out of every admin page;
* the beheerder has no add, change or delete on what decides who may do what: groups,
  permissions and second-factor devices (issue 9, finding 3; the account screens themselves are
  tested in accounts/tests/test_admin_escalation.py).
"""

from typing import Any

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.db import models
from django.test import Client
from django.urls import reverse

from accounts.models import Role, User
from dossiers.models import Dossier
from residents.models import Huishouden, Inwoner
from testsupport.factories import UserFactory

REGISTRY = sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)
#: Models whose rows decide who may do what: the beheerder may at most look at them.
SECURITY_MODELS = frozenset({"auth.Group", "auth.Permission", "otp_totp.TOTPDevice"})


def _label(item: tuple[type[models.Model], Any]) -> str:
    return item[0]._meta.label


def _admin_url(model: type[models.Model], view: str, *args: object) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def _shown_models(model: type[models.Model], model_admin: Any) -> list[type[models.Model]]:
    return [model, *(inline.model for inline in model_admin.inlines)]


#: Admin screens of a model that points at a resident but never shows them, each with why.
SHOWS_NO_RESIDENT = {
    # The beheerder records a parent with authority, curator, mentor or bewindvoerder by the resident's BSN; the list
    # and the form show only the representative and the representation, never the represented resident, and only
    # the representations the beheerder recorded (portal/admin.py).
    "portal.Representation",
}


def test_no_admin_screen_shows_residents_data() -> None:
    personal = (Inwoner, Huishouden, Dossier)
    showing = [
        shown._meta.label
        for model, model_admin in REGISTRY
        for shown in _shown_models(model, model_admin)
        if shown._meta.label not in SHOWS_NO_RESIDENT
        and (
            shown in personal
            or any(
                field.concrete and field.is_relation and field.related_model in personal
                for field in shown._meta.get_fields()
            )
        )
    ]
    assert not showing, f"{showing} would show residents' data to the functioneel beheerder in /beheer/"


@pytest.fixture
def beheerder(db: None) -> User:
    user: User = UserFactory(role=Role.FUNCTIONEEL_BEHEERDER, is_staff=True)  # type: ignore[assignment]
    user.groups.add(Group.objects.get(name="Functioneel beheer"))
    return user


def _as(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("role", [role for role in Role.values if role != Role.FUNCTIONEEL_BEHEERDER])
def test_only_the_functioneel_beheerder_enters_the_admin(db: None, role: str) -> None:
    client = _as(UserFactory(role=role))  # type: ignore[arg-type]
    urls = [reverse("admin:index")] + [_admin_url(model, "changelist") for model, _model_admin in REGISTRY]
    let_in = [url for url in urls if client.get(url).status_code == 200]
    assert not let_in, f"{role} reaches {let_in}"


@pytest.mark.parametrize("item", [item for item in REGISTRY if _label(item) in SECURITY_MODELS], ids=_label)
def test_the_beheerder_cannot_add_change_or_delete_security_rows(
    beheerder: User, item: tuple[type[models.Model], Any]
) -> None:
    model, _model_admin = item
    client = _as(beheerder)
    existing = model._default_manager.order_by("pk").first()
    assert client.get(_admin_url(model, "add")).status_code == 403
    assert client.post(_admin_url(model, "add"), {"name": "Alles mag"}).status_code == 403
    if existing is not None:
        page = client.get(_admin_url(model, "change", existing.pk))
        assert page.status_code in {200, 403}
        if page.status_code == 200:  # view-only: no way to save
            assert b'name="_save"' not in page.content
        assert client.post(_admin_url(model, "change", existing.pk), {"name": "Alles mag"}).status_code == 403
        assert client.post(_admin_url(model, "delete", existing.pk), {"post": "yes"}).status_code == 403
    assert not Group.objects.filter(name="Alles mag").exists()


def test_the_walk_covers_the_configuration_screens() -> None:
    labels = {_label(item) for item in REGISTRY}
    assert {"accounts.User", "organisation.Team", "auth.Group", "otp_totp.TOTPDevice"} <= labels
