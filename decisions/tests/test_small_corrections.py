"""Issue 10, item 7: the Awb article for postponing a Wmo decision, and the Wlz warning while preparing one."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from accounts.models import User
from catalogue.codes import Law
from catalogue.models import Aanbieder, Voorziening
from consent.tests.support import logged_in
from deadlines.terms import compute_deadline
from decisions import services
from decisions.models import OtherLawKind
from dossiers.models import Dossier
from dossiers.services import postpone_deadline
from testsupport.decision_factories import VoorzieningFactory, aanvraag_for

pytestmark = pytest.mark.django_db

WLZ_WARNING = "Wlz-indicatie"


def test_postponing_the_wmo_beschikking_term_cites_awb_4_14_lid_1() -> None:
    postponed = compute_deadline("WMO_BESCHIKKING", date(2026, 3, 2)).postpone(2, "Advies van de GGD is nodig")
    assert "Awb art. 4:14 lid 1" in postponed.adjustments[0]
    assert "lid 3" not in postponed.adjustments[0]


def test_postponing_the_eight_week_awb_term_cites_awb_4_14_lid_3() -> None:
    """Jeugdwet and Participatiewet set no term of their own: Awb 4:13 lid 2, so 4:14 lid 3."""
    postponed = compute_deadline("AWB_BESCHIKKING", date(2026, 3, 5)).postpone(2, "Advies van de GGD is nodig")
    assert "Awb art. 4:14 lid 3" in postponed.adjustments[0]


def test_a_postponed_wmo_aanvraag_shows_awb_4_14_lid_1_on_its_deadline(
    dossier: Dossier, generalist: User, begeleiding: Voorziening
) -> None:
    aanvraag = services.submit_aanvraag(
        dossier,
        generalist,
        inwoner=dossier.huishouden.members.get(),
        law=Law.WMO,
        received_on=date.today(),
        description="Hulp bij de administratie",
        voorzieningen=[begeleiding],
    )
    assert aanvraag.deadline is not None
    postpone_deadline(aanvraag.deadline, 2, "Advies van de GGD is nodig", generalist)
    aanvraag.deadline.refresh_from_db()
    assert any("Awb art. 4:14 lid 1" in line for line in aanvraag.deadline.adjustments)


def _wlz(dossier: Dossier, generalist: User) -> None:
    services.record_indication(
        dossier,
        generalist,
        inwoner=dossier.huishouden.members.get(),
        kind=OtherLawKind.WLZ,
        valid_from=date.today() - timedelta(days=30),
        valid_to=None,
        note="",
    )


def test_the_wlz_warning_shows_while_the_wmo_beschikking_is_prepared(
    dossier: Dossier, generalist: User, begeleiding: Voorziening
) -> None:
    _wlz(dossier, generalist)
    aanvraag = aanvraag_for(dossier, begeleiding)
    response = logged_in(generalist).get(reverse("decisions:beschikking_nieuw", args=[aanvraag.pk]))
    assert response.status_code == 200
    content = response.content.decode()
    assert WLZ_WARNING in content and "Zorg uit de Wlz gaat voor" in content


def test_the_wlz_warning_shows_on_a_draft_beschikking(
    dossier: Dossier, generalist: User, begeleiding: Voorziening, aanbieder: Aanbieder
) -> None:
    _wlz(dossier, generalist)
    aanvraag = aanvraag_for(dossier, begeleiding)
    start = date.today()
    draft = services.prepare_beschikking(
        aanvraag,
        generalist,
        outcome="toekenning",
        motivation="Uit het onderzoek blijkt dat begeleiding nodig is.",
        legal_basis="Wmo 2015 art. 2.3.5",
        eigen_bijdrage=True,
        regels=[
            services.RegelInput(
                voorziening=begeleiding, volume=3, start=start, end=start + timedelta(weeks=10), aanbieder=aanbieder
            )
        ],
    )
    response = logged_in(generalist).get(reverse("decisions:beschikking", args=[draft.pk]))
    assert WLZ_WARNING in response.content.decode()


def test_no_wlz_warning_without_an_indication_or_for_the_participatiewet(
    dossier: Dossier, generalist: User, begeleiding: Voorziening
) -> None:
    client = logged_in(generalist)
    aanvraag = aanvraag_for(dossier, begeleiding)
    assert WLZ_WARNING not in client.get(reverse("decisions:beschikking_nieuw", args=[aanvraag.pk])).content.decode()
    _wlz(dossier, generalist)
    bijstand = VoorzieningFactory(law=Law.PARTICIPATIEWET, name="Bijzondere bijstand")
    other = aanvraag_for(dossier, bijstand, law=Law.PARTICIPATIEWET)
    assert WLZ_WARNING not in client.get(reverse("decisions:beschikking_nieuw", args=[other.pk])).content.decode()
