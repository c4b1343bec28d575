"""The regie screens: who may open them, what they show, and that bad input changes nothing."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from accounts.models import Role, User
from audit.models import AccessAction, AccessLogEntry
from consent.models import ConsentHow
from consent.tests.support import logged_in, specialist
from dossiers import parts
from dossiers.models import Dossier
from dossiers.sections import Section
from dossiers.transitions import Status
from organisation.models import Team
from regie.models import AgreementStatus, Escalation, Handover, ReasonCategory
from regie.tests.support import escalate, hold_conference, make_regieteam, regie_member, regieteam_consent
from testsupport.factories import UserFactory, dossier_for, member_of


def _denied(user: User) -> int:
    return AccessLogEntry.objects.filter(user=user, action=AccessAction.DENIED).count()


def _escalate_url(dossier: Dossier) -> str:
    return reverse("regie:opschalen", args=[dossier.pk])


def test_the_regisseur_escalates_through_the_form(dossier: Dossier, generalist: User, regieteam: Team) -> None:
    response = logged_in(generalist).post(
        _escalate_url(dossier),
        {"regieteam": regieteam.pk, "reason_category": ReasonCategory.VASTGELOPEN, "explanation": "Alles staat stil."},
    )

    escalation = Escalation.objects.get(dossier=dossier)
    assert response.status_code == 302 and response["Location"] == reverse("regie:detail", args=[escalation.pk])
    dossier.refresh_from_db()
    assert dossier.regisseur == generalist


def test_a_form_without_explanation_is_shown_again_and_changes_nothing(
    dossier: Dossier, generalist: User, regieteam: Team
) -> None:
    response = logged_in(generalist).post(
        _escalate_url(dossier), {"regieteam": regieteam.pk, "reason_category": ReasonCategory.ANDERS}
    )
    assert response.status_code == 400
    assert "Controleer de invoer" in response.content.decode()
    assert not Escalation.objects.exists()


def test_a_colleague_who_is_not_the_regisseur_gets_404_and_a_log_line(
    dossier: Dossier, generalist: User, colleague: User, regieteam: Team
) -> None:
    from dossiers.models import Involvement, InvolvementRole

    Involvement.objects.create(dossier=dossier, user=colleague, role=InvolvementRole.COLLEGA)
    before = _denied(colleague)
    response = logged_in(colleague).post(
        _escalate_url(dossier),
        {"regieteam": regieteam.pk, "reason_category": ReasonCategory.ANDERS, "explanation": "Waarom niet."},
    )
    assert response.status_code == 404
    assert _denied(colleague) == before + 1
    assert not Escalation.objects.exists()


@pytest.mark.parametrize("role", [Role.BELEIDSMEDEWERKER, Role.SPECIALIST, Role.PRIVACY_OFFICER])
def test_roles_without_casework_are_refused_every_regie_page(
    role: str, dossier: Dossier, generalist: User, regieteam: Team
) -> None:
    escalation = escalate(dossier, generalist, regieteam)
    outsider: User = UserFactory(role=role)  # type: ignore[assignment]
    client = logged_in(outsider)
    for url in (
        reverse("regie:worklist"),
        _escalate_url(dossier),
        reverse("regie:detail", args=[escalation.pk]),
        reverse("regie:casusoverleg", args=[escalation.pk]),
        reverse("regie:afschalen", args=[escalation.pk]),
    ):
        assert client.get(url).status_code == 403, url


def test_another_teams_generalist_gets_404_for_the_escalation_and_it_is_logged(
    dossier: Dossier, generalist: User, regieteam: Team, other_team: Team
) -> None:
    escalation = escalate(dossier, generalist, regieteam)
    stranger = member_of(other_team, UserFactory(role=Role.GENERALIST))  # type: ignore[arg-type]
    before = _denied(stranger)

    assert logged_in(stranger).get(reverse("regie:detail", args=[escalation.pk])).status_code == 404
    assert _denied(stranger) == before + 1


def test_a_member_of_another_regieteam_gets_404(dossier: Dossier, generalist: User, regieteam: Team) -> None:
    escalation = escalate(dossier, generalist, regieteam)
    elsewhere = regie_member(make_regieteam("Regieteam Noord"))

    assert logged_in(elsewhere).get(reverse("regie:detail", args=[escalation.pk])).status_code == 404
    assert escalation not in logged_in(elsewhere).get(reverse("regie:worklist")).context["running"]


def test_the_regieteam_sees_its_escalations_on_the_worklist(
    dossier: Dossier, generalist: User, regieteam: Team, member: User, django_assert_max_num_queries
) -> None:
    escalation = escalate(dossier, generalist, regieteam)
    for _ in range(3):
        other = dossier_for(dossier.team, status=Status.UITVOERING, regisseur=generalist)
        escalate(other, generalist, regieteam)
    client = logged_in(member)
    client.get(reverse("regie:worklist"))
    with django_assert_max_num_queries(12):
        response = client.get(reverse("regie:worklist"))
    assert response.status_code == 200
    assert escalation in response.context["running"] and len(response.context["running"]) == 4
    assert f'href="{reverse("regie:detail", args=[escalation.pk])}"' in response.content.decode()


def test_the_wijkteams_teamleider_sees_the_teams_escalations(
    dossier: Dossier, generalist: User, teamleider: User, regieteam: Team
) -> None:
    escalation = escalate(dossier, generalist, regieteam)
    assert escalation in logged_in(teamleider).get(reverse("regie:worklist")).context["running"]
    assert logged_in(teamleider).get(reverse("regie:detail", args=[escalation.pk])).status_code == 200


def test_the_plan_tab_shows_the_escalation_and_its_open_agreements(
    dossier: Dossier, generalist: User, regieteam: Team
) -> None:
    escalation = escalate(dossier, generalist, regieteam)
    hold_conference(escalation, generalist, [generalist])

    page = logged_in(generalist).get(parts.tab_url(dossier.pk, parts.PLAN)).content.decode()

    assert 'id="regie-kop"' in page
    assert "Opgeschaald naar Regieteam Voorbeeldstad" in page
    assert "Post openen en meenemen" in page
    assert reverse("regie:afschalen", args=[escalation.pk]) in page


def test_the_plan_tab_offers_the_regisseur_to_escalate(dossier: Dossier, generalist: User) -> None:
    page = logged_in(generalist).get(parts.tab_url(dossier.pk, parts.PLAN)).content.decode()
    assert _escalate_url(dossier) in page


def test_a_conference_through_the_form_lets_the_member_open_the_chosen_section_and_not_others(
    dossier: Dossier, generalist: User, regieteam: Team, member: User
) -> None:
    escalation = escalate(dossier, generalist, regieteam)
    consent = regieteam_consent(dossier, generalist, regieteam)
    today = date.today()
    response = logged_in(generalist).post(
        reverse("regie:casusoverleg", args=[escalation.pk]),
        {
            "held_on": today.isoformat(),
            "participants": [generalist.pk, member.pk],
            "external_participants": "",
            "summary": "Afspraken over schulden en woning.",
            "sections": [Section.PLAN],
            "review_on": (today + timedelta(days=21)).isoformat(),
            "consent": consent.pk,
            "afspraak-TOTAL_FORMS": "3",
            "afspraak-INITIAL_FORMS": "0",
            "afspraak-0-party": "extern",
            "afspraak-0-party_name": "Woningcorporatie",
            "afspraak-0-what": "Huurachterstand bevriezen",
            "afspraak-0-due_on": (today + timedelta(days=7)).isoformat(),
        },
    )
    assert response.status_code == 302, response.content.decode()
    conference = escalation.conferences.get()
    assert [agreement.who for agreement in conference.agreements.all()] == ["Woningcorporatie"]

    client = logged_in(member)
    assert client.get(parts.tab_url(dossier.pk, parts.PLAN)).status_code == 200
    assert client.get(parts.tab_url(dossier.pk, parts.BIJZONDER)).status_code == 403
    assert client.get(reverse("regie:detail", args=[escalation.pk])).status_code == 200

    logged_in(generalist).post(
        reverse("regie:afschalen", args=[escalation.pk]), {"result": "stabiel", "note": "Loopt weer."}
    )
    assert client.get(parts.tab_url(dossier.pk, parts.PLAN)).status_code == 404


def test_a_conference_with_a_bad_review_date_is_shown_again_and_grants_nothing(
    dossier: Dossier, generalist: User, regieteam: Team, member: User
) -> None:
    escalation = escalate(dossier, generalist, regieteam)
    today = date.today()
    response = logged_in(generalist).post(
        reverse("regie:casusoverleg", args=[escalation.pk]),
        {
            "held_on": today.isoformat(),
            "participants": [member.pk],
            "summary": "Overleg.",
            "sections": [Section.PLAN],
            "review_on": (today - timedelta(days=1)).isoformat(),
            "consent": regieteam_consent(dossier, generalist, regieteam).pk,
            "afspraak-TOTAL_FORMS": "0",
            "afspraak-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 400
    assert "evaluatiedatum moet na vandaag" in response.content.decode()
    assert not escalation.conferences.exists()


def test_the_handover_form_without_agreement_says_why_and_keeps_the_regisseur(
    dossier: Dossier, generalist: User, regieteam: Team, member: User
) -> None:
    escalation = escalate(dossier, generalist, regieteam)
    conference = hold_conference(
        escalation, generalist, [member], consent=regieteam_consent(dossier, generalist, regieteam), handover_to=member
    )
    url = reverse("regie:overdracht", args=[conference.pk])
    client = logged_in(generalist)

    refused = client.post(url, {"how": ConsentHow.MONDELING})
    assert refused.status_code == 400
    assert "Zonder instemming van het huishouden" in refused.content.decode()
    dossier.refresh_from_db()
    assert dossier.regisseur == generalist

    inwoner = dossier.huishouden.members.get()
    done = client.post(url, {"agreed_by": inwoner.pk, "agreed_on": date.today().isoformat(), "how": "mondeling"})
    assert done.status_code == 302
    dossier.refresh_from_db()
    assert dossier.regisseur == member and Handover.objects.get().agreed_by == inwoner


def test_a_member_ticks_an_agreement_off_on_the_escalation_page(
    dossier: Dossier, generalist: User, regieteam: Team, member: User
) -> None:
    escalation = escalate(dossier, generalist, regieteam)
    agreement = hold_conference(escalation, generalist, [generalist]).agreements.first()
    assert agreement is not None
    response = logged_in(member).post(reverse("regie:afspraak_status", args=[agreement.pk]), {"done": "on"})
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.GEDAAN


def test_a_specialist_consulted_in_the_dossier_cannot_open_the_escalation(
    dossier: Dossier, generalist: User, regieteam: Team
) -> None:
    escalation = escalate(dossier, generalist, regieteam)
    assert logged_in(specialist()).get(reverse("regie:detail", args=[escalation.pk])).status_code == 403
