"""Pages are Dutch and say so: lang="nl", and Django's own messages in Dutch, whatever the browser asks for."""

import pytest
from django.conf import settings
from django.urls import reverse

from consent.tests.support import logged_in
from dossiers.transitions import Status
from testsupport.factories import dossier_for


@pytest.mark.parametrize("browser_language", ["en-GB,en;q=0.9", "nl-NL,nl;q=0.9", "de"])
def test_a_form_with_errors_is_dutch_and_declared_lang_nl(team, generalist, browser_language) -> None:
    dossier = dossier_for(team, status=Status.IN_ONDERZOEK, regisseur=generalist)
    response = logged_in(generalist).post(
        reverse("consent:register", args=[dossier.pk]),
        {"recipient": "", "given_on": "31-02-2026"},
        HTTP_ACCEPT_LANGUAGE=browser_language,
    )
    content = response.content.decode()
    assert response.status_code == 400
    assert '<html lang="nl">' in content
    assert "Dit veld is verplicht." in content
    assert "Voer een geldige datum in." in content
    assert "This field is required." not in content
    assert "Enter a valid date." not in content


def test_only_languages_with_a_real_translation_are_offered() -> None:
    catalogue = settings.BASE_DIR / "core" / "locale" / "en" / "LC_MESSAGES" / "django.mo"
    offered = {code for code, _name in settings.LANGUAGES}
    assert settings.LANGUAGE_CODE == "nl"
    assert offered == ({"nl", "en"} if catalogue.exists() else {"nl"})
