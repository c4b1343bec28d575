"""The partner API's own state changes: issuing, rotating and revoking keys; remembering idempotent answers.

Receiving a melding or a batch of vroegsignalen is not done here: the partners and vroegsignalering apps own
those (partners.services.receive_melding, vroegsignalering.intake.import_rows); the API only calls them.
"""

import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone

from accounts.models import User
from audit.models import AccessAction, AccessBasis
from audit.services import log_access
from partnerapi.models import ApiKey, IdempotencyRecord
from partners.models import Partner
from partners.services import ensure_service_user

#: Prefix (public) and secret (256 random bits), joined by a dot.
PREFIX_BYTES = 6
SECRET_BYTES = 32
#: How stale `last_used_at` may be: saves a database write on every call.
LAST_USED_PRECISION = timedelta(minutes=1)
#: How long an idempotent answer is replayed (docs/api.md); the clean-up command removes older ones.
IDEMPOTENCY_RETENTION = timedelta(hours=24)


@dataclass(frozen=True)
class IssuedKey:
    """A new key and its secret: the only moment the full key exists outside the partner's system."""

    key: ApiKey
    token: str


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()


@transaction.atomic
def issue_key(
    partner: Partner,
    *,
    actor: User | None,
    name: str = "",
    expires_at: datetime | None = None,
    replaces: ApiKey | None = None,
    request: HttpRequest | None = None,
) -> IssuedKey:
    # The partner's system acts under its own account, so every call is in the access log by name.
    ensure_service_user(partner)
    prefix = secrets.token_hex(PREFIX_BYTES)
    while ApiKey.objects.filter(prefix=prefix).exists():  # pragma: no cover - 48 bits; a clash is theoretical
        prefix = secrets.token_hex(PREFIX_BYTES)
    secret = secrets.token_urlsafe(SECRET_BYTES)
    key = ApiKey.objects.create(
        partner=partner,
        name=name,
        prefix=prefix,
        secret_hash=hash_secret(secret),
        created_by=actor,
        expires_at=expires_at,
        replaces=replaces,
    )
    _log_beheer(request, actor, key, "sleutel uitgegeven" if replaces is None else f"vervangt {replaces.prefix}")
    return IssuedKey(key=key, token=f"{prefix}.{secret}")


def rotate_key(old: ApiKey, *, actor: User | None, request: HttpRequest | None = None) -> IssuedKey:
    """A new key for the same partner; the old one keeps working until revoked, so the partner can switch over."""
    return issue_key(old.partner, actor=actor, name=old.name, expires_at=None, replaces=old, request=request)


@transaction.atomic
def revoke_key(key: ApiKey, *, actor: User | None, request: HttpRequest | None = None) -> ApiKey:
    if key.revoked_at is None:
        key.revoked_at = timezone.now()
        key.save(update_fields=["revoked_at"])
        _log_beheer(request, actor, key, "sleutel ingetrokken")
    return key


def _log_beheer(request: HttpRequest | None, actor: User | None, key: ApiKey, detail: str) -> None:
    log_access(
        request,
        user=actor,
        action=AccessAction.UPDATE,
        basis=AccessBasis.BEHEER,
        object_type="api-sleutel",
        object_id=key.prefix,
        detail=f"{key.partner.code}: {detail}",
    )


def key_for_token(token: str, *, now: datetime | None = None) -> ApiKey | None:
    """The valid key this token is, or None (unknown prefix, wrong secret, revoked, expired)."""
    prefix, dot, secret = token.strip().partition(".")
    if not dot or not prefix or not secret or len(prefix) > 16:
        return None
    key = ApiKey.objects.select_related("partner", "partner__service_user").filter(prefix=prefix).first()
    # Hash a candidate even for an unknown prefix, so the answer takes about as long either way.
    candidate = hash_secret(secret)
    if key is None or not hmac.compare_digest(candidate, key.secret_hash):
        return None
    moment = now or timezone.now()
    if not key.is_valid_at(moment):
        return None
    if key.last_used_at is None or moment - key.last_used_at > LAST_USED_PRECISION:
        ApiKey.objects.filter(pk=key.pk).update(last_used_at=moment)
        key.last_used_at = moment
    return key


# --- Idempotency ---------------------------------------------------------------------------------------


def request_fingerprint(method: str, path: str, data: object) -> str:
    """SHA-256 over what makes two requests "the same": method, path and the JSON (key order and spacing aside)."""
    canonical = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256(f"{method} {path}\n{canonical}".encode("utf-8", "surrogatepass")).hexdigest()


class AnswerAlreadyStored(Exception):
    """A concurrent request with the same Idempotency-Key stored its answer first."""


def stored_answer(partner: Partner, key: str) -> IdempotencyRecord | None:
    """The answer stored under this key within the retention; an older one is removed and does not count."""
    record = IdempotencyRecord.objects.filter(partner=partner, key=key).first()
    if record is not None and record.created_at < timezone.now() - IDEMPOTENCY_RETENTION:
        record.delete()
        return None
    return record


def remember_answer(partner: Partner, key: str, fingerprint: str, status: int, body: object) -> IdempotencyRecord:
    """Store the answer; called inside the request's transaction, so it is stored exactly when the work is.

    Two requests with the same key at the same moment: the unique constraint lets one insert win; the other
    gets an IntegrityError here and its whole transaction (its melding too) is rolled back (see views).
    """
    try:
        with transaction.atomic():
            return IdempotencyRecord.objects.create(
                partner=partner, key=key, request_hash=fingerprint, response_status=status, response_body=body
            )
    except IntegrityError:
        raise AnswerAlreadyStored from None


def clear_expired_answers(now: datetime | None = None) -> int:
    cutoff = (now or timezone.now()) - IDEMPOTENCY_RETENTION
    deleted, _by_model = IdempotencyRecord.objects.filter(created_at__lt=cutoff).delete()
    return deleted
