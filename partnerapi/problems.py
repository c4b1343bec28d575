"""Every error of the partner API as an RFC 9457 problem: ``application/problem+json`` with type, title, status,
detail and instance, and for a validation error an ``errors`` list (field and Dutch message per mistake).

A partner's system reads ``type`` (stable, documented in docs/api.md) and ``status``; ``title`` and ``detail`` are
for the person who reads its logs. DRF sends its own exceptions here (REST_FRAMEWORK["EXCEPTION_HANDLER"]); an
unexpected exception in a view becomes a 500 problem too, after it is logged, instead of Django's HTML page.
"""

import logging
import re
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


#: DRF's error codes in Dutch. DRF is not in INSTALLED_APPS (its catalogue would override Django's form messages
#: on the staff pages), so its own messages are English; the API says them in Dutch by code, the same everywhere.
_MESSAGES: dict[str, Any] = {
    "required": gettext_lazy("Dit veld is verplicht."),
    "null": gettext_lazy("Dit veld mag niet leeg (null) zijn."),
    "blank": gettext_lazy("Dit veld mag niet leeg zijn."),
    "invalid": gettext_lazy("Deze waarde is niet geldig."),
    "max_length": gettext_lazy("Dit veld mag hoogstens %(n)s tekens lang zijn."),
    "min_length": gettext_lazy("Dit veld moet minstens %(n)s tekens lang zijn."),
    "max_value": gettext_lazy("Deze waarde mag hoogstens %(n)s zijn."),
    "min_value": gettext_lazy("Deze waarde moet minstens %(n)s zijn."),
    "max_string_length": gettext_lazy("Dit getal is te groot."),
    "invalid_choice": gettext_lazy("Deze keuze bestaat niet."),
    "not_a_list": gettext_lazy("Verwacht een lijst."),
    "not_a_dict": gettext_lazy("Verwacht een object."),
    "empty": gettext_lazy("Deze lijst mag niet leeg zijn."),
    "null_characters_not_allowed": gettext_lazy("Een NUL-teken (\\u0000) is geen geldige waarde."),
    "surrogate_characters_not_allowed": gettext_lazy("Deze tekst bevat ongeldige tekens."),
    "date": gettext_lazy("Verwacht een datum, geen datum met tijd."),
    "datetime": gettext_lazy("Verwacht een datum met tijd."),
    "parse_error": gettext_lazy("Dit is geen geldige JSON."),
    "not_authenticated": gettext_lazy(
        "Stuur de API-sleutel mee: Authorization: Bearer <sleutel> of X-Api-Key: <sleutel>."
    ),
    "method_not_allowed": gettext_lazy("Deze methode kan hier niet."),
    "not_acceptable": gettext_lazy("De API antwoordt alleen in JSON (Accept: application/json)."),
    "unsupported_media_type": gettext_lazy("Stuur JSON, met Content-Type: application/json."),
    "not_found": gettext_lazy("Niet gevonden."),
}
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


def dutch(message: Any) -> str:
    """DRF's message by its code in Dutch; a message of our own (a code DRF does not use) stays as it is."""
    code = getattr(message, "code", None)
    template = _MESSAGES.get(str(code)) if code else None
    if template is None:
        return str(message)
    number = _NUMBER.search(str(message))
    return str(template) % {"n": number.group(0) if number else ""}


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
            return [{"field": path, "message": dutch(item)} for item in detail]
        found = []
        for index, inner in enumerate(detail):
            if inner:
                found.extend(_flatten(inner, f"{path}.{index}" if path else str(index)))
        return found
    return [{"field": path, "message": dutch(detail)}]


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
    detail = dutch(exc.detail) if isinstance(exc.detail, str) else ""
    return _response(problem_body(django_request, code, detail=detail), code, headers)


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
