"""What the background jobs did, for the functioneel beheerder: one row per attempt, never about a person.

A run records counts and, when it failed, the kind of error and where it arose; it points at no
resident, household or dossier (core/tests/test_admin_matrix.py), so the admin may show it.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class RunStatus(models.TextChoices):
    RUNNING = "bezig", _("Bezig")
    SUCCEEDED = "geslaagd", _("Geslaagd")
    #: A transient error (database, network): the job runs again after a pause that doubles each time.
    RETRYING = "wordt_herhaald", _("Mislukt, wordt herhaald")
    #: Failed for good (a programming error, or the last retry): needs someone to look at it.
    FAILED = "mislukt", _("Mislukt")
    #: Another run of the same job still held its lock; this one did nothing.
    SKIPPED = "overgeslagen", _("Overgeslagen (liep al)")


class JobRun(models.Model):
    """One attempt of one job: when it started and ended, how it ended, and what it counted."""

    job = models.CharField(_("taak"), max_length=100, db_index=True)
    label = models.CharField(_("omschrijving"), max_length=200, blank=True)
    task_id = models.CharField(_("uitvoering-id"), max_length=64, blank=True)
    attempt = models.PositiveSmallIntegerField(
        _("poging"), default=1, help_text=_("1 bij de eerste uitvoering; hoger bij een herhaling na een storing.")
    )
    status = models.CharField(_("status"), max_length=20, choices=RunStatus.choices, default=RunStatus.RUNNING)
    started_at = models.DateTimeField(_("gestart"), default=timezone.now, db_index=True)
    finished_at = models.DateTimeField(_("geëindigd"), null=True, blank=True)
    summary = models.JSONField(_("resultaat"), default=dict, blank=True, help_text=_("Alleen aantallen."))
    error = models.TextField(
        _("fout"),
        blank=True,
        help_text=_("Het soort fout en waar in de code die optrad; nooit de gegevens waarmee de taak werkte."),
    )

    class Meta:
        verbose_name = _("uitvoering van een achtergrondtaak")
        verbose_name_plural = _("uitvoeringen van achtergrondtaken")
        ordering = ["-started_at", "-pk"]
        indexes = [models.Index(fields=["status", "started_at"])]

    def __str__(self) -> str:
        return f"{self.label or self.job} {self.started_at:%Y-%m-%d %H:%M} {self.get_status_display()}"


class JobLock(models.Model):
    """A lease on a job, so two runs of it never overlap; it expires by itself when a worker dies."""

    name = models.CharField(max_length=100, primary_key=True)
    held_until = models.DateTimeField(null=True, blank=True)
    holder = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("vergrendeling van een achtergrondtaak")
        verbose_name_plural = _("vergrendelingen van achtergrondtaken")

    def __str__(self) -> str:
        return self.name
