"""Seed the nine national themes of the reflection tool (seed 004), in our own words.

These are defaults: a municipality edits its own copy (Theme.gemeente set), never these rows.
"""

from django.db import migrations

THEMES = [
    {
        "code": "botsende-waarden",
        "name": "Botsende waarden",
        "scale_question": "Hoe vaak loop je in de toegang vast doordat waarden met elkaar botsen, bijvoorbeeld tussen collega's, tussen beleid en praktijk of tussen wat de inwoner verwacht en wat nodig is?",
        "introduction": "In de toegang werken mensen met verschillende overtuigingen samen. Wat de een vanzelfsprekend vindt, zoals sturen op kosten, staat voor de ander haaks op doen wat nodig is. Zulke spanningen zijn normaal, maar blijven vaak onbesproken en remmen dan de hulp.",
        "points_of_attention": "Recht op een voorziening tegenover wat iemand echt helpt.\nControle tegenover vertrouwen in de inwoner.\nEerst werk tegenover eerst welzijn.\nDe rol van het netwerk: steun voor de inwoner of ontlasting van de gemeente?",
        "case_text": "Een moeder met twee kinderen vraagt huishoudelijke hulp. De consulent ziet dat het netwerk kan bijspringen, de moeder voelt zich daardoor niet serieus genomen en de beleidsregel schrijft een vaste indicatie voor.",
        "dilemma": "Kies je voor de regel, voor wat de consulent verstandig vindt of voor wat de inwoner vraagt?",
        "solution_directions": "Maak de waarden achter beslissingen bespreekbaar in casusoverleg.\nLeg samen met beleid vast welke waarde voorgaat en wanneer afwijken mag.\nBetrek de inwoner bij het afwegen in plaats van alleen bij de uitkomst.",
        "statements": [
            "Wie zijn situatie zwaarder voorstelt dan die is, krijgt sneller hulp.",
            "Sturen op kosten maakt de hulp goedkoper.",
            "Doen wat echt nodig is, is op termijn het goedkoopst.",
            "Een beroep op het netwerk ontlast de gemeente, maar versterkt de inwoner niet.",
        ],
    },
    {
        "code": "dwingende-systemen",
        "name": "Dwingende systemen",
        "scale_question": "Hoe vaak staan regels, protocollen of ICT-systemen de toegang tot passende hulp in de weg in plaats van die te ondersteunen?",
        "introduction": "Systemen zijn bedoeld om het werk te ordenen, maar ze kunnen gaan bepalen wat er gebeurt. De leefwereld van de inwoner past dan niet in de hokjes van de systeemwereld, en de professional werkt voor het formulier in plaats van voor de inwoner.",
        "points_of_attention": "Verplichte velden en stappen die voor deze inwoner geen zin hebben.\nNieuwe regels na elk incident.\nSystemen die niet met elkaar praten, zodat de inwoner zijn verhaal steeds opnieuw doet.",
        "case_text": "Een jongvolwassene met psychische klachten heeft hulp nodig bij wonen en inkomen. Voor elke regeling is een aparte aanvraag nodig en elk loket vraagt dezelfde gegevens opnieuw. Intussen loopt de spanning op.",
        "dilemma": "Volg je de voorgeschreven route, ook als die te lang duurt, of zoek je een weg eromheen met het risico dat het niet verantwoord kan worden?",
        "solution_directions": "Schrap stappen en velden die niets toevoegen voor de inwoner.\nLaat één professional de aanvragen bundelen.\nToets nieuwe regels op wat ze de inwoner kosten.",
        "statements": [
            "Na elk incident zijn extra regels en protocollen nodig.",
            "Een inwoner moet zelf zijn weg vinden in onze systemen en procedures.",
            "In de toegang gaan we uit van wantrouwen tegenover de inwoner.",
            "Voor maatwerk hebben we een nieuw afwegingskader nodig.",
        ],
    },
    {
        "code": "heilige-huisjes",
        "name": "Heilige huisjes",
        "scale_question": "Hoe vaak merk je dat vanzelfsprekendheden ('zo doen we het nu eenmaal') niet ter discussie mogen staan en passende hulp in de weg zitten?",
        "introduction": "Elke organisatie heeft gewoonten die niemand meer bevraagt: een taakverdeling, een begrip dat iedereen gebruikt, een regel waarvan de herkomst vergeten is. Sommige hebben nog steeds nut, andere houden alleen zichzelf in stand.",
        "points_of_attention": "Expertise als reden om een vraag niet op te pakken.\nPrivacy als argument om geen informatie te delen, ook als de inwoner dat wel wil.\nWoorden als 'eigen kracht' die niemand precies kan uitleggen.",
        "case_text": "Een gezin heeft te maken met een wijkteam, een jeugdhulpaanbieder en schuldhulp. Iedereen wacht op toestemming om informatie te delen, terwijl de ouders allang hebben gezegd dat het mag.",
        "dilemma": "Houd je vast aan de gewoonte omdat die ooit een goede reden had, of zet je haar opzij voor dit gezin?",
        "solution_directions": "Maak een lijst van de eigen heilige huisjes en bespreek er elk kwartaal één.\nVraag bij elke gewoonte: wie heeft er baat bij?\nBetrek inwoners bij het benoemen van wat vanzelfsprekend lijkt.",
        "statements": [
            "Heilige huisjes hebben meestal een goede reden en zijn nuttig.",
            "Het wijkteam moet met elke vraag uit de voeten kunnen.",
            "Wij bespreken in onze gemeente geregeld de vanzelfsprekendheden in de toegang.",
        ],
    },
    {
        "code": "heldere-werkwijze",
        "name": "Heldere werkwijze",
        "scale_question": "Hoe vaak zijn de stappen die een inwoner in de toegang doorloopt onlogisch, overbodig of onbegrijpelijk?",
        "introduction": "Een inwoner moet weten waar hij aan toe is: waar hij terechtkan, wat er gebeurt, wie hem belt en wanneer. Een heldere werkwijze gebruikt begrijpelijke woorden, laat de inwoner zijn verhaal één keer doen en maakt duidelijk hoe de vraag wordt gewogen.",
        "points_of_attention": "Eén plek om het verhaal te vertellen.\nEen heldere inschatting van hoe zwaar en hoe dringend een hulpvraag is (triage).\nOnafhankelijke cliëntondersteuning die op tijd wordt aangeboden.\nTerugbellen binnen een afgesproken termijn.",
        "case_text": "Een moeder heeft lang getwijfeld voordat ze hulp vroeg voor haar zoon. Er is een plan gemaakt, maar daarna hoort ze wekenlang niets. Als ze belt, is het antwoord steeds: nog even geduld.",
        "dilemma": "Geef je voorrang aan deze vraag omdat het vertrouwen op het spel staat, terwijl andere inwoners ook wachten?",
        "solution_directions": "Stel samen met inwoners een overzicht op van de stappen in gewone taal.\nSpreek per stap af wie de inwoner informeert en binnen welke termijn.\nLaat het klantcontactcentrum de status van een vraag kunnen zien.",
        "statements": [
            "De werkwijze stellen we samen met de inwoner op.",
            "Zonder duidelijke werkwijze komt passende hulp niet op tijd.",
            "Als professional leg ik elke stap begrijpelijk uit aan de inwoner.",
            "Bij ons weet iedereen hoe we bepalen hoe zwaar en dringend een hulpvraag is.",
        ],
    },
    {
        "code": "regelruimte",
        "name": "Regelruimte",
        "scale_question": "Hoe vaak merk je dat regels of afspraken je beletten om met wat je weet en wie je kent een passende oplossing te regelen?",
        "introduction": "Maatwerk vraagt ruimte: mandaat om zelf te besluiten, budget dat vrij te besteden is en vertrouwen van leidinggevenden en bestuur. Te veel regeldruk maakt de professional afwachtend, te weinig kaders maken het werk willekeurig.",
        "points_of_attention": "Welke beslissingen mag de professional zelf nemen?\nIs er een vrij budget voor kleine, snelle oplossingen?\nHoe gaan we om met een creatieve oplossing die mislukt?",
        "case_text": "Een professional ziet dat een eenmalige bijdrage voor een wasmachine een gezin veel ellende bespaart. Ze mag dit niet zelf toekennen; de aanvraag via bijzondere bijstand duurt zes weken.",
        "dilemma": "Wacht je de formele route af of neem je zelf de verantwoordelijkheid en verantwoord je het achteraf?",
        "solution_directions": "Geef professionals een mandaat tot een afgesproken bedrag.\nRicht een vrij budget in met verantwoording achteraf.\nBespreek mislukte maatwerkoplossingen als leerstof, niet als aanleiding voor nieuwe regels.",
        "statements": [
            "Zonder vaste kaders zou de toegang beter maatwerk leveren.",
            "Als een maatwerkoplossing misgaat, zijn extra controles en regels nodig.",
            "Voor nieuwe oplossingen heeft de professional brede bevoegdheden over domeinen heen nodig.",
        ],
    },
    {
        "code": "samenspel",
        "name": "Samenspel",
        "scale_question": "Hoe vaak verloopt de samenwerking en afstemming met collega's binnen en buiten het team te traag of te moeizaam?",
        "introduction": "Passende hulp ontstaat zelden binnen één organisatie. Korte lijnen, snel even overleggen en elkaars expertise kennen maken het verschil. Het helpt als de inwoner samen met de professionals één vaste coördinator kiest.",
        "points_of_attention": "Weet iedereen wie de coördinatie heeft?\nKunnen professionals informatie delen als de inwoner dat wil?\nKennen teamleden de partners in de wijk, zoals huisarts, school en woningcorporatie?",
        "case_text": "Bij een oudere man met beginnende dementie zijn de huisarts, de thuiszorg en het wijkteam betrokken. Niemand weet van de ander wat er is afgesproken en de dochter belt iedereen afzonderlijk.",
        "dilemma": "Neem je zelf de regie, ook al is het formeel niet jouw taak, of wacht je tot er een overleg is belegd?",
        "solution_directions": "Kies met de inwoner één coördinator en maak dat bekend bij alle betrokkenen.\nOrganiseer vaste korte overleggen met partners in de wijk.\nInvesteer in samenwerkingsverbanden, ook als de opbrengst pas later zichtbaar is.",
        "statements": [
            "Wie samen voor de inwoner gaat, vindt altijd een oplossing.",
            "De informatie-uitwisseling tussen hulpverleners staat een echte oplossing in de weg.",
            "Samenwerking tussen beroepsgroepen komt alleen tot stand als het van bovenaf wordt opgelegd.",
        ],
    },
    {
        "code": "slim-geld",
        "name": "Slim geld",
        "scale_question": "Hoe vaak staat de manier van financieren integrale, passende hulp in de weg?",
        "introduction": "Geld volgt vaak de regeling en niet de inwoner. Slim geld betekent dat budgetten zo worden ingezet dat integrale hulp mogelijk is: vrije budgetten, bestaande middelen slimmer combineren, bekostiging per populatie of één budget voor één gezin.",
        "points_of_attention": "Wie betaalt als de hulp over meerdere wetten gaat?\nHeeft de professional zicht op wat hulp kost?\nBekostigen we aanbod of het resultaat voor de inwoner?",
        "case_text": "Een gezin met een kind met een ernstige beperking krijgt zorg uit drie verschillende potjes, elk met eigen regels. Pas na lang overleg tussen gemeente en zorgverzekeraar komt er één persoonsgebonden budget voor het hele gezin.",
        "dilemma": "Investeer je tijd in het samenvoegen van budgetten voor één gezin, terwijl die tijd niet naar andere inwoners gaat?",
        "solution_directions": "Maak afspraken met zorgverzekeraar en aanbieders over gezamenlijke financiering.\nGeef teams een vrij besteedbaar budget.\nMaak kosten en opbrengsten zichtbaar voor professionals.",
        "statements": [
            "Passende hulp vraagt om één integraal budget.",
            "Op de kosten letten is niet de taak van de professional.",
            "Financiële ruimte voor de professional komt de inwoner ten goede.",
            "Organisaties zijn bereid verder te kijken dan hun eigen taak en budget.",
        ],
    },
    {
        "code": "vakmanschap",
        "name": "Vakmanschap",
        "scale_question": "Hoe vaak merk je dat kennis, vaardigheden of ondersteuning van professionals tekortschieten om passende hulp te bieden?",
        "introduction": "Van een generalist verwachten we geen kennis van alles, wel dat hij zijn grenzen kent en weet wie hij erbij haalt. Vakmanschap gaat ook over de coachende rol naar de inwoner, het gebruik van hulpmiddelen voor de afweging, kostenbewustzijn en blijven leren als team.",
        "points_of_attention": "Eerlijk zijn over wat je niet weet of niet kunt bieden.\nOp tijd een collega of specialist inschakelen.\nHulpmiddelen voor triage en afweging.\nRuimte voor intervisie en leren van fouten.",
        "case_text": "Een professional twijfelt of een inwoner met schulden en een verslaving zelf verder kan. Ze wil niet te snel doorverwijzen, maar is ook niet zeker of ze de situatie goed inschat.",
        "dilemma": "Ga je zelf door en bouw je aan vertrouwen, of schakel je een specialist in met het risico dat de inwoner afhaakt?",
        "solution_directions": "Richt vaste momenten in voor intervisie en casusbespreking.\nMaak zichtbaar welke specialisten laagdrempelig mee kunnen denken.\nLeer van casussen die goed en minder goed liepen.",
        "statements": [
            "Voor de toegang zijn nieuwe professionals met nieuwe kennis en vaardigheden nodig.",
            "Onze gemeente laat het oordeel over wat nodig is met vertrouwen aan de wijkteams over.",
            "Ik zeg het eerlijk tegen een inwoner als iets buiten mijn kennis of mogelijkheden valt.",
            "Professionals hebben genoeg hulpmiddelen om goede afwegingen te maken.",
        ],
    },
    {
        "code": "wettelijke-grensconflicten",
        "name": "Wettelijke grensconflicten",
        "scale_question": "Hoe vaak zit passende hulp vast doordat wetten elkaar tegenspreken of niet duidelijk is welke wet van toepassing is?",
        "introduction": "Wmo, Wlz, Zvw, Jeugdwet en Participatiewet hebben elk hun eigen doel, voorwaarden en financier. Op de grenzen ontstaan grijze gebieden: de inwoner valt tussen wal en schip en partijen verwijzen naar elkaar.",
        "points_of_attention": "Wie beslist als een vraag onder meerdere wetten valt?\nDe overgang van Jeugdwet naar volwassenenzorg bij 18 jaar.\nDe verhouding tussen schulden, werk en zorg.",
        "case_text": "Een man met een progressieve ziekte heeft meer zorg nodig dan de Wmo biedt, maar komt nog niet in aanmerking voor de Wlz. Zolang er geen beslissing is, krijgt hij te weinig hulp.",
        "dilemma": "Zet je voorlopig zelf hulp in zonder te weten wie uiteindelijk betaalt, of wacht je tot de bevoegde partij beslist?",
        "solution_directions": "Maak afspraken met zorgkantoor en zorgverzekeraar over wie voorlopig betaalt.\nLeg grensgevallen vast en bespreek ze met beleid.\nGebruik de ruimte die wetten zelf bieden voor maatwerk.",
        "statements": [
            "Ik moet me aan de wet houden, ook als dat niet helpt.",
            "Integraal werken lukt alleen als je soms buiten de lijntjes kleurt.",
            "Wetten en regels houden mij vaak tegen in mijn werk.",
            "Grensconflicten tussen wetten liggen buiten mijn invloed.",
            "De Participatiewet is voor het wijkteam nauwelijks van belang.",
        ],
    },
]


def seed(apps, schema_editor):
    Theme = apps.get_model("reflection", "Theme")
    for order, data in enumerate(THEMES, start=1):
        fields = {k: v for k, v in data.items() if k not in ("code", "statements")}
        theme, created = Theme.objects.get_or_create(
            code=data["code"], gemeente=None, defaults={**fields, "order": order}
        )
        if created:
            for position, text in enumerate(data["statements"], start=1):
                theme.statements.create(text=text, order=position)


def unseed(apps, schema_editor):
    Theme = apps.get_model("reflection", "Theme")
    Theme.objects.filter(gemeente=None, code__in=[t["code"] for t in THEMES]).delete()


class Migration(migrations.Migration):
    dependencies = [("reflection", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
