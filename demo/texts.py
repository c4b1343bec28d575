"""Word lists and sentence templates for the synthetic municipality (all invented)."""

from catalogue.codes import Law
from decisions.models import Outcome as DecisionOutcome
from dossiers.models import Route

GEMEENTE_NAME = "Voorbeeldstad"
#: Not an existing CBS code: real municipality codes stop well below GM9999.
GEMEENTE_CBS_CODE = "GM9999"
CBS_NUMBER = "9999"

WIJK_NAMES = ("Centrum", "Noord", "Oost", "Zuid", "West", "Haven")
BUURT_NAMES = (
    "Oude Stad",
    "Kerkbuurt",
    "Molenwijk",
    "Stationsbuurt",
    "Parkzicht",
    "De Akkers",
    "Bloemenbuurt",
    "Vogelwijk",
    "Schildersbuurt",
    "Rivierenbuurt",
    "De Weiden",
    "Hoogkamp",
    "Laagland",
    "Dijkzicht",
    "Het Veld",
    "Kanaalbuurt",
    "De Horst",
    "Boomgaard",
    "Sportpark",
    "Industriebuurt",
    "Nieuwland",
    "Zonnehoek",
    "Eikenlaan",
    "De Bogen",
)

HOME_ORGANISATIONS = (
    "Welzijn Voorbeeldstad",
    "MEE",
    "GGZ Oost",
    "Jeugdzorg Midden",
    "Schuldhulp Voorbeeldstad",
    "Gemeente Voorbeeldstad",
    "Wijkverpleging Thuis",
)

ROUTE_WEIGHTS: dict[str, int] = {
    Route.ZELFMELDER: 30,
    Route.HUISARTS: 18,
    Route.SCHOOL: 8,
    Route.WIJKAGENT: 6,
    Route.WONINGCORPORATIE: 7,
    Route.VEILIG_THUIS: 4,
    Route.VROEGSIGNAAL: 12,
    Route.OUTREACH: 5,
    Route.OVERIG: 10,
}

REPORTER_ORGANISATIONS: dict[str, tuple[str, ...]] = {
    Route.ZELFMELDER: ("",),
    Route.HUISARTS: ("Huisartsenpraktijk De Linde", "Gezondheidscentrum Noord", "Huisartsen Oude Stad"),
    Route.SCHOOL: ("Basisschool De Regenboog", "Het Voorbeeld College", "Kindcentrum De Horst"),
    Route.WIJKAGENT: ("Politie, basisteam Voorbeeldstad",),
    Route.WONINGCORPORATIE: ("Woonstichting Voorbeeldstad", "Woongoed Midden"),
    Route.VEILIG_THUIS: ("Veilig Thuis regio Midden",),
    Route.VROEGSIGNAAL: (
        "Woonstichting Voorbeeldstad",
        "Waterbedrijf Midden",
        "Energiemaatschappij",
        "Zorgverzekeraar",
    ),
    Route.OUTREACH: ("Wijkteam (erop af)",),
    Route.OVERIG: ("Bibliotheek (Informatiepunt)", "Voedselbank Voorbeeldstad", "Kerkelijke diaconie"),
}

MELDING_TEXTS: dict[str, tuple[str, ...]] = {
    Route.ZELFMELDER: (
        "Inwoner belt: redt het thuis niet meer sinds de operatie en vraagt om hulp.",
        "Inwoner meldt zich aan de balie met vragen over schulden en post die blijft liggen.",
        "Moeder vraagt hulp bij opvoeding; zoon gaat niet meer naar school.",
        "Mantelzorger is overbelast en vraagt om ondersteuning.",
    ),
    Route.HUISARTS: (
        "Huisarts maakt zich zorgen: patiënt vereenzaamt en eet slecht.",
        "Huisarts signaleert somberheid en geldzorgen, vraagt het wijkteam langs te gaan.",
        "Huisarts verwijst: oudere patiënt valt vaak, woning is niet aangepast.",
    ),
    Route.SCHOOL: (
        "Intern begeleider: leerling is vaak afwezig en moe, ouders moeilijk bereikbaar.",
        "Mentor meldt zorgen over de thuissituatie van een leerling.",
    ),
    Route.WIJKAGENT: (
        "Wijkagent: herhaaldelijk overlast en spanningen in het gezin.",
        "Wijkagent treft verwarde man aan, woning is vervuild.",
    ),
    Route.WONINGCORPORATIE: (
        "Corporatie meldt huurachterstand en een vervuilde woning.",
        "Buren klagen over overlast; huurder lijkt hulp nodig te hebben.",
    ),
    Route.VEILIG_THUIS: (
        "Veilig Thuis draagt over na melding huiselijk geweld; vervolg door wijkteam.",
        "Veilig Thuis: zorgen over kinderen, vraagt om hulpverlening in het gezin.",
    ),
    Route.VROEGSIGNAAL: (
        "Vroegsignaal: twee maanden betalingsachterstand huur.",
        "Vroegsignaal: achterstand zorgverzekeringspremie en energierekening.",
        "Vroegsignaal: waterrekening al drie maanden niet betaald.",
    ),
    Route.OUTREACH: (
        "Huisbezoek na signalen uit de buurt; bewoner staat open voor contact.",
        "Bij ronde langs de deuren blijkt bewoner geïsoleerd te leven.",
    ),
    Route.OVERIG: (
        "Voedselbank meldt gezin met aanhoudende geldzorgen.",
        "Informatiepunt verwijst door: vragen over formulieren en toeslagen.",
    ),
}

TOPIC_TEXTS: tuple[tuple[str, ...], ...] = (
    (
        "Wil graag zelfstandig blijven wonen en de dag weer structuur geven.",
        "Wil rust in het gezin en overzicht over de financiën.",
        "Heeft moeite met het huishouden sinds een val.",
    ),
    (
        "Kan veel zelf; weet de weg naar de huisarts en de bibliotheek.",
        "Is gemotiveerd, maar overzicht ontbreekt bij stress.",
    ),
    (
        "Dochter komt twee keer per week; buurvrouw helpt met boodschappen.",
        "Weinig netwerk; een broer woont ver weg.",
    ),
    (
        "Mantelzorger is moe; respijtzorg en het Steunpunt Mantelzorg besproken.",
        "Geen mantelzorger betrokken.",
    ),
    (
        "Maaltijdservice en het buurthuis besproken; inloopspreekuur schuldhulp.",
        "Vrijwilliger van de thuisadministratie kan helpen.",
    ),
    (
        "Afstemming met de huisarts en de school afgesproken.",
        "Wijkverpleging is al betrokken; afstemming met de zorgverzekeraar niet nodig.",
    ),
    (
        "Eigen bijdrage uitgelegd (abonnementstarief).",
        "Geen eigen bijdrage van toepassing (algemene voorziening).",
    ),
)

VERSLAG_TEXTS = (
    "In het gesprek aan de keukentafel hebben we samen gekeken naar wat goed gaat en waar zorgen zijn. "
    "We spraken af wat u zelf doet, wie uit uw omgeving helpt en waar het wijkteam bij ondersteunt.",
    "Samenvatting van ons gesprek: uw vraag, wat u zelf en uw netwerk kunnen doen, "
    "en welke voorzieningen passen. U kunt reageren op dit verslag.",
)

GOING_WELL = (
    "Het contact met de kinderen is goed.",
    "Gaat elke dag wandelen en heeft goed contact met de buren.",
    "De huur wordt weer op tijd betaald.",
    "Is gemotiveerd om aan de slag te gaan.",
)
WORRIES = (
    "Schulden lopen op; post blijft liggen.",
    "Eenzaamheid en somberheid.",
    "Spanningen thuis, zoon gaat niet naar school.",
    "Het huishouden lukt niet meer alleen.",
)

#: Goals in the household's own words, per ZRM domain code (fallback: "default").
GOAL_TEXTS: dict[str, tuple[str, ...]] = {
    "financien": ("Ik wil mijn rekeningen weer op tijd betalen.", "Ik wil overzicht over mijn geld."),
    "werk_opleiding": ("Ik wil weer een paar dagen per week werken.", "Ik wil mijn diploma halen."),
    "tijdsbesteding": ("Ik wil mijn dagen weer zinvol vullen.",),
    "huisvesting": ("Ik wil een opgeruimd en veilig huis.", "Ik wil mijn huis niet kwijtraken."),
    "huiselijke_relaties": ("We willen minder ruzie thuis.", "Ik wil dat mijn kinderen rust hebben."),
    "geestelijke_gezondheid": ("Ik wil me minder somber voelen.", "Ik wil beter slapen en minder piekeren."),
    "lichamelijke_gezondheid": ("Ik wil weer zelf naar buiten kunnen.", "Ik wil minder vaak vallen."),
    "middelengebruik": ("Ik wil minder drinken.",),
    "basale_adl": ("Ik wil mezelf weer kunnen verzorgen.",),
    "instrumentele_adl": ("Ik wil het huishouden weer kunnen doen.", "Ik wil zelf boodschappen doen."),
    "sociaal_netwerk": ("Ik wil meer mensen om me heen.", "Ik wil weer contact met mijn familie."),
    "maatschappelijke_participatie": ("Ik wil meedoen in de buurt.",),
    "justitie": ("Ik wil mijn boetes afbetalen.",),
    "default": ("Ik wil het weer zelf kunnen.",),
}

ACTION_TEXTS: dict[str, tuple[str, ...]] = {
    "huishouden": (
        "Post elke week openmaken en sorteren",
        "Dagritme bijhouden in een agenda",
        "Afspraak maken bij de huisarts",
    ),
    "netwerk": ("Helpt één keer per week met boodschappen", "Gaat mee naar de afspraak", "Belt elke zondag"),
    "vrijwilliger": ("Thuisadministratie: samen de post doornemen", "Maatje: samen wandelen"),
    "algemene_voorziening": (
        "Aanmelden bij het buurthuis",
        "Inloopspreekuur schuldhulp bezoeken",
        "Maaltijdservice regelen",
    ),
    "wijkteam": ("Huisbezoek en evaluatie van het plan", "Aanvraag bijzondere bijstand indienen", "Overleg met school"),
    "specialist": ("Intake GGZ plannen", "Schuldhulptraject starten"),
    "aanbieder": ("Huishoudelijke ondersteuning starten", "Ambulante begeleiding twee keer per week"),
}

NOTE_TEXTS = (
    "Telefonisch contact gehad; afspraak voor huisbezoek gemaakt.",
    "Besproken in het teamoverleg.",
    "Inwoner niet thuis getroffen; kaartje achtergelaten.",
    "Overleg met de huisarts gevoerd (met toestemming).",
    "Afstemming met de mantelzorger.",
)

NETWORK_NOTES = (
    "Doet de boodschappen.",
    "Helpt met de administratie.",
    "Komt wekelijks op bezoek.",
    "Past op de kinderen.",
    "Is bewindvoerder.",
)

# --- Today's open decision work (demo/decisions_today.py) ---

AANVRAAG_TEXTS: dict[str, tuple[str, ...]] = {
    Law.WMO: (
        "Redt het huishouden niet meer zonder hulp sinds de val in de badkamer; de mantelzorger is overbelast.",
        "Vraagt begeleiding bij de administratie en het op orde houden van de week.",
        "Kan na de beroerte niet meer zelfstandig naar de dagbesteding; vraagt vervoer en een plek.",
        "Wil langer thuis blijven wonen; de trap en de douche zijn niet meer te doen.",
        "Vraagt hulp bij het schoonhouden van de woning nu de ziekte verergert.",
    ),
    Law.JEUGDWET: (
        "De huisarts verwijst door: het kind heeft angstklachten en gaat niet meer naar school.",
        "Ouders lopen vast in de opvoeding; het gedrag thuis escaleert.",
        "School en ouders zien een achterstand in de ontwikkeling; vraagt ambulante begeleiding.",
        "Het kind kan tijdelijk niet thuis wonen; de familie kan het niet opvangen.",
    ),
    Law.PARTICIPATIEWET: (
        "Vraagt bijzondere bijstand voor een wasmachine; de oude is kapot en er is geen buffer.",
        "Vraagt bijzondere bijstand voor de kosten van bewindvoering.",
        "Vraagt een bijdrage in de verhuiskosten na de scheiding.",
    ),
}
SPOED_REASONS = (
    "Komt deze week thuis uit het ziekenhuis en kan niet alleen zijn.",
    "De mantelzorger is plotseling uitgevallen.",
)
MOTIVATIONS: dict[str, tuple[str, ...]] = {
    DecisionOutcome.TOEKENNING: (
        "Uit het onderzoek blijkt dat het netwerk en algemene voorzieningen dit niet kunnen opvangen. "
        "Deze voorziening is passend en nodig om zelfstandig te blijven wonen.",
        "Het gesprek met het huishouden en het advies van de huisarts laten zien dat ondersteuning nodig is. "
        "Met deze omvang worden de doelen in het plan haalbaar.",
    ),
    DecisionOutcome.AFWIJZING: (
        "Het netwerk en de algemene voorzieningen in de wijk bieden voldoende oplossing; een maatwerkvoorziening "
        "is niet nodig.",
        "De gevraagde ondersteuning valt onder de Zorgverzekeringswet; de wijkverpleging is al betrokken.",
    ),
}
REJECTION_REASONS = (
    "Voorliggende voorzieningen volstaan.",
    "Het eigen netwerk kan dit opvangen.",
)
BEZWAAR_GROUNDS = (
    "Het huishouden vindt dat de gemeente onvoldoende rekening heeft gehouden met de overbelasting van de "
    "mantelzorger.",
    "De inwoner is het niet eens met de afwijzing: de algemene voorziening is te ver weg en niet toegankelijk.",
    "Het onderzoeksverslag klopt op belangrijke punten niet; de cliëntondersteuner heeft dat ook aangegeven.",
)
SUBMITTERS = ("de inwoner", "de cliëntondersteuner namens de inwoner", "de dochter van de inwoner", "een advocaat")
VERWIJZERS = ("Huisartsenpraktijk De Linde", "Huisartsenpraktijk Het Plein", "Jeugdarts GGD")
