"""Participatiewet art. 52: a bijstand aanvraag starts the voorschot term of 4 weeks next to the Awb term."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils.formats import date_format

from accounts.models import User
from catalogue.codes import Law
from catalogue.models import Voorziening
from decisions import services
from decisions.models import Aanvraag
from dossiers.models import Dossier
from dossiers.tests.views_support import logged_in
from testsupport.decision_factories import VoorzieningFactory

pytestmark = pytest.mark.django_db


def _submit(dossier: Dossier, actor: User, voorziening: Voorziening) -> Aanvraag:
    inwoner = dossier.huishouden.members.first()
    assert inwoner is not None
    return services.submit_aanvraag(
        dossier,
        actor,
        inwoner=inwoner,
        law=voorziening.law,
        received_on=date(2026, 3, 2),
        description="Geen inkomen sinds de scheiding",
        voorzieningen=[voorziening],
    )


def test_participatiewet_aanvraag_starts_the_awb_term_and_the_voorschot_term_of_four_weeks(
    dossier: Dossier, generalist: User
) -> None:
    aanvraag = _submit(dossier, generalist, VoorzieningFactory(law=Law.PARTICIPATIEWET, name="Bijstand"))
    assert aanvraag.deadline is not None and aanvraag.deadline.term_code == "AWB_BESCHIKKING"
    voorschot = aanvraag.voorschot_deadline
    assert voorschot is not None
    assert (voorschot.term_code, voorschot.start, voorschot.due) == (
        "PW_VOORSCHOT",
        date(2026, 3, 2),
        date(2026, 3, 30),
    )
    assert "art. 52" in voorschot.basis
    dossier.refresh_from_db()
    assert dossier.next_deadline == date(2026, 3, 30)


def test_participatiewet_aanvraag_page_shows_the_voorschot_term(dossier: Dossier, generalist: User) -> None:
    aanvraag = _submit(dossier, generalist, VoorzieningFactory(law=Law.PARTICIPATIEWET, name="Bijstand"))
    page = logged_in(generalist).get(reverse("decisions:aanvraag", args=[aanvraag.pk])).content.decode()
    assert "Voorschot" in page
    assert date_format(date(2026, 3, 30)) in page


def test_wmo_aanvraag_has_no_voorschot_term(dossier: Dossier, generalist: User, begeleiding: Voorziening) -> None:
    aanvraag = _submit(dossier, generalist, begeleiding)
    assert aanvraag.voorschot_deadline is None
    assert not dossier.deadlines.filter(term_code="PW_VOORSCHOT").exists()
