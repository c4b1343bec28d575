from django.contrib.auth import views as auth_views
from django.urls import path

from accounts import views
from core.access import public_view

app_name = "accounts"
urlpatterns = [
    path("inloggen/", public_view(views.StaffLoginView.as_view()), name="login"),
    path("inloggen/code/", views.second_factor, name="second_factor"),
    path("inloggen/app-koppelen/", views.second_factor_setup, name="second_factor_setup"),
    path("uitloggen/", views.any_account(auth_views.LogoutView.as_view()), name="logout"),
]
