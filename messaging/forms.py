"""Forms of the messages: the household's message, the team's answer, the e-mail address for notices."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import UtrechtFormMixin
from messaging.models import BODY_MAX_LENGTH
from portal.models import PortalContact


class MessageForm(UtrechtFormMixin, forms.Form):
    body = forms.CharField(
        label=_("Uw bericht"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=BODY_MAX_LENGTH,
        strip=True,
        error_messages={
            "required": _("Schrijf eerst uw bericht."),
        },
        help_text=_("Hooguit %(max)d tekens.") % {"max": BODY_MAX_LENGTH},
    )


class StaffMessageForm(MessageForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"].label = _("Bericht aan het huishouden")
        self.fields["body"].help_text = _(
            "Het huishouden leest dit in Mijn Wijkteam en krijgt een e-mail zonder de tekst. Hooguit %(max)d tekens."
        ) % {"max": BODY_MAX_LENGTH}


class ContactForm(UtrechtFormMixin, forms.ModelForm):
    class Meta:
        model = PortalContact
        fields = ["email"]
        labels = {"email": _("E-mailadres voor meldingen")}
        help_texts = {
            "email": _(
                "Wij sturen u een e-mail als er een nieuw bericht is. In die e-mail staat niet wat het bericht is. "
                "Laat het veld leeg als u geen e-mail wilt."
            )
        }
        error_messages = {"email": {"invalid": _("Vul een geldig e-mailadres in, bijvoorbeeld naam@voorbeeld.nl.")}}
