from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VroegsignaleringConfig(AppConfig):
    name = "vroegsignalering"
    verbose_name = _("Vroegsignalering (Wgs)")
