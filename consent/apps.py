from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsentConfig(AppConfig):
    name = "consent"
    verbose_name = _("Toestemming, consultatie en noodtoegang")

    def ready(self) -> None:
        from consent.models import BreakGlass, Consent, Consultation, Disclosure
        from dossiers import policy

        # Who is involved and on what ground is about the whole dossier: only full access manages it.
        policy.register(Consent, object_type="toestemming", owner="dossier", section=None)
        policy.register(Consultation, object_type="consultatie", owner="dossier", section=None)
        policy.register(Disclosure, object_type="verstrekking", owner="dossier", section=None)
        policy.register(BreakGlass, object_type="noodtoegang", owner="dossier", section=None)
        from consent.records import holdings
        from dossiers import records

        # What it holds, for the inzage export (dossiers/records.py); destruction sweeps its rows.
        records.register(holdings())

        from consent.dossier_parts import PART
        from dossiers import parts

        # Its part of the dossier page (dossiers/parts.py).
        parts.register(PART)
