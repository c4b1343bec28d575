"""Wie mag meekijken (the resident's representatives and invitations) and the public invitation link."""

from django.urls import path

from portal import vertegenwoordiging_views as views

urlpatterns = [
    path("meekijken/", views.vertegenwoordigers, name="vertegenwoordigers"),
    path("meekijken/nieuw/", views.nieuw, name="vertegenwoordiger_nieuw"),
    path("meekijken/<int:representation_id>/intrekken/", views.intrekken, name="vertegenwoordiger_intrekken"),
    path("uitnodiging/<str:token>/", views.uitnodiging, name="uitnodiging"),
]
