from django.urls import path

from monitor import forecast_views, report_views, views

app_name = "monitor"
urlpatterns = [
    path("", views.monitor, name="monitor"),
    path("export/<slug:table_key>.csv", views.export_csv, name="export_csv"),
    path("export/<slug:table_key>.xlsx", views.export_xlsx, name="export_xlsx"),
    path("prognose/", forecast_views.forecast_page, name="forecast"),
    path("raad/", report_views.index, name="report_index"),
    path("raad/<str:period_key>/", report_views.concept, name="report_concept"),
    path("raad/<str:period_key>/publiceren/", report_views.publish, name="report_publish"),
]
