from django.urls import path

from retention import views

app_name = "retention"
urlpatterns = [
    path("", views.overview, name="lijst"),
    path("dossier/<int:dossier_pk>/voorstellen/", views.propose, name="voorstellen"),
    path("verzoek/<int:pk>/", views.review, name="beoordelen"),
]
