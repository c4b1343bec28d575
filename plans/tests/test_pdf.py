"""The plan as a PDF for the household: in their words, who does what and by when, the agreement;
only for those who work on the plan, and every download logged."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from accounts.models import Role
from assessments.models import Instrument
from audit.models import AccessAction, AccessLogEntry
from consent.tests.support import consult, specialist
from dossiers import parts
from dossiers.models import Dossier
from dossiers.sections import Section
from plans.models import Actie, Doel, Plan, Uitvoerder
from plans.pdf import render_plan_html
from plans.tests.support import plan_with
from reflection.tests.test_report import pdf_objects
from testsupport.factories import UserFactory, member_of

LABEL = "Plan als PDF voor het huishouden"


def _url(dossier: Dossier) -> str:
    return reverse("plans:plan_pdf", args=[dossier.pk])


@pytest.fixture
def plan(dossier) -> Plan:
    plan = Plan.objects.create(
        dossier=dossier,
        going_well="Onze dochter helpt elke week.",
        worries="De schulden lopen op.",
        review_on=date(2027, 3, 1),
    )
    domain = Instrument.objects.get(is_default=True).domains.get(code="financien")
    doel = Doel.objects.create(plan=plan, description="Ik wil mijn rekeningen weer zelf betalen.", domain=domain)
    doel.persons.add(dossier.huishouden.members.first())
    Actie.objects.create(
        doel=doel,
        description="Samen de post openen",
        uitvoerder=Uitvoerder.NETWERK,
        uitvoerder_name="Oom Karim",
        due_on=date(2027, 1, 15),
    )
    Actie.objects.create(doel=doel, description="Afspraak bij de schuldhulp", uitvoerder=Uitvoerder.WIJKTEAM)
    return plan


def test_the_pdf_is_a_download_named_after_the_dossier(client, dossier, plan):
    response = client.get(_url(dossier))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="ons-plan-{dossier.pk}.pdf"'
    assert "no-store" in response["Cache-Control"]
    assert response.content.startswith(b"%PDF")


def test_the_pdf_is_tagged_with_a_title_and_dutch_language(client, dossier, plan):
    content = pdf_objects(client.get(_url(dossier)).content)

    assert b"/StructTreeRoot" in content
    assert b"/Lang (nl)" in content
    assert b"/Title (Ons plan)" in content


def test_the_pdf_says_the_goals_the_actions_and_who_does_them(dossier, plan):
    html = render_plan_html(dossier)

    for text in (
        "Ons plan",
        "Onze dochter helpt elke week.",
        "De schulden lopen op.",
        "Ik wil mijn rekeningen weer zelf betalen.",
        dossier.huishouden.members.first().full_name,
        "Financiën",
        "Samen de post openen",
        "Oom Karim (familie, vrienden of buren)",
        "15 januari 2027",
        "Afspraak bij de schuldhulp",
        "Het wijkteam",
        "1 maart 2027",
    ):
        assert text in html, text


def test_the_pdf_never_shows_a_bsn(dossier, plan):
    html = render_plan_html(dossier)

    for member in dossier.huishouden.members.all():
        assert member.bsn and member.bsn not in html


def test_without_agreement_the_pdf_leaves_room_to_sign(dossier, plan):
    html = render_plan_html(dossier)

    assert "Handtekening" in html
    assert "gezegd dat wij het eens zijn" not in html


def test_with_agreement_the_pdf_says_who_agreed_and_when(dossier, plan):
    plan.agreed_by, plan.agreed_on = "Fatima Jansen", date(2026, 11, 2)
    plan.save()

    html = render_plan_html(dossier)

    assert "Fatima Jansen heeft op 2 november 2026 gezegd dat wij het eens zijn met dit plan." in html
    assert "Handtekening" not in html


@pytest.mark.parametrize("with_plan", [True, False])
def test_a_plan_without_goals_still_gives_a_pdf_that_says_so(client, dossier, with_plan):
    if with_plan:
        Plan.objects.create(dossier=dossier)

    response = client.get(_url(dossier))

    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    assert "Wij hebben nog geen doelen opgeschreven." in render_plan_html(dossier)


def test_every_download_is_logged_against_the_dossier(client, dossier, plan, generalist):
    client.get(_url(dossier))

    entry = AccessLogEntry.objects.filter(user=generalist, action=AccessAction.VIEW, object_type="plan").latest("pk")
    assert (entry.dossier_id, entry.section, entry.detail) == (dossier.pk, Section.PLAN, "plan pdf voor het huishouden")


def test_a_generalist_of_another_team_gets_404_and_the_refusal_is_logged(dossier, plan, other_team, client_for):
    outsider = member_of(other_team, UserFactory(role=Role.GENERALIST))

    response = client_for(outsider).get(_url(dossier))

    assert response.status_code == 404
    assert AccessLogEntry.objects.filter(user=outsider, action=AccessAction.DENIED, dossier_id=dossier.pk).exists()


@pytest.mark.parametrize(
    "sections, pseudonymised",
    [((Section.HUISHOUDEN,), False), ((Section.PLAN,), True), ((Section.PLAN,), False)],
    ids=["without-plan", "pseudonymised", "reading-only"],
)
def test_a_consultation_gets_no_pdf(dossier, plan, generalist, client_for, sections, pseudonymised):
    who = specialist()
    consult(dossier, generalist, who, sections=sections, pseudonymised=pseudonymised)

    response = client_for(who).get(_url(dossier))

    assert response.status_code in (403, 404)
    assert AccessLogEntry.objects.filter(user=who, action=AccessAction.DENIED, dossier_id=dossier.pk).exists()
    assert not AccessLogEntry.objects.filter(user=who, action=AccessAction.VIEW, object_type="plan").exists()


def test_the_plan_page_and_the_plan_tab_offer_the_pdf(client, dossier, plan):
    for page in (reverse("plans:plan", args=[dossier.pk]), parts.tab_url(dossier.pk, parts.PLAN)):
        html = client.get(page).content.decode()
        assert _url(dossier) in html and LABEL in html, page


def test_a_consulted_reader_is_not_offered_the_pdf(dossier, plan, generalist, client_for):
    who = specialist()
    consult(dossier, generalist, who, sections=(Section.PLAN,))
    client = client_for(who)

    for page in (reverse("plans:plan", args=[dossier.pk]), parts.tab_url(dossier.pk, parts.PLAN)):
        response = client.get(page)
        assert response.status_code == 200, page
        assert _url(dossier) not in response.content.decode(), page


def _queries(dossier: Dossier) -> int:
    dossier = Dossier.objects.select_related("huishouden", "team", "regisseur").get(pk=dossier.pk)
    with CaptureQueriesContext(connection) as captured:
        render_plan_html(dossier)
    return len(captured)


def test_the_pdf_costs_the_same_queries_however_many_goals_and_actions(team):
    assert _queries(plan_with(team, goals=1, actions_per_goal=1, uitvoerder=Uitvoerder.AANBIEDER)) == _queries(
        plan_with(team, goals=8, actions_per_goal=5, uitvoerder=Uitvoerder.AANBIEDER)
    )


def test_the_pdf_is_in_dutch_whatever_the_screen_language(dossier, plan):
    """A document for the household (ADR 0016): a colleague who works in English still hands over a Dutch plan."""
    with translation.override("en"):
        html = render_plan_html(dossier)

    assert '<html lang="nl">' in html
    for text in ("Ons plan", "Onze doelen", "Wie doet het", "Oom Karim (familie, vrienden of buren)", "1 maart 2027"):
        assert text in html, text
    assert "Our plan" not in html
