"""Issue 14 "done when", in a browser at phone size: Mijn Wijkteam from the demo DigiD page to the mantelzorger.

The demo is seeded with its showcase (no explicit ``today``), so the demo resident has a plan with an open action of
their own, a consent with the specialist's consultation on it, a sent beschikking with its letter, a colleague's
break-the-glass and a survey invitation. The resident walks every part; the regisseur answers a message in a second
browser context; a mantelzorger invited with a plan-only view sees the plan and nothing else. Every portal page
visited is checked with axe (WCAG 2.1 AA) at 390 and 1280 px.
"""

import re
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.db.models import F

from audit.models import AccessAction, AccessLogEntry
from consent.models import Consent, Consultation
from decisions.models import Letter
from demo import portal as demo_portal
from demo.logins import DEMO_PASSWORD
from dossiers import parts
from e2e.login import log_in
from e2e.test_accessibility import _violations
from messaging.models import Message
from plans.models import Actie, Plan, Uitvoerder
from portal.models import Representation
from residents.models import Inwoner
from surveys.models import Answer, Invitation
from surveys.questions import QUESTIONS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
CARER_EMAIL = "mila.deboer@voorbeeldstad.invalid"


@pytest.fixture
def showcase(migration_data: None) -> Inwoner:
    call_command("seed_demo", residents=300, quiet=True)
    resident = demo_portal.showcase_resident()
    assert resident is not None, "the demo has no showcase resident"
    return resident


class Walk:
    """A browser page at phone size that checks every page it reaches with axe at 390 and 1280 px."""

    def __init__(self, page: Any, live_server: Any) -> None:
        self.page = page
        self.base = live_server.url
        page.set_viewport_size(PHONE)

    def axe(self) -> None:
        path = self.page.url.removeprefix(self.base).split("?")[0]
        for size in (DESKTOP, PHONE):
            self.page.set_viewport_size(size)
            assert _violations(self.page) == [], f"{path} at {size['width']}px"

    def go(self, path: str) -> Any:
        response = self.page.goto(f"{self.base}{path}")
        self.axe()
        return response

    def status(self, path: str) -> int:
        response = self.page.goto(f"{self.base}{path}")
        return int(response.status)

    def digid_demo(self, person: Inwoner) -> None:
        """From the portal's login page through the demo DigiD page, picking this person."""
        self.page.get_by_role("link", name="Inloggen met DigiD (demo)").click()
        self.page.wait_for_url(re.compile(r"/mijn/inloggen/demo/"))
        self.axe()
        self.page.locator(f"#bsn-{person.pk}").check()
        self.page.get_by_role("button", name="Inloggen", exact=True).click()


def _main_text(page: Any) -> str:
    return str(page.locator("main").inner_text())


def test_a_demo_resident_walks_mijn_wijkteam_on_a_phone(showcase: Inwoner, browser: Any, live_server: Any) -> None:
    resident = showcase
    context = browser.new_context(locale="nl-NL", viewport=PHONE, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    walk = Walk(page, live_server)

    # 1-2. Logging in through the demo DigiD page.
    walk.go("/mijn/inloggen/")
    walk.digid_demo(resident)
    page.wait_for_url(re.compile(r"/mijn/$"))
    walk.axe()
    assert page.locator("html").get_attribute("lang") == "nl"

    # 3. The plan: mark the household's own action done, then agree.
    actie = Actie.objects.filter(
        doel__plan__dossier__huishouden__leden__inwoner=resident, uitvoerder=Uitvoerder.HUISHOUDEN
    ).get(description="Elke maandag de post openen en in de map leggen.")
    dossier = actie.doel.plan.dossier
    # The demo household agreed to the plan before the showcase added its goal (an agreement without a version counts
    # as current); record that agreement as one to the version before, as when the team changed the plan since.
    Plan.objects.filter(pk=actie.doel.plan_id).update(agreed_version=F("version") - 1)
    walk.go("/mijn/plan/")
    assert "Elke maandag de post openen" in _main_text(page)
    page.locator("li", has_text=actie.description).get_by_role("button", name=re.compile("Dit is gedaan")).click()
    page.get_by_text("De actie staat nu op gedaan.").wait_for()
    actie.refresh_from_db()
    assert actie.status == "gedaan"
    walk.axe()
    page.get_by_role("checkbox").check()
    page.get_by_role("button", name="Akkoord geven").click()
    page.get_by_text(re.compile(rf"Akkoord gegeven op .* door {re.escape(resident.full_name)}")).wait_for()
    walk.axe()
    plan = Plan.objects.get(pk=actie.doel.plan_id)
    assert plan.agreed_version == plan.version

    # 4. A message to the regisseur, answered in a second browser context.
    walk.go("/mijn/berichten/")
    page.get_by_role("textbox", name="Uw bericht").fill("Ik heb de post van deze week geopend. Kunt u maandag bellen?")
    page.get_by_role("button", name="Versturen").click()
    page.get_by_text("Uw bericht is verstuurd.").wait_for()
    assert "Kunt u maandag bellen?" in _main_text(page)
    walk.axe()
    assert Message.objects.filter(dossier=dossier, body__contains="maandag bellen").count() == 1

    staff_context = browser.new_context(locale="nl-NL", viewport=PHONE)
    staff = staff_context.new_page()
    staff.set_default_timeout(15_000)
    log_in(staff, live_server, "generalist", DEMO_PASSWORD)
    staff.goto(f"{live_server.url}/gesprekken/")
    assert staff.get_by_role("heading", level=1).inner_text() == "Ongelezen berichten"
    assert staff.locator(f"main a[href*='/dossiers/{dossier.pk}/']").count() == 1  # the resident's dossier is waiting
    staff.goto(f"{live_server.url}{parts.tab_url(dossier.pk, 'tijdlijn')}")
    part = staff.locator("section", has=staff.get_by_role("heading", name="Berichten met het huishouden"))
    assert "Kunt u maandag bellen?" in part.inner_text()
    part.get_by_role("textbox", name="Bericht aan het huishouden").fill("Ja, ik bel u maandag om tien uur.")
    part.get_by_role("button", name="Bericht versturen").click()
    staff.locator("main").get_by_text("Ja, ik bel u maandag om tien uur.").wait_for()
    staff_context.close()
    assert Message.objects.filter(dossier=dossier, author__username="generalist").count() == 1
    walk.go("/mijn/berichten/")
    assert "Ja, ik bel u maandag om tien uur." in _main_text(page)

    # 5. Withdrawing the consent ends the specialist's consultation based on it.
    consent = Consent.objects.get(inwoner=resident, purpose="Afstemming behandeling")
    consultation = Consultation.objects.get(consent=consent)
    assert consultation.revoked_at is None
    walk.go("/mijn/toestemmingen/")
    page.get_by_role("link", name=re.compile(r"^Toestemming voor .* intrekken$")).first.click()
    page.wait_for_url(re.compile(r"/intrekken/"))
    walk.axe()
    page.get_by_role("button", name="Ja, toestemming intrekken").click()
    page.wait_for_url(re.compile(r"/mijn/toestemmingen/$"))
    walk.axe()
    consultation.refresh_from_db()
    assert consultation.revoked_at is not None

    # 6. Who looked, with the colleague's break-the-glass and its reason.
    walk.go("/mijn/inzage/")
    highlighted = page.locator("main li.app-portal-highlight")
    assert highlighted.count() >= 1
    card = highlighted.first.inner_text()
    assert "Let op: noodtoegang" in card
    assert "Reden van de noodtoegang" in card
    assert demo_portal.BREAK_GLASS_REASON[:60] in card

    # 7. The letter of the beschikking and the inzage export.
    walk.go("/mijn/besluiten/")
    with page.expect_download() as letter:
        page.locator("main a[href$='.pdf']").first.click()
    assert open(letter.value.path(), "rb").read(4) == b"%PDF"
    walk.go("/mijn/gegevens/")
    page.get_by_role("button", name=re.compile(r"overzicht$")).click()
    page.wait_for_load_state()
    for _ in range(10):
        if page.get_by_role("link", name="Download het overzicht (pdf)").count():
            break
        page.goto(f"{live_server.url}/mijn/gegevens/")
    walk.axe()
    with page.expect_download() as export:
        page.get_by_role("link", name="Download het overzicht (pdf)").click()
    assert open(export.value.path(), "rb").read(4) == b"%PDF"

    # 8. The client survey.
    assert Invitation.objects.filter(used_at__isnull=True).exists()
    walk.go("/mijn/vragenlijst/")
    page.get_by_role("link", name="Vragenlijst invullen").first.click()
    walk.axe()
    answers = Answer.objects.count()
    for question in QUESTIONS:
        page.get_by_role("group", name=str(question.text)).get_by_label("Mee eens", exact=True).check()
    page.get_by_role("button", name="Antwoorden versturen").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Dank u wel!"
    walk.axe()
    assert Answer.objects.count() == answers + 1

    # 10. Another household's ids are a 404, for reading a letter and for marking an action done.
    other_letter = Letter.objects.exclude(beschikking__aanvraag__dossier=dossier).order_by("pk").first()
    other_actie = (
        Actie.objects.exclude(doel__plan__dossier__huishouden=dossier.huishouden)
        .filter(uitvoerder=Uitvoerder.HUISHOUDEN, status="open")
        .order_by("pk")
        .first()
    )
    assert other_letter is not None and other_actie is not None
    assert walk.status(f"/mijn/besluiten/brieven/{other_letter.pk}.pdf") == 404
    page.goto(f"{live_server.url}/mijn/plan/")
    csrf = page.locator("input[name=csrfmiddlewaretoken]").first.get_attribute("value")
    response = page.request.post(
        f"{live_server.url}/mijn/plan/acties/{other_actie.pk}/gedaan/",
        form={"csrfmiddlewaretoken": csrf},
        headers={"Referer": f"{live_server.url}/mijn/plan/"},
    )
    assert response.status == 404
    other_actie.refresh_from_db()
    assert other_actie.status == "open"
    refused = AccessLogEntry.objects.filter(action=AccessAction.DENIED)
    assert refused.filter(object_id=str(other_letter.pk)).exists()
    assert refused.filter(object_id=str(other_actie.pk)).exists()

    # 9. Inviting a mantelzorger who may read the plan only.
    carer = Inwoner.objects.filter(
        voornamen=demo_portal.MANTELZORGER[0], achternaam=demo_portal.MANTELZORGER[2]
    ).first()
    assert carer is not None
    Representation.objects.filter(represented=resident, representative_bsn=carer.bsn).delete()
    walk.go("/mijn/meekijken/")
    page.get_by_role("link", name=re.compile(r"uitnodigen", re.I)).first.click()
    walk.axe()
    mail.outbox.clear()
    page.get_by_role("textbox", name=re.compile(r"^Naam")).fill("Mila de Boer")
    page.get_by_label("E-mailadres").fill(CARER_EMAIL)
    page.get_by_label("Mijn plan", exact=True).check()
    page.get_by_role("button", name="Uitnodiging sturen").click()
    page.get_by_text("Wij hebben de uitnodiging gestuurd").wait_for()
    walk.axe()
    assert len(mail.outbox) == 1, _main_text(page)
    link = re.search(r"https?://\S+/mijn/uitnodiging/\S+/", mail.outbox[0].body)
    assert link is not None
    invite_path = "/mijn/uitnodiging/" + link.group(0).split("/mijn/uitnodiging/")[1]
    page.get_by_role("button", name="Uitloggen").first.click()
    page.wait_for_url(re.compile(r"/mijn/uitgelogd/"))
    walk.axe()

    walk.go(invite_path)
    page.get_by_role("link", name="Inloggen met DigiD").click()
    page.wait_for_url(re.compile(r"/mijn/inloggen/"))
    walk.digid_demo(carer)
    page.wait_for_url(re.compile(r"/mijn/uitnodiging/"))
    walk.axe()
    page.get_by_role("button", name="Aannemen").click()
    page.wait_for_url(re.compile(r"/mijn/(?!uitnodiging/)"))
    walk.axe()
    representation = Representation.objects.get(represented=resident, representative_bsn=carer.bsn)
    assert representation.accepted_at is not None
    walk.go("/mijn/")
    page.get_by_label(re.compile(re.escape(resident.full_name))).check()
    page.get_by_role("button", name="Bekijken").click()
    page.wait_for_url(re.compile(r"/mijn/$"))
    walk.axe()
    tiles = [text.strip() for text in page.locator("main .app-portal-tiles li strong").all_inner_texts()]
    assert tiles == ["Mijn plan"], tiles
    walk.go("/mijn/plan/")
    assert "Elke maandag de post openen" in _main_text(page)
    assert walk.status("/mijn/besluiten/") == 403

    # The header button switches the language: the page comes back in English and says so to assistive technology.
    walk.go("/mijn/plan/")
    page.locator("header").get_by_role("button", name="English").click()
    page.locator("html[lang=en]").wait_for(state="attached")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", level=1).inner_text() == "My plan"
    walk.axe()

    context.close()
