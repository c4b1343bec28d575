"""The export a resident makes themself names notes in special sections but does not quote them (ADR 0019)."""

import pytest

from audit.inzage import WITHHELD_NOTE, build_inzage
from dossiers.models import DossierNote
from dossiers.sections import Section
from testsupport.portal import household_dossier

pytestmark = pytest.mark.django_db


def _notes(data: dict) -> list[dict]:
    return [note for dossier in data["dossiers"] for note in dossier["notities"]]


def test_the_residents_own_export_withholds_the_text_of_a_special_section_note(team, generalist) -> None:
    dossier = household_dossier(team, generalist)
    resident = dossier.huishouden.members.get()
    DossierNote.objects.create(
        dossier=dossier, section=Section.VEILIGHEID, text="Zorgen over de partner", author=generalist
    )
    DossierNote.objects.create(dossier=dossier, section=Section.PLAN, text="Afspraak gemaakt", author=generalist)

    own = _notes(build_inzage(resident, prepared_by=None, history=False))
    assert {note["tekst"] for note in own} == {WITHHELD_NOTE, "Afspraak gemaakt"}
    assert any(note["onderdeel"] == str(Section.VEILIGHEID.label) for note in own)


def test_the_privacy_officers_export_keeps_the_whole_note(team, generalist) -> None:
    from testsupport.factories import UserFactory

    officer = UserFactory(role="privacy_officer")
    dossier = household_dossier(team, generalist)
    DossierNote.objects.create(
        dossier=dossier, section=Section.VEILIGHEID, text="Zorgen over de partner", author=generalist
    )
    notes = _notes(build_inzage(dossier.huishouden.members.get(), prepared_by=officer, history=False))
    assert [note["tekst"] for note in notes] == ["Zorgen over de partner"]
