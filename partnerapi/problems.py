"""Every error of the partner API as an RFC 9457 problem: ``application/problem+json`` with type, title, status,
detail and instance, and for a validation error an ``errors`` list (field and Dutch message per mistake).

A partner's system reads ``type`` (stable, documented in docs/api.md) and ``status``; ``title`` and ``detail`` are
for the person who reads its logs. DRF sends its own exceptions here (REST_FRAMEWORK["EXCEPTION_HANDLER"]); an
unexpected exception in a view becomes a 500 problem too, after it is logged, instead of Django's HTML page.
"""

import logging
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import exceptions, status
from rest_framework.response import Response

logger = logging.getLogger(__name__)

PROBLEM_CONTENT_TYPE = "application/problem+json"
TYPE_BASE = "urn:open-wijkteam:api:probleem:"

#: status → (type slug, title) for the problems that carry no more specific type.
_BY_STATUS: dict[int, tuple[str, Any]] = {
    400: ("ongeldig-verzoek", gettext_lazy("Het verzoek is niet geldig.")),
    401: ("niet-geauthenticeerd", gettext_lazy("Geen geldige API-sleutel.")),
    403: ("geen-toegang", gettext_lazy("Deze partner mag dit niet.")),
    404: ("niet-gevonden", gettext_lazy("Niet gevonden.")),
    405: ("methode-niet-toegestaan", gettext_lazy("Deze methode kan hier niet.")),
    406: ("niet-aanvaardbaar", gettext_lazy("Dit antwoordformaat kan niet; de API antwoordt in JSON.")),
    409: ("conflict", gettext_lazy("Een gelijktijdig verzoek met dezelfde sleutel is nog bezig.")),
    413: ("te-groot", gettext_lazy("Het verzoek is te groot.")),
    415: ("mediatype-niet-ondersteund", gettext_lazy("Dit formaat kan niet; stuur JSON (application/json).")),
    422: ("idempotentiesleutel-hergebruikt", gettext_lazy("Deze Idempotency-Key hoort bij een ander verzoek.")),
    429: ("te-veel-verzoeken", gettext_lazy("Te veel verzoeken; probeer het later opnieuw.")),
    500: ("serverfout", gettext_lazy("Er ging iets mis aan onze kant.")),
}


def problem_type(slug: str) -> str:
    return TYPE_BASE + slug


def problem_body(
    request: HttpRequest | None,
    status_code: int,
    *,
    detail: str = "",
    slug: str | None = None,
    title: str | None = None,
    errors: list[dict[str, str]] | None = None,
) -> dict[str, Any]:
    default_slug, default_title = _BY_STATUS.get(status_code, _BY_STATUS[400 if status_code < 500 else 500])
    shown_title = str(title or default_title)
    body: dict[str, Any] = {
        "type": problem_type(slug or default_slug),
        "title": shown_title,
        "status": status_code,
        "detail": str(detail) or shown_title,
        "instance": request.path if request is not None else "",
    }
    if errors is not None:
        body["errors"] = errors
    return body


class RequestTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = gettext_lazy("Het verzoek is groter dan toegestaan.")
    default_code = "te_groot"


class IdempotencyKeyReused(exceptions.APIException):
    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    default_detail = gettext_lazy(
        "Deze Idempotency-Key is al gebruikt voor een ander verzoek. Gebruik een nieuwe sleutel voor een nieuw verzoek."
    )
    default_code = "idempotentiesleutel_hergebruikt"


class IdempotencyKeyInvalid(exceptions.ValidationError):
    pass


def _flatten(detail: Any, path: str = "") -> list[dict[str, str]]:
    """DRF's nested error structure as a flat list: {"field": "signalen.3.bsn", "message": "..."}."""
    if isinstance(detail, dict):
        found: list[dict[str, str]] = []
        for name, inner in detail.items():
            field = str(name) if name != "non_field_errors" else ""
            found.extend(_flatten(inner, f"{path}.{field}" if path and field else path or field))
        return found
    if isinstance(detail, list):
        if all(not isinstance(item, (dict, list)) for item in detail):
            return [{"field": path, "message": str(item)} for item in detail]
        found = []
        for index, inner in enumerate(detail):
            if inner:
                found.extend(_flatten(inner, f"{path}.{index}" if path else str(index)))
        return found
    return [{"field": path, "message": str(detail)}]


def django_errors(error: DjangoValidationError) -> list[dict[str, str]]:
    """A Django ValidationError (from a service) in the same flat shape."""
    if hasattr(error, "error_dict"):
        return [
            {"field": "" if name == "__all__" else name, "message": message}
            for name, messages in error.message_dict.items()
            for message in messages
        ]
    return [{"field": "", "message": message} for message in error.messages]


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response:
    """DRF's EXCEPTION_HANDLER: every exception a view raises, as a problem."""
    request = context.get("request")
    django_request = getattr(request, "_request", request)
    headers: dict[str, str] = {}
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    elif isinstance(exc, DjangoValidationError):
        errors = django_errors(exc)
        body = problem_body(django_request, 400, detail=_("Het verzoek bevat fouten; zie errors."), errors=errors)
        body["type"] = problem_type("validatie")
        return _response(body, 400, headers)

    if not isinstance(exc, exceptions.APIException):
        logger.exception("Onverwachte fout in de partner-API", exc_info=exc)
        return _response(problem_body(django_request, 500), 500, headers)

    code = exc.status_code
    if getattr(exc, "auth_header", None):
        headers["WWW-Authenticate"] = str(exc.auth_header)  # type: ignore[attr-defined]
    if getattr(exc, "wait", None) is not None:
        headers["Retry-After"] = str(max(1, int(exc.wait)))  # type: ignore[attr-defined]
    if isinstance(exc, exceptions.ValidationError):
        body = problem_body(
            django_request, code, detail=_("Het verzoek bevat fouten; zie errors."), errors=_flatten(exc.detail)
        )
        body["type"] = problem_type("validatie")
        return _response(body, code, headers)
    if isinstance(exc, exceptions.Throttled):
        wait = headers.get("Retry-After", "60")
        detail = _("Te veel verzoeken. Probeer het over %(seconds)s seconden opnieuw.") % {"seconds": wait}
        return _response(problem_body(django_request, code, detail=detail), code, headers)
    detail = exc.detail if isinstance(exc.detail, str) else ""
    return _response(problem_body(django_request, code, detail=str(detail)), code, headers)


def _response(body: dict[str, Any], code: int, headers: dict[str, str]) -> Response:
    return Response(body, status=code, headers=headers, content_type=PROBLEM_CONTENT_TYPE)


def problem_response(request: HttpRequest, status_code: int, detail: str = "") -> JsonResponse:
    """A problem outside DRF (a Django-level error on an /api/ path)."""
    return JsonResponse(
        problem_body(request, status_code, detail=detail),
        status=status_code,
        content_type=PROBLEM_CONTENT_TYPE,
        json_dumps_params={"ensure_ascii": False},
    )
