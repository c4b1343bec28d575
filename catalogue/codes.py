"""Code lists from iWmo/iJw 3.2 (see shared/domain/CODELISTS.md), kept as data so rules can check them."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Law(models.TextChoices):
    WMO = "wmo", _("Wmo 2015")
    JEUGDWET = "jeugdwet", _("Jeugdwet")
    PARTICIPATIEWET = "participatiewet", _("Participatiewet")


class Kind(models.TextChoices):
    ALGEMEEN = "algemeen", _("algemene voorziening (geen beschikking nodig)")
    MAATWERK = "maatwerk", _("maatwerkvoorziening")


class Unit(models.TextChoices):
    """Eenheid (WJ756)."""

    MINUUT = "01", _("minuut")
    UUR = "04", _("uur")
    ETMAAL = "14", _("etmaal")
    DAGDEEL = "16", _("dagdeel (4 uur)")
    STUKS_OUTPUT = "82", _("stuks (output)")
    EURO = "83", _("euro's")
    STUKS_INSPANNING = "84", _("stuks (inspanning)")


class Frequency(models.TextChoices):
    """Frequentie (WMO757)."""

    PER_DAG = "1", _("per dag")
    PER_WEEK = "2", _("per week")
    PER_MAAND = "4", _("per maand")
    TOTAAL = "6", _("totaal binnen de geldigheidsduur")


class Uitvoeringsvariant(models.TextChoices):
    INSPANNING = "inspanning", _("inspanningsgericht")
    OUTPUT = "output", _("outputgericht")
    TAAKGERICHT = "taakgericht", _("taakgericht")


#: Productcategorie Wmo (WMO020).
WMO_CATEGORIES: dict[str, str] = {
    "01": "Hulp bij het huishouden",
    "02": "Begeleiding",
    "03": "Persoonlijke verzorging",
    "04": "Kortdurend verblijf",
    "05": "Woondiensten",
    "06": "Overige ondersteuning individu/huishouden",
    "07": "Dagbesteding",
    "08": "Vervoerdiensten",
    "09": "Overige groepsgerichte ondersteuning",
    "10": "Overige maatwerkarrangementen",
    "11": "Rolstoelen",
    "12": "Vervoervoorzieningen",
    "13": "Woonvoorzieningen",
    "14": "Overige hulpmiddelen",
    "15": "Beschermd wonen",
    "16": "Opvang",
    "17": "Spoedopvang",
    "18": "Overige beschermd wonen en opvang",
}

#: Productcategorie Jeugd (JZ020); the legacy 2015 codes 31–38 are left out on purpose.
JEUGD_CATEGORIES: dict[str, str] = {
    "40": "Persoonlijke verzorging",
    "41": "Dagbehandeling",
    "42": "Vervoerdiensten",
    "43": "Jeugdhulp verblijf incl. behandeling",
    "44": "Jeugdhulp verblijf excl. behandeling",
    "45": "Jeugdhulp ambulant",
    "46": "Jeugdhulp crisis",
    "47": "Jeugdreclassering",
    "48": "Jeugdbescherming",
    "49": "Preventief justitieel kader",
    "50": "Maatwerkarrangementen jeugd",
    "51": "Generalistische basis-ggz",
    "52": "Specialistische ggz",
    "53": "Kindergeneeskunde",
    "54": "Jeugd-ggz",
    "55": "Landelijk ingekochte zorg",
}

#: Which laws exchange iStandaarden messages, and the category list each one uses.
CATEGORIES_BY_LAW: dict[str, dict[str, str]] = {Law.WMO: WMO_CATEGORIES, Law.JEUGDWET: JEUGD_CATEGORIES}

PRODUCT_CATEGORY_CHOICES = [(code, f"{code} {label} (Wmo)") for code, label in WMO_CATEGORIES.items()] + [
    (code, f"{code} {label} (Jeugd)") for code, label in JEUGD_CATEGORIES.items()
]
