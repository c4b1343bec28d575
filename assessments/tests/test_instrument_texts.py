"""The seeded ZRM texts read in English on an English screen; what a beheerder writes stays as written."""

from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils import translation

from assessments import instrument_texts
from assessments.models import Instrument

CATALOGUE = Path(settings.BASE_DIR) / "assessments" / "locale" / "en" / "LC_MESSAGES" / "django.po"
english_compiled = pytest.mark.skipif(
    "en" not in dict(settings.LANGUAGES), reason="English catalogues not compiled (make translations)"
)


def _seeded_texts() -> set[str]:
    instrument = Instrument.objects.get(code="zrm-2017")
    texts = {instrument.name}
    for domain in instrument.domains.all():
        texts |= {domain.name, domain.description}
    for level in instrument.levels.all():  # type: ignore[attr-defined]
        texts |= {level.label, level.description}
    return texts


def test_every_text_the_migrations_seed_is_listed_for_translation(db):
    assert _seeded_texts() == set(instrument_texts.ALL)


def test_every_listed_text_has_an_english_translation_in_the_catalogue():
    english = {entry.msgid: entry.msgstr for entry in polib.pofile(str(CATALOGUE)) if entry.translated()}
    assert [text for text in instrument_texts.ALL if not english.get(text)] == []


@english_compiled
def test_an_english_screen_shows_the_seeded_names_and_descriptions_in_english(db):
    instrument = Instrument.objects.get(code="zrm-2017")
    financien = instrument.domains.get(code="financien")
    acute = instrument.levels.get(value=1)

    with translation.override("en"):
        assert financien.shown_name == "Finances"
        assert financien.shown_description.startswith("Income, fixed costs")
        assert str(acute) == "1 Acute problems"
        assert acute.shown_description.startswith("The situation is unsafe")
        assert "ZRM" in instrument.shown_name
    assert financien.shown_name == financien.name == "Financiën"


@english_compiled
def test_a_text_a_beheerder_wrote_is_shown_as_written_in_every_language(db):
    domain = Instrument.objects.get(code="zrm-2017").domains.get(code="justitie")
    domain.description = "Eigen uitleg van de gemeente."
    domain.save()
    empty = Instrument.objects.get(code="zrm-2017").domains.get(code="financien")
    empty.description = ""

    with translation.override("en"):
        assert domain.shown_description == "Eigen uitleg van de gemeente."
        assert empty.shown_description == ""
