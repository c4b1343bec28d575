"""A functioneel beheerder manages colleagues in /beheer/ but can never give itself (or anyone) access alone.

Finding 3 of issue 9: through the admin the beheerder could make itself superuser, take a casework role,
join a team, set anyone's password and delete their authenticator. Each test posts the admin form the way
a browser would (built from the page the beheerder gets) with the dangerous value added.
"""

from datetime import date, timedelta
from typing import Any

import pytest
from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import services
from accounts.models import AccountChangeRequest, ChangeRequestStatus, Role, User
from audit.models import AccessAction, AccessLogEntry
from consent.models import ReviewItem, ReviewKind
from organisation.models import Team, TeamMembership
from testsupport.factories import UserFactory, member_of

pytestmark = pytest.mark.django_db

PASSWORD = "geheim-wachtwoord-123"


def _beheerder(username: str = "ingrid") -> User:
    user: User = UserFactory(username=username, role=Role.FUNCTIONEEL_BEHEERDER, is_staff=True)  # type: ignore[assignment]
    user.groups.add(Group.objects.get(name="Functioneel beheer"))
    return user


@pytest.fixture
def beheerder() -> User:
    return _beheerder()


@pytest.fixture
def second_beheerder() -> User:
    return _beheerder("karim")


@pytest.fixture
def colleague(team: Team) -> User:
    return member_of(team, UserFactory(username="noor", role=Role.BELEIDSMEDEWERKER))


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _form_data(page: Any) -> dict[str, Any]:
    """The POST a browser sends for the admin change form as shown, inline formsets included."""
    form = page.context["adminform"].form
    data: dict[str, Any] = {}
    for name, field in form.fields.items():
        if field.disabled:
            continue
        value = form.initial.get(name)
        if isinstance(value, bool):
            if value:
                data[name] = "on"
        elif isinstance(value, list | tuple):
            data[name] = [getattr(item, "pk", item) for item in value]
        elif value is not None:
            data[name] = getattr(value, "pk", value)
    for inline in page.context["inline_admin_formsets"]:
        formset = inline.formset
        prefix = formset.prefix
        data[f"{prefix}-TOTAL_FORMS"] = str(formset.initial_form_count())
        data[f"{prefix}-INITIAL_FORMS"] = str(formset.initial_form_count())
        data[f"{prefix}-MIN_NUM_FORMS"] = "0"
        data[f"{prefix}-MAX_NUM_FORMS"] = "1000"
        for index, row in enumerate(formset.forms[: formset.initial_form_count()]):
            for name, field in row.fields.items():
                value = row.initial.get(name)
                if field.disabled or value is None or value is False:
                    continue
                data[f"{prefix}-{index}-{name}"] = "on" if value is True else getattr(value, "pk", value)
            data[f"{prefix}-{index}-id"] = row.instance.pk
    return data


def _user_url(user: User) -> str:
    return reverse("admin:accounts_user_change", args=[user.pk])


# --- The account form --------------------------------------------------------------------------------


def test_a_beheerder_cannot_make_itself_superuser_or_change_its_own_role(beheerder: User) -> None:
    client = _client(beheerder)
    page = client.get(_user_url(beheerder))
    assert page.status_code == 200, "the own account can be seen"
    data = {
        "username": beheerder.username,
        "role": Role.GENERALIST,
        "is_active": "on",
        "is_staff": "on",
        "is_superuser": "on",
        "groups": [Group.objects.get(name="Functioneel beheer").pk],
    }

    response = client.post(_user_url(beheerder), data)

    assert response.status_code == 403
    beheerder.refresh_from_db()
    assert not beheerder.is_superuser
    assert beheerder.role == Role.FUNCTIONEEL_BEHEERDER
    assert not AccountChangeRequest.objects.exists()


def test_a_beheerder_cannot_give_a_colleague_superuser_staff_groups_or_permissions(
    beheerder: User, colleague: User
) -> None:
    client = _client(beheerder)
    data = _form_data(client.get(_user_url(colleague)))
    data.update(
        {
            "is_superuser": "on",
            "is_staff": "on",
            "groups": [Group.objects.get(name="Functioneel beheer").pk],
            "user_permissions": [Permission.objects.get(codename="change_user").pk],
        }
    )

    response = client.post(_user_url(colleague), data)

    assert response.status_code == 302
    colleague.refresh_from_db()
    assert not colleague.is_superuser and not colleague.is_staff
    assert not colleague.groups.exists() and not colleague.user_permissions.exists()


def test_a_role_given_by_a_beheerder_waits_for_a_second_person(
    beheerder: User, second_beheerder: User, colleague: User
) -> None:
    client = _client(beheerder)
    data = _form_data(client.get(_user_url(colleague)))
    data["role"] = Role.GENERALIST

    response = client.post(_user_url(colleague), data)

    assert response.status_code == 302
    colleague.refresh_from_db()
    assert colleague.role == Role.BELEIDSMEDEWERKER, "no casework role before a second person approves"
    change = AccountChangeRequest.objects.get(user=colleague)
    assert change.changes == {"role": Role.GENERALIST} and change.status == ChangeRequestStatus.OPEN
    assert AccessLogEntry.objects.filter(user=beheerder, object_type="wijzigingsverzoek").exists()

    with pytest.raises(services.ValidationError):
        services.approve(None, change, by=beheerder)
    services.approve(None, change, by=second_beheerder)

    colleague.refresh_from_db()
    assert colleague.role == Role.GENERALIST
    item = ReviewItem.objects.get(kind=ReviewKind.ACCOUNT, actor=second_beheerder)
    assert item.dossier is None
    assert str(beheerder) in item.summary and str(second_beheerder) in item.summary, "requester and approver named"
    assert AccessLogEntry.objects.filter(
        user=second_beheerder, action=AccessAction.UPDATE, object_type="medewerker", object_id=str(colleague.pk)
    ).exists()


def test_the_second_person_approves_in_the_admin_list(beheerder: User, second_beheerder: User, colleague: User) -> None:
    change = services.request_change(None, actor=beheerder, user=colleague, changes={"role": Role.CONSULENT})
    url = reverse("admin:accounts_accountchangerequest_changelist")
    own = _client(beheerder).post(url, {"action": "approve_selected", "_selected_action": [change.pk]})
    assert own.status_code == 302
    change.refresh_from_db()
    assert change.status == ChangeRequestStatus.OPEN, "the requester cannot approve their own request"

    _client(second_beheerder).post(url, {"action": "approve_selected", "_selected_action": [change.pk]})

    change.refresh_from_db()
    colleague.refresh_from_db()
    assert change.status == ChangeRequestStatus.APPROVED and change.decided_by == second_beheerder
    assert colleague.role == Role.CONSULENT


def test_deactivating_an_account_takes_effect_at_once_and_is_logged_and_reviewed(
    beheerder: User, colleague: User
) -> None:
    client = _client(beheerder)
    data = _form_data(client.get(_user_url(colleague)))
    data.pop("is_active", None)

    client.post(_user_url(colleague), data)

    colleague.refresh_from_db()
    assert not colleague.is_active
    assert AccessLogEntry.objects.filter(user=beheerder, object_type="medewerker", action=AccessAction.UPDATE).exists()
    assert ReviewItem.objects.filter(kind=ReviewKind.ACCOUNT, actor=beheerder, summary__contains="is_active").exists()


def test_a_beheerder_cannot_change_a_superusers_account(beheerder: User) -> None:
    root: User = UserFactory(username="root", role="", is_staff=True, is_superuser=True)  # type: ignore[assignment]
    response = _client(beheerder).post(_user_url(root), {"username": "root", "email": "ingrid@example.org"})
    assert response.status_code == 403
    root.refresh_from_db()
    assert root.email == ""


def test_a_beheerder_cannot_delete_an_account(beheerder: User, colleague: User) -> None:
    url = reverse("admin:accounts_user_delete", args=[colleague.pk])
    response = _client(beheerder).post(url, {"post": "yes"})
    assert response.status_code == 403
    assert User.objects.filter(pk=colleague.pk).exists()


# --- Passwords and the second factor -----------------------------------------------------------------


def test_a_beheerder_cannot_set_another_users_password(beheerder: User, colleague: User) -> None:
    url = reverse("admin:auth_user_password_change", args=[colleague.pk])
    client = _client(beheerder)

    assert client.get(url).status_code == 403
    response = client.post(url, {"password1": "Overgenomen-account-1", "password2": "Overgenomen-account-1"})

    assert response.status_code == 403
    colleague.refresh_from_db()
    assert colleague.check_password(PASSWORD)
    assert AccessLogEntry.objects.filter(user=beheerder, action=AccessAction.DENIED, object_type="wachtwoord").exists()


def test_a_beheerder_cannot_delete_another_users_authenticator(beheerder: User, colleague: User) -> None:
    device = TOTPDevice.objects.create(user=colleague, name="Telefoon", confirmed=True)
    url = reverse("admin:otp_totp_totpdevice_delete", args=[device.pk])

    response = _client(beheerder).post(url, {"post": "yes"})

    assert response.status_code == 403
    assert TOTPDevice.objects.filter(pk=device.pk).exists()


def test_a_password_set_by_a_superuser_is_remembered_and_reviewed(colleague: User) -> None:
    root: User = UserFactory(username="root", role="", is_staff=True, is_superuser=True)  # type: ignore[assignment]
    url = reverse("admin:auth_user_password_change", args=[colleague.pk])

    response = _client(root).post(url, {"password1": "Nieuw-wachtwoord-2026", "password2": "Nieuw-wachtwoord-2026"})

    assert response.status_code == 302
    colleague.refresh_from_db()
    assert colleague.password_set_by == root
    assert ReviewItem.objects.filter(kind=ReviewKind.ACCOUNT, summary__contains="Wachtwoord").exists()


def test_whoever_created_an_account_with_a_password_cannot_also_issue_its_koppelcode(
    beheerder: User, second_beheerder: User
) -> None:
    client = _client(beheerder)
    response = client.post(
        reverse("admin:accounts_user_add"),
        {
            "username": "nieuw",
            "usable_password": "true",
            "password1": "Start-wachtwoord-99",
            "password2": "Start-wachtwoord-99",
        },
    )
    assert response.status_code == 302
    new = User.objects.get(username="nieuw")
    assert new.password_set_by == beheerder
    code_url = reverse("admin:accounts_user_enrolment_code", args=[new.pk])

    refused = client.post(code_url)

    assert "koppelcode" not in refused.context or refused.context["code"] is None
    assert refused.context["refusal"]
    assert not new.enrolment_codes.exists()
    issued = _client(second_beheerder).post(code_url)
    assert issued.context["code"] and new.enrolment_codes.count() == 1


def test_a_beheerder_issues_a_koppelcode_that_is_shown_once_and_unlinks_the_old_app(
    beheerder: User, colleague: User
) -> None:
    TOTPDevice.objects.create(user=colleague, name="Oude telefoon", confirmed=True)
    url = reverse("admin:accounts_user_enrolment_code", args=[colleague.pk])
    client = _client(beheerder)
    assert client.get(url).context["code"] is None, "a GET only asks to confirm"

    response = client.post(url)

    code = response.context["code"]
    assert code and code in response.content.decode()
    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]
    stored = colleague.enrolment_codes.get()
    assert code not in stored.code_hash and code.replace("-", "") not in stored.code_hash
    assert not TOTPDevice.objects.filter(user=colleague).exists()
    assert AccessLogEntry.objects.filter(user=beheerder, object_type="koppelcode").exists()
    assert ReviewItem.objects.filter(kind=ReviewKind.ACCOUNT, actor=beheerder, summary__contains="Koppelcode").exists()


def test_a_beheerder_cannot_issue_a_koppelcode_for_itself(beheerder: User) -> None:
    response = _client(beheerder).post(reverse("admin:accounts_user_enrolment_code", args=[beheerder.pk]))
    assert response.status_code == 403
    assert not beheerder.enrolment_codes.exists()


# --- Team memberships --------------------------------------------------------------------------------


def _team_url(team: Team) -> str:
    return reverse("admin:organisation_team_change", args=[team.pk])


def _with_new_membership(data: dict[str, Any], user: User, *, leader: bool = False) -> dict[str, Any]:
    prefix = "memberships"
    index = int(data[f"{prefix}-TOTAL_FORMS"])
    data[f"{prefix}-TOTAL_FORMS"] = str(index + 1)
    data.update(
        {
            f"{prefix}-{index}-user": user.pk,
            f"{prefix}-{index}-fte": "1.00",
            f"{prefix}-{index}-home_organisation": "Gemeente",
            f"{prefix}-{index}-start": date.today().isoformat(),
        }
    )
    if leader:
        data[f"{prefix}-{index}-is_leader"] = "on"
    return data


def _team_with_area(team: Team) -> Team:
    from organisation.models import Wijk

    wijk = Wijk.objects.create(gemeente=team.gemeente, name="Centrum", cbs_code=f"WK{team.pk:06d}")
    team.wijken.add(wijk)
    return team


def test_a_beheerder_cannot_add_itself_to_a_team(beheerder: User, team: Team) -> None:
    client = _client(beheerder)
    data = _with_new_membership(_form_data(client.get(_team_url(_team_with_area(team)))), beheerder)

    response = client.post(_team_url(team), data)

    assert response.status_code == 200, "the form is shown again with the refusal"
    assert not TeamMembership.objects.filter(user=beheerder).exists()
    assert not AccountChangeRequest.objects.filter(user=beheerder).exists()


def test_a_membership_added_by_a_beheerder_waits_for_a_second_person(
    beheerder: User, second_beheerder: User, team: Team
) -> None:
    newcomer: User = UserFactory(username="jan", role=Role.GENERALIST)  # type: ignore[assignment]
    client = _client(beheerder)
    data = _with_new_membership(_form_data(client.get(_team_url(_team_with_area(team)))), newcomer, leader=True)

    response = client.post(_team_url(team), data)

    assert response.status_code == 302
    assert not TeamMembership.objects.filter(user=newcomer).exists(), "no team access before approval"
    change = AccountChangeRequest.objects.get(user=newcomer, team=team)
    services.approve(None, change, by=second_beheerder)
    membership = TeamMembership.objects.get(user=newcomer, team=team)
    assert membership.is_leader and membership.start == date.today()
    item = ReviewItem.objects.get(kind=ReviewKind.ACCOUNT, team=team)
    assert item.dossier is None


def test_a_beheerder_may_end_a_membership_at_once_but_not_extend_one(
    beheerder: User, team: Team, colleague: User
) -> None:
    client = _client(beheerder)
    url = _team_url(_team_with_area(team))
    data = _form_data(client.get(url))
    ending = date.today() + timedelta(days=1)
    data["memberships-0-end"] = ending.isoformat()
    data["memberships-0-is_leader"] = "on"  # disabled for existing rows: ignored

    assert client.post(url, data).status_code == 302

    membership = TeamMembership.objects.get(user=colleague, team=team)
    assert membership.end == ending and not membership.is_leader
    assert ReviewItem.objects.filter(kind=ReviewKind.ACCOUNT, team=team, summary__contains="gewijzigd").exists()

    data = _form_data(client.get(url))
    data["memberships-0-end"] = ""
    response = client.post(url, data)
    assert response.status_code == 200
    membership.refresh_from_db()
    assert membership.end == ending, "removing the end date would give access again"


def test_account_changes_reach_the_privacy_officers_review_list(beheerder: User, colleague: User) -> None:
    services.issue_enrolment_code(None, user=colleague, by=beheerder)
    officer: User = UserFactory(role=Role.PRIVACY_OFFICER)  # type: ignore[assignment]

    page = _client(officer).get(reverse("consent:review"))

    assert page.status_code == 200
    assert "Koppelcode voor" in page.content.decode()


# --- The group itself --------------------------------------------------------------------------------


def test_functioneel_beheer_has_no_rights_on_groups_permissions_devices_or_deleting_accounts() -> None:
    granted = {
        f"{app}.{codename}"
        for app, codename in Group.objects.get(name="Functioneel beheer").permissions.values_list(
            "content_type__app_label", "codename"
        )
    }
    assert not {p for p in granted if p.startswith("auth.")}
    assert "accounts.delete_user" not in granted
    assert not {"otp_totp.delete_totpdevice", "otp_totp.add_totpdevice", "otp_totp.change_totpdevice"} & granted
    assert {"accounts.change_user", "accounts.view_accountchangerequest"} <= granted
