"""The staff side of the messages, under /gesprekken/."""

from django.urls import path

from messaging import views

app_name = "gesprekken"
urlpatterns = [
    path("", views.ongelezen, name="ongelezen"),
    path("dossier/<int:dossier_id>/sturen/", views.sturen, name="sturen"),
]
