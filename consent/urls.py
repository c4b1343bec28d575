from django.urls import path

from consent import views

app_name = "consent"
urlpatterns = [
    path("dossier/<int:pk>/", views.consent_register, name="register"),
    path("dossier/<int:pk>/<int:consent_pk>/intrekken/", views.consent_withdraw, name="intrekken"),
    path("dossier/<int:pk>/erbij-halen/", views.consultation_new, name="erbij_halen"),
    path(
        "dossier/<int:pk>/consultatie/<int:consultation_pk>/intrekken/",
        views.consultation_revoke,
        name="consultatie_intrekken",
    ),
    path("dossier/<int:pk>/delen/", views.disclosure_new, name="delen"),
    path("dossier/<int:pk>/notitie/", views.note_add, name="notitie"),
    path("noodtoegang/<int:pk>/", views.break_glass, name="noodtoegang"),
    path("review/", views.review_list, name="review"),
    path("review/<int:pk>/", views.review_mark, name="review_afhandelen"),
    path("consultaties/", views.my_consultations, name="consultaties"),
]
