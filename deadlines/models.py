from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class EquatedDayDecree(models.Model):
    """A Royal Decree equating days with a recognised holiday for some years (Atw art. 3 lid 3).

    The decree is the law: for the years it covers, its days are the only equated days.
    Past the last decree's years the calendar guesses and marks every date that depends on
    the guess as provisional, so a functioneel beheerder adds each new decree when it is
    published in the Staatscourant.
    """

    title = models.CharField(
        _("besluit"),
        max_length=300,
        help_text=_(
            "De naam van het besluit, bijvoorbeeld 'Besluit gelijkstelling van 2 januari 2026, "
            "15 mei 2026, … met een algemeen erkende feestdag'."
        ),
    )
    reference = models.CharField(
        _("vindplaats"),
        max_length=100,
        help_text=_("Bijvoorbeeld 'Stcrt. 2025, 24713'."),
    )
    first_year = models.PositiveSmallIntegerField(_("eerste jaar"))
    last_year = models.PositiveSmallIntegerField(_("laatste jaar"), help_text=_("Meestal drie jaar na het eerste."))

    class Meta:
        ordering = ("first_year",)
        verbose_name = _("besluit gelijkgestelde dagen")
        verbose_name_plural = _("besluiten gelijkgestelde dagen")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(first_year__lte=models.F("last_year")),
                name="equateddaydecree_years_in_order",
            )
        ]

    def __str__(self) -> str:
        return f"{self.reference} ({self.first_year}–{self.last_year})"

    def clean(self) -> None:
        if self.first_year is None or self.last_year is None:
            return
        if self.first_year > self.last_year:
            raise ValidationError({"last_year": _("Het laatste jaar ligt vóór het eerste jaar.")})
        overlapping = EquatedDayDecree.objects.filter(
            first_year__lte=self.last_year, last_year__gte=self.first_year
        ).exclude(pk=self.pk)
        other = overlapping.first()
        if other is not None:
            raise ValidationError(
                _("Deze jaren vallen al onder %(other)s; voor een jaar geldt één besluit.") % {"other": other}
            )


class EquatedDay(models.Model):
    """A day a Royal Decree equates with a recognised holiday (Atw art. 3 lid 3)."""

    decree = models.ForeignKey(
        EquatedDayDecree,
        on_delete=models.CASCADE,
        related_name="days",
        verbose_name=_("besluit"),
    )
    date = models.DateField(_("datum"), unique=True)
    name = models.CharField(
        _("naam"),
        max_length=100,
        help_text=_("Bijvoorbeeld 'Vrijdag na Hemelvaartsdag'."),
    )

    class Meta:
        ordering = ("date",)
        verbose_name = _("gelijkgestelde dag")
        verbose_name_plural = _("gelijkgestelde dagen")

    def __str__(self) -> str:
        return f"{self.date.isoformat()} {self.name}"

    def clean(self) -> None:
        decree = self.decree if self.decree_id is not None or _has_cached_decree(self) else None
        if decree is None or self.date is None or decree.first_year is None or decree.last_year is None:
            return
        if not decree.first_year <= self.date.year <= decree.last_year:
            raise ValidationError(
                {
                    "date": _("Deze dag valt buiten de jaren van het besluit (%(first)s–%(last)s).")
                    % {"first": decree.first_year, "last": decree.last_year}
                }
            )


def _has_cached_decree(day: EquatedDay) -> bool:
    """An inline on an unsaved decree sets the decree object without an id yet."""
    return EquatedDay.decree.is_cached(day)  # type: ignore[attr-defined]
