"""Break-the-glass: time-boxed, flagged, and on the review lists of the teamleider and privacy officer."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from audit.models import AccessAction, AccessBasis, AccessLogEntry
from consent.models import BreakGlass, ReviewItem, ReviewKind
from consent.tests.support import logged_in
from dossiers.selectors import dossier_access
from dossiers.transitions import Status
from testsupport.factories import UserFactory, dossier_for

REASON = "Crisismelding van de politie om 23:00, regisseur niet bereikbaar"


@pytest.fixture
def dossier(team, generalist):
    return dossier_for(team, status=Status.IN_ONDERZOEK, regisseur=generalist)


def test_team_member_not_involved_has_no_access_before(dossier, colleague) -> None:
    assert logged_in(colleague).get(reverse("dossiers:detail", args=[dossier.pk])).status_code == 404


def test_break_the_glass_gives_time_boxed_flagged_access(dossier, colleague, settings) -> None:
    settings.BREAK_THE_GLASS_HOURS = 2
    client = logged_in(colleague)
    response = client.post(reverse("consent:noodtoegang", args=[dossier.pk]), {"reason": REASON})
    assert response.status_code == 302
    access = BreakGlass.objects.get(user=colleague, dossier=dossier)
    assert timedelta(hours=1, minutes=59) < access.expires_at - access.started_at <= timedelta(hours=2)
    page = client.get(reverse("dossiers:detail", args=[dossier.pk]))
    assert page.status_code == 200
    assert "app-break-glass" in page.content.decode()
    entry = AccessLogEntry.objects.filter(user=colleague, action=AccessAction.VIEW).latest("id")
    assert entry.basis == AccessBasis.BREAK_THE_GLASS
    BreakGlass.objects.filter(pk=access.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert dossier_access(colleague, dossier) is None


def test_a_short_reason_is_refused(dossier, colleague) -> None:
    response = logged_in(colleague).post(reverse("consent:noodtoegang", args=[dossier.pk]), {"reason": "nodig"})
    assert response.status_code == 400
    assert not BreakGlass.objects.exists()


def test_break_the_glass_lands_on_both_review_lists(dossier, colleague, teamleider, other_team) -> None:
    logged_in(colleague).post(reverse("consent:noodtoegang", args=[dossier.pk]), {"reason": REASON})
    item = ReviewItem.objects.get(kind=ReviewKind.BREAK_THE_GLASS)
    privacy = UserFactory(role=Role.PRIVACY_OFFICER)
    other_leader = UserFactory(role=Role.TEAMLEIDER)
    from testsupport.factories import member_of

    member_of(other_team, other_leader, leader=True)
    assert REASON in logged_in(teamleider).get(reverse("consent:review")).content.decode()
    assert REASON in logged_in(privacy).get(reverse("consent:review")).content.decode()
    assert REASON not in logged_in(other_leader).get(reverse("consent:review")).content.decode()
    assert (
        logged_in(other_leader)
        .post(reverse("consent:review_afhandelen", args=[item.pk]), {f"review-{item.pk}-review_note": "ok"})
        .status_code
        == 404
    )
    response = logged_in(privacy).post(
        reverse("consent:review_afhandelen", args=[item.pk]), {f"review-{item.pk}-review_note": "Terecht gebruikt"}
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.reviewed_by == privacy and item.review_note == "Terecht gebruikt"


def test_generalist_cannot_open_the_review_list(generalist) -> None:
    assert logged_in(generalist).get(reverse("consent:review")).status_code == 403


def test_search_offers_break_the_glass_for_team_dossiers_only(dossier, colleague) -> None:
    inwoner = dossier.huishouden.members.get()
    response = logged_in(colleague).get(reverse("dossiers:zoeken"), {"q": inwoner.achternaam})
    content = response.content.decode()
    assert reverse("consent:noodtoegang", args=[dossier.pk]) in content
    assert inwoner.achternaam not in content.split("noodtoegang-kop")[1]
