from django.urls import path

from audit import views, views_inzage

app_name = "audit"
# A person's pages are reached by a signed key from a BSN lookup (audit.views), never by their number.
urlpatterns = [
    path("logboek/", views.logboek, name="logboek"),
    path("persoon/<str:key>/", views.persoon, name="persoon"),
    path("persoon/<str:key>/inzage.json", views.inzage_json, name="inzage_json"),
    # The inzage export made in the background (audit.views_inzage): ask, follow, download.
    path("persoon/<str:key>/inzage/aanvragen/", views_inzage.inzage_aanvragen, name="inzage_aanvragen"),
    path("inzage/", views_inzage.inzage_lijst, name="inzage_lijst"),
    path("inzage/<uuid:export_id>/", views_inzage.inzage_status, name="inzage_status"),
    path("inzage/<uuid:export_id>/inzage.pdf", views_inzage.inzage_pdf_download, name="inzage_pdf_download"),
    path("inzage/<uuid:export_id>/toegangshistorie.csv", views_inzage.inzage_csv_download, name="inzage_csv_download"),
]
