from django.urls import path

from audit import views

app_name = "audit"
urlpatterns = [
    path("logboek/", views.logboek, name="logboek"),
    path("persoon/<int:pk>/", views.persoon, name="persoon"),
    path("persoon/<int:pk>/inzage.json", views.inzage_json, name="inzage_json"),
    path("persoon/<int:pk>/inzage.pdf", views.inzage_pdf, name="inzage_pdf"),
]
