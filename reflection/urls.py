from django.urls import path

from reflection import views

app_name = "reflection"
urlpatterns = [
    path("", views.sessies, name="sessies"),
    path("nieuw/", views.sessie_nieuw, name="sessie_nieuw"),
    path("sessie/<int:pk>/", views.sessie, name="sessie"),
    path("sessie/<int:pk>/resultaten/", views.resultaten, name="resultaten"),
    path("sessie/<int:pk>/sluiten/", views.sluiten, name="sluiten"),
    path("deelnemen/", views.deelnemen, name="deelnemen"),
    path("scoren/", views.scoren, name="scoren"),
]
