from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DigidConfig(AppConfig):
    """The beheerder's settings for residents logging in with DigiD (OpenID Connect); see portal/digid_oidc.py."""

    name = "digid"
    verbose_name = _("DigiD voor inwoners")
    default_auto_field = "django.db.models.BigAutoField"
