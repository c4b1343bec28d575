"""The form renderer: Django's own widget templates, written out without their includes.

Django renders an input through two includes (text.html -> input.html -> attrs.html) and every
option of a select through its own include, which made the few forms of the dossier page cost
more than the rest of its template. `core/form_templates/` holds the select, the text area and
the inputs with that markup inline, the options of a select written by a template tag
(`core/templatetags/form_widgets.py`): exactly the markup of Django's templates (the tests compare
them, also with errors and aria attributes); every other widget template is Django's.
"""

from pathlib import Path

import django.forms
from django.forms.renderers import DjangoTemplates
from django.template.backends.base import BaseEngine
from django.utils.functional import cached_property

FORM_TEMPLATES = Path(__file__).resolve().parent / "form_templates"


class FormRenderer(DjangoTemplates):
    @cached_property
    def engine(self) -> BaseEngine:
        return self.backend(
            {
                "APP_DIRS": True,
                "DIRS": [FORM_TEMPLATES, Path(django.forms.__file__).resolve().parent / "templates"],
                "NAME": "djangoforms",
                "OPTIONS": {},
            }
        )
