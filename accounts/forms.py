"""Forms of the login steps."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import UtrechtFormMixin


class CodeForm(UtrechtFormMixin, forms.Form):
    """The six digits from the authenticator app (spaces allowed, as some apps show "123 456")."""

    otp_token = forms.CharField(
        label=_("Code uit de authenticator-app"),
        help_text=_("Zes cijfers. De code verandert elke 30 seconden."),
        max_length=12,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "autofocus": True, "size": 8}
        ),
    )

    def clean_otp_token(self) -> str:
        value: str = "".join(self.cleaned_data["otp_token"].split())
        if not value.isdigit() or len(value) not in {6, 8}:
            raise forms.ValidationError(_("Vul de zes cijfers in die de app nu laat zien."))
        return value


class EnrolmentCodeForm(UtrechtFormMixin, forms.Form):
    """The koppelcode from functioneel beheer (dashes and spaces allowed, any case)."""

    code = forms.CharField(
        label=_("Koppelcode"),
        help_text=_("Twaalf tekens, bijv. ABCD-EFGH-JKMN. U krijgt de code persoonlijk van functioneel beheer."),
        max_length=30,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autofocus": True, "size": 16}),
    )
