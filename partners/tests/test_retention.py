"""Rejected partner meldingen are removed after their term; waiting ones never are."""

from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone

from audit.models import AccessLogEntry
from partners.models import Partner, PartnerMelding
from partners.retention import remove_expired

pytestmark = pytest.mark.django_db

TODAY = date(2026, 12, 1)


def _received(partner: Partner, *, rejected_days_ago: int | None) -> PartnerMelding:
    rejected = (
        None
        if rejected_days_ago is None
        else timezone.make_aware(datetime.combine(TODAY - timedelta(days=rejected_days_ago), datetime.min.time()))
    )
    return PartnerMelding.objects.create(
        partner=partner, achternaam="Jansen", description="Zorgen", rejected_at=rejected, rejection_reason="Elders"
    )


def test_a_rejected_melding_goes_after_the_term_and_the_removal_is_logged_without_the_person(
    huisarts: Partner, settings
) -> None:
    settings.PARTNERMELDINGEN_BEWAARTERMIJN_MAANDEN = 12
    old = _received(huisarts, rejected_days_ago=400)
    recent = _received(huisarts, rejected_days_ago=100)

    assert remove_expired(TODAY) == 1

    assert list(PartnerMelding.objects.values_list("pk", flat=True)) == [recent.pk]
    line = AccessLogEntry.objects.get(object_type="partnermelding", object_id=str(old.pk))
    assert "Jansen" not in line.detail


def test_a_waiting_melding_is_never_removed(huisarts: Partner, settings) -> None:
    settings.PARTNERMELDINGEN_BEWAARTERMIJN_MAANDEN = 1
    waiting = _received(huisarts, rejected_days_ago=None)
    PartnerMelding.objects.filter(pk=waiting.pk).update(received_at=timezone.now() - timedelta(days=2000))

    assert remove_expired(TODAY) == 0
    assert PartnerMelding.objects.filter(pk=waiting.pk).exists()
