"""The options of a select, written in Python with the markup of Django's option template.

Used by `core/form_templates/django/forms/widgets/select.html`: a template loop per option (and
one per attribute) cost about as much as the rest of a form field.
"""

from typing import Any

from django import template
from django.db.models.fields import BLANK_CHOICE_DASH
from django.template.base import render_value_in_context
from django.template.context import Context
from django.template.defaultfilters import stringformat
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

# Django's empty choice ("---------", of model fields and ModelChoiceField) reads as a broken field; say what to do.
DASHES = BLANK_CHOICE_DASH[0][1]

register = template.Library()


def _attrs(attrs: dict[str, Any], context: Context) -> str:
    # As django/forms/widgets/attrs.html: False leaves the attribute out, True writes its name only.
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        parts.append(" " + render_value_in_context(name, context))
        if value is not True:
            parts.append('="' + render_value_in_context(stringformat(value, "s"), context) + '"')
    return "".join(parts)


@register.simple_tag(takes_context=True)
def select_options(context: Context, optgroups: list[tuple[Any, list[dict[str, Any]], int]]) -> SafeString:
    """What Django's select.html writes between <select> and </select>, every value escaped as there."""
    parts = []
    for group_name, group_choices, _index in optgroups:
        if group_name:
            parts.append('\n  <optgroup label="' + render_value_in_context(group_name, context) + '">')
        for option in group_choices:
            parts.append(
                '\n  <option value="'
                + render_value_in_context(stringformat(option["value"], "s"), context)
                + '"'
                + _attrs(option["attrs"], context)
                + ">"
                + render_value_in_context(_label(option), context)
                + "</option>\n"
            )
        if group_name:
            parts.append("\n  </optgroup>")
    return mark_safe("".join(parts))  # noqa: S308 - every value above went through the template's escaping


def _label(option: dict[str, Any]) -> Any:
    return gettext("Maak een keuze") if option["value"] in ("", None) and option["label"] == DASHES else option["label"]
