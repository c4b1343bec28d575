"""Filled in by its part of Mijn Wijkteam."""

from django.urls import URLPattern

app_name = "gesprekken"
urlpatterns: list[URLPattern] = []
