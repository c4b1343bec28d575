"""Opschalen and afschalen: the regieteam's worklist, one escalation, its case conferences and agreements."""

from django.urls import path

from regie import views

app_name = "regie"
urlpatterns = [
    path("", views.worklist, name="worklist"),
    path("dossier/<int:pk>/opschalen/", views.escalate, name="opschalen"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/casusoverleg/", views.conference_new, name="casusoverleg"),
    path("<int:pk>/afschalen/", views.de_escalate, name="afschalen"),
    path("casusoverleg/<int:pk>/overdracht/", views.handover, name="overdracht"),
    path("afspraak/<int:pk>/status/", views.agreement_status, name="afspraak_status"),
]
