"""Who may look along, on what ground: consultations, the consent register, disclosures, break-the-glass.

Access itself is decided in `dossiers.selectors` by comparing these rows with *now*, so a
consultation or an emergency access ends by itself; nothing has to run at the end date.
Rows are never deleted: a revoked consultation or a withdrawn consent keeps its history.
"""

from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from consent.minors import missing_consent
from dossiers.models import Dossier
from dossiers.sections import Section
from organisation.models import Team
from residents.models import Inwoner

#: A consultation runs a week unless the regisseur chooses otherwise, and never longer than this.
DEFAULT_CONSULTATION_DAYS = 7
MAX_CONSULTATION_DAYS = 90


def default_consultation_end() -> Any:
    return timezone.now() + timedelta(days=DEFAULT_CONSULTATION_DAYS)


def break_glass_hours() -> int:
    return int(getattr(settings, "BREAK_THE_GLASS_HOURS", 4))


class LegalGround(models.TextChoices):
    """A ground that allows processing without consent; using one is always reviewed."""

    MELDCODE = "meldcode", _("Veiligheid: Wet verplichte meldcode huiselijk geweld en kindermishandeling")
    WETTELIJKE_VERPLICHTING = "wettelijke_verplichting", _("Wettelijke verplichting")
    VITAAL_BELANG = "vitaal_belang", _("Vitaal belang van de inwoner of een ander")


class ConsultationMode(models.TextChoices):
    LEZEN = "lezen", _("Alleen lezen")
    LEZEN_EN_NOTITIES = "lezen_en_notities", _("Lezen en notities toevoegen")


def active_q(now: Any = None, prefix: str = "") -> Q:
    """Rows whose period includes `now` and that were not revoked."""
    now = now or timezone.now()
    return Q(**{f"{prefix}starts_at__lte": now, f"{prefix}ends_at__gt": now, f"{prefix}revoked_at__isnull": True})


class ConsentStatus(models.TextChoices):
    GEGEVEN = "gegeven", _("Gegeven")
    INGETROKKEN = "ingetrokken", _("Ingetrokken")


class ConsentHow(models.TextChoices):
    MONDELING = "mondeling", _("Mondeling")
    SCHRIFTELIJK = "schriftelijk", _("Schriftelijk")
    DIGITAAL = "digitaal", _("Digitaal")


class ConsentCapacity(models.TextChoices):
    ZELF = "zelf", _("De inwoner zelf")
    WETTELIJK_VERTEGENWOORDIGER = "wettelijk_vertegenwoordiger", _("Wettelijk vertegenwoordiger")
    OUDER_MET_GEZAG = "ouder_met_gezag", _("Ouder met gezag")


class ConsentSource(models.TextChoices):
    """Where a consent (or its withdrawal) was recorded: by a professional, or by the resident in Mijn Wijkteam."""

    MEDEWERKER = "medewerker", _("Door een medewerker")
    PORTAAL = "portaal", _("Door de inwoner in Mijn Wijkteam")


class Consent(models.Model):
    """A resident's consent to share their data with one recipient for one purpose."""

    inwoner = models.ForeignKey(Inwoner, on_delete=models.PROTECT, related_name="consents", verbose_name=_("inwoner"))
    #: The dossier the consent was recorded in. It is used and shown there only: the same person in
    #: another household's dossier gives consent again (see docs/adr/0003-access-model.md).
    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, null=True, blank=True, related_name="consents")
    purpose = models.CharField(_("doel"), max_length=200, help_text=_("Bijv. 'afstemming behandeling'."))
    #: How the recipient reads in the register. For a consent recorded before recipients were chosen from a
    #: list (or for an outside party that is not on the platform) this text is all there is, and it matches
    #: as it always did: by name, username or organisation of the person invited (see consent.recipients).
    recipient = models.CharField(_("ontvanger"), max_length=200, help_text=_("Bijv. 'huisarts', 'school'."))
    #: The organisation chosen from the platform's list: the consent covers every person of it,
    #: unless `recipient_person` narrows it to one person.
    recipient_organisation = models.CharField(_("organisatie van de ontvanger"), max_length=120, blank=True)
    recipient_person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("persoon van de ontvanger"),
    )
    status = models.CharField(_("status"), max_length=12, choices=ConsentStatus.choices, default=ConsentStatus.GEGEVEN)
    given_on = models.DateField(_("gegeven op"), default=timezone.localdate)
    how = models.CharField(_("hoe gegeven"), max_length=12, choices=ConsentHow.choices)
    given_by_name = models.CharField(_("gegeven door"), max_length=200)
    given_by_capacity = models.CharField(_("hoedanigheid"), max_length=32, choices=ConsentCapacity.choices)
    #: For a child of 12 up to 16 two people consent: the child and a parent with authority (see consent.minors).
    second_given_by_name = models.CharField(_("ook gegeven door"), max_length=200, blank=True)
    second_given_by_capacity = models.CharField(
        _("hoedanigheid (tweede)"), max_length=32, choices=ConsentCapacity.choices, blank=True
    )
    note = models.TextField(_("toelichting"), blank=True)
    #: Empty for a consent the resident gave online (``source`` PORTAAL): no professional recorded it.
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("vastgelegd door"),
    )
    source = models.CharField(
        _("vastgelegd via"), max_length=12, choices=ConsentSource.choices, default=ConsentSource.MEDEWERKER
    )
    recorded_at = models.DateTimeField(_("vastgelegd op"), default=timezone.now)
    withdrawn_on = models.DateField(_("ingetrokken op"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("intrekking vastgelegd door"),
    )
    #: Who withdrew, in words: the professional, or the resident (or their representative) in Mijn Wijkteam.
    withdrawn_by_name = models.CharField(_("ingetrokken door"), max_length=200, blank=True)
    withdrawn_via = models.CharField(_("ingetrokken via"), max_length=12, choices=ConsentSource.choices, blank=True)

    class Meta:
        verbose_name = _("toestemming")
        verbose_name_plural = _("toestemmingen")
        indexes = [models.Index(fields=["inwoner", "status"])]

    def __str__(self) -> str:
        return str(_("%(recipient)s voor %(purpose)s") % {"recipient": self.recipient, "purpose": self.purpose})

    @property
    def recorded_by_text(self) -> str:
        """Who recorded the consent, for the register: the professional, or "the resident in Mijn Wijkteam"."""
        if self.source == ConsentSource.PORTAAL or self.recorded_by_id is None:
            return str(ConsentSource.PORTAAL.label)
        return str(self.recorded_by)

    @property
    def withdrawn_by_text(self) -> str:
        if self.withdrawn_by_name:
            return self.withdrawn_by_name
        return str(self.withdrawn_by) if self.withdrawn_by_id is not None else ""

    @property
    def is_given(self) -> bool:
        return self.status == ConsentStatus.GEGEVEN

    def matches(self, recipient: str, purpose: str) -> bool:
        """For sharing with an outside party, named by text: the register's recipient text and the purpose."""
        return (
            self.is_given
            and self.recipient.strip().casefold() == recipient.strip().casefold()
            and self.purpose.strip().casefold() == purpose.strip().casefold()
        )

    def age_when_given(self) -> int:
        given: date = self.given_on
        return self.inwoner.age_on(given)

    @property
    def capacities(self) -> frozenset[str]:
        """In which capacities consent was given: one giver, or two (a child of 12 to 16 and a parent)."""
        return frozenset(c for c in (self.given_by_capacity, self.second_given_by_capacity) if c)

    @property
    def givers(self) -> list[tuple[str, str]]:
        """(name, capacity label) of each giver, for the register."""
        rows = [(self.given_by_name, str(self.get_given_by_capacity_display()))]
        if self.second_given_by_name:
            rows.append((self.second_given_by_name, str(self.get_second_given_by_capacity_display())))
        return rows

    def missing_on(self, day: date) -> str | None:
        """What is missing for the combination of givers to be valid on `day` (age on that day), or None."""
        return missing_consent(self.inwoner.age_on(day), self.capacities, self.inwoner.voornamen)


class Consultation(models.Model):
    """ "Erbij halen": a colleague or specialist may read (and note in) named sections for a limited time."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="consultations")
    specialist = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="consultations", verbose_name=_("wie")
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("uitgenodigd door")
    )
    sections = models.JSONField(_("onderdelen"), default=list)
    mode = models.CharField(
        _("rechten"), max_length=20, choices=ConsultationMode.choices, default=ConsultationMode.LEZEN
    )
    pseudonymised = models.BooleanField(
        _("gepseudonimiseerd"),
        default=False,
        help_text=_("Zonder naam, BSN, adres en geboortedatum; alleen de leeftijd."),
    )
    starts_at = models.DateTimeField(_("vanaf"), default=timezone.now)
    ends_at = models.DateTimeField(_("tot"), default=default_consultation_end)
    reason = models.TextField(_("reden"))
    consent = models.ForeignKey(Consent, on_delete=models.PROTECT, null=True, blank=True, related_name="consultations")
    legal_ground = models.CharField(_("wettelijke grondslag"), max_length=32, choices=LegalGround.choices, blank=True)
    legal_motivation = models.TextField(_("motivering grondslag"), blank=True)
    revoked_at = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("consultatie")
        verbose_name_plural = _("consultaties")
        indexes = [models.Index(fields=["specialist", "ends_at"]), models.Index(fields=["dossier", "ends_at"])]

    def __str__(self) -> str:
        return str(_("Consultatie van %(who)s in %(dossier)s") % {"who": self.specialist, "dossier": self.dossier})

    @property
    def is_active(self) -> bool:
        now = timezone.now()
        return self.revoked_at is None and self.starts_at <= now < self.ends_at

    @property
    def section_set(self) -> frozenset[Section]:
        return frozenset(Section(value) for value in self.sections if value in Section.values)

    @property
    def section_labels(self) -> list[str]:
        return [str(section.label) for section in Section if section.value in self.sections]

    @property
    def may_note(self) -> bool:
        return self.mode == ConsultationMode.LEZEN_EN_NOTITIES


class Disclosure(models.Model):
    """A record that data from a dossier was shared with an external party (verstrekking)."""

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="disclosures")
    recipient = models.CharField(_("ontvanger"), max_length=200)
    purpose = models.CharField(_("doel"), max_length=200)
    sections = models.JSONField(_("onderdelen"), default=list)
    consent = models.ForeignKey(Consent, on_delete=models.PROTECT, null=True, blank=True, related_name="disclosures")
    legal_ground = models.CharField(_("wettelijke grondslag"), max_length=32, choices=LegalGround.choices, blank=True)
    legal_motivation = models.TextField(_("motivering grondslag"), blank=True)
    shared_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("tijdstip"), default=timezone.now)

    class Meta:
        verbose_name = _("verstrekking")
        verbose_name_plural = _("verstrekkingen")

    @property
    def section_labels(self) -> list[str]:
        return [str(section.label) for section in Section if section.value in self.sections]


class BreakGlass(models.Model):
    """Emergency access by a team member who is not involved: time-boxed, with a reason, always reviewed."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="break_glass")
    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="break_glass")
    reason = models.TextField(_("reden"))
    started_at = models.DateTimeField(_("begin"), default=timezone.now)
    expires_at = models.DateTimeField(_("verloopt"))

    class Meta:
        verbose_name = _("noodtoegang")
        verbose_name_plural = _("noodtoegangen")
        indexes = [models.Index(fields=["user", "expires_at"])]

    @property
    def is_active(self) -> bool:
        return self.started_at <= timezone.now() < self.expires_at


class ReviewKind(models.TextChoices):
    BREAK_THE_GLASS = "break_the_glass", _("Noodtoegang")
    WETTELIJKE_GRONDSLAG = "wettelijke_grondslag", _("Wettelijke grondslag zonder toestemming")
    #: A role, team membership, password or second factor changed in the admin (no dossier; see accounts.services).
    ACCOUNT = "account", _("Wijziging van account of team")


class ReviewItem(models.Model):
    """Something a teamleider and the privacy officer look at afterwards."""

    kind = models.CharField(_("soort"), max_length=24, choices=ReviewKind.choices)
    #: Empty for an account change outside a team (e.g. a role): only the privacy officer sees it then.
    team = models.ForeignKey(Team, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    #: Empty for account and team changes, which concern no household.
    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, null=True, blank=True, related_name="review_items")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("door")
    )
    summary = models.CharField(_("samenvatting"), max_length=300)
    break_glass = models.ForeignKey(BreakGlass, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    consultation = models.ForeignKey(Consultation, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    disclosure = models.ForeignKey(Disclosure, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(_("aangemaakt"), default=timezone.now)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("beoordeeld op"), null=True, blank=True)
    review_note = models.TextField(_("bevinding"), blank=True)

    class Meta:
        verbose_name = _("reviewpunt")
        verbose_name_plural = _("reviewpunten")
        ordering = ["reviewed_at", "-created_at"]
        indexes = [models.Index(fields=["team", "reviewed_at"])]

    @property
    def is_reviewed(self) -> bool:
        return self.reviewed_at is not None
