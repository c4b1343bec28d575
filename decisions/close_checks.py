"""What is still undecided when a dossier is about to be closed (dossiers.parts.register_close_check)."""

from django.utils.translation import ngettext

from decisions.models import Aanvraag, AanvraagStatus, Beschikking, BeschikkingStatus
from dossiers.models import Dossier


def undecided(dossier: Dossier) -> list[str]:
    aanvragen = Aanvraag.objects.filter(dossier=dossier, status=AanvraagStatus.INGEDIEND).count()
    unsent = Beschikking.objects.filter(
        aanvraag__dossier=dossier,
        status__in=[BeschikkingStatus.CONCEPT, BeschikkingStatus.TWEEDE_HANDTEKENING, BeschikkingStatus.VASTGESTELD],
    ).count()
    warnings = []
    if aanvragen:
        warnings.append(
            ngettext(
                "%(n)d aanvraag is nog in behandeling: daar moet nog een besluit op komen.",
                "%(n)d aanvragen zijn nog in behandeling: daar moet nog een besluit op komen.",
                aanvragen,
            )
            % {"n": aanvragen}
        )
    if unsent:
        warnings.append(
            ngettext("%(n)d beschikking is nog niet verzonden.", "%(n)d beschikkingen zijn nog niet verzonden.", unsent)
            % {"n": unsent}
        )
    return warnings
