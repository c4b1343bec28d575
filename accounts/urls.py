from django.contrib.auth import views as auth_views
from django.urls import path

from core.access import ALL_STAFF, public_view, staff_view

app_name = "accounts"
urlpatterns = [
    path(
        "inloggen/",
        public_view(
            auth_views.LoginView.as_view(template_name="accounts/login.html", redirect_authenticated_user=True)
        ),
        name="login",
    ),
    path("uitloggen/", staff_view(ALL_STAFF)(auth_views.LogoutView.as_view()), name="logout"),
]
