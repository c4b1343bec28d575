"""Shared form behaviour for all screens."""

from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator

from core.text_input import (
    FREE_TEXT_MAX_LENGTH,
    MaxLengthInCharacters,
    validate_free_text,
    validate_single_line_text,
)


def guard_text_field(field: forms.Field) -> None:
    """Bound the length of a text field and refuse invisible control characters in it.

    Applied to every field of every form through `UtrechtFormMixin`, so no form has to remember
    it: a text area (free text) gets at most FREE_TEXT_MAX_LENGTH characters and may hold line
    breaks; any other text field (names, identifiers, search terms) refuses every invisible
    control or format character, including the direction marks and overrides.
    """
    if not isinstance(field, forms.CharField):
        return
    free_text = isinstance(field.widget, forms.Textarea)
    limit = field.max_length if field.max_length is not None else FREE_TEXT_MAX_LENGTH
    field.max_length = limit
    field.validators = [validator for validator in field.validators if not isinstance(validator, MaxLengthValidator)]
    field.validators.append(MaxLengthInCharacters(limit))
    field.validators.append(validate_free_text if free_text else validate_single_line_text)
    if not field.widget.is_hidden:
        field.widget.attrs["maxlength"] = str(limit)


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's refusal on the form: at the field it names, else above the form.

    Services check the rules again inside their transaction and raise `ValidationError`; the view
    re-renders the form with that error instead of a 500, whether or not the service named a field.
    """
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


class UtrechtFormMixin:
    """NL Design System classes on every widget, errors linked to their field (aria-describedby),
    and the project-wide limits on typed text (`guard_text_field`)."""

    fields: dict[str, forms.Field]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            guard_text_field(field)
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "utrecht-checkbox utrecht-checkbox--html-input"
            elif isinstance(widget, forms.Select):
                css = "utrecht-select utrecht-select--html-select"
            elif isinstance(widget, forms.Textarea):
                css = "utrecht-textarea utrecht-textarea--html-textarea"
            else:
                css = "utrecht-textbox utrecht-textbox--html-input"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()

    def full_clean(self) -> None:
        super().full_clean()  # type: ignore[misc]
        form = cast(forms.BaseForm, self)
        for name in form.errors:
            if name not in self.fields:
                continue
            bound = form[name]
            described = [f"{bound.auto_id}_error"]
            if self.fields[name].help_text:
                described.insert(0, f"{bound.auto_id}_helptext")
            self.fields[name].widget.attrs["aria-describedby"] = " ".join(described)
            self.fields[name].widget.attrs["aria-invalid"] = "true"
