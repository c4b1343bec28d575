"""How /beheer/ (Django's admin) names itself: the product's name in Dutch, not "Django-websitebeheer".

Its look comes from core/admin_templates/admin/base_site.html; installed apps whose name is a code get a word.
"""

from typing import Any

from django.apps import apps
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.views import ADMIN_APP_NAMES

admin.site.site_header = _("Open Wijkteam – beheer")
admin.site.site_title = _("Open Wijkteam – beheer")
admin.site.index_title = _("Beheer")

for label, name in ADMIN_APP_NAMES.items():
    if any(config.label == label for config in apps.get_app_configs()):
        apps.get_app_config(label).verbose_name = name


#: Dutch names for the models of installed packages that /beheer/ shows; their own names are English and out of
#: reach of our translations. Only the runtime names change: a migration compares the names a field was declared
#: with (Field._verbose_name, Meta.original_attrs), so these make none (core/tests/test_admin_dutch_names.py).
_ATTEMPT = {
    "user_agent": _("browser (user agent)"),
    "ip_address": _("IP-adres"),
    "username": _("gebruikersnaam"),
    "http_accept": _("HTTP Accept-header"),
    "path_info": _("pad"),
    "attempt_time": _("tijdstip van de poging"),
}
PACKAGE_NAMES: dict[str, tuple[Any, Any, dict[str, Any]]] = {
    "otp_totp.TOTPDevice": (
        _("authenticator-app"),
        _("authenticator-apps"),
        {
            "user": _("medewerker"),
            "name": _("naam"),
            "confirmed": _("bevestigd"),
            "throttling_failure_timestamp": _("laatste mislukte code op"),
            "throttling_failure_count": _("mislukte codes op rij"),
            "created_at": _("aangemaakt op"),
            "last_used_at": _("laatst gebruikt op"),
            "key": _("geheime sleutel"),
            "step": _("tijdstap (seconden)"),
            "t0": _("starttijd (t0)"),
            "digits": _("aantal cijfers"),
            "tolerance": _("speling (tijdstappen)"),
            "drift": _("afwijking van de klok (tijdstappen)"),
            "last_t": _("laatst gebruikte tijdstap"),
        },
    ),
    "axes.AccessAttempt": (
        _("mislukte inlogpoging"),
        _("mislukte inlogpogingen"),
        {
            **_ATTEMPT,
            "get_data": _("GET-gegevens"),
            "post_data": _("POST-gegevens"),
            "failures_since_start": _("mislukte pogingen"),
        },
    ),
    "axes.AccessLog": (
        _("inlogregistratie"),
        _("inlogregistraties"),
        {**_ATTEMPT, "logout_time": _("uitgelogd op"), "session_hash": _("hash van de sessiesleutel (sha256)")},
    ),
    "axes.AccessFailureLog": (
        _("mislukte inlog"),
        _("mislukte inlogs"),
        {**_ATTEMPT, "locked_out": _("geblokkeerd")},
    ),
}

for label, (singular, plural, fields) in PACKAGE_NAMES.items():
    try:
        model = apps.get_model(label)
    except LookupError:
        continue
    model._meta.verbose_name, model._meta.verbose_name_plural = singular, plural
    for field_name, name in fields.items():
        model._meta.get_field(field_name).verbose_name = name
