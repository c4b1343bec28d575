"""/beheer/ reads Dutch in Dutch, also where the text comes from an installed package.

Django's admin (the hidden column headers of the app list), django-axes (its app name, a filter) and django-otp (the
help texts and fieldsets of its authenticator form) have no Dutch of their own: core/admin.py and the small Dutch
catalogue core/locale/nl give them one; in English they keep the package's English.
"""

import pytest
from django.conf import settings
from django.test import Client

from accounts.models import User

ENGLISH_LEFTOVERS = ("Model name", "Add link", "Identity", "The user that this device belongs to", ">Axes<")


@pytest.fixture
def admin_client_in(db: None):
    user = User.objects.create_superuser("beheer-root", "root@example.org", "een-lang-genoeg-wachtwoord")

    def make(language: str) -> Client:
        client = Client()
        client.force_login(user)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        return client

    return make


@pytest.mark.parametrize("path", ["/beheer/", "/beheer/otp_totp/totpdevice/add/", "/beheer/axes/accessattempt/"])
def test_the_admin_has_no_english_package_texts_in_dutch(admin_client_in, path: str) -> None:
    response = admin_client_in("nl").get(path)
    page = response.content.decode()
    assert response.status_code == 200
    assert [text for text in ENGLISH_LEFTOVERS if text in page] == []


@pytest.mark.skipif("en" not in dict(settings.LANGUAGES), reason="English catalogues not compiled (make translations)")
def test_the_authenticator_form_reads_english_in_english(admin_client_in) -> None:
    page = admin_client_in("en").get("/beheer/otp_totp/totpdevice/add/").content.decode()
    assert "The staff member this app belongs to." in page and "Login codes (second step)" in page
    assert "Medewerker en app" not in page
