"""Mijn Wijkteam's survey pages, under /mijn/vragenlijst/ in the "portal" namespace (portal/urls.py)."""

from django.urls import path

from surveys import views

urlpatterns = [
    path("", views.invitations, name="vragenlijsten"),
    path("<int:invitation_id>/", views.survey, name="vragenlijst"),
    path("bedankt/", views.thanks, name="vragenlijst_bedankt"),
]
