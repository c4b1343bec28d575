"""Issue 9, finding 1 (and 7) end to end in a browser, on the demo municipality: the attack replayed as
an attacker would do it, and shown to fail.

Team Noord's generalist looks a team-Centrum resident up by BSN on "Nieuwe melding", registers a
melding in a *new* household for the own team, takes it on as regisseur from the triage board and
opens the new dossier. Before the fix, that dossier showed and let her change Centrum's toewijzing
and withdraw Centrum's consent, and the access log named her own dossier. Now the records belong to
the dossier they were made in (ADR 0003, 2a): nothing shows, every probe answers the 404 page, the
refusals are logged against Centrum's dossier, and Centrum's own caseworker still sees everything.
"""

import re
import tempfile
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role, User
from allocations.incoming import receive
from allocations.models import BerichtTaak, TaakSoort, Toewijzing
from audit.models import AccessAction, AccessLogEntry
from consent import services as consent_services
from consent.models import Consent, ConsentStatus
from decisions.models import OtherLawIndication
from demo.logins import DEMO_PASSWORD
from dossiers.models import Dossier, Melding
from dossiers.selectors import active_team_ids, dossier_access
from dossiers.transitions import Status
from e2e.login import log_in
from e2e.tabs import offered_tabs, open_tab
from organisation.models import Team
from residents.models import Inwoner
from testsupport import provider_messages
from testsupport.factories import UserFactory, member_of
from testsupport.istandaarden import requires_istandaarden

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    requires_istandaarden("WMO315", "JW315"),
]

#: Screenshots for a person to look at: /tmp/second_household_dossier.png and /tmp/second_household_404.png.
SCREENSHOTS = Path(tempfile.gettempdir())
CONSENT_PURPOSE = "Afstemming thuiszorg na de heupoperatie"
CONSENT_RECIPIENT = "Huisartsenpraktijk De Linde"
MELDING_TEXT = "Zelfmelder vraagt hulp bij de administratie na een verhuizing."
NOT_FOUND = "Deze pagina bestaat niet of u heeft er geen toegang toe."


@dataclass
class Centrum:
    """Team Centrum's dossier and what it owns about the resident the attacker goes after."""

    dossier: Dossier
    victim: Inwoner
    toewijzing: Toewijzing
    indication: OtherLawIndication
    consent: Consent
    task: BerichtTaak


@pytest.fixture
def demo(reference_data: None) -> None:
    call_command("seed_demo", residents=400, seed=7, quiet=True)


def _login(browser: Any, live_server: Any, username: str, password: str = DEMO_PASSWORD) -> Any:
    context = browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    log_in(page, live_server, username, password)
    page.wait_for_url(lambda url: "/account/inloggen/" not in url)
    return page


def _centrum_records() -> Centrum:
    """The decisions showcase (a sent Wmo beschikking with its toewijzing, and a Wlz indication) on the
    consulent's running dossier; a consent and a provider's request (315) are added to it here."""
    consulent = User.objects.get(username="consulent")
    toewijzing = (
        Toewijzing.objects.filter(dossier__status=Status.UITVOERING, dossier__involvements__user=consulent)
        .select_related("dossier__team__gemeente", "inwoner", "aanbieder", "voorziening")
        .order_by("pk")
        .first()
    )
    assert toewijzing is not None and toewijzing.dossier is not None, "seed_demo makes the decisions showcase"
    dossier, victim = toewijzing.dossier, toewijzing.inwoner
    assert victim.bsn, "the showcase resident has a BSN to look up"
    indication = OtherLawIndication.objects.get(dossier=dossier, inwoner=victim)
    access = dossier_access(consulent, dossier)
    assert access is not None
    consent = consent_services.record_consent(
        dossier,
        victim,
        purpose=CONSENT_PURPOSE,
        recipient=CONSENT_RECIPIENT,
        given_on=timezone.localdate(),
        how="mondeling",
        given_by_name=victim.full_name,
        given_by_capacity="zelf",
        recorded_by=consulent,
        basis=access.basis,
    )
    voorziening = toewijzing.voorziening
    request = provider_messages.verzoek_om_toewijzing(
        afzender=toewijzing.aanbieder.agb_code,
        ontvanger=dossier.team.gemeente.cbs_code[2:],
        bsn=victim.bsn,
        geboortedatum=victim.geboortedatum,
        achternaam=victim.achternaam,
        referentie="E2E-315-1",
        categorie=voorziening.product_category,
        code=voorziening.product_code,
        ingangsdatum=timezone.localdate() + timedelta(days=7),
        einddatum=timezone.localdate() + timedelta(days=97),
        volume=2,
        eenheid="04",
        frequentie="2",
        dagtekening=timezone.localdate(),
    )
    bericht = receive("WMO315.xml", request)
    assert bericht.status == "geaccepteerd", bericht.reasons
    assert bericht.dossier_id == dossier.pk, "the request names Centrum's allocation, so Centrum owns it"
    task = BerichtTaak.objects.get(bericht=bericht, soort=TaakSoort.ANTWOORD_VERZOEK)
    return Centrum(dossier, victim, toewijzing, indication, consent, task)


def _noord_team_leader(noord: Team) -> tuple[str, str]:
    """The demo has no team leader of Noord: one is made here, as the functioneel beheerder would."""
    existing = User.objects.filter(username="teamleider_noord").first()
    if existing is not None:
        return existing.username, DEMO_PASSWORD
    password = "Teamleider-Noord-2026!"
    leader = UserFactory(username="teamleider_noord_e2e", role=Role.TEAMLEIDER, password=password)
    member_of(noord, leader, leader=True)
    return leader.username, password


def _status(response: Any) -> int:
    assert response is not None
    return int(response.status)


def _post_crafted_form(page: Any, action: str, fields: dict[str, str]) -> int:
    """What an attacker does from the browser: a form of their own, with the CSRF token of the page they are on."""
    with page.expect_navigation() as navigation:
        page.evaluate(
            """([action, fields]) => {
                const token = document.querySelector('input[name=csrfmiddlewaretoken]').value;
                const form = document.createElement('form');
                form.method = 'post';
                form.action = action;
                for (const [name, value] of Object.entries({...fields, csrfmiddlewaretoken: token})) {
                    const input = document.createElement('input');
                    input.type = 'hidden';
                    input.name = name;
                    input.value = value;
                    form.appendChild(input);
                }
                document.body.appendChild(form);
                form.submit();
            }""",
            [action, fields],
        )
    return _status(navigation.value)


def _register_in_a_new_household(page: Any, victim: Inwoner, noord: Team) -> Dossier:
    """As the attacker: "Nieuwe melding", the resident by exact BSN, a new household for the own team."""
    page.get_by_role("link", name="Nieuwe melding", exact=True).click()
    page.wait_for_url(re.compile(r"/dossiers/melding/nieuw/"))
    page.get_by_label(re.compile(r"^BSN")).fill(victim.bsn or "")
    page.get_by_role("button", name="Zoeken").click()
    page.wait_for_url(re.compile(r"/dossiers/melding/nieuw/\?"))
    assert "Inwoner gevonden op BSN." in page.inner_text("main")
    step_two = page.get_by_role("region", name="Stap 2: de melding")
    assert victim.full_name in step_two.inner_text()
    step_two.get_by_label(re.compile(r"^Huishouden")).select_option("nieuw")
    step_two.get_by_label("Route").select_option("zelfmelder")
    step_two.get_by_label("Omschrijving").fill(MELDING_TEXT)
    step_two.get_by_label("Team").select_option(str(noord.pk))
    step_two.get_by_role("button", name="Melding registreren").click()
    page.wait_for_load_state("load")
    melding = Melding.objects.select_related("dossier").get(inwoner=victim, description=MELDING_TEXT)
    assert melding.dossier.team_id == noord.pk
    return melding.dossier


def _take_on_as_regisseur(page: Any, dossier: Dossier, attacker: User) -> None:
    page.get_by_role("link", name="Triage", exact=True).click()
    page.wait_for_url(re.compile(r"/dossiers/triage/$"))
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name=str(dossier), exact=True))
    row.get_by_role("link", name="Toewijzen").click()
    page.wait_for_url(re.compile(rf"/dossiers/{dossier.pk}/toewijzen/$"))
    page.get_by_label("Regisseur").select_option(str(attacker.pk))
    page.get_by_role("button", name="Toewijzen").click()
    page.wait_for_url(re.compile(r"/dossiers/triage/$"))
    assert f"is regisseur van {dossier}" in page.inner_text("main")
    page.get_by_role("link", name=str(dossier), exact=True).click()
    page.wait_for_url(re.compile(rf"/dossiers/{dossier.pk}/$"))


def _refusals(user: User, object_type: str) -> set[int | None]:
    """The dossiers the refusals of `user` on `object_type` were logged against."""
    return set(
        AccessLogEntry.objects.filter(user=user, action=AccessAction.DENIED, object_type=object_type).values_list(
            "dossier_id", flat=True
        )
    )


def test_a_second_household_opens_nothing_of_the_first(browser, live_server, demo) -> None:
    centrum = _centrum_records()
    attacker = User.objects.get(username="generalist_noord")
    [noord] = Team.objects.filter(pk__in=active_team_ids(attacker))
    assert centrum.dossier.team_id != noord.pk
    assert dossier_access(attacker, centrum.dossier) is None, "before the attack: no access to Centrum's dossier"
    change_url = reverse("allocations:toewijzing_wijzigen", args=[centrum.toewijzing.pk])
    # As the dossier page renders an allocation number: the number itself is a short counter ("1").
    allocation_cell = f"{centrum.toewijzing.nummer} ({centrum.toewijzing.get_law_display()})"
    centrum_secrets = [
        allocation_cell,
        centrum.toewijzing.aanbieder.name,
        centrum.indication.note,
        CONSENT_PURPOSE,
        CONSENT_RECIPIENT,
    ]

    # The attack, step by step in the browser.
    lotte = _login(browser, live_server, "generalist_noord")
    second = _register_in_a_new_household(lotte, centrum.victim, noord)
    assert second.pk != centrum.dossier.pk and second.huishouden_id != centrum.dossier.huishouden_id
    _take_on_as_regisseur(lotte, second, attacker)
    second.refresh_from_db()
    assert second.regisseur_id == attacker.pk

    # The new dossier shows the resident, and nothing Centrum's dossier owns, on any of its tabs.
    open_tab(lotte, "Huishouden en netwerk")
    assert centrum.victim.full_name in lotte.inner_text("main")
    lotte.screenshot(path=str(SCREENSHOTS / "second_household_dossier.png"), full_page=True)
    for name in offered_tabs(lotte):
        open_tab(lotte, name)
        html = lotte.content()
        assert change_url not in html, name
        for secret in centrum_secrets:
            assert secret not in html, f"{secret!r} of Centrum's dossier leaks into the second household ({name})"
    open_tab(lotte, "Betrokkenen en privacy")
    lotte.get_by_role("link", name=re.compile(r"^Toestemmingen \(\d+\)")).click()
    lotte.wait_for_url(re.compile(rf"/toestemming/dossier/{second.pk}/$"))
    assert "Nog geen toestemmingen vastgelegd." in lotte.inner_text("main")
    assert CONSENT_PURPOSE not in lotte.content()

    # Centrum's toewijzing: read and change both answer the 404 page; nothing changes.
    assert _status(lotte.goto(f"{live_server.url}{change_url}")) == 404
    assert lotte.get_by_role("heading", level=1).inner_text() == "Niet gevonden"
    assert NOT_FOUND in lotte.inner_text("main")
    lotte.screenshot(path=str(SCREENSHOTS / "second_household_404.png"), full_page=True)
    einddatum = centrum.toewijzing.einddatum
    lotte.goto(f"{live_server.url}/toestemming/dossier/{second.pk}/")
    new_end = (timezone.localdate() + timedelta(days=1)).isoformat()
    fields = {"einddatum": new_end, "reden_wijziging": "05", "version": str(centrum.toewijzing.version)}
    assert _post_crafted_form(lotte, change_url, fields) == 404
    centrum.toewijzing.refresh_from_db()
    assert centrum.toewijzing.einddatum == einddatum

    # Centrum's consent withdrawn through the second household's URL: 404, and it stays given.
    lotte.goto(f"{live_server.url}/toestemming/dossier/{second.pk}/")
    withdraw_url = reverse("consent:intrekken", args=[second.pk, centrum.consent.pk])
    assert _post_crafted_form(lotte, withdraw_url, {}) == 404
    assert NOT_FOUND in lotte.inner_text("main")
    centrum.consent.refresh_from_db()
    assert centrum.consent.status == ConsentStatus.GEGEVEN

    # Team Noord's leader leads the team that now holds the resident, and still gets no Berichttaak of Centrum.
    leader_name, leader_password = _noord_team_leader(noord)
    leader = _login(browser, live_server, leader_name, leader_password)
    leader.get_by_role("link", name="Berichttaken", exact=True).click()
    leader.wait_for_url(re.compile(r"/berichten/$"))
    tasks = leader.inner_text("main")
    assert centrum.victim.full_name not in tasks and (centrum.victim.bsn or "") not in tasks
    task_url = reverse("allocations:taak", args=[centrum.task.pk])
    assert _status(leader.goto(f"{live_server.url}{task_url}")) == 404
    centrum.task.refresh_from_db()
    assert centrum.task.is_open

    # Every refusal is logged against the dossier that owns the record, never the attacker's own dossier.
    assert _refusals(attacker, "toewijzing") == {centrum.dossier.pk}
    assert _refusals(attacker, "toestemming") == {centrum.dossier.pk}
    assert _refusals(User.objects.get(username=leader_name), "berichttaak") == {centrum.dossier.pk}
    assert not AccessLogEntry.objects.filter(user=attacker, action=AccessAction.DENIED, dossier_id=second.pk).exists()

    # Centrum's own caseworker still has everything: the toewijzing with its change link, the note, the consent, the task.
    priya = _login(browser, live_server, "consulent")
    priya.goto(f"{live_server.url}/dossiers/{centrum.dossier.pk}/")
    open_tab(priya, "Besluiten en voorzieningen")
    main = priya.inner_text("main")
    assert allocation_cell in main and centrum.toewijzing.aanbieder.name in main
    assert centrum.indication.note in main
    assert priya.locator(f'a[href="{change_url}"]').count() == 1
    assert _status(priya.goto(f"{live_server.url}{change_url}")) == 200
    priya.goto(f"{live_server.url}/toestemming/dossier/{centrum.dossier.pk}/")
    consent_row = priya.get_by_role("row").filter(has_text=CONSENT_PURPOSE)
    assert consent_row.count() == 1 and "Gegeven" in consent_row.inner_text()
    priya.goto(f"{live_server.url}/berichten/")
    assert centrum.victim.full_name in priya.inner_text("main")
