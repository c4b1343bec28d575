"""Mijn Wijkteam: who may look along with a resident (representations), how to reach them, their privacy questions.

A resident logs in with DigiD (a BSN, never a password). What they see is found through the household
they belong to (portal.access); these models hold what the portal adds to the casework data:

- ``Representation``: someone who acts for a resident, by law (a parent with authority, a curator,
  mentor or bewindvoerder, recorded by the team) or because the resident invited them (a mantelzorger,
  by an e-mail link with an expiry). It names the parts of the portal the representative may open.
  Shaped so DigiD Machtigen can feed it later: a representative is a BSN, a represented person is an
  Inwoner, the authorisation is a list of scopes with a period (``source`` says where it came from).
- ``PortalContact``: the e-mail address a resident gave for notices ("u hebt een nieuw bericht").
- ``PrivacyQuestion``: a resident's question about one line of the access history, for the privacy officer.

Rows are never deleted: a revoked representation keeps its history (who could look, when).
"""

from datetime import date

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from residents.models import Inwoner


class PortalScope(models.TextChoices):
    """The parts of Mijn Wijkteam; a representative gets the ones the resident (or the law) allows."""

    PLAN = "plan", _("Mijn plan")
    REGISSEUR = "regisseur", _("Mijn regisseur")
    ONDERZOEK = "onderzoek", _("Onderzoek en persoonlijk plan")
    BESLUITEN = "besluiten", _("Mijn besluiten")
    BERICHTEN = "berichten", _("Berichten")
    TOESTEMMINGEN = "toestemmingen", _("Toestemmingen")
    INZAGE = "inzage", _("Wie keek in mijn gegevens")
    GEGEVENS = "gegevens", _("Mijn gegevens downloaden")
    VRAGENLIJST = "vragenlijst", _("Vragenlijst over onze hulp")


ALL_SCOPES: frozenset[str] = frozenset(PortalScope.values)


class RepresentationKind(models.TextChoices):
    OUDER_MET_GEZAG = "ouder_met_gezag", _("Ouder met gezag")
    CURATOR = "curator", _("Curator")
    MENTOR = "mentor", _("Mentor")
    BEWINDVOERDER = "bewindvoerder", _("Bewindvoerder")
    #: Someone the resident invited, e.g. a mantelzorger or a family member.
    GEMACHTIGDE = "gemachtigde", _("Gemachtigde (bijv. mantelzorger)")


#: Kinds that follow from the law or a court decision: recorded by the team, not by the resident's invitation.
LEGAL_KINDS: frozenset[str] = frozenset(
    {
        RepresentationKind.OUDER_MET_GEZAG,
        RepresentationKind.CURATOR,
        RepresentationKind.MENTOR,
        RepresentationKind.BEWINDVOERDER,
    }
)


class RepresentationSource(models.TextChoices):
    UITNODIGING = "uitnodiging", _("Uitnodiging door de inwoner")
    REGISTRATIE = "registratie", _("Vastgelegd door het team (gezag, uitspraak van de rechter)")
    #: Not fed yet: an authorisation from DigiD Machtigen arrives as a representation with this source.
    DIGID_MACHTIGEN = "digid_machtigen", _("DigiD Machtigen")


class Representation(models.Model):
    """Someone who may use Mijn Wijkteam for a resident, for the parts named in ``scopes``, for a period."""

    represented = models.ForeignKey(
        Inwoner, on_delete=models.PROTECT, related_name="representations", verbose_name=_("voor wie")
    )
    kind = models.CharField(_("soort"), max_length=24, choices=RepresentationKind.choices)
    source = models.CharField(_("bron"), max_length=24, choices=RepresentationSource.choices)
    #: The representative's BSN: known from the start for a legal representative, set when an invitation is
    #: accepted (the DigiD login of whoever opened the link). Empty while an invitation waits.
    representative_bsn = models.CharField(_("BSN van de vertegenwoordiger"), max_length=9, blank=True)
    representative_name = models.CharField(_("naam van de vertegenwoordiger"), max_length=200)
    scopes = models.JSONField(_("wat mag deze persoon zien"), default=list)
    #: For a child of 12 to 16 (and 16 or 17): the child agreed that this parent sees the sensitive parts too.
    child_agreed_on = models.DateField(_("kind akkoord op"), null=True, blank=True)
    invited_email = models.EmailField(_("uitgenodigd op e-mailadres"), blank=True)
    #: SHA-256 of the invitation link's token; the token itself is only in the e-mail.
    invite_token_hash = models.CharField(
        _("hash van de uitnodigingscode"), max_length=64, unique=True, null=True, blank=True, editable=False
    )
    invite_expires_at = models.DateTimeField(_("uitnodiging geldig tot"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("uitnodiging aangenomen op"), null=True, blank=True)
    valid_from = models.DateField(_("geldig vanaf"), default=timezone.localdate)
    valid_until = models.DateField(_("geldig tot en met"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)
    revoked_by = models.CharField(_("ingetrokken door"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("vastgelegd op"), default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("vastgelegd door (medewerker)"),
    )

    class Meta:
        verbose_name = _("vertegenwoordiging")
        verbose_name_plural = _("vertegenwoordigingen")
        indexes = [
            models.Index(fields=["representative_bsn"], name="portal_repr_bsn"),
            models.Index(fields=["represented", "revoked_at"], name="portal_repr_represented"),
        ]

    def __str__(self) -> str:
        return str(
            _("%(name)s (%(kind)s) voor %(who)s")
            % {"name": self.representative_name, "kind": self.get_kind_display(), "who": self.represented}
        )

    def is_active_on(self, day: date) -> bool:
        return (
            bool(self.representative_bsn)
            and self.revoked_at is None
            and self.valid_from <= day
            and (self.valid_until is None or day <= self.valid_until)
        )

    @property
    def is_active(self) -> bool:
        return self.is_active_on(timezone.localdate())

    @property
    def invitation_open(self) -> bool:
        """An invitation that can still be accepted."""
        return (
            not self.representative_bsn
            and self.revoked_at is None
            and self.invite_expires_at is not None
            and timezone.now() < self.invite_expires_at
        )

    @property
    def scope_set(self) -> frozenset[str]:
        return frozenset(value for value in self.scopes if value in ALL_SCOPES)

    @property
    def scope_labels(self) -> list[str]:
        return [str(scope.label) for scope in PortalScope if scope.value in self.scopes]


class PortalContact(models.Model):
    """How the portal reaches a resident: an e-mail address for notices that never carry content."""

    inwoner = models.OneToOneField(Inwoner, on_delete=models.CASCADE, related_name="portal_contact")
    email = models.EmailField(_("e-mailadres voor berichten"), blank=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    class Meta:
        verbose_name = _("contactgegevens Mijn Wijkteam")
        verbose_name_plural = _("contactgegevens Mijn Wijkteam")

    def __str__(self) -> str:
        return str(self.inwoner)


class PrivacyQuestion(models.Model):
    """A resident asks the privacy officer about one line of their access history."""

    inwoner = models.ForeignKey(Inwoner, on_delete=models.PROTECT, related_name="privacy_questions")
    #: The access log line asked about (append-only, so the reference stays valid).
    access_entry = models.ForeignKey(
        "audit.AccessLogEntry", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    dossier_id = models.BigIntegerField(_("dossier"), null=True, blank=True)
    question = models.TextField(_("vraag"))
    asked_at = models.DateTimeField(_("gesteld op"), default=timezone.now)
    #: Who asked: the resident themself, or a representative (``Representation``), in plain words.
    asked_by = models.CharField(_("gesteld door"), max_length=200)
    answer = models.TextField(_("antwoord"), blank=True)
    answered_at = models.DateTimeField(_("beantwoord op"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("privacyvraag")
        verbose_name_plural = _("privacyvragen")
        ordering = ["answered_at", "-asked_at"]

    def __str__(self) -> str:
        return self.question[:60]
