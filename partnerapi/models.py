"""API keys and idempotency records of the partner API (docs/adr/0021-partner-api.md).

A partner's system shows an **API key** on every call: ``<prefix>.<secret>``. The prefix is public and finds the
key; only a SHA-256 hash of the secret is stored, so a copy of the database does not let anyone call the API.
The secret is 256 random bits, not a password a person chose: a fast hash is enough (nobody can guess through
2^256 candidates), and a slow one (scrypt, PBKDF2) would only make every call slower.

An **idempotency record** remembers the answer to a POST that carried an ``Idempotency-Key`` header, so a partner
that retries after a lost connection gets the same answer instead of a second melding.
"""

from datetime import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partners.models import Partner


class ApiKey(models.Model):
    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="api_keys", verbose_name=_("partner"))
    name = models.CharField(
        _("omschrijving"), max_length=100, blank=True, help_text=_("Bijvoorbeeld: productie 2027, testomgeving.")
    )
    #: The public part of the key: finds the row; shown in lists so a partner can say which key it uses.
    prefix = models.CharField(_("voorvoegsel"), max_length=16, unique=True, editable=False)
    #: SHA-256 (hex) of the secret part; the secret itself is shown once, when the key is made, and never stored.
    secret_hash = models.CharField(_("hash van het geheim"), max_length=64, editable=False)
    created_at = models.DateTimeField(_("aangemaakt op"), default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("aangemaakt door"),
    )
    expires_at = models.DateTimeField(
        _("verloopt op"), null=True, blank=True, help_text=_("Leeg: geldig tot de sleutel wordt ingetrokken.")
    )
    revoked_at = models.DateTimeField(_("ingetrokken op"), null=True, blank=True, editable=False)
    #: Updated at most once a minute (services.LAST_USED_PRECISION), not on every call.
    last_used_at = models.DateTimeField(_("laatst gebruikt op"), null=True, blank=True, editable=False)
    #: The key this one replaced (rotation): the old one keeps working until the beheerder revokes it.
    replaces = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("vervangt"),
    )

    class Meta:
        verbose_name = _("API-sleutel")
        verbose_name_plural = _("API-sleutels")
        ordering = ["partner__name", "-created_at"]

    def __str__(self) -> str:
        return f"{self.partner.code}: {self.prefix}…"

    def is_valid_at(self, moment: datetime) -> bool:
        if self.revoked_at is not None and self.revoked_at <= moment:
            return False
        return self.expires_at is None or self.expires_at > moment


class IdempotencyRecord(models.Model):
    """The stored answer to one POST with an Idempotency-Key, for replay within the retention (24 hours)."""

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=255)
    #: SHA-256 of method, path and the request's JSON (canonical form): the same key with another body is refused.
    request_hash = models.CharField(max_length=64)
    response_status = models.PositiveSmallIntegerField()
    #: Only what the API answered: ids and statuses, never what the partner sent about the resident.
    response_body = models.JSONField()
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["partner", "key"], name="idempotency_key_once_per_partner")]

    def __str__(self) -> str:
        return f"{self.partner_id}/{self.key}"
