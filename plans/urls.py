from django.urls import path

from plans import views

app_name = "plans"
urlpatterns = [
    path("<int:dossier_pk>/", views.plan, name="plan"),
    path("<int:dossier_pk>/pdf/", views.plan_pdf, name="plan_pdf"),
    path("<int:dossier_pk>/doelen/nieuw/", views.doel_toevoegen, name="doel_toevoegen"),
    path("<int:dossier_pk>/doelen/<int:doel_pk>/status/", views.doel_status, name="doel_status"),
    path("<int:dossier_pk>/doelen/<int:doel_pk>/acties/nieuw/", views.actie_toevoegen, name="actie_toevoegen"),
    path("<int:dossier_pk>/acties/<int:actie_pk>/status/", views.actie_status, name="actie_status"),
    path("<int:dossier_pk>/akkoord/", views.akkoord, name="akkoord"),
]
