"""Logging in with DigiD (portal/digid_views.py): both 404 unless the beheerder switched DigiD on."""

from django.urls import URLPattern, path

from portal import digid_views

urlpatterns: list[URLPattern] = [
    path("inloggen/digid/", digid_views.digid_start, name="digid_start"),
    path("inloggen/digid/terug/", digid_views.digid_callback, name="digid_callback"),
]
