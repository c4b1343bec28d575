"""The outreach work on vroegsignalen: the team's worklist, the casus and its forms, the aggregate export and the national DDAS delivery."""

from django.urls import URLPattern, path

from vroegsignalering import views

urlpatterns: list[URLPattern] = [
    path("", views.worklist, name="werklijst"),
    path("casus/<int:pk>/", views.casus_detail, name="casus"),
    path("casus/<int:pk>/oppakken/", views.pick_up, name="casus_oppakken"),
    path("casus/<int:pk>/contactpoging/", views.record_attempt, name="casus_contactpoging"),
    path("casus/<int:pk>/uitkomst/", views.record_outcome, name="casus_uitkomst"),
    path("export/", views.export_view, name="export"),
    path("export/ddas/", views.ddas_view, name="export_ddas"),
]
