"""How /beheer/ (Django's admin) names itself: the product's name in Dutch, not "Django-websitebeheer".

Its look comes from core/admin_templates/admin/base_site.html; installed apps whose name is a code get a word.
"""

from django.apps import apps
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.views import ADMIN_APP_NAMES

admin.site.site_header = _("Open Wijkteam – beheer")
admin.site.site_title = _("Open Wijkteam – beheer")
admin.site.index_title = _("Beheer")

for label, name in ADMIN_APP_NAMES.items():
    if any(config.label == label for config in apps.get_app_configs()):
        apps.get_app_config(label).verbose_name = name
