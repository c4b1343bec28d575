from django.urls import path

from audit import views

app_name = "audit"
# A person's pages are reached by a signed key from a BSN lookup (audit.views), never by their number.
urlpatterns = [
    path("logboek/", views.logboek, name="logboek"),
    path("persoon/<str:key>/", views.persoon, name="persoon"),
    path("persoon/<str:key>/inzage.json", views.inzage_json, name="inzage_json"),
    path("persoon/<str:key>/inzage.pdf", views.inzage_pdf, name="inzage_pdf"),
]
