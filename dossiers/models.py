"""Meldingen, dossiers (one per household episode), who is involved, the timeline and deadlines."""

from datetime import date
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from deadlines.norms import is_service_norm
from deadlines.terms import TERMS
from dossiers.outcome import OutcomeStep
from dossiers.sections import Section
from dossiers.transitions import TRIAGE_STATUSES, CloseReason, Status
from organisation.models import Team
from residents.models import Huishouden, Inwoner


class Route(models.TextChoices):
    ZELFMELDER = "zelfmelder", _("Zelfmelder")
    HUISARTS = "huisarts", _("Huisarts")
    SCHOOL = "school", _("School")
    WIJKAGENT = "wijkagent", _("Wijkagent")
    WONINGCORPORATIE = "woningcorporatie", _("Woningcorporatie")
    VEILIG_THUIS = "veilig_thuis", _("Veilig Thuis")
    VROEGSIGNAAL = "vroegsignaal", _("Vroegsignaal")
    OUTREACH = "outreach", _("Outreachend (erop af)")
    OVERIG = "overig", _("Overig")


class Regime(models.TextChoices):
    """The law a melding falls under; it decides which terms the melding starts (dossiers/regimes.py)."""

    WMO = "wmo", _("Wmo 2015")
    JEUGDWET = "jeugdwet", _("Jeugdwet")
    PARTICIPATIEWET = "participatiewet", _("Participatiewet")
    SCHULDHULP = "schuldhulp", _("Schuldhulpverlening (Wgs)")
    GEEN_HULPVRAAG = "geen_hulpvraag", _("Nog geen hulpvraag (zorgmelding)")


class WgsThreat(models.TextChoices):
    """A threatening situation (Wgs art. 4a lid 2): the first conversation follows within 3 working days."""

    HUISUITZETTING = "huisuitzetting", _("Dreigende huisuitzetting")
    AFSLUITING_ENERGIE = "afsluiting_energie", _("Dreigende afsluiting van energie")
    AFSLUITING_WATER = "afsluiting_water", _("Dreigende afsluiting van water")
    ZORGVERZEKERING = "zorgverzekering", _("Opzegging of ontbinding van de zorgverzekering")


class Urgency(models.TextChoices):
    NORMAAL = "normaal", _("Normaal")
    HOOG = "hoog", _("Hoog")
    CRISIS = "crisis", _("Crisis")


#: An urgency's place in the triage queue: crisis first, then hoog, then normaal (and no melding at all).
URGENCY_RANKS: dict[str, int] = {Urgency.CRISIS: 0, Urgency.HOOG: 1, Urgency.NORMAAL: 2}


class Dossier(models.Model):
    """A SociaalTeamDossier: one household, one plan, one regisseur, for one episode of support."""

    huishouden = models.ForeignKey(Huishouden, on_delete=models.PROTECT, related_name="dossiers")
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="dossiers")
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.AANGEMELD)
    regisseur = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="regie_dossiers",
        verbose_name=_("regisseur"),
    )
    opened_at = models.DateTimeField(_("geopend"), default=timezone.now)
    closed_at = models.DateTimeField(_("gesloten"), null=True, blank=True)
    close_reason = models.CharField(_("reden van afsluiten"), max_length=32, choices=CloseReason.choices, blank=True)
    close_note = models.TextField(_("toelichting bij afsluiten"), blank=True)
    #: The highest step of the outcome ladder reached (dossiers/outcome.py), set when the dossier is closed: from
    #: the records where they show it, else as the regisseur said. Empty for dossiers closed before it was asked.
    outcome_step = models.CharField(
        _("hoogste trede bereikt"), max_length=32, choices=OutcomeStep.choices, blank=True, default=""
    )
    status_changed_at = models.DateTimeField(_("status gewijzigd"), default=timezone.now)
    #: The earliest open legal deadline, kept in step by the services so worklists sort in the database.
    next_deadline = models.DateField(_("eerstvolgende termijn"), null=True, blank=True)
    #: The triage queue's order, from the newest melding (``register_melding`` keeps it in step): its
    #: urgency as a rank (crisis first) and when it came in. Stored, so a deep page of a city-wide queue
    #: is read from an index instead of looking up every waiting dossier's newest melding to sort.
    last_melding_rank = models.PositiveSmallIntegerField(
        _("urgentie nieuwste melding (volgorde)"), default=URGENCY_RANKS[Urgency.NORMAAL]
    )
    last_melding_at = models.DateTimeField(_("nieuwste melding ontvangen"), null=True, blank=True)

    class Meta:
        verbose_name = _("dossier")
        verbose_name_plural = _("dossiers")
        indexes = [
            models.Index(fields=["team", "status"]),
            models.Index(fields=["regisseur", "status"]),
            models.Index(fields=["status", "next_deadline"]),
            # The monitor's caseload now (indicator 8) and the forecast count open dossiers per team, regisseur and
            # age: read from this index alone, not from the table (130 ms -> 14 ms at 1,000,000 residents on SQLite).
            models.Index(fields=["status", "team", "regisseur", "opened_at"], name="dossiers_open_caseload"),
            # The triage queue: a team's waiting dossiers in queue order (dossiers.selectors.triage_queue).
            models.Index(
                fields=["team", "last_melding_rank", "last_melding_at", "id"],
                condition=models.Q(status__in=sorted(TRIAGE_STATUSES)),
                name="dossier_triage_queue",
            ),
        ]

    def __str__(self) -> str:
        return str(_("Dossier %(id)s") % {"id": self.pk})

    def refresh_triage_key(self) -> None:
        """Set the triage key from the newest melding (by arrival, then the last registered), in the database too.

        A melding registered late with an earlier arrival time does not move the dossier in the queue.
        """
        newest = (
            Melding.objects.filter(dossier_id=self.pk)
            .order_by("-received_at", "-pk")
            .values("urgency", "received_at")
            .first()
        )
        normal = URGENCY_RANKS[Urgency.NORMAAL]
        rank = URGENCY_RANKS.get(newest["urgency"], normal) if newest else normal
        received_at = newest["received_at"] if newest else None
        Dossier.objects.filter(pk=self.pk).update(last_melding_rank=rank, last_melding_at=received_at)
        self.last_melding_rank, self.last_melding_at = rank, received_at

    @property
    def status_enum(self) -> Status:
        return Status(self.status)


class Melding(models.Model):
    """A signal about a household: a question for help or a worry reported by someone else."""

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="meldingen")
    inwoner = models.ForeignKey(Inwoner, on_delete=models.PROTECT, related_name="meldingen", verbose_name=_("over"))
    route = models.CharField(_("route"), max_length=20, choices=Route.choices)
    reporter_name = models.CharField(_("naam melder"), max_length=200, blank=True)
    reporter_organisation = models.CharField(_("organisatie melder"), max_length=200, blank=True)
    received_at = models.DateTimeField(_("ontvangen op"), default=timezone.now)
    description = models.TextField(_("omschrijving"))
    urgency = models.CharField(_("urgentie"), max_length=10, choices=Urgency.choices, default=Urgency.NORMAAL)
    regime = models.CharField(
        _("wettelijk kader"),
        max_length=20,
        choices=Regime.choices,
        help_text=_("Bepaalt welke termijnen de melding start; bij registratie afgeleid van de route."),
    )
    wgs_threat = models.CharField(
        _("dreigende situatie (Wgs)"),
        max_length=20,
        choices=WgsThreat.choices,
        blank=True,
        help_text=_("Eerste gesprek binnen 3 werkdagen (Wet gemeentelijke schuldhulpverlening art. 4a lid 2)."),
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("geregistreerd door")
    )

    class Meta:
        verbose_name = _("melding")
        verbose_name_plural = _("meldingen")
        indexes = [models.Index(fields=["received_at"])]

    def __str__(self) -> str:
        return f"{self.get_route_display()} {date_format(self.received_at)}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Save, and keep the dossier's triage key in step with its newest melding.

        An invariant of the pair rather than a step in one service: whichever path saves a melding
        (registration, the admin, a test), the triage queue stays in order. Bulk writes that bypass
        ``save`` (the demo seeder) fill the key themselves or call ``dossiers.services.repair_triage_keys``.
        """
        super().save(*args, **kwargs)
        dossier = self.dossier if Melding.dossier.is_cached(self) else Dossier(pk=self.dossier_id)  # type: ignore[attr-defined]
        dossier.refresh_triage_key()

    @property
    def is_wmo(self) -> bool:
        """A melding under the Wmo 2015 (art. 2.3.2 applies). In queries, filter on ``regime=Regime.WMO``."""
        return self.regime == Regime.WMO


class InvolvementRole(models.TextChoices):
    REGISSEUR = "regisseur", _("Regisseur")
    COLLEGA = "collega", _("Collega (tweede generalist / huisbezoek)")
    CONSULENT = "consulent", _("Consulent")


class Involvement(models.Model):
    """A professional's involvement in a dossier; access to the household follows it and ends with it."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="involvements")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="involvements")
    role = models.CharField(_("rol"), max_length=16, choices=InvolvementRole.choices)
    start = models.DateTimeField(_("begin"), default=timezone.now)
    end = models.DateTimeField(_("einde"), null=True, blank=True)

    class Meta:
        verbose_name = _("betrokkenheid")
        verbose_name_plural = _("betrokkenheden")
        indexes = [models.Index(fields=["user", "end"])]

    @property
    def is_active(self) -> bool:
        return self.end is None or self.end > timezone.now()


class AppendOnlyError(Exception):
    pass


class TimelineEvent(models.Model):
    """What happened in a dossier. Events are only ever added ("do not edit history")."""

    class Kind(models.TextChoices):
        MELDING = "melding", _("Melding")
        STATUS = "status", _("Statuswijziging")
        TOEWIJZING = "toewijzing", _("Toewijzing")
        ONDERZOEK = "onderzoek", _("Onderzoek")
        ZRM = "zrm", _("Zelfredzaamheid")
        PLAN = "plan", _("Plan")
        BESLUIT = "besluit", _("Aanvraag of besluit")
        BEZWAAR = "bezwaar", _("Bezwaar")
        TERMIJN = "termijn", _("Termijn")
        NOTITIE = "notitie", _("Notitie")

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="timeline")
    at = models.DateTimeField(_("tijdstip"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+", verbose_name=_("door")
    )
    kind = models.CharField(_("soort"), max_length=16, choices=Kind.choices)
    summary = models.CharField(_("samenvatting"), max_length=300)
    reason = models.TextField(_("reden"), blank=True)
    data = models.JSONField(_("gegevens"), default=dict, blank=True)

    class Meta:
        verbose_name = _("tijdlijngebeurtenis")
        verbose_name_plural = _("tijdlijn")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["dossier", "-at"])]

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise AppendOnlyError("Timeline events cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise AppendOnlyError("Timeline events cannot be deleted.")


class DossierDeadline(models.Model):
    """A legal term running in a dossier, computed by the deadline engine and stored to sort and report on."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="deadlines")
    #: The melding whose need this term is about (Wmo 2.3.2 lid 1: each melding has its own onderzoek term);
    #: empty for terms that follow something else, such as an aanvraag.
    melding = models.ForeignKey(
        Melding,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="deadlines",
        verbose_name=_("melding"),
    )
    term_code = models.CharField(_("termijn"), max_length=48)
    label = models.CharField(_("omschrijving"), max_length=200)
    basis = models.CharField(_("wettelijke grondslag"), max_length=200)
    start = models.DateField(_("aanvang (dag van de gebeurtenis)"))
    due = models.DateField(_("uiterste datum"))
    adjustments = models.JSONField(_("verschuivingen"), default=list, blank=True)
    met_on = models.DateField(_("gehaald op"), null=True, blank=True)
    postponed_weeks = models.PositiveSmallIntegerField(_("verdaagd (weken)"), default=0)
    postponement_reason = models.TextField(_("reden van verdaging"), blank=True)
    #: A term that no longer applies (the melding was re-qualified) is closed with a reason, never deleted.
    cancelled_on = models.DateField(_("vervallen op"), null=True, blank=True)
    cancel_reason = models.TextField(_("reden van vervallen"), blank=True)

    class Meta:
        verbose_name = _("termijn")
        verbose_name_plural = _("termijnen")
        ordering = ["due"]
        indexes = [
            models.Index(fields=["dossier", "met_on", "due"]),
            # Only the open terms, a small part of all terms after a few years: the daily check of
            # every open dossier's next deadline reads this index alone (dossiers.next_deadlines).
            # With the id (PostgreSQL), so the check for a running suspension is answered from the index.
            models.Index(
                fields=["dossier", "due"],
                include=["id"],
                condition=models.Q(met_on__isnull=True, cancelled_on__isnull=True),
                name="dossierdeadline_open",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.display_label}: {date_format(self.due)}"

    @property
    def display_label(self) -> str:
        """The term's name in the language of the screen; ``label`` keeps the Dutch name as it was recorded."""
        term = TERMS.get(self.term_code)
        return term.display_label if term is not None and term.label == self.label else self.label

    @property
    def is_open(self) -> bool:
        return self.met_on is None and self.cancelled_on is None

    @property
    def is_norm(self) -> bool:
        """A municipal service norm (werknorm), not a legal term."""
        return is_service_norm(self.term_code)

    def days_left(self, today: date) -> int:
        return (self.due - today).days


class DossierNote(models.Model):
    """A note inside one section of the dossier, e.g. by a consulted specialist. Only ever added."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="notes")
    section = models.CharField(_("onderdeel"), max_length=16, choices=Section.choices)
    text = models.TextField(_("notitie"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("auteur")
    )
    created_at = models.DateTimeField(_("geschreven op"), default=timezone.now)

    class Meta:
        verbose_name = _("notitie")
        verbose_name_plural = _("notities")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["dossier", "section"])]

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise AppendOnlyError("Notes cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise AppendOnlyError("Notes cannot be deleted.")


class SuspensionGroundChoice(models.TextChoices):
    """Why a term stood still, with its article; the values are those of deadlines.terms.SuspensionGround."""

    AANVULLING = "aanvulling", _("Aanvraag aanvullen na verzoek (Awb art. 4:5) – Awb art. 4:15 lid 1 sub a")
    INSTEMMING = "instemming", _("Schriftelijke instemming van de aanvrager – Awb art. 4:15 lid 2 sub a")
    OVERMACHT = "overmacht", _("Overmacht – Awb art. 4:15 lid 2 sub c")
    HERSTEL_VERZUIM = (
        "herstel_verzuim",
        _("Herstel van een verzuim in het bezwaarschrift (art. 6:6) – Awb art. 7:10 lid 2"),
    )


class TermSuspension(models.Model):
    """A period in which a stored term stood still (Awb 4:15, 7:10 lid 2); the term's end moves by its days.

    Recorded when it starts, given its end when the term runs again; never deleted, so the dossier
    shows why the date moved. The engine (``deadlines.terms.apply_suspensions``) computes the end.
    """

    deadline = models.ForeignKey(
        DossierDeadline, on_delete=models.CASCADE, related_name="suspensions", verbose_name=_("termijn")
    )
    ground = models.CharField(_("grond"), max_length=20, choices=SuspensionGroundChoice.choices)
    start = models.DateField(_("opgeschort met ingang van"))
    end = models.DateField(
        _("opgeschort tot"),
        null=True,
        blank=True,
        help_text=_("De dag waarop de termijn weer loopt; leeg zolang de opschorting duurt."),
    )
    note = models.TextField(_("toelichting"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("vastgelegd door")
    )
    recorded_at = models.DateTimeField(_("vastgelegd op"), default=timezone.now)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("beëindigd door"),
    )

    class Meta:
        verbose_name = _("opschorting")
        verbose_name_plural = _("opschortingen")
        ordering = ["start", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__isnull=True) | models.Q(end__gte=models.F("start")),
                name="suspension_ends_after_it_starts",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_ground_display()}: {date_format(self.start)}"

    @property
    def is_running(self) -> bool:
        return self.end is None

    @property
    def days(self) -> int | None:
        """The suspended days of an ended suspension (end minus start); None while it runs."""
        return None if self.end is None else (self.end - self.start).days
