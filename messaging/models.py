"""Secure messages between a household and its regisseur (Mijn Wijkteam and the dossier's "Berichten" part).

Messages belong to the dossier, like the timeline: they are only added, never changed or deleted (the
destruction of the dossier removes them with it). What may change afterwards is only who read a message
when, and whether the e-mail notice for a staff message went out.

A message is written either by a staff member (``author``) or by the household in Mijn Wijkteam
(``author`` empty): then ``author_name`` says who in words ("Jan Jansen", or "Mila (Gemachtigde) namens
Jan Jansen"), and ``via_representation_id`` the portal's representation, as a plain number so the
message does not depend on how the resident logged in.
"""

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dossiers.models import AppendOnlyError, Dossier

#: The longest message (a few paragraphs; longer stories belong in a conversation).
BODY_MAX_LENGTH = 2000

#: The only fields that change after a message is sent.
MUTABLE_FIELDS: frozenset[str] = frozenset(
    {"read_by_household_at", "read_by_household_name", "read_by_staff_at", "read_by_staff", "notice_sent_at"}
)


class MessageQuerySet(models.QuerySet["Message"]):
    """Messages are never deleted nor rewritten: only the read markers and the notice time change."""

    def delete(self) -> Any:
        raise AppendOnlyError("Messages cannot be deleted.")

    def update(self, **kwargs: Any) -> int:
        fields = {name.removesuffix("_id") for name in kwargs}
        if not fields <= MUTABLE_FIELDS:
            raise AppendOnlyError(f"Messages cannot be changed: {sorted(fields - MUTABLE_FIELDS)}")
        return super().update(**kwargs)


class Message(models.Model):
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="messages")
    body = models.TextField(_("bericht"), max_length=BODY_MAX_LENGTH)
    sent_at = models.DateTimeField(_("verstuurd op"), default=timezone.now)
    #: The staff member who wrote it; empty for a message from the household.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("medewerker"),
    )
    #: Who wrote it, in words, as it was when it was sent.
    author_name = models.CharField(_("geschreven door"), max_length=200)
    #: The portal representation the household's message was sent through (portal.Representation), if any.
    via_representation_id = models.PositiveBigIntegerField(_("via vertegenwoordiging"), null=True, blank=True)
    read_by_household_at = models.DateTimeField(_("gelezen door het huishouden op"), null=True, blank=True)
    read_by_household_name = models.CharField(_("gelezen door (huishouden)"), max_length=200, blank=True)
    read_by_staff_at = models.DateTimeField(_("gelezen door het team op"), null=True, blank=True)
    read_by_staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("gelezen door (medewerker)"),
    )
    #: A staff message: when the e-mail notice (without content) went to the household.
    notice_sent_at = models.DateTimeField(_("melding per e-mail verstuurd op"), null=True, blank=True)
    #: The form's one-time token: the same form sent twice adds one message.
    submission_token = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)

    objects = MessageQuerySet.as_manager()

    class Meta:
        verbose_name = _("bericht")
        verbose_name_plural = _("berichten")
        ordering = ["sent_at", "id"]
        indexes = [
            models.Index(fields=["dossier", "sent_at"], name="messaging_thread"),
            # The worklist's count: the household's messages no one of the team has read yet.
            models.Index(
                fields=["dossier"],
                condition=Q(author__isnull=True, read_by_staff_at__isnull=True),
                name="messaging_unread_by_staff",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.author_name}, {self.sent_at:%Y-%m-%d %H:%M}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            fields = set(kwargs.get("update_fields") or ())
            if not fields or not {name.removesuffix("_id") for name in fields} <= MUTABLE_FIELDS:
                raise AppendOnlyError("Messages cannot be changed, only marked read.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise AppendOnlyError("Messages cannot be deleted.")

    @property
    def from_household(self) -> bool:
        return self.author_id is None
