"""The onderzoek (kitchen-table conversation) and self-reliance scores on an instrument kept as data."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from dossiers.models import Dossier, Melding
from residents.models import Inwoner


def shown(stored: str) -> str:
    """A stored instrument text in the screen's language when the catalogue has it (a seeded ZRM text, see
    assessments/instrument_texts.py); a text a beheerder wrote stays as written. Never for a record: records
    keep the stored Dutch text."""
    return gettext(stored) if stored else ""  # gettext("") would give the catalogue's header


class Instrument(models.Model):
    """A scoring instrument such as the Zelfredzaamheid-Matrix 2017; its domains and levels are rows."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("naam"), max_length=120)
    is_default = models.BooleanField(_("standaardinstrument"), default=False)

    class Meta:
        verbose_name = _("instrument")
        verbose_name_plural = _("instrumenten")

    def __str__(self) -> str:
        return self.shown_name

    @property
    def shown_name(self) -> str:
        return shown(self.name)


class InstrumentDomain(models.Model):
    """A life domain of an instrument (e.g. Financiën); plan goals refer to these too."""

    instrument = models.ForeignKey(
        Instrument, on_delete=models.CASCADE, related_name="domains", verbose_name=_("instrument")
    )
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("naam"), max_length=120)
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    description = models.TextField(
        _("uitleg"),
        blank=True,
        help_text=_("Wat dit leefdomein omvat, in eigen woorden (B1). Niet de teksten van de gelicentieerde matrix."),
    )

    class Meta:
        verbose_name = _("leefdomein")
        verbose_name_plural = _("leefdomeinen")
        ordering = ["instrument", "order"]
        constraints = [models.UniqueConstraint(fields=["instrument", "code"], name="unique_domain_code")]

    def __str__(self) -> str:
        return self.shown_name

    @property
    def shown_name(self) -> str:
        return shown(self.name)

    @property
    def shown_description(self) -> str:
        return shown(self.description)


class InstrumentLevel(models.Model):
    """A level of an instrument (1 acute problematiek … 5 volledig zelfredzaam), the same for every domain."""

    instrument = models.ForeignKey(
        Instrument, on_delete=models.CASCADE, related_name="levels", verbose_name=_("instrument")
    )
    value = models.PositiveSmallIntegerField(_("waarde"))
    label = models.CharField(_("omschrijving"), max_length=80)
    description = models.TextField(
        _("uitleg"),
        blank=True,
        help_text=_("Wat dit niveau in het algemeen betekent, in eigen woorden (B1)."),
    )

    class Meta:
        verbose_name = _("niveau")
        verbose_name_plural = _("niveaus")
        ordering = ["instrument", "value"]
        constraints = [models.UniqueConstraint(fields=["instrument", "value"], name="unique_level_value")]

    def __str__(self) -> str:
        return f"{self.value} {self.shown_label}"

    @property
    def shown_label(self) -> str:
        return shown(self.label)

    @property
    def shown_description(self) -> str:
        return shown(self.description)


class Score(models.Model):
    """One person's level on one domain at one moment. Scores are added, never overwritten."""

    inwoner = models.ForeignKey(Inwoner, on_delete=models.CASCADE, related_name="scores", verbose_name=_("inwoner"))
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="scores", verbose_name=_("dossier"))
    domain = models.ForeignKey(
        InstrumentDomain, on_delete=models.PROTECT, related_name="scores", verbose_name=_("leefdomein")
    )
    level = models.PositiveSmallIntegerField(_("niveau"))
    assessed_on = models.DateField(_("datum"))
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("beoordeeld door")
    )
    motivation = models.TextField(_("motivering"), blank=True)
    recorded_at = models.DateTimeField(_("vastgelegd"), default=timezone.now)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        ordering = ["domain__order", "-assessed_on", "-id"]
        indexes = [models.Index(fields=["dossier", "inwoner", "domain", "-assessed_on"])]


class Outcome(models.TextChoices):
    """The ladder: first what the household and its network can do, formal decisions last."""

    ZELF = "zelf", _("Huishouden redt het zelf")
    NETWERK = "netwerk", _("Hulp uit het netwerk")
    ALGEMENE_VOORZIENING = "algemene_voorziening", _("Algemene voorziening")
    MAATWERK = "maatwerk", _("Maatwerkvoorziening")


#: The topics an onderzoek must cover (Wmo 2015 art. 2.3.2 lid 4 a-g): field name -> label.
WMO_TOPICS: tuple[tuple[str, "StrOrPromise"], ...] = (
    ("topic_a_needs", _("a. Behoeften, persoonskenmerken en voorkeuren")),
    ("topic_b_own_strength", _("b. Eigen kracht")),
    ("topic_c_network", _("c. Mantelzorg en hulp uit het sociale netwerk")),
    ("topic_d_carer_support", _("d. Ondersteuning van de mantelzorger")),
    ("topic_e_general_provisions", _("e. Algemene voorzieningen en andere mogelijkheden")),
    ("topic_f_cooperation", _("f. Samenwerking met zorgverzekeraars, Wlz, school en werk")),
    ("topic_g_contribution", _("g. De eigen bijdrage")),
)


def not_applicable_field(topic: str) -> str:
    """The field holding why a lid-4 topic does not apply, e.g. `topic_d_carer_support_na`."""
    return f"{topic}_na"


class Reaction(models.TextChoices):
    """The resident's reaction to the verslag (Wmo 2.3.2 lid 8: the resident may add remarks)."""

    EENS = "eens", _("Eens met het verslag")
    ONEENS = "oneens", _("Oneens met (een deel van) het verslag")


class Onderzoek(models.Model):
    """The onderzoek into one or more meldingen (needs). A dossier holds one per need over time: a Wmo
    melding reported after an onderzoek was completed needs its own onderzoek (Wmo 2.3.2 lid 1 and 9)."""

    dossier = models.ForeignKey(
        Dossier, on_delete=models.CASCADE, related_name="onderzoeken", verbose_name=_("dossier")
    )
    meldingen = models.ManyToManyField(
        Melding, related_name="onderzoeken", verbose_name=_("meldingen waarop het onderzoek antwoordt"), blank=True
    )
    participants = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="onderzoeken", verbose_name=_("medewerkers"), blank=True
    )
    other_participants = models.CharField(
        _("andere deelnemers"), max_length=300, blank=True, help_text=_("Bijv. mantelzorger, cliëntondersteuner.")
    )
    conversation_on = models.DateField(_("datum gesprek"), null=True, blank=True)
    topic_a_needs = models.TextField(WMO_TOPICS[0][1], blank=True)
    topic_b_own_strength = models.TextField(WMO_TOPICS[1][1], blank=True)
    topic_c_network = models.TextField(WMO_TOPICS[2][1], blank=True)
    topic_d_carer_support = models.TextField(WMO_TOPICS[3][1], blank=True)
    topic_e_general_provisions = models.TextField(WMO_TOPICS[4][1], blank=True)
    topic_f_cooperation = models.TextField(WMO_TOPICS[5][1], blank=True)
    topic_g_contribution = models.TextField(WMO_TOPICS[6][1], blank=True)
    topic_a_needs_na = models.TextField(_("a. niet van toepassing, omdat"), blank=True)
    topic_b_own_strength_na = models.TextField(_("b. niet van toepassing, omdat"), blank=True)
    topic_c_network_na = models.TextField(_("c. niet van toepassing, omdat"), blank=True)
    topic_d_carer_support_na = models.TextField(_("d. niet van toepassing, omdat"), blank=True)
    topic_e_general_provisions_na = models.TextField(_("e. niet van toepassing, omdat"), blank=True)
    topic_f_cooperation_na = models.TextField(_("f. niet van toepassing, omdat"), blank=True)
    topic_g_contribution_na = models.TextField(_("g. niet van toepassing, omdat"), blank=True)
    clientondersteuning_offered = models.BooleanField(_("gratis cliëntondersteuning aangeboden"), default=False)
    clientondersteuning_offered_on = models.DateField(
        _("cliëntondersteuning aangeboden op"),
        null=True,
        blank=True,
        help_text=_("Wmo 2015 art. 2.3.2 lid 3: al bij de melding, en opnieuw bij het onderzoek."),
    )
    pgb_information_given = models.BooleanField(
        _("gewezen op de mogelijkheid van een pgb"),
        default=False,
        help_text=_("Wmo 2015 art. 2.3.2 lid 6."),
    )
    persoonlijk_plan_received_on = models.DateField(_("persoonlijk plan ontvangen op"), null=True, blank=True)
    outcome = models.CharField(_("uitkomst"), max_length=24, choices=Outcome.choices, blank=True)
    verslag = models.TextField(_("verslag voor het huishouden"), blank=True)
    verslag_sent_on = models.DateField(_("verslag uitgereikt op"), null=True, blank=True)
    #: The verslag exactly as the resident received it (PDF), kept when it is handed over.
    verslag_pdf = models.BinaryField(_("uitgereikt verslag (pdf)"), null=True, blank=True, editable=False)
    reaction = models.CharField(_("reactie van de inwoner"), max_length=8, choices=Reaction.choices, blank=True)
    reaction_note = models.TextField(_("toelichting bij de reactie"), blank=True)
    reaction_on = models.DateField(_("reactie ontvangen op"), null=True, blank=True)
    completed_on = models.DateField(_("afgerond op"), null=True, blank=True)
    version = models.PositiveIntegerField(_("versie"), default=1)
    updated_at = models.DateTimeField(_("laatst gewijzigd"), auto_now=True)

    class Meta:
        verbose_name = _("onderzoek")
        verbose_name_plural = _("onderzoeken")

    def __str__(self) -> str:
        return str(_("Onderzoek %(id)s") % {"id": self.pk})

    @property
    def is_completed(self) -> bool:
        return self.completed_on is not None


class PlanVia(models.TextChoices):
    PORTAAL = "portaal", _("Mijn Wijkteam (online)")
    PAPIER = "papier", _("Op papier of in het gesprek")


class PersoonlijkPlan(models.Model):
    """A persoonlijk plan the household handed in (Wmo 2015 art. 2.3.2 lid 2), in its own words.

    The paper flow records only the day it was received (``Onderzoek.persoonlijk_plan_received_on``); a plan
    sent through Mijn Wijkteam keeps its text here too, so the team reads it at the onderzoek. Rows are only
    added: a second plan is a later addition, never a change of the first.
    """

    dossier = models.ForeignKey(
        Dossier, on_delete=models.CASCADE, related_name="persoonlijke_plannen", verbose_name=_("dossier")
    )
    #: The Wmo melding whose persoonlijk-plan term this plan answered (the newest one when it came late).
    melding = models.ForeignKey(
        Melding,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="persoonlijke_plannen",
        verbose_name=_("melding"),
    )
    wishes = models.TextField(_("wat wilt u bereiken"))
    own_strength = models.TextField(_("wat kunt u zelf of met mensen om u heen"), blank=True)
    help_wanted = models.TextField(_("aan welke hulp denkt u"), blank=True)
    submitted_at = models.DateTimeField(_("ingediend op"), default=timezone.now)
    #: Who sent it, in words (the resident, or a representative on their behalf).
    submitted_by = models.CharField(_("ingediend door"), max_length=300)
    via = models.CharField(_("ingediend via"), max_length=12, choices=PlanVia.choices, default=PlanVia.PORTAAL)
    #: Whether it came while the term of 7 days ran, and so met it.
    in_term = models.BooleanField(_("binnen de termijn van 7 dagen"), default=False)
    #: The form's one-time token: a double submit finds the first plan instead of making a second one.
    submission_token = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("persoonlijk plan")
        verbose_name_plural = _("persoonlijke plannen")
        ordering = ["dossier", "submitted_at", "pk"]

    def __str__(self) -> str:
        return str(_("Persoonlijk plan van %(day)s") % {"day": timezone.localdate(self.submitted_at).isoformat()})
