"""Berichten in Mijn Wijkteam, under /mijn/berichten/ in the "portal" namespace."""

from django.urls import path

from messaging import portal_views

urlpatterns = [
    path("", portal_views.berichten, name="berichten"),
    path("e-mailadres/", portal_views.email, name="berichten_email"),
]
