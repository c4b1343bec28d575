"""The parts of Mijn Wijkteam in the order the start page and the menu show them, each behind its scope."""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from portal.models import PortalScope
from portal.principal import Principal


@dataclass(frozen=True)
class Section:
    scope: str
    url_name: str
    title: Promise
    lead: Promise
    #: Only for the resident themself, never for a representative (e.g. letting others in).
    self_only: bool = False


SECTIONS: tuple[Section, ...] = (
    Section(PortalScope.PLAN, "portal:plan", _("Mijn plan"), _("Uw doelen, wie wat doet en wanneer we het bekijken.")),
    Section(
        PortalScope.REGISSEUR,
        "portal:regisseur",
        _("Mijn regisseur"),
        _("Wie uw vaste contactpersoon is en hoe u die bereikt."),
    ),
    Section(
        PortalScope.BERICHTEN,
        "portal:berichten",
        _("Berichten"),
        _("Stuur uw regisseur een bericht. Alleen u en het team lezen het."),
    ),
    Section(
        PortalScope.ONDERZOEK,
        "portal:onderzoek",
        _("Onderzoek en persoonlijk plan"),
        _("Lees het verslag van het gesprek en geef uw reactie. Stuur uw persoonlijk plan."),
    ),
    Section(
        PortalScope.BESLUITEN,
        "portal:besluiten",
        _("Mijn besluiten"),
        _("Uw aanvragen, de besluiten met de brieven en wie de hulp geeft."),
    ),
    Section(
        PortalScope.TOESTEMMINGEN,
        "portal:toestemmingen",
        _("Toestemmingen"),
        _("Met wie wij uw gegevens mogen delen. U kunt een toestemming intrekken."),
    ),
    Section(
        PortalScope.INZAGE,
        "portal:inzage",
        _("Wie keek in mijn gegevens"),
        _("Welke medewerkers uw gegevens bekeken, wanneer en waarom."),
    ),
    Section(
        PortalScope.GEGEVENS,
        "portal:gegevens",
        _("Mijn gegevens"),
        _("Download alles wat wij over u vastleggen."),
    ),
    Section(
        PortalScope.VRAGENLIJST,
        "portal:vragenlijsten",
        _("Vragenlijst"),
        _("Vertel ons wat u van onze hulp vindt. Uw antwoorden zijn anoniem."),
        # Someone answers about their own experience; a representative never answers for another (surveys.views).
        self_only=True,
    ),
    Section(
        PortalScope.PLAN,
        "portal:vertegenwoordigers",
        _("Wie mag meekijken"),
        _("Laat iemand, zoals een mantelzorger, een deel van Mijn Wijkteam zien."),
        self_only=True,
    ),
)


@dataclass(frozen=True)
class Link:
    url: str
    title: str
    lead: str


def sections_for(principal: Principal) -> list[Link]:
    """The parts this user may open now (a part whose pages are not there yet is left out)."""
    links = []
    for section in SECTIONS:
        if section.scope not in principal.scopes or (section.self_only and not principal.is_self):
            continue
        try:
            url = reverse(section.url_name)
        except NoReverseMatch:
            continue
        links.append(Link(url=url, title=str(section.title), lead=str(section.lead)))
    return links
