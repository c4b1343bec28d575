"""Formal decisions: the aanvraag, the beschikking with its products and letter, mandates, budgets, bezwaar.

A beschikking is prepared (concept), signed by someone whose mandate covers it (a second signature
when the preparer's does not), and then sent; from sending the objection term runs. Once sent it is
never changed: a bezwaar that succeeds leads to a new beschikking that replaces it.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from catalogue.codes import PRODUCT_CATEGORY_CHOICES, Frequency, Law, Unit
from catalogue.models import Aanbieder, Voorziening
from core.formatting import euro
from dossiers.models import Dossier, DossierDeadline
from organisation.models import Team, Wijk
from plans.models import Doel
from residents.models import Inwoner


class AanvraagStatus(models.TextChoices):
    INGEDIEND = "ingediend", _("Ingediend")
    BESLOTEN = "besloten", _("Besloten")
    INGETROKKEN = "ingetrokken", _("Ingetrokken")


class Aanvraag(models.Model):
    """A request for one or more maatwerk provisions under one law; it starts the legal decision term."""

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="aanvragen")
    inwoner = models.ForeignKey(Inwoner, on_delete=models.PROTECT, related_name="aanvragen", verbose_name=_("voor"))
    law = models.CharField(_("wet"), max_length=20, choices=Law.choices)
    doel = models.ForeignKey(
        Doel,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="aanvragen",
        verbose_name=_("doel in het plan"),
    )
    received_on = models.DateField(_("ontvangen op"))
    description = models.TextField(_("wat vraagt het huishouden"))
    spoed = models.BooleanField(
        _("spoedeisend"),
        default=False,
        help_text=_("Wmo 2015 art. 2.3.3: een tijdelijke voorziening in afwachting van het onderzoek."),
    )
    spoed_reason = models.TextField(_("waarom spoed"), blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=AanvraagStatus.choices, default=AanvraagStatus.INGEDIEND
    )
    consulent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="aanvragen_in_behandeling",
        verbose_name=_("consulent"),
    )
    deadline = models.OneToOneField(
        DossierDeadline, on_delete=models.SET_NULL, null=True, blank=True, related_name="aanvraag"
    )
    #: Participatiewet art. 52: a voorschot within 4 weeks while the right cannot be established yet.
    voorschot_deadline = models.OneToOneField(
        DossierDeadline,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="voorschot_aanvraag",
        verbose_name=_("termijn voorschot"),
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("aanvraag")
        verbose_name_plural = _("aanvragen")
        ordering = ["-received_on", "-id"]
        indexes = [
            models.Index(fields=["consulent", "status"]),
            # The besluiten worklist asks for the open aanvragen of everyone (then per row who may see them):
            # a few hundred of the city's ~400,000, found without reading the rest.
            models.Index(
                fields=["received_on"],
                condition=models.Q(status=AanvraagStatus.INGEDIEND),
                name="aanvraag_open_received",
            ),
        ]

    def __str__(self) -> str:
        return str(
            _("Aanvraag %(law)s van %(day)s")
            % {"law": self.get_law_display(), "day": f"{date_format(self.received_on)}"}
        )


class AangevraagdProduct(models.Model):
    aanvraag = models.ForeignKey(Aanvraag, on_delete=models.CASCADE, related_name="producten")
    voorziening = models.ForeignKey(
        Voorziening, on_delete=models.PROTECT, related_name="+", verbose_name=_("voorziening")
    )
    note = models.CharField(_("toelichting"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("aangevraagd product")
        verbose_name_plural = _("aangevraagde producten")


class Outcome(models.TextChoices):
    TOEKENNING = "toekenning", _("Toekenning")
    GEDEELTELIJK = "gedeeltelijk", _("Gedeeltelijke toekenning")
    AFWIJZING = "afwijzing", _("Afwijzing")


class BeschikkingStatus(models.TextChoices):
    CONCEPT = "concept", _("Concept")
    TWEEDE_HANDTEKENING = "tweede_handtekening", _("Wacht op tweede handtekening")
    VASTGESTELD = "vastgesteld", _("Vastgesteld")
    VERZONDEN = "verzonden", _("Verzonden")


class Leveringsvorm(models.TextChoices):
    ZIN = "zin", _("Zorg in natura (ZIN)")
    PGB = "pgb", _("Persoonsgebonden budget (pgb)")


class Beschikking(models.Model):
    """The decision on an aanvraag. `version` guards against two people saving over each other."""

    aanvraag = models.ForeignKey(Aanvraag, on_delete=models.PROTECT, related_name="beschikkingen")
    number = models.CharField(_("beschikkingnummer"), max_length=20, unique=True)
    outcome = models.CharField(_("besluit"), max_length=12, choices=Outcome.choices)
    motivation = models.TextField(_("motivering"))
    legal_basis = models.CharField(_("wettelijke grondslag"), max_length=300)
    eigen_bijdrage = models.BooleanField(
        _("eigen bijdrage van toepassing"),
        default=False,
        help_text=_("Het CAK stelt de eigen bijdrage vast en int die (Wmo 2015 art. 2.1.4)."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=BeschikkingStatus.choices, default=BeschikkingStatus.CONCEPT
    )
    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("opgesteld door")
    )
    prepared_at = models.DateTimeField(default=timezone.now)
    first_signer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    first_signed_at = models.DateTimeField(null=True, blank=True)
    second_signer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    second_signed_at = models.DateTimeField(null=True, blank=True)
    #: Why a second signature is needed, as shown to both signers (empty when one suffices).
    four_eyes_reason = models.TextField(blank=True)
    sent_on = models.DateField(_("verzonden op"), null=True, blank=True)
    objection_until = models.DateField(_("bezwaar mogelijk tot en met"), null=True, blank=True)
    replaces = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="replaced_by", verbose_name=_("vervangt")
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("beschikking")
        verbose_name_plural = _("beschikkingen")
        ordering = ["-prepared_at", "-id"]
        indexes = [models.Index(fields=["status"])]

    def __str__(self) -> str:
        return str(_("Beschikking %(number)s") % {"number": self.number})

    @property
    def is_final(self) -> bool:
        return self.status in (BeschikkingStatus.VASTGESTELD, BeschikkingStatus.VERZONDEN)

    @property
    def total_amount(self) -> Decimal:
        return sum((regel.estimated_amount for regel in self.regels.all() if regel.granted), Decimal("0"))


class BeschikkingRegel(models.Model):
    """One product in a beschikking: granted (with omvang, period and leveringsvorm) or refused."""

    beschikking = models.ForeignKey(Beschikking, on_delete=models.CASCADE, related_name="regels")
    voorziening = models.ForeignKey(
        Voorziening, on_delete=models.PROTECT, related_name="+", verbose_name=_("voorziening")
    )
    granted = models.BooleanField(_("toegekend"), default=True)
    volume = models.PositiveIntegerField(_("omvang"), null=True, blank=True)
    unit = models.CharField(_("eenheid"), max_length=2, blank=True, choices=Unit.choices)
    frequency = models.CharField(_("frequentie"), max_length=1, blank=True, choices=Frequency.choices)
    start = models.DateField(_("ingangsdatum"), null=True, blank=True)
    end = models.DateField(_("einddatum"), null=True, blank=True)
    leveringsvorm = models.CharField(
        _("leveringsvorm"), max_length=3, choices=Leveringsvorm.choices, default=Leveringsvorm.ZIN
    )
    #: Who delivers in kind; the allocation (301) goes to this provider. Empty for pgb or a refusal.
    aanbieder = models.ForeignKey(
        Aanbieder, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("aanbieder")
    )
    pgb_choice_recorded = models.BooleanField(_("inwoner heeft gemotiveerd voor pgb gekozen"), default=False)
    pgb_choice_note = models.TextField(_("toelichting keuze pgb"), blank=True)
    #: Tariff × omvang over the period, as computed when the decision was prepared.
    estimated_amount = models.DecimalField(_("geraamd bedrag"), max_digits=12, decimal_places=2, default=Decimal("0"))
    rejection_reason = models.TextField(_("reden van afwijzing"), blank=True)

    class Meta:
        verbose_name = _("beschikt product")
        verbose_name_plural = _("beschikte producten")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(start__isnull=True) | Q(end__gte=models.F("start")),
                name="decisions_regel_period_ordered",
            ),
            models.CheckConstraint(
                condition=~Q(leveringsvorm="pgb") | Q(pgb_choice_recorded=True),
                name="decisions_pgb_needs_recorded_choice",
            ),
        ]


class Letter(models.Model):
    """The PDF letter of a beschikking, kept with the dossier exactly as it was sent."""

    beschikking = models.ForeignKey(Beschikking, on_delete=models.PROTECT, related_name="letters")
    pdf = models.BinaryField()
    sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("brief")
        verbose_name_plural = _("brieven")
        ordering = ["-created_at", "-id"]


class Mandate(models.Model):
    """Who may decide what: per role, per law, optionally per product category, up to an amount."""

    role = models.CharField(_("rol"), max_length=32, choices=Role.choices)
    law = models.CharField(_("wet"), max_length=20, choices=Law.choices)
    product_category = models.CharField(
        _("productcategorie"),
        max_length=2,
        blank=True,
        choices=PRODUCT_CATEGORY_CHOICES,
        help_text=_("Leeg: alle categorieën van deze wet."),
    )
    max_amount = models.DecimalField(
        _("maximumbedrag per beschikking"),
        max_digits=12,
        decimal_places=2,
        help_text=_("Het geraamde bedrag over de hele looptijd van de toegekende producten."),
    )
    active = models.BooleanField(_("actief"), default=True)

    class Meta:
        verbose_name = _("mandaat")
        verbose_name_plural = _("mandaten")
        ordering = ["role", "law", "product_category"]

    def __str__(self) -> str:
        category = self.product_category or str(_("alle categorieën"))
        return f"{self.get_role_display()} – {self.get_law_display()} ({category}): {euro(self.max_amount)}"


class TeamBudget(models.Model):
    """A team's vrij besteedbaar budget for a year: small direct spending without a beschikking procedure."""

    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="budgets", verbose_name=_("team"))
    year = models.PositiveSmallIntegerField(_("jaar"))
    amount = models.DecimalField(_("budget"), max_digits=12, decimal_places=2)
    max_per_spend = models.DecimalField(_("maximum per uitgave"), max_digits=10, decimal_places=2)

    class Meta:
        verbose_name = _("vrij besteedbaar budget")
        verbose_name_plural = _("vrij besteedbare budgetten")
        constraints = [models.UniqueConstraint(fields=["team", "year"], name="decisions_one_budget_per_team_year")]

    def __str__(self) -> str:
        return f"{self.team} {self.year}: {euro(self.amount)}"


class WijkBudget(models.Model):
    """What the municipality sets aside for the maatwerk of the residents of a wijk in a year.

    The monitor (indicator 9) sets the beschikte costs of the wijk against it; the functioneel beheerder enters it
    in /beheer/. No personal data: a wijk, a year and an amount.
    """

    wijk = models.ForeignKey(Wijk, on_delete=models.PROTECT, related_name="budgets", verbose_name=_("wijk"))
    year = models.PositiveSmallIntegerField(_("jaar"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    amount = models.DecimalField(
        _("budget"),
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_(
            "In euro's, voor het hele jaar: het geld voor maatwerk (Wmo, Jeugdwet, Participatiewet) in deze wijk."
        ),
    )

    class Meta:
        verbose_name = _("wijkbudget")
        verbose_name_plural = _("wijkbudgetten")
        ordering = ["-year", "wijk__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["wijk", "year"],
                name="decisions_one_budget_per_wijk_year",
                violation_error_message=_("Deze wijk heeft voor dit jaar al een budget. Pas dat budget aan."),
            ),
            models.CheckConstraint(condition=Q(amount__gte=0), name="decisions_wijkbudget_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.wijk} {self.year}: {euro(self.amount)}"


class BudgetSpend(models.Model):
    budget = models.ForeignKey(TeamBudget, on_delete=models.PROTECT, related_name="spends")
    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="budget_spends")
    amount = models.DecimalField(_("bedrag"), max_digits=10, decimal_places=2)
    description = models.CharField(_("waarvoor"), max_length=300)
    reason = models.TextField(_("waarom uit het vrij besteedbaar budget"))
    spent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    spent_on = models.DateField(_("datum"), default=timezone.localdate)

    class Meta:
        verbose_name = _("uitgave vrij besteedbaar budget")
        verbose_name_plural = _("uitgaven vrij besteedbaar budget")
        ordering = ["-spent_on", "-id"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="decisions_spend_positive")]


class BezwaarStatus(models.TextChoices):
    IN_BEHANDELING = "in_behandeling", _("In behandeling")
    AFGEHANDELD = "afgehandeld", _("Afgehandeld")


class BezwaarOutcome(models.TextChoices):
    GEGROND = "gegrond", _("Gegrond")
    ONGEGROND = "ongegrond", _("Ongegrond")
    NIET_ONTVANKELIJK = "niet_ontvankelijk", _("Niet-ontvankelijk")
    INGETROKKEN = "ingetrokken", _("Ingetrokken")


class Bezwaar(models.Model):
    """An objection against a sent beschikking (Awb chapter 6 and 7)."""

    beschikking = models.ForeignKey(Beschikking, on_delete=models.PROTECT, related_name="bezwaren")
    received_on = models.DateField(_("ontvangen op"))
    submitted_by = models.CharField(_("ingediend door"), max_length=200)
    grounds = models.TextField(_("gronden van het bezwaar"))
    committee = models.BooleanField(
        _("adviescommissie"),
        default=False,
        help_text=_("Met een onafhankelijke bezwaarcommissie is de beslistermijn 12 weken (Awb art. 7:10 lid 1)."),
    )
    late = models.BooleanField(_("buiten de bezwaartermijn ingediend"), default=False)
    status = models.CharField(
        _("status"), max_length=16, choices=BezwaarStatus.choices, default=BezwaarStatus.IN_BEHANDELING
    )
    outcome = models.CharField(_("uitkomst"), max_length=20, choices=BezwaarOutcome.choices, blank=True)
    decided_on = models.DateField(_("beslist op"), null=True, blank=True)
    decision_note = models.TextField(_("motivering beslissing op bezwaar"), blank=True)
    new_beschikking = models.ForeignKey(
        Beschikking,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="from_bezwaar",
        verbose_name=_("nieuwe beschikking"),
    )
    deadline = models.OneToOneField(
        DossierDeadline, on_delete=models.SET_NULL, null=True, blank=True, related_name="bezwaar"
    )
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    registered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("bezwaar")
        verbose_name_plural = _("bezwaren")
        ordering = ["-received_on", "-id"]


class OtherLawKind(models.TextChoices):
    WLZ = "wlz", _("Wlz-indicatie (CIZ)")
    ZVW_WIJKVERPLEGING = "zvw", _("Wijkverpleging (Zvw)")
    JUSTITIE = "justitie", _("Justitieel kader")


class OtherLawIndication(models.Model):
    """A right under another law the team must know about, e.g. a Wlz indication (care moves to the zorgkantoor)."""

    inwoner = models.ForeignKey(Inwoner, on_delete=models.CASCADE, related_name="other_law_indications")
    #: The dossier the indication was recorded in; shown and changed there only.
    dossier = models.ForeignKey(
        Dossier, on_delete=models.PROTECT, null=True, blank=True, related_name="other_law_indications"
    )
    kind = models.CharField(_("soort"), max_length=12, choices=OtherLawKind.choices)
    valid_from = models.DateField(_("geldig vanaf"))
    valid_to = models.DateField(_("geldig tot en met"), null=True, blank=True)
    note = models.CharField(_("toelichting"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("indicatie in een ander wettelijk kader")
        verbose_name_plural = _("indicaties in een ander wettelijk kader")
        ordering = ["-valid_from"]
