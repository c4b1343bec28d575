from django.urls import path

from assessments import views

app_name = "assessments"
urlpatterns = [
    path("<int:dossier_pk>/", views.onderzoek, name="onderzoek"),
    path("<int:dossier_pk>/<int:onderzoek_pk>/", views.onderzoek, name="onderzoek_detail"),
    path("<int:dossier_pk>/<int:onderzoek_pk>/verslag.pdf", views.verslag_pdf, name="verslag_pdf"),
    path("<int:dossier_pk>/<int:onderzoek_pk>/verslag/uitgereikt/", views.verslag_uitreiken, name="verslag_uitreiken"),
    path("<int:dossier_pk>/<int:onderzoek_pk>/verslag/reactie/", views.verslag_reactie, name="verslag_reactie"),
    path("<int:dossier_pk>/zrm/<int:inwoner_pk>/", views.zrm_scoren, name="zrm_scoren"),
    path("<int:dossier_pk>/zrm/<int:inwoner_pk>/verloop/", views.zrm_verloop, name="zrm_verloop"),
]
