from django.urls import path

from core import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("start/", views.no_casework, name="no_casework"),
    path("gezond/", views.health, name="health"),
    # Probes for load balancers and orchestrators (core/health.py); no trailing slash, as such probes expect.
    path("health/live", views.health_live, name="health_live"),
    path("health/ready", views.health_ready, name="health_ready"),
]
