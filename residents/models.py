"""Residents (Inwoner), their households and the informal network around them."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from organisation.models import Buurt
from residents import names
from residents.bsn import is_valid_bsn


def validate_bsn(value: str) -> None:
    if not is_valid_bsn(value):
        raise ValidationError(
            _("Dit is geen geldig BSN: het moet uit 9 cijfers bestaan en voldoen aan de elfproef."),
            code="invalid_bsn",
        )


def validate_not_in_future(value: date) -> None:
    if value > date.today():
        raise ValidationError(_("De geboortedatum ligt in de toekomst."), code="future_date")


class Inwoner(models.Model):
    bsn = models.CharField(_("BSN"), max_length=9, unique=True, null=True, blank=True, validators=[validate_bsn])
    voornamen = models.CharField(_("voornamen"), max_length=200)
    tussenvoegsel = models.CharField(_("tussenvoegsel"), max_length=20, blank=True)
    achternaam = models.CharField(_("achternaam"), max_length=200)
    geboortedatum = models.DateField(_("geboortedatum"), validators=[validate_not_in_future])
    straat = models.CharField(_("straat"), max_length=200, blank=True)
    huisnummer = models.PositiveIntegerField(_("huisnummer"), null=True, blank=True)
    huisnummer_toevoeging = models.CharField(_("toevoeging"), max_length=10, blank=True)
    postcode = models.CharField(_("postcode"), max_length=6, blank=True, help_text=_("Zonder spatie, bijv. 1234AB"))
    woonplaats = models.CharField(_("woonplaats"), max_length=100, blank=True)
    buurt = models.ForeignKey(Buurt, on_delete=models.PROTECT, null=True, blank=True, related_name="inwoners")
    telefoon = models.CharField(_("telefoon"), max_length=30, blank=True)
    is_synthetic = models.BooleanField(
        _("synthetisch"), default=False, help_text=_("Gegenereerde demo-persoon, geen echte inwoner.")
    )

    class Meta:
        verbose_name = _("inwoner")
        verbose_name_plural = _("inwoners")
        indexes = [
            models.Index(fields=["achternaam", "geboortedatum"]),
            models.Index(fields=["postcode", "huisnummer"]),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        """'Sanne de Vries' (residents/names.py)."""
        return names.full_name(self.voornamen, self.tussenvoegsel, self.achternaam)

    @property
    def surname(self) -> str:
        """The surname on its own, the tussenvoegsel with a capital: 'De Vries'."""
        return names.surname(self.tussenvoegsel, self.achternaam)

    @property
    def sort_name(self) -> str:
        """'Vries, Sanne de': for a list in alphabetical order of surname."""
        return names.sort_name(self.voornamen, self.tussenvoegsel, self.achternaam)

    @property
    def address(self) -> str:
        number = f"{self.huisnummer or ''}{self.huisnummer_toevoeging}"
        return " ".join(part for part in (self.straat, number, self.postcode, self.woonplaats) if part)

    def age_on(self, day: date) -> int:
        years = day.year - self.geboortedatum.year
        return years - ((day.month, day.day) < (self.geboortedatum.month, self.geboortedatum.day))


class HuishoudenType(models.TextChoices):
    ALLEENSTAAND = "alleenstaand", _("Alleenstaand")
    PAAR_ZONDER_KINDEREN = "paar_zonder_kinderen", _("Paar zonder kinderen")
    PAAR_MET_KINDEREN = "paar_met_kinderen", _("Paar met kinderen")
    EENOUDERGEZIN = "eenoudergezin", _("Eenoudergezin")
    OVERIG = "overig", _("Overig")


class Huishouden(models.Model):
    type = models.CharField(_("type"), max_length=32, choices=HuishoudenType.choices)
    members: "models.ManyToManyField[Inwoner, HuishoudenLid]" = models.ManyToManyField(
        Inwoner, through="HuishoudenLid", related_name="huishoudens"
    )

    class Meta:
        verbose_name = _("huishouden")
        verbose_name_plural = _("huishoudens")

    def __str__(self) -> str:
        return str(_("Huishouden %(id)s") % {"id": self.pk})


class LidRol(models.TextChoices):
    HOOFD = "hoofd", _("Hoofd")
    PARTNER = "partner", _("Partner")
    KIND = "kind", _("Kind")
    OVERIG = "overig", _("Overig lid")


class HuishoudenLid(models.Model):
    huishouden = models.ForeignKey(Huishouden, on_delete=models.CASCADE, related_name="leden")
    #: Indexed in Meta with the household as an included column: a search by name or BSN finds the residents
    #: and then their households from the index alone (index-only), without a visit to the table per match.
    inwoner = models.ForeignKey(Inwoner, on_delete=models.CASCADE, related_name="lidmaatschappen", db_index=False)
    rol = models.CharField(_("rol"), max_length=16, choices=LidRol.choices)
    start = models.DateField(_("begin"), null=True, blank=True)
    end = models.DateField(_("einde"), null=True, blank=True)

    class Meta:
        verbose_name = _("lid van een huishouden")
        verbose_name_plural = _("leden van huishoudens")
        constraints = [models.UniqueConstraint(fields=["huishouden", "inwoner"], name="unique_member_per_household")]
        indexes = [models.Index(fields=["inwoner"], include=["huishouden"], name="residents_member_household")]


class RelatieType(models.TextChoices):
    MANTELZORGER = "mantelzorger", _("Mantelzorger")
    FAMILIE = "familie", _("Familie")
    BUUR = "buur", _("Buur")
    VRIEND = "vriend", _("Vriend of kennis")
    VRIJWILLIGER = "vrijwilliger", _("Vrijwilliger")
    WETTELIJK_VERTEGENWOORDIGER = "wettelijk_vertegenwoordiger", _("Wettelijk vertegenwoordiger")
    OVERIG = "overig", _("Overig")


class Netwerkrelatie(models.Model):
    """Someone in the informal network of a household; need not be a resident of the municipality."""

    huishouden = models.ForeignKey(Huishouden, on_delete=models.CASCADE, related_name="netwerk")
    name = models.CharField(_("naam"), max_length=200)
    type = models.CharField(_("relatie"), max_length=32, choices=RelatieType.choices)
    for_inwoner = models.ForeignKey(
        Inwoner,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="netwerkrelaties",
        verbose_name=_("voor wie"),
    )
    telefoon = models.CharField(_("telefoon"), max_length=30, blank=True)
    note = models.TextField(_("wat doet deze persoon"), blank=True)

    class Meta:
        verbose_name = _("netwerkrelatie")
        verbose_name_plural = _("netwerkrelaties")

    def __str__(self) -> str:
        return f"{self.name} ({self.get_type_display()})"
