"""Forms of Toestemmingen and Wie keek in mijn gegevens, and the privacy officer's answer. Services decide."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import UtrechtFormMixin

#: A question or an answer about one line of the access history: long enough to explain, short enough to read.
QUESTION_MAX_LENGTH = 2000


class GiveConsentForm(UtrechtFormMixin, forms.Form):
    """A new consent given online: for whom (only people the user may give it for), to which organisation, why."""

    person = forms.TypedChoiceField(
        label=_("Voor wie geeft u toestemming?"),
        coerce=int,
        error_messages={
            "required": _("Kies voor wie u toestemming geeft."),
            "invalid_choice": _("Kies een persoon uit de lijst."),
        },
    )
    recipient_organisation = forms.ChoiceField(
        label=_("Met welke organisatie mogen wij uw gegevens delen?"),
        error_messages={
            "required": _("Kies een organisatie uit de lijst."),
            "invalid_choice": _("Kies een organisatie uit de lijst."),
        },
    )
    purpose = forms.CharField(
        label=_("Waarvoor mogen wij de gegevens delen?"),
        max_length=200,
        help_text=_("Bijvoorbeeld: afstemming van de behandeling."),
        error_messages={"required": _("Schrijf op waarvoor de gegevens gedeeld mogen worden.")},
    )
    confirm = forms.BooleanField(
        label=_("Ik geef deze toestemming. Ik weet dat ik haar altijd weer kan intrekken."),
        error_messages={"required": _("Zet een vinkje als u deze toestemming geeft.")},
    )

    def __init__(self, *args: Any, people: list[tuple[int, str]], organisations: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        person = self.fields["person"]
        assert isinstance(person, forms.TypedChoiceField)
        person.choices = people
        if len(people) == 1:
            person.initial = people[0][0]
        organisation = self.fields["recipient_organisation"]
        assert isinstance(organisation, forms.ChoiceField)
        organisation.choices = [("", _("Kies een organisatie"))] + [(name, name) for name in organisations]

    def clean_purpose(self) -> str:
        return str(self.cleaned_data["purpose"]).strip()


class QuestionForm(UtrechtFormMixin, forms.Form):
    question = forms.CharField(
        label=_("Uw vraag"),
        max_length=QUESTION_MAX_LENGTH,
        help_text=_("De privacyfunctionaris leest uw vraag en antwoordt op deze pagina."),
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Schrijf eerst uw vraag.")},
    )

    def clean_question(self) -> str:
        text = str(self.cleaned_data["question"]).strip()
        if not text:
            raise forms.ValidationError(_("Schrijf eerst uw vraag."))
        return text


class AnswerForm(UtrechtFormMixin, forms.Form):
    answer = forms.CharField(
        label=_("Antwoord aan de inwoner"),
        max_length=QUESTION_MAX_LENGTH,
        help_text=_("In gewone woorden (taalniveau B1). De inwoner leest het in Mijn Wijkteam."),
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Schrijf een antwoord.")},
    )

    def clean_answer(self) -> str:
        text = str(self.cleaned_data["answer"]).strip()
        if not text:
            raise forms.ValidationError(_("Schrijf een antwoord."))
        return text
