"""What the municipality offers (voorzieningen), at what price (tarieven) and from whom (aanbieders)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from catalogue.codes import (
    CATEGORIES_BY_LAW,
    PRODUCT_CATEGORY_CHOICES,
    Frequency,
    Kind,
    Law,
    Uitvoeringsvariant,
    Unit,
)
from catalogue.validators import periods_overlap, validate_agb_code, validate_product_code

__all__ = ["Aanbieder", "Contract", "Frequency", "Kind", "Law", "Tarief", "Uitvoeringsvariant", "Unit", "Voorziening"]


class Voorziening(models.Model):
    """A provision. Algemene voorzieningen are open to anyone without a beschikking; maatwerk needs one
    and, under the Wmo and Jeugdwet, is allocated with iStandaarden product codes."""

    name = models.CharField(_("naam"), max_length=120)
    law = models.CharField(_("wet"), max_length=20, choices=Law.choices)
    kind = models.CharField(_("soort"), max_length=10, choices=Kind.choices, default=Kind.MAATWERK)
    description = models.TextField(_("omschrijving"), blank=True)
    product_category = models.CharField(
        _("productcategorie"),
        max_length=2,
        blank=True,
        choices=PRODUCT_CATEGORY_CHOICES,
        help_text=_("Wmo (WMO020) of Jeugd (JZ020); leeg bij algemene voorzieningen."),
    )
    product_code = models.CharField(
        _("productcode"),
        max_length=5,
        blank=True,
        validators=[validate_product_code],
        help_text=_("Vijf tekens, zoals afgesproken in het contract; leeg bij algemene voorzieningen."),
    )
    unit = models.CharField(_("eenheid"), max_length=2, blank=True, choices=Unit.choices, help_text=_("WJ756"))
    frequency = models.CharField(
        _("frequentie"), max_length=1, blank=True, choices=Frequency.choices, help_text=_("WMO757")
    )
    uitvoeringsvariant = models.CharField(
        _("uitvoeringsvariant"), max_length=12, blank=True, choices=Uitvoeringsvariant.choices
    )
    active = models.BooleanField(_("actief"), default=True)

    class Meta:
        verbose_name = _("voorziening")
        verbose_name_plural = _("voorzieningen")
        ordering = ["law", "kind", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["law", "product_category", "product_code"],
                condition=Q(kind="maatwerk"),
                name="catalogue_unique_maatwerk_product",
                violation_error_message=_(
                    "Deze wet heeft al een maatwerkvoorziening met deze productcategorie en -code."
                ),
            )
        ]

    def __str__(self) -> str:
        if self.product_code:
            return f"{self.name} ({self.product_category} {self.product_code})"
        return self.name

    @property
    def uses_istandaarden(self) -> bool:
        return self.kind == Kind.MAATWERK and self.law in CATEGORIES_BY_LAW

    def clean(self) -> None:
        errors: dict[str, str | Promise] = {}
        if self.kind == Kind.ALGEMEEN:
            if self.product_category:
                errors["product_category"] = _("Een algemene voorziening heeft geen productcategorie.")
            if self.product_code:
                errors["product_code"] = _("Een algemene voorziening heeft geen productcode.")
        elif self.uses_istandaarden:
            categories = CATEGORIES_BY_LAW[self.law]
            if self.product_category not in categories:
                errors["product_category"] = _("Kies een productcategorie die bij %(law)s hoort.") % {
                    "law": self.get_law_display()
                }
            for field in ("product_code", "unit", "frequency", "uitvoeringsvariant"):
                if not getattr(self, field):
                    errors.setdefault(field, _("Verplicht voor een maatwerkvoorziening onder de Wmo of Jeugdwet."))
        if errors:
            raise ValidationError(errors)


class Tarief(models.Model):
    """The price per unit in a period. Periods of one voorziening never overlap, so a day has one price."""

    voorziening = models.ForeignKey(
        Voorziening, on_delete=models.CASCADE, related_name="tarieven", verbose_name=_("voorziening")
    )
    amount = models.DecimalField(
        _("bedrag"), max_digits=10, decimal_places=2, help_text=_("In euro's per eenheid van de voorziening.")
    )
    valid_from = models.DateField(_("geldig vanaf"))
    valid_to = models.DateField(_("geldig tot en met"), null=True, blank=True, help_text=_("Leeg: geen einddatum."))

    class Meta:
        verbose_name = _("tarief")
        verbose_name_plural = _("tarieven")
        ordering = ["voorziening", "valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="catalogue_tarief_period_ordered",
            ),
            models.CheckConstraint(condition=Q(amount__gte=0), name="catalogue_tarief_amount_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.voorziening}: € {self.amount} vanaf {date_format(self.valid_from)}"

    def clean(self) -> None:
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": _("De einddatum ligt vóór de begindatum.")})
        if not self.voorziening_id or not self.valid_from:
            return
        others = Tarief.objects.filter(voorziening_id=self.voorziening_id).exclude(pk=self.pk)
        for other in others:
            if periods_overlap(self.valid_from, self.valid_to, other.valid_from, other.valid_to):
                raise ValidationError(
                    _("Deze periode overlapt met het tarief dat geldt vanaf %(day)s; een dag heeft maar één tarief.")
                    % {"day": date_format(other.valid_from)},
                    code="overlapping_tariff",
                )


class Aanbieder(models.Model):
    """A care or support provider, known in iWmo/iJw messages by its AGB code."""

    name = models.CharField(_("naam"), max_length=120)
    agb_code = models.CharField(
        _("AGB-code"), max_length=8, unique=True, validators=[validate_agb_code], help_text=_("8 cijfers.")
    )
    active = models.BooleanField(_("actief"), default=True)

    class Meta:
        verbose_name = _("aanbieder")
        verbose_name_plural = _("aanbieders")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.agb_code})"


class Contract(models.Model):
    """The provider may deliver this voorziening in this period (no contract is a reason to refuse, WJ759 3)."""

    aanbieder = models.ForeignKey(
        Aanbieder, on_delete=models.CASCADE, related_name="contracts", verbose_name=_("aanbieder")
    )
    voorziening = models.ForeignKey(
        Voorziening, on_delete=models.PROTECT, related_name="contracts", verbose_name=_("voorziening")
    )
    valid_from = models.DateField(_("geldig vanaf"))
    valid_to = models.DateField(_("geldig tot en met"), null=True, blank=True, help_text=_("Leeg: geen einddatum."))

    class Meta:
        verbose_name = _("contract")
        verbose_name_plural = _("contracten")
        ordering = ["aanbieder", "voorziening", "valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="catalogue_contract_period_ordered",
            )
        ]

    def __str__(self) -> str:
        return f"{self.aanbieder.name} – {self.voorziening.name}"

    def clean(self) -> None:
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": _("De einddatum ligt vóór de begindatum.")})
