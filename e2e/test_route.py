"""The whole access route in a browser: a generalist takes a new melding to a closed dossier."""

import re

import pytest

from accounts.models import Role
from dossiers.models import Dossier
from dossiers.transitions import Status
from e2e.login import log_in
from e2e.tabs import open_tab
from testsupport.factories import TeamFactory, UserFactory, member_of

PASSWORD = "geheim-wachtwoord-123"  # the factory's password

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(page, live_server, username: str) -> None:
    log_in(page, live_server, username, PASSWORD)
    page.wait_for_url(f"{live_server.url}/dossiers/")


def _to_status(page, label: str) -> None:
    page.get_by_role("button", name=f"Naar '{label}'").click()
    page.wait_for_load_state("load")


def test_generalist_takes_a_melding_through_the_whole_route(page, live_server, reference_data) -> None:
    sanne = member_of(TeamFactory(name="Wijkteam Centrum"), UserFactory(username="sanne", role=Role.GENERALIST))
    _login(page, live_server, "sanne")

    # New melding: search first (nothing found), then register a new resident and household.
    page.get_by_role("link", name="Nieuwe melding").click()
    page.get_by_label("Achternaam").fill("Bakker")
    page.get_by_label("Geboortedatum").fill("1948-03-02")
    page.get_by_role("button", name="Zoeken", exact=True).click()
    page.get_by_role("link", name="Nieuwe inwoner registreren").click()
    page.get_by_label("BSN").fill("111222333")
    page.get_by_label("Voornamen").fill("Johanna")
    page.get_by_label("Achternaam").fill("Bakker")
    page.get_by_label("Geboortedatum").fill("1948-03-02")
    page.get_by_label("Route").select_option("huisarts")
    page.get_by_label("Ontvangen op").fill("2026-02-20T10:00")
    page.get_by_label("Omschrijving").fill("Valt vaak, redt het huishouden niet meer alleen.")
    page.get_by_role("button", name="Melding registreren").click()
    page.wait_for_url(re.compile(r"/dossiers/\d+/$"))
    dossier = Dossier.objects.get()

    # The Wmo terms with the right dates: persoonlijk plan 7 days, onderzoek 6 weeks past Easter 2026.
    deadlines = page.locator("#termijnen-kop").locator("xpath=..")
    assert "27 februari 2026" in deadlines.inner_text()
    assert "7 april 2026" in deadlines.inner_text()
    assert "Goede Vrijdag" in deadlines.inner_text()

    # Triage: the generalist becomes regisseur and starts the onderzoek.
    page.get_by_role("link", name="Triage").click()
    page.get_by_role("link", name="Toewijzen").click()
    page.get_by_label("Regisseur").select_option(str(sanne.pk))
    page.get_by_role("button", name="Toewijzen").click()
    page.get_by_role("button", name="Start onderzoek").click()
    dossier.refresh_from_db()
    assert dossier.status == Status.IN_ONDERZOEK

    # Onderzoek at the kitchen table, with ZRM scores for the resident.
    page.goto(f"{live_server.url}/onderzoek/{dossier.pk}/")
    # Wmo 2015 art. 2.3.2: every lid 4 topic answered (or why it does not apply), cliëntondersteuning
    # offered and the pgb explained before the onderzoek can be completed.
    page.get_by_label("a. Behoeften, persoonskenmerken en voorkeuren").fill("Wil thuis blijven wonen.")
    page.get_by_label("b. Eigen kracht").fill("Doet zelf de boodschappen.")
    page.get_by_label("c. Mantelzorg en hulp uit het sociale netwerk").fill("Dochter komt twee keer per week.")
    page.get_by_label("d. Ondersteuning van de mantelzorger").fill("Dochter kent het steunpunt mantelzorg.")
    page.get_by_label("e. Algemene voorzieningen en andere mogelijkheden").fill("Buurthuis voor contact.")
    page.locator("#id_topic_f_cooperation_na").fill("Geen zorg uit de Zvw of Wlz.")
    page.get_by_label("g. De eigen bijdrage").fill("Uitgelegd: abonnementstarief.")
    page.get_by_label("Cliëntondersteuning aangeboden op").fill("2026-02-20")
    page.get_by_label("Gewezen op de mogelijkheid van een persoonsgebonden budget (pgb)").check()
    page.get_by_label("Uitkomst (de ladder)").select_option("netwerk")
    page.get_by_label("Verslag voor het huishouden").fill("Afspraken: dochter helpt, buurthuis voor contact.")
    page.get_by_label("Afgerond op").fill("2026-03-10")
    page.get_by_role("button", name=re.compile("Opslaan")).click()
    page.wait_for_load_state("load")

    page.goto(f"{live_server.url}/dossiers/{dossier.pk}/")
    open_tab(page, "Onderzoek en ZRM")
    page.get_by_role("link", name=re.compile("Scoren voor Johanna")).click()
    page.locator("#id_assessed_on").fill("2026-03-10")
    page.get_by_label("Financiën", exact=True).select_option("4")
    page.get_by_label("Sociaal netwerk", exact=True).select_option("2")
    page.get_by_role("button", name="Scores vastleggen").click()
    page.wait_for_load_state("load")

    page.goto(f"{live_server.url}/dossiers/{dossier.pk}/")
    _to_status(page, "Plan")
    dossier.refresh_from_db()
    assert dossier.status == Status.PLAN

    # One plan: a goal in the household's words, an action by the network, agreement.
    page.goto(f"{live_server.url}/plan/{dossier.pk}/")
    page.get_by_role("textbox", name="Wat goed gaat").fill("Johanna kookt nog zelf.")
    page.get_by_role("button", name=re.compile("Plan opslaan")).click()
    page.wait_for_load_state("load")
    page.get_by_role("textbox", name=re.compile("^Doel, in de woorden")).fill("Ik wil weer naar de markt kunnen.")
    page.get_by_role("button", name=re.compile("Doel toevoegen")).click()
    page.wait_for_load_state("load")
    page.locator("summary", has_text="Actie toevoegen").first.click()
    page.get_by_role("textbox", name=re.compile(r"^Wat\b(?! goed)")).first.fill("Dochter rijdt mee op zaterdag")
    page.get_by_role("combobox", name=re.compile(r"^Wie \(soort\)")).first.select_option("netwerk")
    page.get_by_role("button", name="Actie toevoegen").first.click()
    page.wait_for_load_state("load")
    page.get_by_role("textbox", name=re.compile("^Akkoord gegeven op")).fill("2026-03-12")
    page.get_by_role("textbox", name=re.compile("^Akkoord gegeven door")).fill("Johanna Bakker")
    page.get_by_role("button", name="Akkoord vastleggen").click()
    page.wait_for_load_state("load")

    page.goto(f"{live_server.url}/dossiers/{dossier.pk}/")
    _to_status(page, "Uitvoering")
    _to_status(page, "Evaluatie")
    # Closing has its own page, which asks for the reason and says what is still open.
    page.get_by_role("link", name="Dossier afsluiten…").click()
    page.wait_for_url(re.compile(rf"/dossiers/{dossier.pk}/afsluiten/$"))
    page.get_by_label("Reden van afsluiten").select_option("doelen_bereikt")
    page.get_by_label("Toelichting").fill("Doel bereikt, dochter en buurthuis blijven betrokken.")
    page.get_by_role("button", name="Ja, dossier afsluiten").click()
    page.wait_for_load_state("load")

    dossier.refresh_from_db()
    assert dossier.status == Status.AFGESLOTEN
    assert dossier.close_reason == "doelen_bereikt"
    assert dossier.timeline.filter(kind="status").count() >= 6
