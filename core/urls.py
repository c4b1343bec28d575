from django.urls import path

from core import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("start/", views.no_casework, name="no_casework"),
    path("gezond/", views.health, name="health"),
]
