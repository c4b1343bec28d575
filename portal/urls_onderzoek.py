"""Filled in by its part of Mijn Wijkteam."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
