"""The vroegsignalen endpoints' work: a batch goes through the same import as a file (vroegsignalering.intake),
with the calling partner forced on every row; the answer says per row what became of it.
"""

from typing import Any

from rest_framework.request import Request

from audit.models import AccessAction
from partnerapi.access_log import log_call
from partnerapi.authentication import PartnerPrincipal
from partners.models import Partner
from vroegsignalering.intake import import_rows
from vroegsignalering.models import ImportSource, Vroegsignaal

OPGENOMEN = "opgenomen"
AL_ONTVANGEN = "al_ontvangen"
GEWEIGERD = "geweigerd"


def import_signals(request: Request, principal: PartnerPrincipal, rows: list[dict[str, Any]]) -> dict[str, Any]:
    # The key says who sends: a row naming no partner is this partner's; one naming another is refused by the import.
    stamped = [{**row, "partner": row.get("partner") or principal.partner.code} for row in rows]
    actor = principal.service_user
    assert actor is not None  # every key's partner has one (services.issue_key)
    result = import_rows(
        stamped,
        source=ImportSource.API,
        actor=actor,
        partner=principal.partner,
        filename="",
        request=request._request,
    )
    batch = result.batch
    errors_by_row: dict[int, list[dict[str, str]]] = {}
    for error in batch.errors or []:
        errors_by_row.setdefault(int(error.get("row", 0)), []).append(
            {"field": str(error.get("field", "")), "message": str(error.get("message", ""))}
        )
    signals = dict(getattr(result, "signals_by_row", {}) or {})
    outcome = []
    for number, row in enumerate(rows, start=1):
        signal = signals.get(number)
        if number in errors_by_row or signal is None:
            verdict, errors = GEWEIGERD, errors_by_row.get(number, [])
        else:
            verdict, errors = (OPGENOMEN if signal.import_batch_id == batch.pk else AL_ONTVANGEN), []
        outcome.append(
            {"regel": number, "kenmerk": str(row.get("kenmerk", ""))[:64], "resultaat": verdict, "fouten": errors}
        )
    log_call(
        request,
        principal,
        action=AccessAction.CREATE,
        object_type="api-vroegsignaal",
        object_id=batch.pk,
        detail=f"{batch.rows_accepted} opgenomen, {batch.rows_unchanged} al ontvangen, {batch.rows_rejected} geweigerd",
    )
    return {
        "import_id": batch.pk,
        "opgenomen": batch.rows_accepted,
        "al_ontvangen": batch.rows_unchanged,
        "geweigerd": batch.rows_rejected,
        "resultaten": outcome,
    }


def signal_for_partner(partner: Partner, kenmerk: str) -> Vroegsignaal | None:
    """Only the partner's own signal: another partner's kenmerk finds nothing (404, existence not confirmed)."""
    return Vroegsignaal.objects.select_related("casus").filter(partner=partner, partner_signal_id=kenmerk).first()
