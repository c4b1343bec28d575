"""Opschalen, casusoverleg, overdracht and afschalen: the regisseur stays the household's fixed contact."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.models import User
from audit.models import AccessAction, AccessLogEntry
from consent.models import ConsentHow, Consultation, LegalGround
from dossiers import parts
from dossiers.models import Dossier, TimelineEvent
from dossiers.sections import Section
from dossiers.selectors import dossier_access, visible_sections
from organisation.models import Team
from regie import services
from regie.models import AgreementStatus, EscalationResult, Handover
from regie.tests.support import escalate, hold_conference, regie_member, regieteam_consent
from testsupport.factories import TeamFactory


def test_the_regisseur_escalates_and_stays_the_regisseur(dossier: Dossier, generalist: User, regieteam: Team) -> None:
    escalation = escalate(dossier, generalist, regieteam)

    dossier.refresh_from_db()
    assert escalation.is_running and escalation.regieteam == regieteam
    assert dossier.regisseur == generalist
    assert dossier_access(generalist, dossier).basis == "regisseur"  # type: ignore[union-attr]


def test_escalating_is_on_the_timeline_and_in_the_access_log(
    dossier: Dossier, generalist: User, regieteam: Team
) -> None:
    escalation = escalate(dossier, generalist, regieteam)

    event = TimelineEvent.objects.filter(dossier=dossier).first()
    assert event is not None and "Opgeschaald naar Regieteam Voorbeeldstad" in event.summary
    assert "blijft regisseur" in event.summary
    assert AccessLogEntry.objects.filter(
        user=generalist, action=AccessAction.CREATE, object_type="opschaling", object_id=str(escalation.pk)
    ).exists()


def test_only_the_regisseur_escalates(dossier: Dossier, colleague: User, teamleider: User, regieteam: Team) -> None:
    for someone in (colleague, teamleider):
        with pytest.raises(ValidationError, match="Alleen de regisseur"):
            escalate(dossier, someone, regieteam)


def test_a_household_has_one_running_escalation(dossier: Dossier, generalist: User, regieteam: Team) -> None:
    escalate(dossier, generalist, regieteam)
    with pytest.raises(ValidationError, match="al opgeschaald"):
        escalate(dossier, generalist, regieteam)


def test_a_wijkteam_is_not_a_regieteam(dossier: Dossier, generalist: User, other_team: Team) -> None:
    with pytest.raises(ValidationError):
        escalate(dossier, generalist, other_team)


def test_a_conference_records_participants_agreements_and_a_review_date(
    dossier: Dossier, generalist: User, regieteam: Team, member: User
) -> None:
    escalation = escalate(dossier, generalist, regieteam)
    conference = hold_conference(
        escalation, generalist, [generalist, member], consent=regieteam_consent(dossier, generalist, regieteam)
    )

    assert set(conference.participants.all()) == {generalist, member}
    assert conference.review_on == date.today() + timedelta(days=30)
    assert [(a.who, a.status) for a in conference.agreements.order_by("due_on")] == [
        ("Fatima", AgreementStatus.OPEN),
        (str(generalist), AgreementStatus.OPEN),
    ]
    assert TimelineEvent.objects.filter(dossier=dossier, summary__contains="Casusoverleg").exists()
    assert AccessLogEntry.objects.filter(object_type="casusoverleg", object_id=str(conference.pk)).exists()


def test_a_participating_member_of_the_regieteam_sees_the_chosen_sections_only(
    dossier: Dossier, generalist: User, regieteam: Team, member: User
) -> None:
    escalation = escalate(dossier, generalist, regieteam)
    hold_conference(
        escalation,
        generalist,
        [member],
        sections=(Section.PLAN,),
        consent=regieteam_consent(dossier, generalist, regieteam),
    )

    assert visible_sections(member, dossier) == frozenset({Section.PLAN})


def test_a_member_who_did_not_take_part_sees_nothing(
    dossier: Dossier, generalist: User, regieteam: Team, member: User
) -> None:
    absent = regie_member(regieteam)
    escalation = escalate(dossier, generalist, regieteam)
    hold_conference(escalation, generalist, [member], consent=regieteam_consent(dossier, generalist, regieteam))

    assert dossier_access(absent, dossier) is None


def test_the_regieteam_looks_along_only_on_a_recorded_ground(
    dossier: Dossier, generalist: User, regieteam: Team, member: User
) -> None:
    escalation = escalate(dossier, generalist, regieteam)
    with pytest.raises(ValidationError, match="geen geldige toestemming"):
        hold_conference(escalation, generalist, [member])
    assert not Consultation.objects.filter(dossier=dossier).exists()
    assert not escalation.conferences.exists()


def test_a_legal_ground_with_motivation_also_lets_the_regieteam_look_along(
    dossier: Dossier, generalist: User, regieteam: Team, member: User
) -> None:
    escalation = escalate(dossier, generalist, regieteam)
    today = date.today()
    services.record_conference(
        escalation,
        held_on=today,
        participants=[member],
        external_participants="",
        sections=[Section.VEILIGHEID],
        summary="Zorgen om de veiligheid van de kinderen.",
        review_on=today + timedelta(days=14),
        agreements=[],
        legal_ground=LegalGround.MELDCODE,
        legal_motivation="Stap 2 van de meldcode: collegiaal overleg in het regieteam.",
        by=generalist,
    )
    assert visible_sections(member, dossier) == frozenset({Section.VEILIGHEID})


def test_the_involvement_ends_after_the_review_date(
    dossier: Dossier, generalist: User, regieteam: Team, member: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    escalation = escalate(dossier, generalist, regieteam)
    hold_conference(
        escalation, generalist, [member], review_in_days=10, consent=regieteam_consent(dossier, generalist, regieteam)
    )
    later = timezone.now() + timedelta(days=12)
    monkeypatch.setattr(timezone, "now", lambda: later)

    assert dossier_access(member, dossier) is None


def test_a_review_date_beyond_the_longest_consultation_is_refused(
    dossier: Dossier, generalist: User, regieteam: Team, member: User
) -> None:
    escalation = escalate(dossier, generalist, regieteam)
    with pytest.raises(ValidationError, match="evaluatiedatum"):
        hold_conference(
            escalation,
            generalist,
            [member],
            review_in_days=120,
            consent=regieteam_consent(dossier, generalist, regieteam),
        )


def test_a_later_conference_replaces_what_the_earlier_one_granted(
    dossier: Dossier, generalist: User, regieteam: Team, member: User
) -> None:
    escalation = escalate(dossier, generalist, regieteam)
    consent = regieteam_consent(dossier, generalist, regieteam)
    hold_conference(escalation, generalist, [member], sections=(Section.PLAN, Section.HUISHOUDEN), consent=consent)
    hold_conference(escalation, generalist, [member], sections=(Section.ONDERZOEK,), consent=consent)

    assert visible_sections(member, dossier) == frozenset({Section.ONDERZOEK})


def test_afschalen_ends_the_involvement_and_keeps_the_regisseur(
    dossier: Dossier, generalist: User, regieteam: Team, member: User
) -> None:
    escalation = escalate(dossier, generalist, regieteam)
    hold_conference(escalation, generalist, [member], consent=regieteam_consent(dossier, generalist, regieteam))

    services.de_escalate(escalation, result=EscalationResult.STABIEL, note="Plan loopt weer.", by=generalist)

    dossier.refresh_from_db()
    assert dossier_access(member, dossier) is None
    assert dossier.regisseur == generalist
    assert escalation.ended_at is not None and escalation.ended_by == generalist
    assert all(c.revoked_at is not None for c in Consultation.objects.filter(specialist=member))


def test_afschalen_lists_the_open_agreements_on_the_timeline(
    dossier: Dossier, generalist: User, regieteam: Team, member: User
) -> None:
    escalation = escalate(dossier, generalist, regieteam)
    hold_conference(escalation, generalist, [generalist])

    services.de_escalate(escalation, result=EscalationResult.STABIEL, note="Plan loopt weer.", by=generalist)

    event = TimelineEvent.objects.filter(dossier=dossier, summary__startswith="Afgeschaald").get()
    assert "2 afspraken nog open" in event.summary
    assert "Post openen en meenemen" in event.reason
    assert AccessLogEntry.objects.filter(object_type="opschaling", detail="afgeschaald").exists()


def test_only_the_regisseur_de_escalates(
    dossier: Dossier, generalist: User, colleague: User, regieteam: Team, member: User
) -> None:
    escalation = escalate(dossier, generalist, regieteam)
    for someone in (colleague, member):
        with pytest.raises(ValidationError):
            services.de_escalate(escalation, result=EscalationResult.STABIEL, note="Klaar.", by=someone)
    escalation.refresh_from_db()
    assert escalation.is_running


def test_a_handover_without_the_households_agreement_is_refused(
    dossier: Dossier, generalist: User, regieteam: Team, member: User
) -> None:
    escalation = escalate(dossier, generalist, regieteam)
    conference = hold_conference(
        escalation, generalist, [member], consent=regieteam_consent(dossier, generalist, regieteam), handover_to=member
    )

    with pytest.raises(ValidationError, match="Zonder instemming van het huishouden"):
        services.hand_over(conference, agreed_by=None, agreed_on=None, how=ConsentHow.MONDELING, by=generalist)

    dossier.refresh_from_db()
    assert dossier.regisseur == generalist
    assert not Handover.objects.exists()


def test_a_handover_with_the_households_agreement_changes_the_regisseur(
    dossier: Dossier, generalist: User, regieteam: Team, member: User
) -> None:
    escalation = escalate(dossier, generalist, regieteam)
    conference = hold_conference(
        escalation, generalist, [member], consent=regieteam_consent(dossier, generalist, regieteam), handover_to=member
    )
    inwoner = dossier.huishouden.members.get()

    handover = services.hand_over(
        conference, agreed_by=inwoner, agreed_on=date.today(), how=ConsentHow.MONDELING, by=generalist
    )

    dossier.refresh_from_db()
    assert dossier.regisseur == member
    assert (handover.agreed_by, handover.previous_regisseur, handover.new_regisseur) == (inwoner, generalist, member)
    assert dossier_access(member, dossier).basis == "regisseur"  # type: ignore[union-attr]
    assert TimelineEvent.objects.filter(dossier=dossier, summary__startswith="Regie overgedragen").exists()
    assert AccessLogEntry.objects.filter(object_type="regieoverdracht", object_id=str(handover.pk)).exists()


def test_a_handover_the_conference_did_not_decide_is_refused(
    dossier: Dossier, generalist: User, regieteam: Team, member: User
) -> None:
    escalation = escalate(dossier, generalist, regieteam)
    conference = hold_conference(escalation, generalist, [generalist])
    inwoner = dossier.huishouden.members.get()
    with pytest.raises(ValidationError, match="niet besloten"):
        services.hand_over(
            conference, agreed_by=inwoner, agreed_on=date.today(), how=ConsentHow.MONDELING, by=generalist
        )


def test_someone_outside_the_household_cannot_agree_to_a_handover(
    dossier: Dossier, generalist: User, regieteam: Team, member: User, team: Team
) -> None:
    from testsupport.factories import InwonerFactory

    escalation = escalate(dossier, generalist, regieteam)
    conference = hold_conference(
        escalation, generalist, [member], consent=regieteam_consent(dossier, generalist, regieteam), handover_to=member
    )
    with pytest.raises(ValidationError, match="hoort niet bij het huishouden"):
        services.hand_over(
            conference, agreed_by=InwonerFactory(), agreed_on=date.today(), how=ConsentHow.MONDELING, by=generalist
        )


def test_a_participant_outside_both_teams_is_refused(dossier: Dossier, generalist: User, regieteam: Team) -> None:
    stranger = regie_member(TeamFactory())  # type: ignore[arg-type]
    escalation = escalate(dossier, generalist, regieteam)
    with pytest.raises(ValidationError, match="geen lid van het regieteam of het wijkteam"):
        hold_conference(escalation, generalist, [stranger])


def test_a_member_of_the_regieteam_ticks_an_agreement_off(
    dossier: Dossier, generalist: User, regieteam: Team, member: User
) -> None:
    escalation = escalate(dossier, generalist, regieteam)
    agreement = hold_conference(escalation, generalist, [generalist]).agreements.first()
    assert agreement is not None

    services.mark_agreement(agreement, done=True, by=member)

    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.GEDAAN and agreement.done_by == member


def test_closing_the_dossier_warns_about_a_running_escalation(
    dossier: Dossier, generalist: User, regieteam: Team
) -> None:
    escalate(dossier, generalist, regieteam)
    assert any("opgeschaald naar Regieteam Voorbeeldstad" in warning for warning in parts.open_work(dossier))
