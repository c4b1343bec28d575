"""The melding endpoints' work: hand the melding to partners.services and answer with its status only.

partners.services owns receiving (matching, registering in the access route, the queue); the API translates
its JSON into ``NewPartnerMelding`` and the result into ``{"id", "status", "status_label", "ontvangen_op"}``.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.request import Request

from audit.models import AccessAction
from partnerapi.access_log import log_call, log_refused
from partnerapi.authentication import PartnerPrincipal
from partners import services as partner_services
from partners.models import PartnerMelding

#: API field → NewPartnerMelding field.
FIELDS = {
    "kenmerk": "partner_reference",
    "bsn": "bsn",
    "voornamen": "voornamen",
    "voorletters": "voorletters",
    "tussenvoegsel": "tussenvoegsel",
    "achternaam": "achternaam",
    "geboortedatum": "geboortedatum",
    "postcode": "postcode",
    "huisnummer": "huisnummer",
    "toevoeging": "huisnummer_toevoeging",
    "telefoon": "telefoon",
    "omschrijving": "description",
    "urgentie": "urgency",
    "melder": "reporter_name",
}
#: NewPartnerMelding field → API field, to name the field of a service's validation error as the partner sent it.
API_NAMES = {inner: outer for outer, inner in FIELDS.items()}


def receive(request: Request, principal: PartnerPrincipal, validated: dict[str, Any]) -> dict[str, Any]:
    given = {FIELDS[name]: value for name, value in validated.items() if name in FIELDS}
    data = partner_services.NewPartnerMelding(**given)
    try:
        received = partner_services.receive_melding(principal.partner, data, request=request._request)
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            renamed = {API_NAMES.get(name, name): messages for name, messages in error.error_dict.items()}
            raise ValidationError(renamed) from error
        raise
    dossier_id = received.melding.dossier_id if received.melding is not None else None
    log_call(
        request,
        principal,
        action=AccessAction.CREATE,
        object_type="api-melding",
        object_id=received.pk,
        dossier_id=dossier_id,
        detail="melding ontvangen",
    )
    return _status_body(received)


def melding_status(request: Request, principal: PartnerPrincipal, pk: int) -> dict[str, Any]:
    received = partner_services.melding_for_partner(principal.partner, pk)
    if received is None:
        # Another partner's melding or none at all: the same 404, so the answer confirms nothing.
        log_refused(request, principal, object_type="api-melding", object_id=pk, detail="niet gevonden")
        raise exceptions.NotFound(_("Geen melding van deze partner met dit nummer."), code="onbekend_nummer")
    log_call(
        request,
        principal,
        action=AccessAction.VIEW,
        object_type="api-melding",
        object_id=received.pk,
        dossier_id=received.melding.dossier_id if received.melding is not None else None,
        detail="status gelezen",
    )
    return _status_body(received)


def _status_body(received: PartnerMelding) -> dict[str, Any]:
    status = partner_services.status_of(received)
    return {
        "id": received.pk,
        "status": status,
        "status_label": str(partner_services.status_label(status)),
        "ontvangen_op": received.received_at.isoformat(),
    }
