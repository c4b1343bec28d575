"""An AVG art. 15 inzage export being made in the background, and the files it produced for a while.

Importable from `audit.models` (one import line at its end), so Django and the migrations see it as
an audit model; it lives in its own module because `audit/models.py` is the access log's.

Why the person is a plain number and not a foreign key: the export is the privacy officer's record
of handling an inzageverzoek, not a record of a dossier, so it has no owning dossier for
`dossiers.policy` (which a foreign key to a person would demand). What makes it personal data is
the files; they are removed when the export expires (`EXPORT_KEEP_DAYS`) and, should the person be
destroyed earlier, by the next run of the clean-up job (`audit.exports.expire_exports`). Nobody but
the requesting privacy officer reaches an export (`audit.views_inzage`).

A resident may also ask for their own export in Mijn Wijkteam (portal/gegevens_views.py): then there is
no officer (`requested_by` is empty) and `portal_requester` says who asked (the resident themself or a
representative, in the words of the access log). Such an export is reached only in the portal, by the
person it is about; the officer's pages never list it.
"""

import uuid
from datetime import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ExportStatus(models.TextChoices):
    REQUESTED = "aangevraagd", _("Aangevraagd")
    RUNNING = "bezig", _("Bezig")
    READY = "klaar", _("Klaar")
    FAILED = "mislukt", _("Mislukt")
    #: The files were removed after `EXPORT_KEEP_DAYS`; request a new export to get them again.
    EXPIRED = "verlopen", _("Verlopen")


#: Waiting for the job or being made: at most one of these per person and privacy officer.
OPEN_STATUSES = (ExportStatus.REQUESTED, ExportStatus.RUNNING)


class InzageExport(models.Model):
    """One request for the inzage overview of one person, by one privacy officer, and its outcome."""

    #: Random, so the address of an export says nothing and cannot be counted through.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    #: The privacy officer who asked; empty when the resident asked in Mijn Wijkteam (`portal_requester`).
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("aangevraagd door"),
    )
    #: Who asked in Mijn Wijkteam (portal.principal.Principal.describe: "inwoner 12 zelf", a representative).
    portal_requester = models.CharField(_("aangevraagd in Mijn Wijkteam door"), max_length=200, blank=True)
    person_id = models.BigIntegerField(_("inwonernummer"), db_index=True)
    kenmerk = models.CharField(_("kenmerk van het verzoek"), max_length=40)
    status = models.CharField(_("status"), max_length=12, choices=ExportStatus.choices, default=ExportStatus.REQUESTED)
    requested_at = models.DateTimeField(_("aangevraagd op"), default=timezone.now)
    started_at = models.DateTimeField(_("gestart op"), null=True, blank=True)
    finished_at = models.DateTimeField(_("klaar op"), null=True, blank=True)
    expires_at = models.DateTimeField(_("verloopt op"), null=True, blank=True)
    #: In the database like the beschikking letters (decisions.Letter.pdf): never under a served path.
    pdf = models.BinaryField(_("inzage-overzicht (pdf)"), null=True, blank=True, editable=False)
    csv = models.BinaryField(_("volledige toegangshistorie (csv)"), null=True, blank=True, editable=False)
    line_count = models.PositiveIntegerField(_("regels in de toegangshistorie"), default=0)
    #: The dossiers whose content the files hold: every download is logged against each of them.
    dossier_ids = models.JSONField(_("dossiers"), default=list, blank=True)
    #: Special-category note sections (AVG art. 9/10) in the files, named in the download's log line.
    special_sections = models.JSONField(_("bijzondere onderdelen"), default=list, blank=True)
    error = models.TextField(
        _("fout"), blank=True, help_text=_("Het soort fout en waar in de code; nooit gegevens van de inwoner.")
    )

    class Meta:
        verbose_name = _("inzage-export")
        verbose_name_plural = _("inzage-exports")
        ordering = ["-requested_at"]
        indexes = [
            models.Index(fields=["requested_by", "-requested_at"], name="audit_inzage_by_officer"),
            models.Index(fields=["status", "expires_at"], name="audit_inzage_status_expiry"),
        ]
        constraints = [
            # A second click while the first export is still being made returns that one.
            models.UniqueConstraint(
                fields=["person_id", "requested_by"],
                condition=models.Q(status__in=["aangevraagd", "bezig"]),
                name="audit_inzage_one_open_per_person",
            ),
            # The same for the exports residents ask for in Mijn Wijkteam: one open export per person.
            models.UniqueConstraint(
                fields=["person_id"],
                condition=models.Q(status__in=["aangevraagd", "bezig"], requested_by__isnull=True),
                name="audit_inzage_one_open_portal_per_person",
            ),
            models.CheckConstraint(
                condition=models.Q(requested_by__isnull=False) | ~models.Q(portal_requester=""),
                name="audit_inzage_someone_asked",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kenmerk} ({self.get_status_display()})"

    @property
    def is_from_portal(self) -> bool:
        return self.requested_by_id is None

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def is_downloadable(self, now: datetime | None = None) -> bool:
        """Ready and not past its term, also before the clean-up job has removed the files."""
        moment = now or timezone.now()
        return self.status == ExportStatus.READY and self.expires_at is not None and self.expires_at > moment
