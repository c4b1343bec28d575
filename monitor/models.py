"""The monitor's aggregate tables: counts per month and group, never a person.

The monitor reads only these tables (and a few live counts of the present, such as the waiting list), so a
monitor page never touches a dossier or a resident row, and its queries stay small at city size. `monitor.facts`
fills them from scratch (`manage.py monitor_rebuild`, and every night as a job).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from organisation.models import Team, Wijk


class AgeBand(models.TextChoices):
    """Age at the moment that counts (the melding; for the population: today)."""

    CHILD = "0-17", _("0 tot 18 jaar")
    YOUNG_ADULT = "18-26", _("18 tot 27 jaar")
    ADULT = "27-64", _("27 tot 65 jaar")
    SENIOR = "65+", _("65 jaar en ouder")


def age_band(age: int) -> AgeBand:
    if age < 18:
        return AgeBand.CHILD
    if age < 27:
        return AgeBand.YOUNG_ADULT
    if age < 65:
        return AgeBand.ADULT
    return AgeBand.SENIOR


class InflowFact(models.Model):
    """Meldingen received in a month, per wijk of the resident, team, route, law and age band."""

    month = models.DateField(_("maand"))
    wijk = models.ForeignKey(Wijk, on_delete=models.CASCADE, null=True, related_name="+", verbose_name=_("wijk"))
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="+", verbose_name=_("team"))
    route = models.CharField(_("route"), max_length=20)
    regime = models.CharField(_("wettelijk kader"), max_length=20)
    age_band = models.CharField(_("leeftijd"), max_length=8, choices=AgeBand.choices)
    count = models.PositiveIntegerField(_("aantal meldingen"))

    class Meta:
        verbose_name = _("instroom (aantallen)")
        verbose_name_plural = _("instroom (aantallen)")
        indexes = [models.Index(fields=["month", "wijk"]), models.Index(fields=["team", "month"])]


class PopulationFact(models.Model):
    """Residents per wijk and age band, for rates per 1,000 residents."""

    wijk = models.ForeignKey(Wijk, on_delete=models.CASCADE, null=True, related_name="+", verbose_name=_("wijk"))
    age_band = models.CharField(_("leeftijd"), max_length=8, choices=AgeBand.choices)
    count = models.PositiveIntegerField(_("aantal inwoners"))

    class Meta:
        verbose_name = _("bevolking (aantallen)")
        verbose_name_plural = _("bevolking (aantallen)")


class Rebuild(models.Model):
    """When the aggregate tables were last filled, shown under every monitor page ("stand van ...")."""

    finished_at = models.DateTimeField(_("klaar op"))
    seconds = models.FloatField(_("duur in seconden"))
    rows = models.PositiveIntegerField(_("rijen"))

    class Meta:
        verbose_name = _("herberekening")
        verbose_name_plural = _("herberekeningen")
        get_latest_by = "finished_at"


class MonitorFact(models.Model):
    """A count (or a sum, e.g. of euro cents) for one indicator, month, wijk, team and one or two categories.

    One table for the indicators that need no columns of their own: each indicator module writes its rows
    (`monitor.facts.BUILDERS`) and reads them back with one GROUP BY. `month` is the first day of the month the
    fact belongs to (None: a state of the whole history, not of a month); `category` and `detail` are the
    indicator's own codes (a term and "op_tijd", a ladder step, a law, a bucket of days).
    """

    indicator = models.CharField(_("indicator"), max_length=32)
    month = models.DateField(_("maand"), null=True)
    wijk = models.ForeignKey(Wijk, on_delete=models.CASCADE, null=True, related_name="+", verbose_name=_("wijk"))
    team = models.ForeignKey(Team, on_delete=models.CASCADE, null=True, related_name="+", verbose_name=_("team"))
    category = models.CharField(_("categorie"), max_length=48, blank=True)
    detail = models.CharField(_("onderverdeling"), max_length=48, blank=True)
    value = models.BigIntegerField(_("waarde"))

    class Meta:
        verbose_name = _("monitorcijfer")
        verbose_name_plural = _("monitorcijfers")
        indexes = [models.Index(fields=["indicator", "month"])]


class PublishedReport(models.Model):
    """A council report ("Monitor Sociaal Domein") for one period, frozen when a policy advisor published it.

    The page and the PDF are kept exactly as published (like a beschikking letter, ADR 0005), so a nightly
    rebuild never changes what the council read. Publishing a period again adds a version and marks the
    previous one replaced; at most one version per period is current (a partial unique index), also when two
    advisors press "Publiceren" at the same moment.
    """

    period_key = models.CharField(_("periode"), max_length=8)
    version = models.PositiveIntegerField(_("versie"))
    published_at = models.DateTimeField(_("gepubliceerd op"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("gepubliceerd door")
    )
    #: The figures as of this rebuild (shown as "stand van de cijfers").
    figures_of = models.DateTimeField(_("stand van de cijfers"), null=True)
    html = models.TextField(_("inhoud (HTML)"))
    pdf = models.BinaryField(_("pdf"))
    sha256 = models.CharField(_("SHA-256 van de pdf"), max_length=64)
    replaced_at = models.DateTimeField(_("vervangen op"), null=True, blank=True)

    class Meta:
        verbose_name = _("gepubliceerd raadsrapport")
        verbose_name_plural = _("gepubliceerde raadsrapporten")
        ordering = ["-period_key", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["period_key", "version"], name="monitor_report_one_number_per_version"),
            models.UniqueConstraint(
                fields=["period_key"],
                condition=models.Q(replaced_at__isnull=True),
                name="monitor_report_one_current_per_period",
            ),
        ]

    @property
    def current(self) -> bool:
        return self.replaced_at is None
