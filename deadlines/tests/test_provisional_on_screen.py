"""Screens say next to a stored date when it depends on a year without a known Royal Decree (Atw art. 3 lid 3)."""

from datetime import date

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format

from deadlines.models import EquatedDay, EquatedDayDecree
from dossiers.tests.views_support import logged_in, with_deadline
from dossiers.transitions import Status
from testsupport.factories import dossier_for

pytestmark = pytest.mark.django_db

NOT_YET_DECREED_2029 = "gelijkgestelde dagen voor 2029 nog niet vastgesteld bij Koninklijk Besluit"


def _termijnen(content: str) -> str:
    return content[content.index('id="termijnen-kop"') :]


def test_a_deadline_past_the_last_decree_is_marked_provisional_on_the_dossier(team, generalist) -> None:
    dossier = dossier_for(team, status=Status.IN_ONDERZOEK, regisseur=generalist)
    with_deadline(dossier, date(2029, 5, 14))
    content = _termijnen(logged_in(generalist).get(reverse("dossiers:detail", args=[dossier.pk])).content.decode())
    assert date_format(date(2029, 5, 14)) in content
    assert "voorlopig" in content
    assert NOT_YET_DECREED_2029 in content


def test_a_deadline_within_the_known_decrees_is_not_marked_provisional(team, generalist) -> None:
    dossier = dossier_for(team, status=Status.IN_ONDERZOEK, regisseur=generalist)
    with_deadline(dossier, date(2026, 5, 4))
    content = _termijnen(logged_in(generalist).get(reverse("dossiers:detail", args=[dossier.pk])).content.decode())
    assert date_format(date(2026, 5, 4)) in content
    assert "Koninklijk Besluit" not in content


def test_the_mark_goes_once_the_beheerder_adds_the_decree(team, generalist) -> None:
    dossier = dossier_for(team, status=Status.IN_ONDERZOEK, regisseur=generalist)
    with_deadline(dossier, date(2029, 5, 14))
    decree = EquatedDayDecree.objects.create(
        title="Besluit gelijkstelling 2029–2031", reference="Stcrt. 2028, 1", first_year=2029, last_year=2031
    )
    EquatedDay.objects.create(decree=decree, date=date(2029, 5, 11), name="Vrijdag na Hemelvaartsdag")
    content = _termijnen(logged_in(generalist).get(reverse("dossiers:detail", args=[dossier.pk])).content.decode())
    assert "Koninklijk Besluit" not in content


def test_the_provisional_note_reads_in_the_language_of_the_screen() -> None:
    template = Template("{% load deadlines_tags %}{% provisional_note start due %}")
    with translation.override("en"):
        html = template.render(Context({"start": date(2029, 5, 1), "due": date(2029, 5, 14)}))
    assert "provisional" in html
    assert "equated days for 2029 not yet set by Royal Decree (Atw art. 3 lid 3)" in html
