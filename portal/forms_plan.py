"""Forms of Mijn plan: a comment on the plan or one goal, and the household's agreement. plans.services decides."""

from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.forms import UtrechtFormMixin
from core.submissions import new_token
from plans.models import Doel
from plans.services import COMMENT_MAX_LENGTH


class GoalChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Doel) -> str:
        return obj.description[:80]


class CommentForm(UtrechtFormMixin, forms.Form):
    doel = GoalChoiceField(
        label=_("Waar gaat uw reactie over?"),
        queryset=Doel.objects.none(),
        required=False,
        empty_label=_("Het hele plan"),
        error_messages={"invalid_choice": _("Kies een doel uit uw plan, of het hele plan.")},
    )
    text = forms.CharField(
        label=_("Uw reactie"),
        max_length=COMMENT_MAX_LENGTH,
        help_text=_("Het team leest uw reactie bij het plan."),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Schrijf eerst uw reactie.")},
    )
    token = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    def __init__(self, *args: Any, goals: list[Doel], **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("token", new_token())
        super().__init__(*args, **kwargs)
        doel_field = self.fields["doel"]
        assert isinstance(doel_field, forms.ModelChoiceField)
        doel_field.queryset = Doel.objects.filter(pk__in=[goal.pk for goal in goals]).order_by("order", "pk")
        # The choices from the goals already read for the page, not one more query.
        doel_field.choices = [("", doel_field.empty_label or "")] + [(goal.pk, goal.description[:80]) for goal in goals]


class AgreeForm(UtrechtFormMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    confirm = forms.BooleanField(
        required=True, error_messages={"required": _("Zet een vinkje als u akkoord gaat met het plan.")}
    )

    def __init__(self, *args: Any, version: int, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("version", version)
        super().__init__(*args, **kwargs)
        self.fields["confirm"].label = gettext("Ik ga akkoord met dit plan (versie %(version)d)") % {"version": version}
