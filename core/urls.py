from django.urls import path

from core import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("start/", views.no_casework, name="no_casework"),
    # Start pages of the roles whose work is not one app's list (core.views.START_PAGES).
    path("start/team/", views.start_team, name="start_team"),
    path("start/beheer/", views.start_beheer, name="start_beheer"),
    path("start/beleid/", views.start_beleid, name="start_beleid"),
    path("taal/", views.set_language, name="set_language"),
    path("gezond/", views.health, name="health"),
    # Probes for load balancers and orchestrators (core/health.py); no trailing slash, as such probes expect.
    path("health/live", views.health_live, name="health_live"),
    path("health/ready", views.health_ready, name="health_ready"),
]
