"""The parts of a dossier, each with a sensitivity level, so access can be narrower than the whole dossier.

A professional involved in the dossier sees every section; a consulted specialist sees only the
sections the invitation names; a team member during triage sees only the household and the melding.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Sensitivity(models.TextChoices):
    NORMAAL = "normaal", _("Normaal")
    GEVOELIG = "gevoelig", _("Gevoelig")
    #: Special categories of personal data (AVG art. 9 and 10): health, addiction, criminal records.
    BIJZONDER = "bijzonder", _("Bijzonder persoonsgegeven (AVG art. 9/10)")


class Section(models.TextChoices):
    HUISHOUDEN = "huishouden", _("Huishouden en netwerk")
    MELDINGEN = "meldingen", _("Meldingen")
    ONDERZOEK = "onderzoek", _("Onderzoek en zelfredzaamheid")
    PLAN = "plan", _("Plan, doelen en acties")
    BESLUITEN = "besluiten", _("Aanvragen, besluiten en toewijzingen")
    TIJDLIJN = "tijdlijn", _("Tijdlijn en notities")
    GEZONDHEID = "gezondheid", _("Psychische gezondheid en verslaving")
    JUSTITIE = "justitie", _("Justitie")
    VEILIGHEID = "veiligheid", _("Veiligheid (huiselijk geweld, kindermishandeling)")


SENSITIVITY: dict[Section, Sensitivity] = {
    Section.HUISHOUDEN: Sensitivity.NORMAAL,
    Section.MELDINGEN: Sensitivity.GEVOELIG,
    Section.ONDERZOEK: Sensitivity.GEVOELIG,
    Section.PLAN: Sensitivity.NORMAAL,
    Section.BESLUITEN: Sensitivity.GEVOELIG,
    Section.TIJDLIJN: Sensitivity.GEVOELIG,
    Section.GEZONDHEID: Sensitivity.BIJZONDER,
    Section.JUSTITIE: Sensitivity.BIJZONDER,
    Section.VEILIGHEID: Sensitivity.BIJZONDER,
}

ALL_SECTIONS: frozenset[Section] = frozenset(Section)
#: What a team member sees of a dossier in triage: enough to pick it up, nothing more.
TRIAGE_SECTIONS: frozenset[Section] = frozenset({Section.HUISHOUDEN, Section.MELDINGEN})
