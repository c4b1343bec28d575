"""The project's widget templates write exactly the markup of Django's own, without its includes."""

from django import forms
from django.forms.renderers import DjangoTemplates, get_default_renderer

from core.form_renderer import FormRenderer
from dossiers.forms import NetwerkrelatieForm, RequalifyForm, StatusForm


class _Choices(forms.Form):
    plain = forms.ChoiceField(choices=[("", "---"), ("x", "X & <y>"), (1, "Een")], initial="x")
    grouped = forms.ChoiceField(choices=[("Groep", [("p", "P"), ("q", "Q")]), ("r", "R")])
    several = forms.MultipleChoiceField(choices=[("p", "P"), ("q", "Q")], initial=["p", "q"])
    flagged = forms.ChoiceField(
        choices=[("p", "P")], widget=forms.Select(attrs={"aria-invalid": "true", "disabled": True, "hidden": False})
    )


class _Inputs(forms.Form):
    text = forms.CharField(initial='a "quoted" <b>', max_length=5, help_text="Hulp")
    day = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    moment = forms.DateTimeField(widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    number = forms.IntegerField(initial=0, min_value=0)
    email = forms.EmailField(required=False)
    url = forms.URLField(required=False, assume_scheme="https")
    secret = forms.CharField(widget=forms.PasswordInput)
    hidden = forms.CharField(widget=forms.HiddenInput, initial="h")
    checked = forms.BooleanField(initial=True, required=False)
    unchecked = forms.BooleanField(required=False)
    upload = forms.FileField(required=False)
    at = forms.TimeField(required=False)
    text_area = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), initial="regel\nregel <2>")
    empty_area = forms.CharField(widget=forms.Textarea)


def _both(form_class: type[forms.BaseForm], **kwargs: object) -> list[tuple[str, str]]:
    return [
        (
            str(form_class(renderer=DjangoTemplates(), **kwargs)[name]),
            str(form_class(renderer=FormRenderer(), **kwargs)[name]),
        )
        for name in form_class.base_fields
    ]


def test_the_project_renders_forms_with_its_own_renderer() -> None:
    assert isinstance(get_default_renderer(), FormRenderer)


def test_selects_are_written_as_django_writes_them() -> None:
    for django_html, ours in _both(_Choices):
        assert ours == django_html


def test_inputs_and_text_areas_are_written_as_django_writes_them() -> None:
    for django_html, ours in _both(_Inputs):
        assert ours == django_html
    for django_html, ours in _both(_Inputs, data={"number": "x", "email": "geen", "text": "te lang"}):
        assert ours == django_html


def test_the_dossier_page_forms_are_written_as_django_writes_them_also_with_errors(db) -> None:
    pairs = _both(RequalifyForm, data={"regime": "onbekend", "wgs_threat": "x"})
    pairs += _both(StatusForm, data={})
    pairs += _both(NetwerkrelatieForm, members=[])
    assert any('aria-invalid="true"' in ours for _django, ours in pairs)
    for django_html, ours in pairs:
        # The one difference on purpose: the empty choice asks to choose instead of showing dashes.
        assert ours == django_html.replace(">---------</option>", ">Maak een keuze</option>")
