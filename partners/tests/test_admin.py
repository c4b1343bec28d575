"""The functioneel beheerder sets up partners in /beheer/: scopes as checkboxes, a service account, no delete."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from accounts.models import Role, User
from partners.models import Partner, PartnerKind, Scope
from testsupport.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def beheerder() -> Client:
    user: User = UserFactory(role=Role.FUNCTIONEEL_BEHEERDER, is_staff=True)  # type: ignore[assignment]
    user.groups.add(Group.objects.get(name="Functioneel beheer"))
    client = Client()
    client.force_login(user)
    return client


def _form(**overrides: object) -> dict[str, object]:
    values: dict[str, object] = {
        "name": "Woonstad",
        "code": "woonstad",
        "kind": PartnerKind.WONINGVERHUURDER,
        "route": "woningcorporatie",
        "scopes": [Scope.MELDINGEN, Scope.VROEGSIGNALEN],
        "active": "on",
        "rate_limit_per_minute": 60,
        "contact_email": "",
    }
    values.update(overrides)
    return values


def test_the_beheerder_adds_a_partner_with_its_scopes_and_it_gets_a_service_account(beheerder: Client) -> None:
    response = beheerder.post(reverse("admin:partners_partner_add"), _form())

    assert response.status_code == 302
    partner = Partner.objects.get(code="woonstad")
    assert partner.scopes == [Scope.MELDINGEN, Scope.VROEGSIGNALEN]
    assert partner.service_user is not None and not partner.service_user.is_active


def test_the_scopes_are_checkboxes(beheerder: Client) -> None:
    page = beheerder.get(reverse("admin:partners_partner_add")).content.decode()

    assert 'type="checkbox" name="scopes" value="meldingen"' in page


def test_an_unknown_scope_is_refused(beheerder: Client) -> None:
    response = beheerder.post(reverse("admin:partners_partner_add"), _form(scopes=["alles"]))

    assert response.status_code == 200
    assert not Partner.objects.exists()


def test_a_partner_cannot_be_deleted_only_made_inactive(beheerder: Client) -> None:
    partner = Partner.objects.create(name="School", code="school", kind=PartnerKind.SCHOOL)

    response = beheerder.post(reverse("admin:partners_partner_delete", args=[partner.pk]), {"post": "yes"})

    assert response.status_code == 403
    assert Partner.objects.filter(pk=partner.pk).exists()


def test_the_code_of_a_partner_does_not_change(beheerder: Client) -> None:
    partner = Partner.objects.create(name="Woonstad", code="woonstad", kind=PartnerKind.WONINGVERHUURDER)

    response = beheerder.post(reverse("admin:partners_partner_change", args=[partner.pk]), _form(code="anders"))

    assert response.status_code == 200
    assert Partner.objects.get(pk=partner.pk).code == "woonstad"


def test_partner_meldingen_are_not_in_the_admin(beheerder: Client) -> None:
    from django.contrib import admin

    from partners.models import PartnerMelding

    assert PartnerMelding not in admin.site._registry
