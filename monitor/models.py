"""The monitor's aggregate tables: counts per month and group, never a person.

The monitor reads only these tables (and a few live counts of the present, such as the waiting list), so a
monitor page never touches a dossier or a resident row, and its queries stay small at city size. `monitor.facts`
fills them from scratch (`manage.py monitor_rebuild`, and every night as a job).
"""

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
