"""Onderzoek en persoonlijk plan: the verslag, its PDF and the reaction, and the persoonlijk plan."""

from django.urls import path

from portal import onderzoek_views

urlpatterns = [
    path("onderzoek/", onderzoek_views.onderzoek, name="onderzoek"),
    path("onderzoek/persoonlijk-plan/", onderzoek_views.persoonlijk_plan, name="onderzoek_persoonlijk_plan"),
    path("onderzoek/<int:onderzoek_id>/", onderzoek_views.verslag, name="onderzoek_verslag"),
    path("onderzoek/<int:onderzoek_id>/verslag.pdf", onderzoek_views.verslag_pdf, name="onderzoek_verslag_pdf"),
    path("onderzoek/<int:onderzoek_id>/reactie/", onderzoek_views.reactie, name="onderzoek_reactie"),
]
