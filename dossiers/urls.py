from django.urls import path

from dossiers import views

app_name = "dossiers"
urlpatterns = [
    path("", views.werkvoorraad, name="werkvoorraad"),
    path("triage/", views.triage, name="triage"),
    path("<int:pk>/toewijzen/", views.triage_assign, name="triage_toewijzen"),
    path("melding/nieuw/", views.melding_new, name="melding_nieuw"),
    path("zoeken/", views.search, name="zoeken"),
    path("<int:pk>/", views.dossier_detail, name="detail"),
    path("<int:pk>/onderdeel/<slug:tab>/", views.dossier_detail, name="onderdeel"),
    path("<int:pk>/tijdlijn/", views.timeline, name="tijdlijn"),
    path("<int:pk>/status/", views.change_status, name="status"),
    path("<int:pk>/afsluiten/", views.close_dossier, name="afsluiten"),
    path("<int:pk>/netwerk/", views.add_netwerk, name="netwerk_toevoegen"),
    path("<int:pk>/meldingen/<int:melding_pk>/kader/", views.requalify_melding, name="melding_herkwalificeren"),
    path("<int:pk>/termijnen/<int:deadline_pk>/verdagen/", views.postpone_deadline, name="termijn_verdagen"),
    path("<int:pk>/termijnen/<int:deadline_pk>/gehaald/", views.mark_term_met, name="termijn_gehaald"),
]
