"""Forms of the retention screens: a proposal and its review, each with a short explanation."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import UtrechtFormMixin


class ProposeForm(UtrechtFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Toelichting bij het voorstel"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        help_text=_(
            "Bijvoorbeeld: termijn verstreken, geen lopende procedure bekend. "
            "Noem geen namen of andere gegevens van het huishouden: deze toelichting blijft bewaard."
        ),
    )


class ReviewForm(UtrechtFormMixin, forms.Form):
    APPROVE = "goedkeuren"
    REJECT = "afwijzen"

    note = forms.CharField(
        label=_("Toelichting bij uw beoordeling"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
        help_text=_("Verplicht bij afwijzen. Noem geen gegevens van het huishouden."),
    )
