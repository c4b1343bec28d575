"""Mijn Wijkteam, under /mijn/. Each part has its own module of URLs; this file only puts them together."""

from django.urls import include, path

from portal import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("inloggen/", views.login, name="login"),
    path("inloggen/demo/", views.demo_digid, name="demo_digid"),
    path("uitloggen/", views.logout, name="logout"),
    path("uitgelogd/", views.logged_out, name="logged_out"),
    path("wie/", views.choose_person, name="choose_person"),
    path("sessie/", views.keep_alive, name="keep_alive"),
    path("toegankelijkheid/", views.accessibility, name="accessibility"),
    path("", include("portal.urls_plan")),
    path("", include("portal.urls_onderzoek")),
    path("", include("portal.urls_besluiten")),
    path("", include("portal.urls_privacy")),
    path("", include("portal.urls_vertegenwoordiging")),
    path("", include("portal.urls_digid")),
    path("berichten/", include("messaging.portal_urls")),
    path("vragenlijst/", include("surveys.portal_urls")),
]
