from django.test import Client
from django.urls import reverse


def test_login_page_is_public(client: Client, db: None) -> None:
    response = client.get(reverse("accounts:login"))
    assert response.status_code == 200
    assert "Inloggen" in response.content.decode()


def test_home_requires_login(client: Client, db: None) -> None:
    response = client.get(reverse("core:home"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]
