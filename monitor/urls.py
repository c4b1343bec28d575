from django.urls import path

from monitor import views

app_name = "monitor"
urlpatterns = [
    path("", views.monitor, name="monitor"),
    path("export/<slug:table_key>.csv", views.export_csv, name="export_csv"),
    path("export/<slug:table_key>.xlsx", views.export_xlsx, name="export_xlsx"),
]
