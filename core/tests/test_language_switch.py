"""The language switch in the header: Dutch by default, English on request, back to Dutch, never elsewhere."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.skipif(
    "en" not in dict(settings.LANGUAGES), reason="English catalogues not compiled (make translations)"
)
LOGIN = "/account/inloggen/"


def test_pages_are_dutch_until_the_user_chooses_english_whatever_the_browser_asks() -> None:
    page = Client().get(LOGIN, HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9").content.decode()
    assert '<html lang="nl">' in page
    assert 'name="language" value="en" lang="en"' in page


def test_switching_to_english_and_back() -> None:
    client = Client()
    switched = client.post(reverse("core:set_language"), {"language": "en", "next": LOGIN})
    assert switched.status_code == 302 and switched["Location"] == LOGIN
    cookie = switched.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie.value == "en" and cookie["httponly"] and cookie["samesite"] == "Lax" and cookie["secure"]
    english = client.get(LOGIN)
    page = english.content.decode()
    assert '<html lang="en">' in page and english["Content-Language"] == "en"
    assert "Log in" in page and "Inloggen" not in page
    assert 'name="language" value="nl" lang="nl"' in page

    client.post(reverse("core:set_language"), {"language": "nl", "next": LOGIN})
    assert '<html lang="nl">' in client.get(LOGIN).content.decode()


@pytest.mark.parametrize("hostile", ["https://evil.example/", "//evil.example/", "javascript:alert(1)"])
def test_the_switch_returns_only_to_this_site(hostile: str) -> None:
    response = Client().post(reverse("core:set_language"), {"language": "en", "next": hostile})
    assert response.status_code == 302
    assert "evil" not in response["Location"] and "javascript" not in response["Location"]


def test_an_unknown_language_changes_nothing() -> None:
    client = Client()
    client.post(reverse("core:set_language"), {"language": "de", "next": LOGIN})
    assert '<html lang="nl">' in client.get(LOGIN).content.decode()


def test_the_switch_needs_a_csrf_token() -> None:
    response = Client(enforce_csrf_checks=True).post(reverse("core:set_language"), {"language": "en", "next": LOGIN})
    assert response.status_code == 403
