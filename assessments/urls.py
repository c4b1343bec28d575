from django.urls import path

from assessments import views

app_name = "assessments"
urlpatterns = [
    path("<int:dossier_pk>/", views.onderzoek, name="onderzoek"),
    path("<int:dossier_pk>/zrm/<int:inwoner_pk>/", views.zrm_scoren, name="zrm_scoren"),
]
