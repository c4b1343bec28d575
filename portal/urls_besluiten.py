"""Mijn besluiten (aanvragen, beschikkingen with their letters, toewijzingen), Mijn regisseur and Mijn gegevens
(the resident's own AVG art. 15 export)."""

from django.urls import path

from portal import besluiten_views, gegevens_views, regisseur_views

urlpatterns = [
    path("besluiten/", besluiten_views.besluiten, name="besluiten"),
    path("besluiten/brieven/<int:letter_id>.pdf", besluiten_views.letter_pdf, name="besluiten_brief"),
    path("regisseur/", regisseur_views.regisseur, name="regisseur"),
    path("gegevens/", gegevens_views.gegevens, name="gegevens"),
    path("gegevens/aanvragen/", gegevens_views.request_overview, name="gegevens_aanvragen"),
    path(
        "gegevens/<uuid:inzageexport_id>/overzicht.pdf",
        gegevens_views.overview_pdf,
        name="gegevens_pdf",
    ),
    path(
        "gegevens/<uuid:inzageexport_id>/toegangshistorie.csv",
        gegevens_views.overview_csv,
        name="gegevens_csv",
    ),
]
