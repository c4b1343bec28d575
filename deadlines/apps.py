from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeadlinesConfig(AppConfig):
    name = "deadlines"
    verbose_name = _("Termijnen")

    def ready(self) -> None:
        # The rules in deadlines.terms are plain Python; their screen texts follow the chosen language from here.
        from django.utils.formats import date_format
        from django.utils.translation import gettext, ngettext

        from deadlines import terms

        terms.use_translation(gettext, ngettext, date_format)
