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


#: django-otp writes the help texts and fieldset names of its TOTPDevice admin as plain English. Setting a field's
#: help_text would change the package's migration state, so the admin form and fieldsets take these instead.
TOTP_HELP_TEXTS = {
    "user": _("De medewerker van wie deze app is."),
    "name": _("Een naam waaraan u de app herkent."),
    "confirmed": _("Is de app klaar voor gebruik?"),
    "created_at": _("Wanneer de app in het systeem is aangemaakt."),
    "last_used_at": _("Wanneer de app voor het laatst is gebruikt."),
    "key": _("Een geheime sleutel in hexadecimale tekens, hoogstens 40 bytes."),
    "step": _("De tijdstap in seconden."),
    "t0": _("Het Unix-tijdstip waarop het tellen van tijdstappen begint."),
    "digits": _("Het aantal cijfers van een code."),
    "tolerance": _("Hoeveel tijdstappen ervoor of erna een code nog wordt aangenomen."),
    "drift": _("Hoeveel tijdstappen de klok van de app afwijkt van die van de server."),
    "last_t": _("De tijdstap van de laatst aangenomen code; een volgende code moet van een latere tijdstap zijn."),
    "throttling_failure_timestamp": _("Wanneer de laatste code werd geweigerd; leeg als de laatste code klopte."),
    "throttling_failure_count": _("Het aantal geweigerde codes op rij."),
}
TOTP_FIELDSETS = {
    "Identity": _("Medewerker en app"),
    "Timestamps": _("Tijdstippen"),
    "Configuration": _("Instellingen"),
    "State": _("Toestand"),
    "Throttling": _("Afremmen na onjuiste codes"),
}

try:
    from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin
    from django_otp.plugins.otp_totp.models import TOTPDevice
except ImportError:  # pragma: no cover - the package is a requirement; without it there is nothing to name
    pass
else:

    class DutchTOTPDeviceAdmin(TOTPDeviceAdmin):  # type: ignore[misc]  # django-otp ships no type information
        search_help_text = _("Zoek op de gebruikersnaam of het e-mailadres van de medewerker.")

        def get_fieldsets(self, request: Any, obj: Any = None) -> Any:
            return [(TOTP_FIELDSETS.get(name, name), options) for name, options in super().get_fieldsets(request, obj)]

        def get_form(self, request: Any, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
            kwargs["help_texts"] = {**TOTP_HELP_TEXTS, **kwargs.get("help_texts", {})}
            return super().get_form(request, obj, change, **kwargs)

    if admin.site.is_registered(TOTPDevice):
        admin.site.unregister(TOTPDevice)
    admin.site.register(TOTPDevice, DutchTOTPDeviceAdmin)
