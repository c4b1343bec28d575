"""The demo's regieteam: two members, one running escalation with a conference; running it twice adds nothing."""

from accounts.models import Role, User
from dossiers.sections import Section
from dossiers.selectors import visible_sections
from dossiers.transitions import Status
from organisation.models import Team, TeamKind
from regie import demo_data
from regie.models import Escalation
from testsupport.factories import TeamFactory, UserFactory, dossier_for, member_of


def test_the_demo_regieteam_gets_one_escalation_and_its_members_look_along(db: None) -> None:
    team: Team = TeamFactory()  # type: ignore[assignment]
    regisseur = member_of(team, UserFactory(username="generalist", role=Role.GENERALIST))  # type: ignore[arg-type]
    dossier = dossier_for(team, status=Status.UITVOERING, regisseur=regisseur)

    assert demo_data.load() == {"regieteams": 1, "opschalingen": 1}
    assert demo_data.load() == {"regieteams": 1, "opschalingen": 0}

    escalation = Escalation.objects.get()
    assert escalation.dossier == dossier and escalation.regieteam.kind == TeamKind.REGIETEAM
    assert escalation.regieteam.name == "Regieteam Voorbeeldstad"
    dossier.refresh_from_db()
    assert dossier.regisseur == regisseur
    members = list(User.objects.filter(team_memberships__team=escalation.regieteam))
    assert len(members) == 2
    for member in members:
        assert not member.has_usable_password()
        assert visible_sections(member, dossier) == frozenset({Section.HUISHOUDEN, Section.PLAN, Section.ONDERZOEK})
    assert escalation.conferences.get().agreements.count() == 3


def test_without_the_demo_generalist_nothing_is_made(db: None) -> None:
    assert demo_data.load() == {"regieteams": 0, "opschalingen": 0}
    assert not Escalation.objects.exists()
