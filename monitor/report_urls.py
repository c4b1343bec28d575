"""The public council reports (/raad/): what a policy advisor published, without logging in (monitor.report_views)."""

from django.urls import path

from monitor import report_views

app_name = "raad"
urlpatterns = [
    path("", report_views.public_list, name="list"),
    path("<str:period_key>/", report_views.public_report, name="report"),
    path("<str:period_key>/rapport.pdf", report_views.public_pdf, name="pdf"),
    path("<str:period_key>/versie/<int:version>/", report_views.public_report, name="version"),
    path("<str:period_key>/versie/<int:version>/rapport.pdf", report_views.public_pdf, name="version_pdf"),
]
