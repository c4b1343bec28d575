"""The DigiD settings in /beheer/: one row, for a superuser or a functioneel beheerder, every change logged.

Whoever edits these settings decides which identity provider may say who a resident is, so the secret is never
shown again, the row cannot be deleted (switch it off instead) and each save is a line in the access log.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db import models
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.services import is_account_admin
from audit.models import AccessAction, AccessBasis
from audit.services import log_access
from digid.discovery import DiscoveryError, discover
from digid.models import ClaimsSource, DigiDConfig


def _https_urls(field: models.Field[Any, Any], **kwargs: Any) -> forms.Field | None:
    """Address fields take https when no scheme is typed (Django 6's default, asked for now)."""
    if isinstance(field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return field.formfield(**kwargs)


class DigiDConfigForm(forms.ModelForm):
    client_secret = forms.CharField(
        label=gettext_lazy("client-secret"),
        required=False,
        strip=True,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
        help_text=gettext_lazy("Wordt niet getoond. Laat leeg om het bestaande geheim te houden."),
    )

    class Meta:
        model = DigiDConfig
        fields = (
            "enabled",
            "client_id",
            "client_secret",
            "scopes",
            "token_basic_auth",
            "discovery_url",
            "authorization_endpoint",
            "token_endpoint",
            "userinfo_endpoint",
            "jwks_endpoint",
            "sign_algorithm",
            "claims_source",
            "bsn_claim",
            "loa_claim",
            "minimum_loa",
        )
        formfield_callback = _https_urls

    def clean_client_secret(self) -> str:
        given = str(self.cleaned_data.get("client_secret") or "")
        return given or (self.instance.client_secret if self.instance.pk else "")

    def clean_scopes(self) -> str:
        scopes = str(self.cleaned_data.get("scopes") or "").split()
        if "openid" not in scopes:
            raise forms.ValidationError(_("De scope 'openid' is verplicht."))
        return " ".join(scopes)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        issuer = str(cleaned.get("discovery_url") or "")
        empty = [name for name in ("authorization_endpoint", "token_endpoint", "userinfo_endpoint", "jwks_endpoint")]
        empty = [name for name in empty if not cleaned.get(name)]
        if issuer and empty:
            try:
                found = discover(issuer)
            except DiscoveryError:
                self.add_error(
                    "discovery_url",
                    _(
                        "De adressen konden niet worden opgehaald bij deze issuer. Controleer het adres of vul ze zelf in."
                    ),
                )
            else:
                for name in empty:
                    if name in found:
                        cleaned[name] = found[name]
        for name in ("authorization_endpoint", "token_endpoint", "userinfo_endpoint", "jwks_endpoint"):
            value = str(cleaned.get(name) or "")
            if value and not value.startswith("https://"):
                self.add_error(name, _("Gebruik een https-adres."))
        if cleaned.get("enabled"):
            probe = DigiDConfig(**{field: cleaned.get(field, "") for field in _CHECKED_FIELDS})
            probe.claims_source = cleaned.get("claims_source") or ClaimsSource.USERINFO
            for name in probe.missing_fields():
                if name in self.fields and name not in self.errors:
                    self.add_error(name, _("Nodig om DigiD aan te zetten."))
        return cleaned


_CHECKED_FIELDS = (
    "client_id",
    "client_secret",
    "authorization_endpoint",
    "token_endpoint",
    "userinfo_endpoint",
    "jwks_endpoint",
    "bsn_claim",
)


@admin.register(DigiDConfig)
class DigiDConfigAdmin(admin.ModelAdmin):
    form = DigiDConfigForm
    list_display = ("__str__", "enabled", "client_id", "updated_at")
    readonly_fields = ("callback_url", "updated_at")
    fieldsets = (
        (None, {"fields": ("enabled", "callback_url")}),
        (gettext_lazy("Client"), {"fields": ("client_id", "client_secret", "scopes", "token_basic_auth")}),
        (
            gettext_lazy("Adressen van de DigiD-makelaar"),
            {
                "fields": (
                    "discovery_url",
                    "authorization_endpoint",
                    "token_endpoint",
                    "userinfo_endpoint",
                    "jwks_endpoint",
                    "sign_algorithm",
                )
            },
        ),
        (
            gettext_lazy("Claims"),
            {"fields": ("claims_source", "bsn_claim", "loa_claim", "minimum_loa")},
        ),
        (None, {"fields": ("updated_at",)}),
    )

    def formfield_for_dbfield(self, db_field: models.Field[Any, Any], request: HttpRequest, **kwargs: Any) -> Any:
        if isinstance(db_field, models.URLField):
            kwargs.setdefault("assume_scheme", "https")
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    @admin.display(description=gettext_lazy("redirect-URI (geef deze aan de makelaar)"))
    def callback_url(self, obj: DigiDConfig | None) -> str:
        return reverse("portal:digid_callback")

    def has_module_permission(self, request: HttpRequest) -> bool:
        return is_account_admin(request.user)  # type: ignore[arg-type]

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_account_admin(request.user)  # type: ignore[arg-type]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return is_account_admin(request.user)  # type: ignore[arg-type]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return is_account_admin(request.user) and not DigiDConfig.objects.exists()  # type: ignore[arg-type]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: DigiDConfig, form: forms.ModelForm, change: bool) -> None:
        super().save_model(request, obj, form, change)
        changed = sorted(name for name in form.changed_data if name != "client_secret")
        if "client_secret" in form.changed_data and form.data.get("client_secret"):
            changed.append("client_secret (nieuw)")
        log_access(
            request,
            action=AccessAction.UPDATE if change else AccessAction.CREATE,
            basis=AccessBasis.BEHEER,
            object_type="digid_instelling",
            object_id=obj.pk,
            detail=f"DigiD-instelling {'aan' if obj.enabled else 'uit'}; gewijzigd: {', '.join(changed) or '-'}",
        )
