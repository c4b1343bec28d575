from django.apps import AppConfig


class AllocationsConfig(AppConfig):
    name = "allocations"
    verbose_name = "Toewijzingen en iWmo/iJw-berichten"

    def ready(self) -> None:
        from allocations.models import Bericht, BerichtTaak, Toewijzing
        from dossiers import policy
        from dossiers.sections import Section

        besluiten = Section.BESLUITEN
        policy.register(Toewijzing, object_type="toewijzing", owner="dossier", section=besluiten)
        policy.register(Bericht, object_type="bericht", owner="dossier", section=besluiten)
        policy.register(BerichtTaak, object_type="berichttaak", owner="bericht__dossier", section=besluiten)
        from allocations.records import HOLDINGS
        from dossiers import records

        # What it holds, for the inzage export and destruction (dossiers/records.py).
        records.register(HOLDINGS)

        from allocations.dossier_parts import PART
        from dossiers import parts

        # Its part of the dossier page (dossiers/parts.py).
        parts.register(PART)
