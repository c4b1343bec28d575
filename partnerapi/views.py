"""The partner API's endpoints: thin; receiving is done by the partners and vroegsignalering services.

Every view is a DRF APIView, which is exempt from CSRF: the API accepts no session cookie (authentication.py),
so a foreign site in a staff member's browser has nothing to ride on. The access rule of each URL is declared
in urls.py (``partner_api``), for core/tests/test_access_rules.py.
"""

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from drf_spectacular.renderers import OpenApiJsonRenderer
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from drf_spectacular.views import SpectacularAPIView
from rest_framework import exceptions
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from audit.models import AccessAction
from partnerapi import schema as _schema  # noqa: F401  (registers the key's security scheme)
from partnerapi import services
from partnerapi import status as api_status
from partnerapi.access_log import log_call, log_refused
from partnerapi.authentication import ApiKeyAuthentication, PartnerPrincipal, principal_of
from partnerapi.meldingen import melding_status, receive
from partnerapi.oauth import IdpTokenAuthentication
from partnerapi.permissions import HasScope, IsPartner
from partnerapi.problems import PROBLEM_CONTENT_TYPE, IdempotencyKeyReused, RequestTooLarge
from partnerapi.serializers import (
    MeldingInSerializer,
    MeldingStatusSerializer,
    ProblemSerializer,
    VroegsignaalStatusSerializer,
    VroegsignalenInSerializer,
    VroegsignalenRequestSerializer,
    VroegsignalenResultaatSerializer,
)
from partnerapi.throttling import PartnerRateThrottle
from partnerapi.vroegsignalen import import_signals, signal_for_partner
from partners.models import Scope

#: Largest request body accepted (a batch of 1000 signals is about 400 kB).
MAX_BODY_BYTES = 2 * 1024 * 1024
IDEMPOTENCY_HEADER = "Idempotency-Key"


def _problems(*codes: int) -> dict[Any, OpenApiResponse]:
    """The problem answers of an operation, as application/problem+json (RFC 9457), with those of every call."""
    every = (401, 403, 406, 429, 500)
    return {
        (code, PROBLEM_CONTENT_TYPE): OpenApiResponse(ProblemSerializer, description="Probleem (RFC 9457)")
        for code in sorted({*codes, *every})
    }


_IDEMPOTENCY = OpenApiParameter(
    IDEMPOTENCY_HEADER,
    str,
    OpenApiParameter.HEADER,
    required=False,
    description="Maakt een herhaald verzoek onschadelijk: zelfde sleutel en inhoud geeft het eerste antwoord terug.",
)


class PartnerAPIView(APIView):
    """What every endpoint shares: key authentication, scope, rate limit, JSON only, a size limit."""

    authentication_classes = [ApiKeyAuthentication, IdpTokenAuthentication]
    permission_classes = [IsPartner, HasScope]
    throttle_classes = [PartnerRateThrottle]
    required_scope: str | None = None
    #: What the access log calls the records of this endpoint.
    object_type = "api"

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > MAX_BODY_BYTES:
            raise RequestTooLarge(
                _("Het verzoek is groter dan %(limit)s MB; stuur de signalen in kleinere delen.")
                % {"limit": MAX_BODY_BYTES // (1024 * 1024)}
            )

    def idempotent(self, request: Request, handle: Callable[[PartnerPrincipal, Any], tuple[int, Any]]) -> Response:
        """Run `handle` once per Idempotency-Key: a repeat with the same body gets the stored answer."""
        principal = principal_of(request)
        data = request.data
        key = _idempotency_key(request)
        fingerprint = services.request_fingerprint(request.method or "POST", request.path, data)
        if key is not None:
            replay = self._replay(request, principal, key, fingerprint)
            if replay is not None:
                return replay
        try:
            with transaction.atomic():
                status_code, body = handle(principal, data)
                if key is not None:
                    services.remember_answer(principal.partner, key, fingerprint, status_code, body)
        except (exceptions.ValidationError, DjangoValidationError) as refused:
            # Rolled back: nothing of the request stays, only the line that says it was refused.
            log_refused(request, principal, object_type=self.object_type, detail="ongeldige invoer")
            raise refused
        except services.AnswerAlreadyStored:
            # Another request with this key got there first; its work stands, ours was rolled back.
            assert key is not None
            replay = self._replay(request, principal, key, fingerprint)
            if replay is None:  # pragma: no cover - the winner's answer is committed before ours fails
                raise exceptions.APIException from None
            return replay
        return Response(body, status=status_code)

    @staticmethod
    def _replay(request: Request, principal: PartnerPrincipal, key: str, fingerprint: str) -> Response | None:
        record = services.stored_answer(principal.partner, key)
        if record is None:
            return None
        if record.request_hash != fingerprint:
            log_refused(request, principal, object_type="api", detail="Idempotency-Key met een ander verzoek")
            raise IdempotencyKeyReused
        log_call(request, principal, action=AccessAction.VIEW, object_type="api", detail="herhaald antwoord")
        return Response(record.response_body, status=record.response_status, headers={"Idempotent-Replayed": "true"})


def _idempotency_key(request: Request) -> str | None:
    value = request.headers.get(IDEMPOTENCY_HEADER)
    if value is None:
        return None
    value = value.strip()
    if not value or len(value) > 255 or not value.isascii() or not value.isprintable():
        raise exceptions.ValidationError(
            {IDEMPOTENCY_HEADER: [_("Een Idempotency-Key is 1 tot 255 zichtbare ASCII-tekens, bijv. een UUID.")]},
            code="idempotentiesleutel",
        )
    return value


class MeldingenView(PartnerAPIView):
    required_scope = Scope.MELDINGEN
    object_type = "api-melding"

    @extend_schema(
        operation_id="melding_insturen",
        summary="Een melding insturen",
        request=MeldingInSerializer,
        parameters=[_IDEMPOTENCY],
        description="Ontvangen: de melding staat bij de gemeente. Antwoord: alleen het nummer en de status.",
        responses={201: MeldingStatusSerializer, **_problems(400, 413, 415, 422)},
    )
    def post(self, request: Request) -> Response:
        def handle(principal: PartnerPrincipal, data: Any) -> tuple[int, Any]:
            serializer = MeldingInSerializer(data=data)
            serializer.is_valid(raise_exception=True)
            return 201, receive(request, principal, serializer.validated_data)

        return self.idempotent(request, handle)


class MeldingView(PartnerAPIView):
    required_scope = Scope.MELDINGEN

    @extend_schema(
        operation_id="melding_status",
        summary="De status van een eigen melding",
        description="Alleen de status (ontvangen, in behandeling, afgerond); 404 voor een melding van een ander.",
        responses={200: MeldingStatusSerializer, **_problems(404)},
    )
    def get(self, request: Request, pk: int) -> Response:
        return Response(melding_status(request, principal_of(request), pk))


class VroegsignalenView(PartnerAPIView):
    required_scope = Scope.VROEGSIGNALEN
    object_type = "api-vroegsignaal"

    @extend_schema(
        operation_id="vroegsignalen_insturen",
        summary="Een reeks vroegsignalen insturen (1 tot 1000)",
        request=VroegsignalenRequestSerializer,
        parameters=[_IDEMPOTENCY],
        description="Elke regel wordt apart gecontroleerd; het antwoord zegt per regel wat ermee gebeurde.",
        responses={200: VroegsignalenResultaatSerializer, **_problems(400, 413, 415, 422)},
    )
    def post(self, request: Request) -> Response:
        def handle(principal: PartnerPrincipal, data: Any) -> tuple[int, Any]:
            serializer = VroegsignalenInSerializer(data=data)
            serializer.is_valid(raise_exception=True)
            return 200, import_signals(request, principal, serializer.validated_data["signalen"])

        return self.idempotent(request, handle)


class VroegsignaalView(PartnerAPIView):
    required_scope = Scope.VROEGSIGNALEN

    @extend_schema(
        operation_id="vroegsignaal_status",
        summary="De status van een eigen vroegsignaal, op het kenmerk van de partner",
        description="Alleen de status (ontvangen, in behandeling, afgerond); 404 voor een kenmerk van een ander.",
        responses={200: VroegsignaalStatusSerializer, **_problems(404)},
    )
    def get(self, request: Request, kenmerk: str) -> Response:
        principal = principal_of(request)
        signal = signal_for_partner(principal.partner, kenmerk) if "\x00" not in kenmerk else None
        if signal is None:
            log_refused(request, principal, object_type="api-vroegsignaal", object_id=kenmerk, detail="niet gevonden")
            raise exceptions.NotFound(_("Geen vroegsignaal van deze partner met dit kenmerk."), code="onbekend_kenmerk")
        status = api_status.signal_status(signal)
        log_call(
            request,
            principal,
            action=AccessAction.VIEW,
            object_type="api-vroegsignaal",
            object_id=signal.pk,
            detail="status gelezen",
        )
        return Response(
            {
                "kenmerk": signal.partner_signal_id,
                "status": status,
                "status_label": api_status.label(status),
                "ontvangen_op": signal.received_at,
            }
        )


class NotFoundView(PartnerAPIView):
    """Any other path under /api/: a problem (404) for a partner, a 401 for anyone without a key."""

    @extend_schema(exclude=True)
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        raise exceptions.NotFound(_("Deze route bestaat niet in de partner-API."), code="onbekende_route")

    post = put = patch = delete = get


class SchemaView(SpectacularAPIView):
    """The OpenAPI 3 description, as JSON; public (partnerapi/access.py)."""

    authentication_classes: list[Any] = []
    permission_classes: list[Any] = []
    throttle_classes: list[Any] = []
    renderer_classes = [OpenApiJsonRenderer]
