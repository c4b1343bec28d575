"""The household's one plan: text with a version check, goals, actions and the household's agreement."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from assessments.models import Instrument
from audit.models import AccessBasis
from dossiers import parts
from dossiers.models import InvolvementRole, TimelineEvent
from dossiers.services import TransitionNotAllowed, change_status
from dossiers.transitions import Status
from plans import services
from plans.models import Actie, ActieStatus, Doel, DoelStatus, Plan, Uitvoerder
from testsupport.factories import InwonerFactory, household_with


def _plan_url(dossier) -> str:
    return reverse("plans:plan", args=[dossier.pk])


def _add_goal(client, dossier, description="Ik wil mijn rekeningen weer zelf betalen.", **extra):
    domain = Instrument.objects.get(is_default=True).domains.get(code="financien")
    member = dossier.huishouden.members.first()
    data = {"doel-description": description, "doel-domain": domain.pk, "doel-persons": [member.pk], **extra}
    return client.post(reverse("plans:doel_toevoegen", args=[dossier.pk]), data)


def _agree(client, dossier, **overrides):
    data = {"akkoord-agreed_on": timezone.localdate().isoformat(), "akkoord-agreed_by": "Fatima Jansen", **overrides}
    return client.post(reverse("plans:akkoord", args=[dossier.pk]), data)


def test_saving_the_plan_creates_it_and_raises_the_version(client, dossier):
    client.post(_plan_url(dossier), {"version": 0, "going_well": "Goed contact met de buren.", "worries": ""})
    response = client.post(_plan_url(dossier), {"version": 1, "going_well": "Buren helpen.", "worries": "Huur."})

    assert response.status_code == 302
    plan = Plan.objects.get(dossier=dossier)
    assert (plan.version, plan.going_well, plan.worries) == (2, "Buren helpen.", "Huur.")


def test_a_stale_plan_version_is_refused_and_the_first_save_is_kept(dossier, generalist, colleague, client_for):
    dossier.involvements.create(user=colleague, role=InvolvementRole.COLLEGA)
    first, second = client_for(generalist), client_for(colleague)
    first.post(_plan_url(dossier), {"version": 0, "going_well": "Start"})

    first.post(_plan_url(dossier), {"version": 1, "going_well": "Eerste"})
    response = second.post(_plan_url(dossier), {"version": 1, "going_well": "Tweede"}, follow=True)

    assert "Iemand anders heeft dit plan intussen gewijzigd." in response.content.decode()
    plan = Plan.objects.get(dossier=dossier)
    assert (plan.version, plan.going_well) == (2, "Eerste")


def test_a_goal_is_added_with_domain_and_persons(client, dossier):
    response = _add_goal(client, dossier)

    assert response.status_code == 302
    doel = Doel.objects.get(plan__dossier=dossier)
    assert doel.domain.code == "financien"
    assert list(doel.persons.all()) == [dossier.huishouden.members.first()]
    assert dossier.timeline.filter(kind=TimelineEvent.Kind.PLAN, summary__startswith="Doel toegevoegd").exists()


def test_a_goal_for_someone_outside_the_household_is_refused(client, dossier):
    stranger = InwonerFactory()
    household_with(stranger)
    url = reverse("plans:doel_toevoegen", args=[dossier.pk])

    response = client.post(url, {"doel-description": "Iets", "doel-persons": [stranger.pk]})

    assert response.status_code == 400
    assert not Doel.objects.exists()


def test_goal_status_and_actions_can_be_changed(client, dossier):
    _add_goal(client, dossier)
    doel = Doel.objects.get()

    client.post(reverse("plans:doel_status", args=[dossier.pk, doel.pk]), {f"doel-{doel.pk}-status": "bezig"})
    client.post(
        reverse("plans:actie_toevoegen", args=[dossier.pk, doel.pk]),
        {
            f"actie-{doel.pk}-description": "Samen met de dochter een budgetplan maken",
            f"actie-{doel.pk}-uitvoerder": Uitvoerder.NETWERK,
            f"actie-{doel.pk}-uitvoerder_name": "Dochter",
            f"actie-{doel.pk}-due_on": (timezone.localdate() + timedelta(days=14)).isoformat(),
        },
    )
    actie = Actie.objects.get()
    client.post(
        reverse("plans:actie_status", args=[dossier.pk, actie.pk]), {f"actie-status-{actie.pk}-status": "gedaan"}
    )

    doel.refresh_from_db()
    actie.refresh_from_db()
    assert doel.status == DoelStatus.BEZIG
    assert (actie.uitvoerder, actie.uitvoerder_name, actie.status) == (
        Uitvoerder.NETWERK,
        "Dochter",
        ActieStatus.GEDAAN,
    )


def test_an_action_without_who_is_refused(client, dossier):
    _add_goal(client, dossier)
    doel = Doel.objects.get()

    response = client.post(
        reverse("plans:actie_toevoegen", args=[dossier.pk, doel.pk]), {f"actie-{doel.pk}-description": "Bellen"}
    )

    assert response.status_code == 400
    assert not Actie.objects.exists()


def test_the_agreement_is_recorded_on_the_plan_and_the_timeline(client, dossier):
    response = _agree(client, dossier)

    assert response.status_code == 302
    plan = Plan.objects.get(dossier=dossier)
    assert (plan.agreed_on, plan.agreed_by) == (timezone.localdate(), "Fatima Jansen")
    assert dossier.timeline.filter(kind=TimelineEvent.Kind.PLAN, summary__startswith="Plan akkoord").exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"akkoord-agreed_by": ""}, "Dit veld is verplicht."),
        ({"akkoord-agreed_on": ""}, "Dit veld is verplicht."),
        ({"akkoord-agreed_on": "2999-01-01"}, "Deze datum ligt in de toekomst."),
    ],
)
def test_an_agreement_without_who_or_with_a_future_date_is_refused(client, dossier, overrides, message):
    response = _agree(client, dossier, **overrides)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Plan.objects.filter(dossier=dossier, agreed_on__isnull=False).exists()


def test_the_agreement_opens_the_step_to_uitvoering(client, dossier, generalist):
    dossier.status = Status.PLAN
    dossier.save()
    with pytest.raises(TransitionNotAllowed):
        change_status(dossier, Status.UITVOERING, actor=generalist)

    _agree(client, dossier)

    assert change_status(dossier, Status.UITVOERING, actor=generalist).status == Status.UITVOERING


def test_a_goal_added_after_the_agreement_is_recorded_as_such(client, dossier):
    _agree(client, dossier)

    _add_goal(client, dossier)

    event = dossier.timeline.filter(summary__startswith="Doel toegevoegd").get()
    assert event.data["after_agreement"] is True
    assert "na akkoord van het huishouden" in event.summary


def test_a_script_in_a_goal_is_rendered_as_text(client, dossier):
    _add_goal(client, dossier, description="<script>alert('x')</script>")

    for url in (_plan_url(dossier), parts.tab_url(dossier.pk, parts.PLAN)):
        page = client.get(url).content.decode()
        assert "<script>alert('x')</script>" not in page, url
        assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page, url


def test_the_plan_page_shows_goals_actions_and_the_agreement_state(client, dossier):
    _add_goal(client, dossier)

    page = client.get(_plan_url(dossier)).content.decode()

    assert "Ik wil mijn rekeningen weer zelf betalen." in page
    assert "Het huishouden heeft nog geen akkoord gegeven op dit plan." in page


def test_a_goal_status_changed_on_the_dossier_page_returns_there(client, dossier):
    _add_goal(client, dossier)
    doel = Doel.objects.get()

    response = client.post(
        reverse("plans:doel_status", args=[dossier.pk, doel.pk]),
        {f"doel-{doel.pk}-status": "bereikt", "return_to": "dossier"},
    )

    assert response["Location"] == parts.tab_url(dossier.pk, parts.PLAN) + "#plan-kop"
    doel.refresh_from_db()
    assert doel.status == DoelStatus.BEREIKT


def test_the_timeline_is_written_in_dutch_whatever_the_screen_language(dossier, generalist):
    """The timeline is the municipality's record (ADR 0016): an English screen does not make an English entry."""
    basis = AccessBasis.REGISSEUR
    with translation.override("en"):
        services.record_agreement(
            dossier, agreed_on=date(2026, 11, 2), agreed_by="Fatima Jansen", actor=generalist, basis=basis
        )
        doel = services.add_doel(
            dossier, description="Zelf de rekeningen betalen", domain=None, persons=[], actor=generalist, basis=basis
        )
        services.change_doel_status(doel, DoelStatus.BEZIG, actor=generalist, basis=basis)
        actie = services.add_actie(
            doel, description="Post openen", uitvoerder=Uitvoerder.WIJKTEAM, actor=generalist, basis=basis
        )
        services.change_actie_status(actie, ActieStatus.GEDAAN, actor=generalist, basis=basis)

    summaries = list(
        dossier.timeline.filter(kind=TimelineEvent.Kind.PLAN).order_by("pk").values_list("summary", flat=True)
    )
    assert summaries == [
        "Plan akkoord gegeven door Fatima Jansen op 2 november 2026",
        "Doel toegevoegd: Zelf de rekeningen betalen (na akkoord van het huishouden)",
        "Doel 'Zelf de rekeningen betalen': Open → Bezig (na akkoord van het huishouden)",
        "Actie toegevoegd: Post openen (Wijkteam) (na akkoord van het huishouden)",
        "Actie 'Post openen': Open → Gedaan (na akkoord van het huishouden)",
    ]


def test_the_staff_plan_page_shows_what_the_household_wrote_in_mijn_wijkteam(client, dossier):
    from plans.models import PlanComment

    plan = Plan.objects.create(dossier=dossier)
    PlanComment.objects.create(plan=plan, text="De buurvrouw helpt nu ook met de post.", written_by="Fatima Jansen")
    page = client.get(_plan_url(dossier)).content.decode()
    assert "Reacties van het huishouden" in page
    assert "De buurvrouw helpt nu ook met de post." in page
