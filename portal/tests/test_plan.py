"""Mijn plan: the household reads its plan, marks its own actions done, comments, and agrees online."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from audit.models import AccessAction, AccessBasis, AccessLogEntry
from dossiers import parts
from dossiers.models import TimelineEvent
from dossiers.transitions import Status
from plans import services
from plans.models import Actie, ActieStatus, Doel, Plan, PlanComment, Uitvoerder
from portal.models import PortalScope, RepresentationKind
from residents.models import Inwoner
from testsupport.factories import InwonerFactory
from testsupport.portal import household_dossier, portal_client, representation

pytestmark = pytest.mark.django_db

PLAN_URL = reverse("portal:plan")
AKKOORD_URL = reverse("portal:plan_akkoord")
REACTIE_URL = reverse("portal:plan_reactie")


def _gedaan_url(actie: Actie) -> str:
    return reverse("portal:plan_actie_gedaan", kwargs={"actie_id": actie.pk})


def _plan_with_goal(dossier, *, version: int = 1) -> tuple[Plan, Doel]:
    plan = Plan.objects.create(
        dossier=dossier,
        going_well="Goed contact met de buren.",
        worries="De huur is te hoog.",
        review_on=date.today() + timedelta(days=60),
        version=version,
    )
    doel = Doel.objects.create(plan=plan, description="Wij willen de schulden op orde hebben.", order=1)
    return plan, doel


def _actie(doel: Doel, uitvoerder: str = Uitvoerder.HUISHOUDEN, **kwargs) -> Actie:
    return Actie.objects.create(
        doel=doel,
        description=kwargs.pop("description", "Alle brieven in één map doen"),
        uitvoerder=uitvoerder,
        uitvoerder_name=kwargs.pop("uitvoerder_name", "Jan"),
        **kwargs,
    )


@pytest.fixture
def resident():
    return InwonerFactory(voornamen="Jan", achternaam="Jansen")


@pytest.fixture
def dossier(team, generalist, resident):
    return household_dossier(team, generalist, resident)


def test_the_household_reads_its_goals_actions_and_review_date_and_the_read_is_logged(dossier, resident):
    _plan, doel = _plan_with_goal(dossier)
    _actie(doel, due_on=date(2026, 12, 24))
    _actie(doel, Uitvoerder.AANBIEDER, description="Budgetcoaching", uitvoerder_name="Zorg B.V.")

    response = portal_client(resident.bsn).get(PLAN_URL)

    page = response.content.decode()
    assert response.status_code == 200
    for text in ("Wij willen de schulden op orde hebben.", "Alle brieven in één map doen", "Budgetcoaching"):
        assert text in page
    assert "Lid van het huishouden: Jan" in page and "Zorgaanbieder: Zorg B.V." in page
    assert "De huur is te hoog." in page and "Nog geen akkoord gegeven." in page
    line = AccessLogEntry.objects.get(object_type="plan", action=AccessAction.VIEW)
    assert (line.dossier_id, line.section, line.basis) == (dossier.pk, "plan", AccessBasis.INWONER_ZELF)


def test_without_a_plan_the_household_gets_a_plain_explanation(dossier, resident):
    response = portal_client(resident.bsn).get(PLAN_URL)
    assert response.status_code == 200
    assert "Er is nog geen plan." in response.content.decode()
    assert "Uw regisseur maakt het plan samen met u." in response.content.decode()


def test_marking_an_own_action_done_changes_its_status_raises_the_version_and_writes_the_timeline(dossier, resident):
    plan, doel = _plan_with_goal(dossier)
    actie = _actie(doel, Uitvoerder.NETWERK, uitvoerder_name="Buurvrouw Els")

    response = portal_client(resident.bsn).post(_gedaan_url(actie))

    assert response.status_code == 302
    actie.refresh_from_db()
    plan.refresh_from_db()
    assert actie.status == ActieStatus.GEDAAN
    assert plan.version == 2
    event = TimelineEvent.objects.get(dossier=dossier, kind=TimelineEvent.Kind.PLAN)
    assert event.actor is None
    assert "huishouden" in event.summary and "Jan Jansen" in event.summary and actie.description in event.summary
    assert AccessLogEntry.objects.filter(
        object_type="actie", object_id=str(actie.pk), action=AccessAction.UPDATE, dossier_id=dossier.pk
    ).exists()


def test_an_action_marked_done_twice_is_recorded_once(dossier, resident):
    _plan, doel = _plan_with_goal(dossier)
    actie = _actie(doel)
    client = portal_client(resident.bsn)
    client.post(_gedaan_url(actie))
    client.post(_gedaan_url(actie))
    assert TimelineEvent.objects.filter(dossier=dossier).count() == 1
    assert Plan.objects.get(dossier=dossier).version == 2


def test_a_team_action_cannot_be_marked_done_by_the_household(dossier, resident):
    plan, doel = _plan_with_goal(dossier)
    actie = _actie(doel, Uitvoerder.WIJKTEAM, uitvoerder_name="Regisseur")

    response = portal_client(resident.bsn).post(_gedaan_url(actie), follow=True)

    assert response.status_code == 200
    assert "Deze actie doet het team of een hulpverlener" in response.content.decode()
    actie.refresh_from_db()
    assert actie.status == ActieStatus.OPEN
    assert Plan.objects.get(pk=plan.pk).version == 1
    assert not TimelineEvent.objects.filter(dossier=dossier).exists()


def test_another_households_action_gives_a_logged_404_and_stays_open(team, dossier, resident):
    other = household_dossier(team, None)
    _plan, doel = _plan_with_goal(other)
    foreign = _actie(doel)

    response = portal_client(resident.bsn).post(_gedaan_url(foreign))

    assert response.status_code == 404
    foreign.refresh_from_db()
    assert foreign.status == ActieStatus.OPEN
    assert AccessLogEntry.objects.filter(
        action=AccessAction.DENIED, object_type="actie", object_id=str(foreign.pk)
    ).exists()


def test_agreeing_online_records_the_households_agreement_to_this_version(dossier, resident):
    plan, _doel = _plan_with_goal(dossier, version=3)

    response = portal_client(resident.bsn).post(AKKOORD_URL, {"version": 3, "confirm": "on"})

    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.agreed_on == date.today() and plan.agreed_version == 3
    assert plan.agreed_by == "Jan Jansen, via Mijn Wijkteam"
    assert TimelineEvent.objects.filter(dossier=dossier, summary__contains="akkoord gegeven door Jan Jansen").exists()
    assert AccessLogEntry.objects.filter(object_type="plan", action=AccessAction.UPDATE, dossier_id=dossier.pk).exists()


def test_agreeing_needs_the_confirmation_box(dossier, resident):
    plan, _doel = _plan_with_goal(dossier)
    response = portal_client(resident.bsn).post(AKKOORD_URL, {"version": 1})
    assert response.status_code == 400
    assert "Zet een vinkje" in response.content.decode()
    plan.refresh_from_db()
    assert plan.agreed_on is None


def test_an_agreement_to_a_version_the_team_changed_meanwhile_is_refused(dossier, resident, generalist):
    plan, doel = _plan_with_goal(dossier)
    client = portal_client(resident.bsn)
    assert 'name="version" value="1"' in client.get(PLAN_URL).content.decode()
    services.add_actie(
        doel, description="Afspraak bij de schuldhulp", uitvoerder=Uitvoerder.WIJKTEAM, actor=generalist, basis="x"
    )

    response = client.post(AKKOORD_URL, {"version": 1, "confirm": "on"}, follow=True)

    assert "Het team heeft het plan net veranderd" in response.content.decode()
    plan.refresh_from_db()
    assert plan.agreed_on is None and plan.version == 2


def test_a_mantelzorger_reads_and_comments_but_may_not_agree(dossier, resident):
    plan, _doel = _plan_with_goal(dossier)
    representation(resident, "111222333", kind=RepresentationKind.GEMACHTIGDE, scopes=[PortalScope.PLAN])
    client = portal_client("111222333")
    client.post(reverse("portal:choose_person"), {"person": str(resident.representations.get().pk)})

    page = client.get(PLAN_URL).content.decode()
    refused = client.post(AKKOORD_URL, {"version": 1, "confirm": "on"}, follow=True)
    commented = client.post(REACTIE_URL, {"text": "Ik help met de post.", "doel": ""})

    assert "Akkoord geven kan alleen de inwoner zelf of een wettelijk vertegenwoordiger" in page
    assert 'name="confirm"' not in page
    assert "Akkoord geven kan alleen" in refused.content.decode()
    plan.refresh_from_db()
    assert plan.agreed_on is None
    assert commented.status_code == 302
    assert (
        PlanComment.objects.get(plan=plan).written_by
        == f"Mila Mantelzorg (Gemachtigde (bijv. mantelzorger)) namens {resident}"
    )
    assert AccessLogEntry.objects.filter(object_type="plan", basis=AccessBasis.VERTEGENWOORDIGER).exists()


def test_a_curator_with_the_plan_may_agree_for_the_resident(dossier, resident):
    plan, _doel = _plan_with_goal(dossier)
    curatele = representation(
        resident, "111222333", kind=RepresentationKind.CURATOR, representative_name="Carla Curator"
    )
    client = portal_client("111222333")
    client.post(reverse("portal:choose_person"), {"person": str(curatele.pk)})

    client.post(AKKOORD_URL, {"version": 1, "confirm": "on"})

    plan.refresh_from_db()
    assert plan.agreed_on == date.today() and plan.agreed_by.startswith("Carla Curator (Curator) namens")


def test_a_representative_without_the_plan_scope_gets_a_403(dossier, resident):
    _plan, doel = _plan_with_goal(dossier)
    actie = _actie(doel)
    chosen = representation(resident, "111222333", scopes=[PortalScope.BERICHTEN])
    client = portal_client("111222333")
    client.post(reverse("portal:choose_person"), {"person": str(chosen.pk)})

    assert client.get(PLAN_URL).status_code == 403
    assert client.post(_gedaan_url(actie)).status_code == 403
    actie.refresh_from_db()
    assert actie.status == ActieStatus.OPEN


def test_a_representative_does_not_see_a_goal_about_another_member_only(team, generalist, resident):
    partner: Inwoner = InwonerFactory()  # type: ignore[assignment]
    dossier = household_dossier(team, generalist, resident, partner)
    plan, shared = _plan_with_goal(dossier)
    private = Doel.objects.create(plan=plan, description="Afkicken van de gokverslaving", order=2)
    private.persons.set([partner])
    own_of_partner = _actie(private)
    chosen = representation(resident, "111222333")
    client = portal_client("111222333")
    client.post(reverse("portal:choose_person"), {"person": str(chosen.pk)})

    page = client.get(PLAN_URL).content.decode()

    assert shared.description in page and private.description not in page
    assert client.post(_gedaan_url(own_of_partner)).status_code == 404
    assert "Afkicken" in portal_client(resident.bsn).get(PLAN_URL).content.decode()


def test_a_comment_reaches_the_dossiers_plan_tab_and_timeline_once_however_often_it_is_sent(
    client, dossier, resident, generalist
):
    plan, doel = _plan_with_goal(dossier)
    portal = portal_client(resident.bsn)
    token = portal.get(PLAN_URL).context["comment_form"]["token"].value()
    data = {"text": "Ik wil eerst met de bank bellen.", "doel": str(doel.pk), "token": token}

    first = portal.post(REACTIE_URL, data)
    again = portal.post(REACTIE_URL, data)

    assert first.status_code == again.status_code == 302
    comment = PlanComment.objects.get()
    assert (comment.plan, comment.doel, comment.written_by, comment.source) == (plan, doel, "Jan Jansen", "portaal")
    event = TimelineEvent.objects.get(dossier=dossier)
    assert event.actor is None and "Ik wil eerst met de bank bellen." in event.summary
    assert AccessLogEntry.objects.filter(object_type="planreactie", action=AccessAction.CREATE).count() == 1
    client.force_login(generalist)
    staff_page = client.get(parts.tab_url(dossier.pk, parts.PLAN)).content.decode()
    assert "Reacties van het huishouden" in staff_page and "Ik wil eerst met de bank bellen." in staff_page


def test_an_empty_comment_or_another_households_goal_is_refused_with_a_message(team, dossier, resident):
    _plan_with_goal(dossier)
    _other_plan, foreign = _plan_with_goal(household_dossier(team, None))
    client = portal_client(resident.bsn)

    empty = client.post(REACTIE_URL, {"text": "   ", "doel": ""})
    wrong_goal = client.post(REACTIE_URL, {"text": "Hallo", "doel": str(foreign.pk)})

    assert empty.status_code == wrong_goal.status_code == 400
    assert "Schrijf eerst uw reactie." in empty.content.decode()
    assert "Kies een doel uit uw plan" in wrong_goal.content.decode()
    assert not PlanComment.objects.exists()


def test_a_closed_dossiers_plan_is_only_read(team, generalist, resident):
    dossier = household_dossier(team, generalist, resident, status=Status.AFGESLOTEN)
    _plan, doel = _plan_with_goal(dossier)
    actie = _actie(doel)
    client = portal_client(resident.bsn)

    page = client.get(PLAN_URL).content.decode()
    client.post(_gedaan_url(actie))

    assert "U kunt het alleen nog lezen." in page and "Dit is gedaan" not in page
    actie.refresh_from_db()
    assert actie.status == ActieStatus.OPEN


def test_the_plan_page_reads_five_goals_of_three_actions_in_a_bounded_number_of_queries(
    dossier, resident, django_assert_max_num_queries
):
    plan, _doel = _plan_with_goal(dossier)
    for number in range(4):
        Doel.objects.create(plan=plan, description=f"Doel {number}", order=number + 2)
    for doel in plan.doelen.all():
        doel.persons.set([resident])
        for uitvoerder in (Uitvoerder.HUISHOUDEN, Uitvoerder.NETWERK, Uitvoerder.AANBIEDER):
            _actie(doel, uitvoerder, description=f"{doel.description}: {uitvoerder}")
    client = portal_client(resident.bsn)

    with django_assert_max_num_queries(20):
        response = client.get(PLAN_URL)

    assert response.content.decode().count("Dit is gedaan") == 10


def test_opening_the_comment_or_agreement_address_leads_to_the_plan_page(dossier, resident):
    plan, _doel = _plan_with_goal(dossier)
    client = portal_client(resident.bsn)
    for url in (REACTIE_URL, AKKOORD_URL):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"] == PLAN_URL
    plan.refresh_from_db()
    assert plan.agreed_on is None and not PlanComment.objects.exists()
