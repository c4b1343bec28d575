"""Where the teams work: municipality, districts and neighbourhoods (CBS codes), teams."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Gemeente(models.Model):
    name = models.CharField(_("naam"), max_length=100)
    cbs_code = models.CharField(_("CBS-code"), max_length=6, unique=True, help_text=_("Bijv. GM0363"))
    postal_address = models.CharField(
        _("postadres"),
        max_length=200,
        blank=True,
        help_text=_("Waar inwoners post en bezwaarschriften heen sturen, bijv. Postbus 100, 9999 AA Voorbeeldstad."),
    )
    phone = models.CharField(_("telefoonnummer"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("gemeente")
        verbose_name_plural = _("gemeenten")

    def __str__(self) -> str:
        return self.name


class Wijk(models.Model):
    gemeente = models.ForeignKey(Gemeente, on_delete=models.PROTECT, related_name="wijken", verbose_name=_("gemeente"))
    name = models.CharField(_("naam"), max_length=100)
    cbs_code = models.CharField(_("CBS-code"), max_length=8, unique=True, help_text=_("Bijv. WK036300"))

    class Meta:
        verbose_name = _("wijk")
        verbose_name_plural = _("wijken")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Buurt(models.Model):
    wijk = models.ForeignKey(Wijk, on_delete=models.PROTECT, related_name="buurten", verbose_name=_("wijk"))
    name = models.CharField(_("naam"), max_length=100)
    cbs_code = models.CharField(_("CBS-code"), max_length=10, unique=True, help_text=_("Bijv. BU03630000"))
    inhabitants = models.PositiveIntegerField(_("inwoners"), default=0)

    class Meta:
        verbose_name = _("buurt")
        verbose_name_plural = _("buurten")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class TeamKind(models.TextChoices):
    """A wijkteam takes households in from its wijken; a regieteam only gets households escalated to it (regie app)."""

    WIJKTEAM = "wijkteam", _("Wijkteam")
    REGIETEAM = "regieteam", _("Regieteam")


class TeamQuerySet(models.QuerySet["Team"]):
    def wijkteams(self) -> "TeamQuerySet":
        """The teams that own dossiers: worklists, registration and the monitor's team rows are about these."""
        return self.filter(kind=TeamKind.WIJKTEAM)


class Team(models.Model):
    """A sociaal wijkteam, responsible for the households in its wijken, or a regieteam households are escalated to."""

    gemeente = models.ForeignKey(Gemeente, on_delete=models.PROTECT, related_name="teams", verbose_name=_("gemeente"))
    name = models.CharField(_("naam"), max_length=100)
    wijken = models.ManyToManyField(Wijk, related_name="teams", verbose_name=_("werkgebied"))
    kind = models.CharField(_("soort team"), max_length=12, choices=TeamKind.choices, default=TeamKind.WIJKTEAM)

    objects = TeamQuerySet.as_manager()

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class TeamMembership(models.Model):
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("team"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="team_memberships",
        verbose_name=_("medewerker"),
    )
    fte = models.DecimalField(_("fte"), max_digits=3, decimal_places=2, default=Decimal("1.00"))
    home_organisation = models.CharField(
        _("moederorganisatie"), max_length=120, blank=True, help_text=_("De organisatie die de medewerker detacheert.")
    )
    is_leader = models.BooleanField(_("teamleider van dit team"), default=False)
    start = models.DateField(_("begin"))
    end = models.DateField(_("einde"), null=True, blank=True)

    class Meta:
        verbose_name = _("teamlidmaatschap")
        verbose_name_plural = _("teamlidmaatschappen")
        indexes = [models.Index(fields=["user", "end"])]

    def __str__(self) -> str:
        return f"{self.user} – {self.team}"
