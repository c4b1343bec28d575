from django.db import models
from django.utils.translation import gettext_lazy as _


class EquatedDay(models.Model):
    """A day equated with a holiday (Atw art. 3 lid 3), maintained by a functioneel beheerder.

    The usual Royal Decree pattern is built in (``deadlines.atw``). A row adds a day the
    decree names beyond that pattern (``active=True``), or switches a pattern day off
    (``active=False``) when the decree for that year leaves it out.
    """

    date = models.DateField(_("datum"), unique=True)
    name = models.CharField(
        _("naam"),
        max_length=100,
        help_text=_("Bijvoorbeeld 'Vrijdag na Hemelvaartsdag (gelijkgesteld)'."),
    )
    active = models.BooleanField(
        _("geldt als feestdag"),
        default=True,
        help_text=_(
            "Uitzetten om een dag uit het standaardpatroon van gelijkgestelde dagen "
            "te laten vervallen. Wettelijke feestdagen kunnen niet worden uitgezet."
        ),
    )

    class Meta:
        ordering = ("date",)
        verbose_name = _("gelijkgestelde dag")
        verbose_name_plural = _("gelijkgestelde dagen")

    def __str__(self) -> str:
        return f"{self.date.isoformat()} {self.name}"
