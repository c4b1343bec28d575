"""The survey as a form: one radio group per question (1 to 5), and the optional open question."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import UtrechtFormMixin
from surveys.questions import OPEN_TEXT_MAX, QUESTIONS, SCALE
from surveys.services import Answers


class SurveyForm(UtrechtFormMixin, forms.Form):
    open_text = forms.CharField(
        label=_("Wilt u nog iets vertellen over onze hulp?"),
        help_text=_("Dit mag u leeg laten. Schrijf geen namen op, ook niet van uzelf of van medewerkers."),
        required=False,
        max_length=OPEN_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 5, "class": "utrecht-textarea"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for question in QUESTIONS:
            self.fields[question.key] = forms.TypedChoiceField(
                label=question.text,
                choices=[(str(value), label) for value, label in SCALE],
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={
                    "required": _("Kies een antwoord bij deze vraag."),
                    "invalid_choice": _("Kies een antwoord bij deze vraag."),
                },
            )
        self.order_fields([question.key for question in QUESTIONS] + ["open_text"])

    def answers(self) -> Answers:
        data = self.cleaned_data
        return Answers(
            scores={question.key: data[question.key] for question in QUESTIONS}, open_text=data.get("open_text", "")
        )

    def questions(self) -> list[forms.BoundField]:
        return [self[question.key] for question in QUESTIONS]
