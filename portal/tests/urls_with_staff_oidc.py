"""The project's URLs with the staff OIDC login mounted, as config/urls.py does when OIDC_RP_CLIENT_ID is set."""

from django.urls import include, path

from config.urls import urlpatterns as project_urlpatterns

urlpatterns = [*project_urlpatterns, path("account/oidc/", include("accounts.oidc"))]
