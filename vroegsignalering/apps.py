from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VroegsignaleringConfig(AppConfig):
    name = "vroegsignalering"
    verbose_name = _("Vroegsignalering (Wgs)")

    def ready(self) -> None:
        from dossiers import records

        # The retention job lives next to the rules it applies; importing it registers the Celery task.
        from vroegsignalering import retention  # noqa: F401
        from vroegsignalering.records import HOLDINGS

        # Signals and casussen are no records of a dossier (nobody asked for help yet): their access rule is the
        # casus's team (vroegsignalering.selectors) and their retention the Wgs term (vroegsignalering.retention);
        # see NOT_DOSSIER_RECORDS in dossiers/tests/test_policy.py. What they hold about a person is in that
        # person's inzage export.
        records.register(HOLDINGS)
