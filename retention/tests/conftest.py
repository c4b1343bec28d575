from datetime import date, datetime, time

import pytest
from django.utils import timezone

from accounts.models import Role
from catalogue.codes import Law
from dossiers.models import Dossier
from dossiers.transitions import CloseReason, Status
from organisation.models import Team
from testsupport.decision_factories import AanbiederFactory, VoorzieningFactory, aanvraag_for, sent_beschikking
from testsupport.factories import UserFactory, dossier_for


def aware(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(12, 0)))


def closed_dossier(team: Team, closed_on: date, *, opened_on: date | None = None, **kwargs) -> Dossier:
    """A dossier of one household, closed on `closed_on` (goals reached)."""
    opened = aware(opened_on or date(closed_on.year - 1, 1, 15))
    return dossier_for(
        team,
        status=Status.AFGESLOTEN,
        opened_at=opened,
        status_changed_at=aware(closed_on),
        closed_at=aware(closed_on),
        close_reason=CloseReason.DOELEN_BEREIKT,
        **kwargs,
    )


def with_decision(dossier: Dossier, law: str = Law.WMO, *, start: date, weeks: int = 26, aanbieder=None):
    """A sent, granted beschikking under `law` whose provision runs `weeks` from `start`."""
    voorziening = VoorzieningFactory(law=law)
    author = dossier.regisseur or UserFactory(role=Role.CONSULENT)
    aanvraag = aanvraag_for(dossier, voorziening, law=law, received_on=start, created_by=author)
    return sent_beschikking(aanvraag, sent_on=start, weeks=weeks, aanbieder=aanbieder or AanbiederFactory())


@pytest.fixture
def privacy_officer(db):
    return UserFactory(role=Role.PRIVACY_OFFICER)


@pytest.fixture
def second_privacy_officer(db):
    return UserFactory(role=Role.PRIVACY_OFFICER)
