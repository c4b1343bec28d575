"""The plan's forms sent twice (a double click, a reload) save once and show what the first send did."""

from django.urls import reverse
from django.utils import timezone

from assessments.models import Instrument
from dossiers import parts
from dossiers.models import TimelineEvent
from plans.models import Actie, Doel, Plan
from testsupport.double_submit import carries_token, post_twice, said_already_sent


def _plan_url(dossier) -> str:
    return reverse("plans:plan", args=[dossier.pk])


def _goal_data(dossier) -> dict:
    domain = Instrument.objects.get(is_default=True).domains.get(code="financien")
    member = dossier.huishouden.members.first()
    return {"doel-description": "Rekeningen zelf betalen", "doel-domain": domain.pk, "doel-persons": [member.pk]}


def test_the_plan_page_forms_carry_one_time_tokens(client, dossier):
    client.post(reverse("plans:doel_toevoegen", args=[dossier.pk]), _goal_data(dossier))
    # Plan text, akkoord, new goal and the new action of the one goal.
    assert carries_token(client.get(_plan_url(dossier)), 4)


def test_the_first_plan_sent_twice_is_saved_once_without_a_stale_version_error(client, dossier):
    first, second = post_twice(client, _plan_url(dossier), {"version": 0, "going_well": "Buren helpen."})

    plan = Plan.objects.get(dossier=dossier)
    assert plan.version == 1
    assert second.status_code == 302 and second["Location"] == first["Location"] == _plan_url(dossier)
    assert said_already_sent(second)
    assert dossier.timeline.filter(kind=TimelineEvent.Kind.PLAN).count() == 1


def test_a_goal_sent_twice_is_added_once(client, dossier):
    first, second = post_twice(client, reverse("plans:doel_toevoegen", args=[dossier.pk]), _goal_data(dossier))

    assert Doel.objects.count() == 1
    assert second.status_code == 302 and second["Location"] == first["Location"] == _plan_url(dossier)
    assert said_already_sent(second)


def test_a_goal_sent_twice_from_the_dossier_page_returns_there(client, dossier):
    data = _goal_data(dossier) | {"return_to": "dossier"}
    first, second = post_twice(client, reverse("plans:doel_toevoegen", args=[dossier.pk]), data)

    assert Doel.objects.count() == 1
    assert second["Location"] == first["Location"] == parts.tab_url(dossier.pk, parts.PLAN) + "#plan-kop"


def test_an_action_sent_twice_is_added_once(client, dossier):
    client.post(reverse("plans:doel_toevoegen", args=[dossier.pk]), _goal_data(dossier))
    doel = Doel.objects.get()
    data = {f"actie-{doel.pk}-description": "Budgetcoach bellen", f"actie-{doel.pk}-uitvoerder": "huishouden"}

    first, second = post_twice(client, reverse("plans:actie_toevoegen", args=[dossier.pk, doel.pk]), data)

    assert Actie.objects.count() == 1
    assert second.status_code == 302 and second["Location"] == first["Location"] == _plan_url(dossier)
    assert said_already_sent(second)


def test_the_agreement_sent_twice_is_recorded_once(client, dossier):
    data = {"akkoord-agreed_on": timezone.localdate().isoformat(), "akkoord-agreed_by": "Fatima Jansen"}

    first, second = post_twice(client, reverse("plans:akkoord", args=[dossier.pk]), data)

    assert second["Location"] == first["Location"] == _plan_url(dossier)
    assert said_already_sent(second)
    assert dossier.timeline.filter(summary__startswith="Plan akkoord gegeven").count() == 1
