"""Logging in to Mijn Wijkteam, the session, whose data a user sees, and what a representative may open."""

from datetime import timedelta

import pytest
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from audit.models import AccessAction, AccessBasis, AccessLogEntry
from portal.access import portal_dossier_ids
from portal.minors import allowed_scopes
from portal.models import ALL_SCOPES, PortalScope, RepresentationKind
from portal.principal import BSN_KEY, current_principal, idle_seconds
from testsupport.factories import InwonerFactory
from testsupport.portal import child, household_dossier, portal_client, representation

pytestmark = pytest.mark.django_db


def test_anyone_not_logged_in_is_sent_to_the_portal_login(team, generalist) -> None:
    response = Client().get(reverse("portal:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("portal:login"))


def test_a_staff_login_is_no_portal_login(client, generalist) -> None:
    client.force_login(generalist)
    response = client.get(reverse("portal:home"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("portal:login"))


def test_the_demo_digid_page_logs_a_synthetic_resident_in(team, generalist) -> None:
    dossier = household_dossier(team, generalist)
    resident = dossier.huishouden.members.get()
    client = Client()
    response = client.post(reverse("portal:demo_digid"), {"bsn": resident.bsn})
    assert response.status_code == 302 and response["Location"] == reverse("portal:home")
    page = client.get(reverse("portal:home"))
    assert page.status_code == 200
    assert resident.full_name in page.content.decode()
    assert AccessLogEntry.objects.filter(basis=AccessBasis.INWONER_ZELF, dossier_id=dossier.pk).exists()


def test_the_demo_digid_page_refuses_a_real_resident(team) -> None:
    real = InwonerFactory(is_synthetic=False)
    response = Client().post(reverse("portal:demo_digid"), {"bsn": real.bsn})
    assert response.status_code == 400
    assert BSN_KEY not in Client().session


@override_settings(DEMO_ENABLED=False)
def test_without_the_demo_there_is_no_demo_digid_page(team) -> None:
    resident = InwonerFactory()
    client = Client()
    assert client.get(reverse("portal:demo_digid")).status_code == 404
    assert client.post(reverse("portal:demo_digid"), {"bsn": resident.bsn}).status_code == 404
    assert "demo" not in client.get(reverse("portal:login")).content.decode().lower()


def test_production_settings_switch_the_demo_off(monkeypatch) -> None:
    """Without DEBUG and without DEMO_ENABLED in the environment, the settings leave the demo off."""
    import subprocess
    import sys

    environment = {
        "SECRET_KEY": "x" * 50,
        "DEBUG": "false",
        "ENV_FILE": "",
        "PATH": "/usr/bin:/bin",
        "AUDIT_CHAIN_KEY": "production-like-audit-key-for-this-test",
        "ALLOWED_HOSTS": "wijkteam.example.nl",
    }
    program = "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='config.settings'; django.setup(); from django.conf import settings; print(settings.DEMO_ENABLED)"
    result = subprocess.run(
        [sys.executable, "-c", program], env=environment, capture_output=True, text=True, check=False
    )
    assert result.stdout.strip() == "False", result.stderr


def test_a_portal_session_ends_after_at_most_fifteen_idle_minutes(team, generalist) -> None:
    dossier = household_dossier(team, generalist)
    client = portal_client(dossier.huishouden.members.get().bsn)
    assert idle_seconds() <= 15 * 60
    assert client.session.get_expiry_age() <= 15 * 60


def test_a_resident_reaches_only_the_dossiers_of_their_own_household(team, generalist, rf) -> None:
    mine = household_dossier(team, generalist)
    household_dossier(team, generalist)
    resident = mine.huishouden.members.get()
    client = portal_client(resident.bsn)
    request = rf.get("/")
    request.session = client.session
    principal = current_principal(request)
    assert principal is not None and principal.scopes == ALL_SCOPES
    assert portal_dossier_ids(principal) == [mine.pk]


def test_a_representative_sees_only_the_parts_they_were_given(team, generalist) -> None:
    dossier = household_dossier(team, generalist)
    resident = dossier.huishouden.members.get()
    carer = InwonerFactory()
    link = representation(resident, carer.bsn, scopes=[PortalScope.PLAN])
    client = portal_client(carer.bsn)
    client.post(reverse("portal:choose_person"), {"person": str(link.pk)})
    home = client.get(reverse("portal:home")).content.decode()
    assert resident.full_name in home
    entry = AccessLogEntry.objects.filter(basis=AccessBasis.VERTEGENWOORDIGER).latest("id")
    assert f"vertegenwoordiger {link.pk}" in entry.detail and entry.dossier_id == dossier.pk


def test_a_revoked_representation_ends_at_once(team, generalist, rf) -> None:
    dossier = household_dossier(team, generalist)
    resident = dossier.huishouden.members.get()
    carer = InwonerFactory()
    link = representation(resident, carer.bsn)
    client = portal_client(carer.bsn)
    client.post(reverse("portal:choose_person"), {"person": str(link.pk)})
    link.revoked_at = timezone.now()
    link.save()
    request = rf.get("/")
    request.session = client.session
    principal = current_principal(request)
    assert principal is not None and principal.is_self and principal.subject == carer


def test_nobody_can_choose_someone_they_do_not_represent(team, generalist) -> None:
    other = household_dossier(team, generalist).huishouden.members.get()
    stranger = InwonerFactory()
    foreign = representation(other, InwonerFactory().bsn)
    client = portal_client(stranger.bsn)
    response = client.post(reverse("portal:choose_person"), {"person": str(foreign.pk)}, follow=True)
    assert other.full_name not in response.content.decode()


@pytest.mark.parametrize(
    ("age", "agreed", "expected"),
    [
        (8, False, ALL_SCOPES),
        (13, False, {PortalScope.PLAN, PortalScope.REGISSEUR, PortalScope.BERICHTEN, PortalScope.TOESTEMMINGEN}),
        (13, True, ALL_SCOPES),
        (16, False, set()),
        (17, True, ALL_SCOPES),
        (18, True, set()),
    ],
)
def test_what_a_parent_with_authority_sees_follows_the_childs_age(age, agreed, expected) -> None:
    assert allowed_scopes(RepresentationKind.OUDER_MET_GEZAG, age, ALL_SCOPES, agreed) == frozenset(expected)


def test_a_child_under_sixteen_does_not_log_in_themself(team, generalist, rf) -> None:
    young = child(14)
    household_dossier(team, generalist, InwonerFactory(), young)
    client = portal_client(young.bsn)
    request = rf.get("/")
    request.session = client.session
    principal = current_principal(request)
    assert principal is not None and principal.subject is None and not principal.scopes


def test_a_scope_the_user_lacks_is_refused_and_logged(team, generalist, rf) -> None:
    from django.http import HttpResponse

    from portal.access import portal_view

    dossier = household_dossier(team, generalist)
    carer = InwonerFactory()
    link = representation(dossier.huishouden.members.get(), carer.bsn, scopes=[PortalScope.PLAN])
    client = portal_client(carer.bsn)
    client.post(reverse("portal:choose_person"), {"person": str(link.pk)})

    @portal_view(PortalScope.BESLUITEN)
    def decisions(request):  # type: ignore[no-untyped-def]
        return HttpResponse("besluiten")

    request = rf.get("/mijn/besluiten/")
    request.session = client.session
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    response = decisions(request)
    assert response.status_code == 403
    assert AccessLogEntry.objects.filter(action=AccessAction.DENIED, detail__contains="onderdeel besluiten").exists()
    assert timezone.now() - AccessLogEntry.objects.latest("id").at < timedelta(minutes=1)
