"""Onderzoek en persoonlijk plan in Mijn Wijkteam: the verslag, its PDF and the reaction (Wmo 2015 art. 2.3.2
lid 8), and the persoonlijk plan within the 7-day term (lid 2)."""

from datetime import datetime, time, timedelta

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from assessments.models import Onderzoek, Outcome, PersoonlijkPlan, Reaction
from assessments.services import OnderzoekInput, PlanText, record_reaction, save_onderzoek, submit_persoonlijk_plan
from audit.inzage import build_inzage
from audit.models import AccessAction, AccessBasis, AccessLogEntry
from dossiers.models import Dossier, DossierDeadline, Melding, Regime, Route, TimelineEvent, Urgency
from dossiers.services import NewMelding, register_melding
from dossiers.transitions import Status
from portal.models import PortalScope, RepresentationKind
from testsupport.factories import InwonerFactory
from testsupport.portal import child, household_dossier, portal_client, representation

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n% the verslag exactly as handed out\n%%EOF\n"
TODAY = timezone.localdate


def _staff(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _wmo_melding(dossier: Dossier, actor, *, days_ago: int = 2) -> Melding:
    """A Wmo melding of the household, with its persoonlijk-plan and onderzoek terms running from `days_ago`."""
    received = timezone.make_aware(datetime.combine(TODAY() - timedelta(days=days_ago), time(10, 0)))
    return register_melding(
        actor=actor,
        team=dossier.team,
        inwoner=dossier.huishouden.members.first(),
        huishouden=dossier.huishouden,
        melding=NewMelding(
            route=Route.ZELFMELDER,
            description="Hulp in huis",
            urgency=Urgency.NORMAAL,
            received_at=received,
            regime=Regime.WMO,
        ),
    )


def _plan_term(melding: Melding) -> DossierDeadline:
    return DossierDeadline.objects.get(melding=melding, term_code="WMO_PERSOONLIJK_PLAN")


def _handed_out(dossier: Dossier, **kwargs) -> Onderzoek:
    values = {
        "verslag": "Wij spraken over uw huis en uw buren. U wilt weer zelf koken.",
        "outcome": Outcome.NETWERK,
        "completed_on": TODAY() - timedelta(days=3),
        "verslag_sent_on": TODAY() - timedelta(days=2),
        "verslag_pdf": PDF,
        **kwargs,
    }
    return Onderzoek.objects.create(dossier=dossier, **values)


@pytest.fixture
def resident():
    return InwonerFactory()


@pytest.fixture
def dossier(team, generalist, resident) -> Dossier:
    return household_dossier(team, generalist, resident, status=Status.IN_ONDERZOEK)


@pytest.fixture
def browser(resident) -> Client:
    return portal_client(resident.bsn)


# --- The verslag -------------------------------------------------------------------------------------------


def test_the_household_reads_the_verslag_it_received_and_only_that(browser, dossier) -> None:
    handed = _handed_out(dossier)
    _handed_out(dossier, verslag="Concept dat nog niet is uitgereikt", verslag_sent_on=None, verslag_pdf=None)
    page = browser.get(reverse("portal:onderzoek"))
    assert page.status_code == 200
    assert reverse("portal:onderzoek_verslag", args=[handed.pk]) in page.content.decode()
    text = browser.get(reverse("portal:onderzoek_verslag", args=[handed.pk])).content.decode()
    assert "U wilt weer zelf koken." in text
    assert "Concept dat nog niet" not in page.content.decode() + text
    assert AccessLogEntry.objects.filter(
        object_type="onderzoek", object_id=str(handed.pk), dossier_id=dossier.pk, basis=AccessBasis.INWONER_ZELF
    ).exists()


def test_the_verslag_pdf_is_the_stored_one_byte_for_byte_and_its_download_is_logged(browser, dossier) -> None:
    handed = _handed_out(dossier)
    response = browser.get(reverse("portal:onderzoek_verslag_pdf", args=[handed.pk]))
    assert response.status_code == 200
    assert response.content == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    entry = AccessLogEntry.objects.get(object_type="onderzoek", object_id=str(handed.pk), detail__contains="pdf")
    assert entry.dossier_id == dossier.pk and entry.basis == AccessBasis.INWONER_ZELF


def test_a_verslag_not_handed_out_yet_has_no_pdf_for_the_household(browser, dossier) -> None:
    draft = _handed_out(dossier, verslag_sent_on=None)
    assert browser.get(reverse("portal:onderzoek_verslag_pdf", args=[draft.pk])).status_code == 404


def test_an_onderzoek_of_another_household_gives_a_logged_404(browser, dossier, team, generalist) -> None:
    foreign = _handed_out(household_dossier(team, generalist))
    for url in (
        reverse("portal:onderzoek_verslag", args=[foreign.pk]),
        reverse("portal:onderzoek_verslag_pdf", args=[foreign.pk]),
    ):
        assert browser.get(url).status_code == 404
    response = browser.post(reverse("portal:onderzoek_reactie", args=[foreign.pk]), {"reaction": "eens", "version": 1})
    assert response.status_code == 404
    foreign.refresh_from_db()
    assert foreign.reaction == ""
    assert (
        AccessLogEntry.objects.filter(
            action=AccessAction.DENIED, object_type="onderzoek", object_id=str(foreign.pk)
        ).count()
        == 3
    )


# --- The reaction ------------------------------------------------------------------------------------------


def test_a_reaction_is_recorded_on_the_onderzoek_the_timeline_and_for_staff(browser, dossier, generalist) -> None:
    handed = _handed_out(dossier)
    response = browser.post(
        reverse("portal:onderzoek_reactie", args=[handed.pk]),
        {"reaction": Reaction.ONEENS, "note": "Mijn dochter helpt niet elke dag, alleen op zaterdag.", "version": 1},
    )
    assert response.status_code == 302
    handed.refresh_from_db()
    assert handed.reaction == Reaction.ONEENS
    assert handed.reaction_note == "Mijn dochter helpt niet elke dag, alleen op zaterdag."
    assert handed.reaction_on == TODAY()
    event = TimelineEvent.objects.get(dossier=dossier, summary__startswith="Reactie op het verslag via Mijn Wijkteam")
    assert event.actor is None and event.data["onderzoek"] == handed.pk and event.data["door"]
    assert AccessLogEntry.objects.filter(
        action=AccessAction.UPDATE, object_type="onderzoek", object_id=str(handed.pk), basis=AccessBasis.INWONER_ZELF
    ).exists()
    staff_page = _staff(generalist).get(reverse("assessments:onderzoek", args=[dossier.pk]))
    assert "alleen op zaterdag" in staff_page.content.decode()


def test_disagreeing_without_a_reason_gives_a_dutch_error_and_changes_nothing(browser, dossier) -> None:
    handed = _handed_out(dossier)
    events = TimelineEvent.objects.filter(dossier=dossier).count()
    response = browser.post(
        reverse("portal:onderzoek_reactie", args=[handed.pk]), {"reaction": Reaction.ONEENS, "note": "  ", "version": 1}
    )
    assert response.status_code == 400
    assert "Schrijf op waarmee u het niet eens bent" in response.content.decode()
    handed.refresh_from_db()
    assert (handed.reaction, handed.reaction_on) == ("", None)
    assert TimelineEvent.objects.filter(dossier=dossier).count() == events


def test_a_reaction_without_a_choice_or_with_nonsense_gives_a_dutch_error(browser, dossier) -> None:
    handed = _handed_out(dossier)
    url = reverse("portal:onderzoek_reactie", args=[handed.pk])
    for data in ({"version": 1}, {"reaction": "misschien", "version": 1}, {"reaction": "eens", "version": "x"}):
        response = browser.post(url, data)
        assert response.status_code == 400
    assert "Kies of u het eens of niet eens bent" in browser.post(url, {"version": 1}).content.decode()
    handed.refresh_from_db()
    assert handed.reaction == ""


def test_a_recorded_reaction_is_shown_and_never_overwritten_from_the_portal(browser, dossier) -> None:
    handed = _handed_out(dossier)
    url = reverse("portal:onderzoek_reactie", args=[handed.pk])
    browser.post(url, {"reaction": Reaction.EENS, "note": "", "version": 1})
    second = browser.post(url, {"reaction": Reaction.ONEENS, "note": "Toch niet", "version": 1}, follow=True)
    handed.refresh_from_db()
    assert handed.reaction == Reaction.EENS and handed.reaction_note == ""
    assert "Er is al een reactie" in second.content.decode()
    assert TimelineEvent.objects.filter(dossier=dossier, summary__startswith="Reactie op het verslag").count() == 1
    page = browser.get(reverse("portal:onderzoek_verslag", args=[handed.pk])).content.decode()
    assert "Eens met het verslag" in page and 'name="reaction"' not in page


def test_a_reaction_staff_recorded_on_paper_is_not_replaced_from_the_portal(browser, dossier, generalist) -> None:
    handed = _handed_out(dossier)
    record_reaction(handed, reaction=Reaction.EENS, note="", on=TODAY(), actor=generalist, basis=AccessBasis.BETROKKEN)
    with pytest.raises(Exception, match="al een reactie"):
        with transaction.atomic():
            record_reaction(
                handed,
                reaction=Reaction.ONEENS,
                note="Anders",
                on=TODAY(),
                actor=None,
                basis=AccessBasis.INWONER_ZELF,
                once_at_version=handed.version,
                by="Inwoner",
            )
    handed.refresh_from_db()
    assert handed.reaction == Reaction.EENS


def test_a_reaction_to_a_verslag_changed_meanwhile_is_refused(browser, dossier) -> None:
    handed = _handed_out(dossier)
    Onderzoek.objects.filter(pk=handed.pk).update(version=2)
    response = browser.post(
        reverse("portal:onderzoek_reactie", args=[handed.pk]), {"reaction": Reaction.EENS, "version": 1}, follow=True
    )
    assert "intussen gewijzigd" in response.content.decode()
    handed.refresh_from_db()
    assert handed.reaction == ""


# --- The persoonlijk plan ----------------------------------------------------------------------------------


def _plan_form(browser: Client) -> dict[str, str]:
    page = browser.get(reverse("portal:onderzoek_persoonlijk_plan"))
    token = page.context["form"]["token"].value()
    return {
        "wishes": "Ik wil weer zelf boodschappen doen.",
        "own_strength": "Mijn buurman rijdt mij op dinsdag.",
        "help_wanted": "Hulp bij het schoonmaken.",
        "token": token,
    }


def test_a_persoonlijk_plan_sent_within_seven_days_meets_the_term_and_shows_on_the_dossier(
    browser, dossier, generalist
) -> None:
    melding = _wmo_melding(dossier, generalist, days_ago=2)
    response = browser.post(reverse("portal:onderzoek_persoonlijk_plan"), _plan_form(browser))
    assert response.status_code == 302
    plan = PersoonlijkPlan.objects.get(dossier=dossier)
    assert plan.in_term and plan.melding == melding and plan.via == "portaal"
    assert _plan_term(melding).met_on == TODAY()
    assert TimelineEvent.objects.filter(
        dossier=dossier, summary="Persoonlijk plan ontvangen via Mijn Wijkteam"
    ).exists()
    assert TimelineEvent.objects.filter(dossier=dossier, summary__startswith="Termijn gehaald").exists()
    assert AccessLogEntry.objects.filter(
        action=AccessAction.CREATE, object_type="persoonlijk_plan", object_id=str(plan.pk), dossier_id=dossier.pk
    ).exists()
    staff = _staff(generalist)
    assert (
        "Ik wil weer zelf boodschappen doen."
        in staff.get(reverse("assessments:onderzoek", args=[dossier.pk])).content.decode()
    )
    tab = staff.get(reverse("dossiers:onderdeel", args=[dossier.pk, "onderzoek"])).content.decode()
    assert "persoonlijk plan via Mijn Wijkteam" in tab


def test_a_persoonlijk_plan_after_the_term_is_kept_for_the_team_but_changes_no_term(
    browser, dossier, generalist
) -> None:
    melding = _wmo_melding(dossier, generalist, days_ago=20)
    page = browser.get(reverse("portal:onderzoek_persoonlijk_plan")).content.decode()
    assert "De 7 dagen om een persoonlijk plan te sturen zijn voorbij" in page
    browser.post(reverse("portal:onderzoek_persoonlijk_plan"), _plan_form(browser))
    plan = PersoonlijkPlan.objects.get(dossier=dossier)
    assert not plan.in_term and plan.melding == melding
    assert _plan_term(melding).met_on is None
    assert TimelineEvent.objects.filter(
        dossier=dossier, summary="Persoonlijk plan ontvangen via Mijn Wijkteam, na de termijn van 7 dagen"
    ).exists()


def test_sending_the_same_plan_form_twice_keeps_one_plan(browser, dossier, generalist) -> None:
    _wmo_melding(dossier, generalist)
    data = _plan_form(browser)
    first = browser.post(reverse("portal:onderzoek_persoonlijk_plan"), data)
    second = browser.post(reverse("portal:onderzoek_persoonlijk_plan"), data)
    assert first.status_code == second.status_code == 302
    assert PersoonlijkPlan.objects.filter(dossier=dossier).count() == 1
    assert TimelineEvent.objects.filter(dossier=dossier, summary__startswith="Persoonlijk plan ontvangen").count() == 1


def test_a_plan_without_what_you_want_to_achieve_gives_a_dutch_error_and_keeps_nothing(
    browser, dossier, generalist
) -> None:
    melding = _wmo_melding(dossier, generalist)
    data = {**_plan_form(browser), "wishes": "   "}
    response = browser.post(reverse("portal:onderzoek_persoonlijk_plan"), data)
    assert response.status_code == 400
    assert "Schrijf op wat u wilt bereiken" in response.content.decode()
    assert not PersoonlijkPlan.objects.exists()
    assert _plan_term(melding).met_on is None


def test_the_online_plan_notes_its_day_on_the_onderzoek_in_progress(browser, dossier, generalist) -> None:
    _wmo_melding(dossier, generalist)
    in_progress = Onderzoek.objects.create(dossier=dossier)
    browser.post(reverse("portal:onderzoek_persoonlijk_plan"), _plan_form(browser))
    in_progress.refresh_from_db()
    assert in_progress.persoonlijk_plan_received_on == TODAY()
    assert in_progress.version == 2  # a colleague's open form gets "changed meanwhile", not a silent overwrite


def test_a_new_onderzoek_takes_the_day_the_online_plan_met_the_term(dossier, generalist) -> None:
    _wmo_melding(dossier, generalist)
    submit_persoonlijk_plan(dossier, PlanText(wishes="Zelf koken"), submitted_by="Inwoner", basis="inwoner_zelf")
    values = {name: None for name in ("conversation_on", "persoonlijk_plan_received_on", "completed_on")}
    onderzoek = save_onderzoek(
        dossier, OnderzoekInput(values=values), version=0, actor=generalist, basis=AccessBasis.BETROKKEN
    )
    assert onderzoek.persoonlijk_plan_received_on == TODAY()


def test_without_a_wmo_melding_there_is_no_plan_to_send(browser, dossier) -> None:
    page = browser.get(reverse("portal:onderzoek_persoonlijk_plan"))
    assert "geen Wmo-melding" in page.content.decode() and 'name="wishes"' not in page.content.decode()
    response = browser.post(reverse("portal:onderzoek_persoonlijk_plan"), {"wishes": "Iets"})
    assert response.status_code == 400
    assert not PersoonlijkPlan.objects.exists()


def test_the_inzage_export_holds_the_persoonlijk_plan(dossier, generalist, resident) -> None:
    _wmo_melding(dossier, generalist)
    submit_persoonlijk_plan(dossier, PlanText(wishes="Zelf koken"), submitted_by="Inwoner", basis="inwoner_zelf")
    export = build_inzage(resident, prepared_by=None, history=False)
    (entry,) = [item for item in export["dossiers"] if item["persoonlijke_plannen"]]
    assert entry["persoonlijke_plannen"][0]["wat_wilt_u_bereiken"] == "Zelf koken"


def test_destroying_the_dossier_takes_its_persoonlijk_plan_with_it(dossier, generalist) -> None:
    from retention.destruction import destroy

    # No melding here: destruction of a dossier with running terms is retention's own matter (their melding link).
    submit_persoonlijk_plan(dossier, PlanText(wishes="Zelf koken"), submitted_by="Inwoner", basis="inwoner_zelf")
    with transaction.atomic():
        destroy(dossier)
    assert not PersoonlijkPlan.objects.exists()
    assert not Dossier.objects.filter(pk=dossier.pk).exists()


# --- Who may open it ---------------------------------------------------------------------------------------


def test_a_representative_without_the_onderzoek_part_gets_403(dossier, resident) -> None:
    representation(resident, "111222333", scopes=[PortalScope.PLAN])
    client = portal_client("111222333")
    client.post(reverse("portal:choose_person"), {"person": str(resident.representations.get().pk)})
    assert client.get(reverse("portal:onderzoek")).status_code == 403
    assert client.get(reverse("portal:onderzoek_persoonlijk_plan")).status_code == 403


def test_a_representative_with_the_onderzoek_part_sends_a_plan_in_their_own_name(dossier, resident, generalist) -> None:
    _wmo_melding(dossier, generalist)
    representation(resident, "111222333", scopes=[PortalScope.ONDERZOEK], representative_name="Mila Mantelzorg")
    client = portal_client("111222333")
    client.post(reverse("portal:choose_person"), {"person": str(resident.representations.get().pk)})
    client.post(reverse("portal:onderzoek_persoonlijk_plan"), _plan_form(client))
    plan = PersoonlijkPlan.objects.get()
    assert "Mila Mantelzorg" in plan.submitted_by
    assert AccessLogEntry.objects.filter(object_type="persoonlijk_plan", basis=AccessBasis.VERTEGENWOORDIGER).exists()


@pytest.mark.parametrize(("agreed", "status"), [(False, 403), (True, 200)])
def test_a_parent_sees_a_13_year_olds_onderzoek_only_with_the_childs_agreement(
    team, generalist, agreed, status
) -> None:
    parent, teen = InwonerFactory(), child(13)
    household_dossier(team, generalist, parent, teen)
    representation(
        teen,
        parent.bsn,
        kind=RepresentationKind.OUDER_MET_GEZAG,
        scopes=[PortalScope.ONDERZOEK, PortalScope.PLAN],
        child_agreed_on=TODAY() if agreed else None,
    )
    client = portal_client(parent.bsn)
    client.post(reverse("portal:choose_person"), {"person": str(teen.representations.get().pk)})
    assert client.get(reverse("portal:onderzoek")).status_code == status
