"""Issue 15's "Done when" in a browser: every way in (vroegsignalen, the informatiepunt, a partner's API) and the
way up to a regieteam and back down.

Each walk checks that no page it opens answers with a server error, and the new pages get the axe check of
e2e/test_accessibility.py.
"""

import re
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone, translation
from django.utils.formats import date_format

from accounts.models import User
from deadlines.calendar_source import current_calendar
from deadlines.terms import WGS_EERSTE_GESPREK_DREIGEND, compute_deadline
from dossiers import parts
from dossiers.models import Dossier, DossierDeadline, Regime, Route, WgsThreat
from e2e.login import log_in
from e2e.test_accessibility import _violations
from outreach.models import InformatieVraag
from partners.models import PartnerMelding
from regie.models import Escalation
from residents.models import Inwoner
from testsupport import ways_in
from vroegsignalering.models import CasusOutcome, ContactPoging, SignaalCasus, SignalImport, Vroegsignaal
from vroegsignalering.testing import BAD_BSN_LINE, UNKNOWN_PARTNER_LINE, arrears_file

PASSWORD = "geheim-wachtwoord-123"  # the factory's password

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


class ServerErrors:
    """Every response of 500 or more the browser received, to assert none came."""

    def __init__(self, page: Any) -> None:
        self.seen: list[str] = []
        page.on(
            "response",
            lambda response: self.seen.append(f"{response.status} {response.url}") if response.status >= 500 else None,
        )


def _dutch_day(day: Any) -> str:
    with translation.override("nl"):
        return date_format(day, "DATE_FORMAT")


def _log_out(page: Any) -> None:
    page.context.clear_cookies()


def _upload(page: Any, live_server: Any, content: bytes) -> None:
    page.goto(f"{live_server.url}/vroegsignalen/import/")
    page.get_by_label("Bestand met vroegsignalen (CSV of JSON)").set_input_files(
        {"name": "achterstanden-november.csv", "mimeType": "text/csv", "buffer": content}
    )
    page.get_by_role("button", name="Inlezen").click()
    page.wait_for_url(re.compile(r"/vroegsignalen/import/\d+/$"))


def test_vroegsignalen_from_upload_to_a_wgs_melding_with_the_three_working_day_term(
    page: Any, live_server: Any, reference_data: None
) -> None:
    errors = ServerErrors(page)
    wijkteam = ways_in.wijkteam()
    ways_in.beheerder()
    residents = ways_in.arrears_residents(wijkteam.buurt)
    content = arrears_file(residents, threat_first=True)

    # 1. The functioneel beheerder uploads 20 rows from two partners: 18 accepted, 2 clear row errors.
    log_in(page, live_server, ways_in.BEHEERDER, PASSWORD)
    page.wait_for_load_state("load")
    _upload(page, live_server, content)
    assert "18 opgenomen, 0 al eerder ontvangen, 2 geweigerd" in page.locator("#telling").inner_text()
    errors_table = page.get_by_role("table", name=re.compile("Per geweigerde regel"))
    rows = errors_table.locator("tbody tr")
    assert rows.count() == 2
    assert [rows.nth(i).locator("th").inner_text() for i in range(2)] == [str(BAD_BSN_LINE), str(UNKNOWN_PARTNER_LINE)]
    assert "elfproef" in rows.nth(0).inner_text()
    assert "niet bekend" in rows.nth(1).inner_text()
    assert _violations(page) == []
    assert Vroegsignaal.objects.count() == 18
    assert Vroegsignaal.objects.values("partner").distinct().count() == 2

    # Re-uploading the same file changes nothing.
    before = (Vroegsignaal.objects.count(), SignaalCasus.objects.count(), Dossier.objects.count())
    _upload(page, live_server, content)
    assert "0 opgenomen, 18 al eerder ontvangen, 2 geweigerd" in page.locator("#telling").inner_text()
    assert (Vroegsignaal.objects.count(), SignaalCasus.objects.count(), Dossier.objects.count()) == before
    assert SignalImport.objects.count() == 2
    page.goto(f"{live_server.url}/vroegsignalen/import/")
    assert _violations(page) == []
    _log_out(page)

    # 2. The team's generalist works the worklist: the stacked casus (two signals, eviction threat) is first.
    stacked = SignaalCasus.objects.get(signal_count=2)
    assert stacked.threat == WgsThreat.HUISUITZETTING
    log_in(page, live_server, ways_in.GENERALIST, PASSWORD)
    page.wait_for_url(f"{live_server.url}/dossiers/")
    page.goto(f"{live_server.url}/vroegsignalen/")
    assert _violations(page) == []
    first_row = page.get_by_role("table", name=re.compile("open casussen")).locator("tbody tr").first
    first_link = first_row.get_by_role("link")
    assert first_link.get_attribute("href") == f"/vroegsignalen/casus/{stacked.pk}/"
    first_link.click()
    page.wait_for_url(f"{live_server.url}/vroegsignalen/casus/{stacked.pk}/")

    page.get_by_role("button", name="Oppakken").click()
    page.wait_for_load_state("load")
    stacked.refresh_from_db()
    assert stacked.assigned_to == wijkteam.generalist

    _attempt(page, method="brief", daypart="ochtend", result="niet_thuis", note="Brief met aanbod gestuurd.")
    _attempt(page, method="huisbezoek", daypart="middag", result="bereikt", note="Thuis getroffen, wil hulp.")
    assert ContactPoging.objects.filter(casus=stacked).count() == 2
    stacked.refresh_from_db()
    assert stacked.contacted_on == timezone.localdate()
    assert _violations(page) == []

    # By name within the form: both forms have unprefixed fields "on" and "note", so their ids (and the labels'
    # "for") are duplicated on the casus page; a label finds the contact attempt's field, not the outcome's.
    outcome = page.locator("form[action$='/uitkomst/']")
    outcome.locator("[name=uitkomst-outcome]").select_option("geaccepteerd")
    outcome.locator("[name=uitkomst-note]").fill("Wil een gesprek over de huurachterstand.")
    outcome.get_by_role("button", name="Uitkomst vastleggen").click()
    page.wait_for_load_state("load")
    stacked.refresh_from_db()
    assert stacked.outcome == CasusOutcome.GEACCEPTEERD
    melding = stacked.melding
    assert melding is not None
    assert (melding.route, melding.regime, melding.wgs_threat) == (
        Route.VROEGSIGNAAL,
        Regime.SCHULDHULP,
        WgsThreat.HUISUITZETTING,
    )
    household = stacked.huishouden
    assert household is not None and melding.dossier.huishouden_id == household.pk

    # The dossier page shows the Wgs term: 3 working days from today, as the deadline engine counts them.
    due = compute_deadline(WGS_EERSTE_GESPREK_DREIGEND, timezone.localdate(), current_calendar()).due
    term = DossierDeadline.objects.get(melding=melding)
    assert (term.term_code, term.due) == ("WGS_EERSTE_GESPREK_DREIGEND", due)
    # The casus page now links to the household's dossier (the generalist's team holds it).
    assert _violations(page) == []
    page.get_by_role("link", name=re.compile("^Naar ")).filter(has_text=str(melding.dossier)).click()
    page.wait_for_url(f"{live_server.url}/dossiers/{melding.dossier_id}/")
    deadlines = page.locator("#termijnen-kop").locator("xpath=..")
    row = deadlines.locator("tbody tr").filter(has_text=re.compile("gesprek", re.IGNORECASE))
    assert row.count() == 1, deadlines.inner_text()
    assert _dutch_day(due) in row.inner_text()

    assert errors.seen == []


def _attempt(page: Any, *, method: str, daypart: str, result: str, note: str) -> None:
    form = page.locator("form[action$='/contactpoging/']")
    form.locator("[name=poging-method]").select_option(method)
    form.locator("[name=poging-daypart]").select_option(daypart)
    form.locator("[name=poging-result]").select_option(result)
    form.locator("[name=poging-note]").fill(note)
    form.get_by_role("button", name="Poging vastleggen").click()
    page.wait_for_load_state("load")


def test_an_informatiepunt_question_is_counted_without_a_dossier(
    page: Any, live_server: Any, reference_data: None
) -> None:
    errors = ServerErrors(page)
    wijkteam = ways_in.wijkteam()
    ways_in.running_dossier(wijkteam.team, wijkteam.generalist)
    dossiers_before, people_before = Dossier.objects.count(), Inwoner.objects.count()

    log_in(page, live_server, ways_in.GENERALIST, PASSWORD)
    page.wait_for_url(f"{live_server.url}/dossiers/")
    page.goto(f"{live_server.url}/toegang/informatiepunt/")
    assert _violations(page) == []
    page.get_by_label("Geld en schulden").check()
    page.get_by_label("Wijk van de vrager").select_option(label="Centrum")
    page.get_by_label("Aan de balie").check()
    page.get_by_label("Informatie gegeven").check()
    page.get_by_role("button", name="Vraag tellen").click()
    page.wait_for_url(f"{live_server.url}/toegang/informatiepunt/")

    assert "Er is geen dossier geopend" in page.content()
    question = InformatieVraag.objects.get()
    assert (question.topic, question.wijk_id, question.channel, question.answer) == (
        "geld",
        wijkteam.wijk.pk,
        "balie",
        "informatie",
    )
    assert (Dossier.objects.count(), Inwoner.objects.count()) == (dossiers_before, people_before)
    # The record holds no person: no link to a resident, a household, a dossier or a staff member.
    linked = {field.related_model for field in InformatieVraag._meta.get_fields() if field.is_relation}
    assert not linked & {Inwoner, Dossier, User}
    # And it shows in this month's counts.
    per_topic = page.get_by_role("table", name="Vragen per onderwerp")
    assert per_topic.locator("tbody tr").filter(has_text="Geld en schulden").locator("td").inner_text() == "1"
    per_wijk = page.get_by_role("table", name="Vragen per wijk")
    assert per_wijk.locator("tbody tr").filter(has_text="Centrum").locator("td").inner_text() == "1"
    assert errors.seen == []


def test_a_partner_posts_a_melding_with_its_key_and_only_it_reads_the_status(
    page: Any, live_server: Any, reference_data: None
) -> None:
    wijkteam = ways_in.wijkteam()
    dossier = ways_in.running_dossier(wijkteam.team, wijkteam.generalist)
    resident = dossier.huishouden.members.get()
    (gp, gp_key), (_school, school_key) = ways_in.huisarts_and_school()
    api = page.request  # the browser context's HTTP client, without a session

    posted = api.post(
        f"{live_server.url}/api/v1/meldingen/",
        headers={"Authorization": f"Bearer {gp_key}"},
        data={
            "kenmerk": "HA-2026-0042",
            "bsn": resident.bsn,
            "achternaam": resident.achternaam,
            "omschrijving": "Mevrouw valt vaak en lijkt de post niet meer te openen.",
            "urgentie": "normaal",
        },
    )
    assert posted.status == 201, posted.text()
    body = posted.json()
    assert set(body) == {"id", "status", "status_label", "ontvangen_op"}
    received = PartnerMelding.objects.get(pk=body["id"])
    assert received.partner == gp
    assert received.melding is not None and received.melding.dossier_id == dossier.pk
    # The household's dossier is past triage: the GP reads "in behandeling", nothing of the case.
    assert body["status"] == "in_behandeling"

    read = api.get(f"{live_server.url}/api/v1/meldingen/{body['id']}/", headers={"Authorization": f"Bearer {gp_key}"})
    assert read.status == 200
    assert read.json() == body

    other = api.get(
        f"{live_server.url}/api/v1/meldingen/{body['id']}/", headers={"Authorization": f"Bearer {school_key}"}
    )
    assert other.status == 404
    assert other.headers["content-type"].startswith("application/problem+json")
    assert "status" not in other.json() or other.json()["status"] == 404

    without_key = api.get(f"{live_server.url}/api/v1/meldingen/{body['id']}/")
    assert without_key.status == 401


def test_the_regisseur_escalates_records_the_conference_and_afschaalt_and_stays_regisseur(
    page: Any, live_server: Any, reference_data: None
) -> None:
    errors = ServerErrors(page)
    wijkteam = ways_in.wijkteam()
    sanne = wijkteam.generalist
    regieteam, member = ways_in.regieteam(wijkteam.team)
    dossier = ways_in.running_dossier(wijkteam.team, sanne)
    consent = ways_in.regieteam_consent(dossier, sanne)

    log_in(page, live_server, ways_in.GENERALIST, PASSWORD)
    page.wait_for_url(f"{live_server.url}/dossiers/")

    # Escalate from the Plan tab.
    page.goto(f"{live_server.url}{parts.tab_url(dossier.pk, parts.PLAN)}")
    page.get_by_role("link", name="Opschalen naar een regieteam").click()
    page.wait_for_url(re.compile(rf"/regie/dossier/{dossier.pk}/opschalen/$"))
    assert _violations(page) == []
    page.get_by_label("Naar welk regieteam?").select_option(label=ways_in.REGIETEAM)
    page.get_by_label("Reden").select_option("multiprobleem")
    page.get_by_label("Toelichting").fill(
        "Schulden, woning en zorg lopen door elkaar; het plan komt niet van de grond."
    )
    page.get_by_role("button", name="Opschalen").click()
    page.wait_for_url(re.compile(r"/regie/\d+/$"))
    escalation = Escalation.objects.get(dossier=dossier)
    assert escalation.regieteam == regieteam and escalation.is_running
    assert _violations(page) == []

    # The case conference: a participant of the regieteam, one agreement, a review date, the plan to look along.
    page.get_by_role("link", name="Casusoverleg vastleggen").click()
    page.wait_for_url(re.compile(rf"/regie/{escalation.pk}/casusoverleg/$"))
    assert _violations(page) == []
    today = timezone.localdate()
    review_on = today + timedelta(days=21)
    due_on = today + timedelta(days=7)
    page.get_by_label(re.compile(rf"^{re.escape(str(member))} – ")).check()
    page.get_by_label(re.compile(rf"^{re.escape(str(sanne))} – ")).first.check()
    page.get_by_label("Verslag").fill("Eén plan voor schulden en woning; de corporatie bevriest de achterstand.")
    page.get_by_label("Plan, doelen en acties").check()
    page.get_by_label("Evaluatiedatum").fill(review_on.isoformat())
    page.get_by_label("Toestemming van het huishouden").select_option(str(consent.pk))
    page.locator("#id_afspraak-0-party").select_option("extern")
    page.locator("#id_afspraak-0-party_name").fill("Woningcorporatie")
    page.locator("#id_afspraak-0-what").fill("Huurachterstand bevriezen")
    page.locator("#id_afspraak-0-due_on").fill(due_on.isoformat())
    page.get_by_role("button", name="Vastleggen").click()
    page.wait_for_url(re.compile(rf"/regie/{escalation.pk}/$"))
    conference = escalation.conferences.get()
    assert set(conference.participants.all()) == {member, sanne}
    assert conference.review_on == review_on
    assert [(a.who, a.what, a.due_on) for a in conference.agreements.all()] == [
        ("Woningcorporatie", "Huurachterstand bevriezen", due_on)
    ]
    assert "Huurachterstand bevriezen" in page.content()

    # Until afschalen the regieteam's member looks along in the plan, and only there.
    plan_url = f"{live_server.url}{parts.tab_url(dossier.pk, parts.PLAN)}"
    escalation_url = f"{live_server.url}/regie/{escalation.pk}/"
    _log_out(page)
    log_in(page, live_server, member.username, PASSWORD)
    page.wait_for_load_state("load")
    assert page.goto(plan_url).status == 200
    assert page.goto(f"{live_server.url}{parts.tab_url(dossier.pk, parts.BIJZONDER)}").status in (403, 404)
    _log_out(page)
    log_in(page, live_server, ways_in.GENERALIST, PASSWORD)
    page.wait_for_url(f"{live_server.url}/dossiers/")
    page.goto(escalation_url)

    # Afschalen: the regieteam stops looking along; Sanne stays the regisseur.
    page.get_by_role("link", name="Afschalen").click()
    page.wait_for_url(re.compile(rf"/regie/{escalation.pk}/afschalen/$"))
    assert _violations(page) == []
    page.get_by_label("Resultaat").select_option("stabiel")
    page.get_by_label("Toelichting").fill("De corporatie wacht; het wijkteam gaat verder met het plan.")
    page.get_by_role("button", name="Afschalen").click()
    page.wait_for_url(re.compile(rf"/regie/{escalation.pk}/$"))
    escalation.refresh_from_db()
    assert not escalation.is_running

    dossier.refresh_from_db()
    assert dossier.regisseur == sanne
    page.goto(f"{live_server.url}/dossiers/{dossier.pk}/")
    assert f"Regisseur: {sanne}" in page.locator("main").inner_text()
    page.goto(plan_url)
    assert (
        "Dit huishouden is niet opgeschaald naar een regieteam."
        in page.locator("#regie-kop").locator("xpath=..").inner_text()
    )
    assert errors.seen == []

    # The member's look-along ended with afschalen.
    _log_out(page)
    log_in(page, live_server, member.username, PASSWORD)
    page.wait_for_load_state("load")
    assert page.goto(plan_url).status == 404
