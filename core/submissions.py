"""Submit once: a create form that is sent twice creates one object, and never answers 500.

Every create form renders a fresh random token (`{% submission_token %}`). The first POST
with that token claims it, in the same transaction as the object it creates, and stores
where that object is; a second POST with the same token (a double click, a reload, the back
button) is sent there with a message instead of creating a duplicate. A claim is kept for
`KEEP_FOR`; the form would be stale after that anyway.

A POST without a token (an old browser tab from before this mechanism, a test) is handled as
before: the unique constraints of the models still refuse what must never be doubled (a BSN).
"""

import re
import secrets
from collections.abc import Callable
from datetime import timedelta
from typing import TypeVar

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _

from core.models import FormSubmission

FIELD = "submission_token"
KEEP_FOR = timedelta(days=1)
_TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{16,64}$")

T = TypeVar("T")


def new_token() -> str:
    return secrets.token_urlsafe(24)


def _token(request: HttpRequest) -> str | None:
    value = request.POST.get(FIELD, "")
    return value if _TOKEN_RE.match(value) else None


def _repeat(request: HttpRequest, earlier: FormSubmission) -> HttpResponse:
    messages.info(
        request, _("Dit formulier was al verstuurd en is maar één keer verwerkt. Hieronder ziet u het resultaat.")
    )
    return redirect(earlier.result_url or "/")


def _user_id(request: HttpRequest) -> int:
    pk = request.user.pk
    assert isinstance(pk, int)
    return pk


def _earlier(request: HttpRequest, token: str) -> FormSubmission | None:
    return (
        FormSubmission.objects.filter(user_id=_user_id(request), token=token, created_at__gte=timezone.now() - KEEP_FOR)
        .exclude(result_url="")
        .first()
    )


def repeated_submission(request: HttpRequest) -> HttpResponse | None:
    """The answer to a POST whose token was used before, or None for a first send.

    Views call this before validating the form, so a repeat is not refused as a duplicate
    (the resident with this BSN now exists) but shows what the first send created.
    """
    token = _token(request) if request.method == "POST" else None
    if token is None or not request.user.is_authenticated:
        return None
    earlier = _earlier(request, token)
    return _repeat(request, earlier) if earlier is not None else None


def submit_once(request: HttpRequest, create: Callable[[], T], result_url: Callable[[T], str]) -> T | HttpResponse:
    """Run `create` once per form token; a repeat gets a redirect to the first result instead.

    `create` runs in the transaction that claims the token: if it raises (a ValidationError),
    the claim is rolled back with it and the corrected form can be sent with the same token.
    """
    token = _token(request)
    if token is None or not request.user.is_authenticated:
        return create()
    earlier = _earlier(request, token)
    if earlier is not None:
        return _repeat(request, earlier)
    try:
        with transaction.atomic():
            FormSubmission.objects.filter(user_id=_user_id(request), created_at__lt=timezone.now() - KEEP_FOR).delete()
            claim = FormSubmission.objects.create(user_id=_user_id(request), token=token)
            result = create()
            claim.result_url = result_url(result)[:300]
            claim.save(update_fields=["result_url"])
    except IntegrityError:
        # Another request with this token committed first (a double click): show its result.
        earlier = _earlier(request, token)
        if earlier is None:
            raise
        return _repeat(request, earlier)
    return result
