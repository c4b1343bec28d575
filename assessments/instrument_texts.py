"""The seeded texts of the default instrument, the ZRM 2017, marked for translation.

An instrument is data, not code: its name, domain names, level names and descriptions are stored in Dutch, as migrations 0002 and 0004 seeded them or as a beheerder wrote them.
`gettext_noop` here only puts the seeded texts in the catalogue (`make messages`); the models ask gettext
for the stored text when a screen shows it (`shown_name`, `shown_label`, `shown_description`), so a
seeded text reads in English on an English screen and a text a beheerder wrote or changed stays as written.

Keep these exactly as the migrations seed them; assessments/tests/test_instrument_texts.py checks that.
"""

from django.utils.translation import gettext_noop

INSTRUMENT_NAMES = (gettext_noop("Zelfredzaamheid-Matrix 2017"),)

DOMAIN_NAMES = (
    gettext_noop("Financiën"),
    gettext_noop("Werk & opleiding"),
    gettext_noop("Tijdsbesteding"),
    gettext_noop("Huisvesting"),
    gettext_noop("Huiselijke relaties"),
    gettext_noop("Geestelijke gezondheid"),
    gettext_noop("Lichamelijke gezondheid"),
    gettext_noop("Middelengebruik"),
    gettext_noop("Basale ADL"),
    gettext_noop("Instrumentele ADL"),
    gettext_noop("Sociaal netwerk"),
    gettext_noop("Maatschappelijke participatie"),
    gettext_noop("Justitie"),
)

LEVEL_LABELS = (
    gettext_noop("Acute problematiek"),
    gettext_noop("Niet zelfredzaam"),
    gettext_noop("Beperkt zelfredzaam"),
    gettext_noop("Voldoende zelfredzaam"),
    gettext_noop("Volledig zelfredzaam"),
)

DOMAIN_DESCRIPTIONS = (
    gettext_noop("Inkomen, vaste lasten, schulden en hoe iemand met geld omgaat."),
    gettext_noop("Betaald werk, school of een opleiding, en wat nodig is om dat vol te houden."),
    gettext_noop("Hoe iemand de dag vult: een vast ritme, hobby's, vrijwilligerswerk."),
    gettext_noop("Een eigen woonplek die veilig, passend en betaalbaar is."),
    gettext_noop("Hoe het thuis gaat met partner, kinderen en huisgenoten. Ook spanning en geweld."),
    gettext_noop("Hoe iemand zich voelt en denkt: stemming, stress en psychische klachten."),
    gettext_noop("Het lichaam: ziekte, pijn, beperkingen en de zorg die daarbij hoort."),
    gettext_noop("Alcohol, drugs, medicijnen of gokken, en of dat problemen geeft."),
    gettext_noop("Zelfzorg van elke dag: wassen, aankleden, eten en naar het toilet gaan."),
    gettext_noop("Het huishouden regelen: boodschappen, koken, schoonmaken, post en afspraken."),
    gettext_noop("Mensen om op terug te vallen, zoals familie, vrienden en buren."),
    gettext_noop("Meedoen in buurt en samenleving, en de weg weten naar instanties."),
    gettext_noop("Contact met politie of justitie, zoals boetes, een rechtszaak of een straf."),
)

LEVEL_DESCRIPTIONS = (
    gettext_noop("De situatie is onveilig of onhoudbaar. Er is direct hulp nodig."),
    gettext_noop("Het lukt niet zonder hulp. Zonder steun wordt het snel erger."),
    gettext_noop("Het lukt voor een deel. Er is geregeld hulp nodig om het vol te houden."),
    gettext_noop("Het lukt, soms met wat hulp van anderen of een algemene voorziening."),
    gettext_noop("Het lukt helemaal zelf. Er is geen hulp nodig."),
)

ALL = (*INSTRUMENT_NAMES, *DOMAIN_NAMES, *LEVEL_LABELS, *DOMAIN_DESCRIPTIONS, *LEVEL_DESCRIPTIONS)
