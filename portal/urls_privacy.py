"""Toestemmingen and Wie keek in mijn gegevens (portal/privacy_views.py)."""

from django.urls import path

from portal import privacy_views

urlpatterns = [
    path("toestemmingen/", privacy_views.toestemmingen, name="toestemmingen"),
    path(
        "toestemmingen/<int:consent_id>/intrekken/",
        privacy_views.toestemming_intrekken,
        name="toestemming_intrekken",
    ),
    path("inzage/", privacy_views.inzage, name="inzage"),
    path("inzage/<int:accesslogentry_id>/vraag/", privacy_views.inzage_vraag, name="inzage_vraag"),
]
