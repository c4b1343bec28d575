"""Partner organisations in /beheer/ for the functioneel beheerder: who may send what, by which route, how often.

The meldingen partners send are not here: they hold a name and a worry about a resident, and the beheerder never
sees residents' data (core/tests/test_admin_matrix.py). They are worked in the team's queue (/partnermeldingen/).
The API keys are managed next to this, in partnerapi/admin.py.
"""

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from partners.models import Partner, Scope
from partners.services import ensure_service_user


class PartnerForm(forms.ModelForm):
    scopes = forms.MultipleChoiceField(
        label=_("mag insturen"),
        choices=Scope.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Wat het systeem van de partner via de koppeling mag insturen en opvragen."),
    )

    class Meta:
        model = Partner
        fields = ("name", "code", "kind", "route", "scopes", "active", "rate_limit_per_minute", "contact_email")

    def clean_code(self) -> str:
        code = str(self.cleaned_data["code"])
        if self.instance.pk is not None and code != self.instance.code:
            raise forms.ValidationError(_("De code van een partner verandert niet: maak zo nodig een nieuwe partner."))
        return code

    def clean_scopes(self) -> list[str]:
        return sorted(set(self.cleaned_data.get("scopes") or []))


@admin.register(Partner)
class PartnerAdmin(admin.ModelAdmin):
    form = PartnerForm
    list_display = ("name", "code", "kind", "route", "active", "rate_limit_per_minute")
    list_filter = ("active", "kind", "route")
    search_fields = ("name", "code")
    readonly_fields = ("service_user", "created_at")
    fields = (
        "name",
        "code",
        "kind",
        "route",
        "scopes",
        "active",
        "rate_limit_per_minute",
        "contact_email",
        "service_user",
        "created_at",
    )

    def has_delete_permission(self, request: HttpRequest, obj: Partner | None = None) -> bool:
        return False  # make it inactive instead: its meldingen, signals and log lines keep naming it

    def save_model(self, request: HttpRequest, obj: Partner, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        ensure_service_user(obj)
