"""Work for the roles the casework phases leave empty: the specialist's consultation, the policy advisor's reflection.

Why a phase of its own: the generalist, team leader and consulent get their work from the dossiers of the first
team; the specialist only sees a dossier someone invited them into, and the policy advisor only the reflection
sessions they facilitate (reflection.selectors). Without these rows both land on an empty start page.

Everything goes through the apps' own services (consent, invitation, joining, scoring, closing), so the rows
are what a user would have made and the timeline and access log tell the same story. The invitation runs on
the real clock (a consultation is active relative to *now*), which is why this phase only runs with the
showcase (no explicit peildatum), like decisions.demo_data.seed_showcase.
"""

import random
from datetime import date, timedelta

from django.utils import timezone

from accounts.models import User
from audit.models import AccessBasis
from consent import services as consent_services
from consent.models import ConsentCapacity, ConsentHow, ConsultationMode
from dossiers.models import Dossier
from dossiers.sections import Section
from dossiers.transitions import Status
from organisation.models import Gemeente, Team
from reflection import services as reflection_services
from reflection.models import Perspective, Session, Theme
from residents.models import Inwoner

#: The specialist's partner organisation, as named in the demo logins (demo.logins).
SPECIALIST_ORGANISATION = "GGZ Voorbeeldstad"
#: Who takes part in the demo's reflection session: enough per perspective to show values (reflection.stats).
PARTICIPANTS = ((Perspective.PROFESSIONAL, 6), (Perspective.BELEID, 3), (Perspective.MANAGEMENT_BESTUUR, 3))
THEMES_PER_SESSION = 4


def seed_roles(today: date, seed: int) -> dict[str, int]:
    """An active consultation for `specialist` and two closed reflection sessions facilitated by `beleid`."""
    counts = {"consultaties": 0, "reflectiesessies": 0}
    users = {u.username: u for u in User.objects.filter(username__in=("generalist", "specialist", "beleid"))}
    if "generalist" in users and "specialist" in users and _invite_specialist(users["generalist"], users["specialist"]):
        counts["consultaties"] = 1
    if "beleid" in users:
        counts["reflectiesessies"] = _reflection_sessions(users["beleid"], today, random.Random(seed))
    return counts


def _invite_specialist(regisseur: User, specialist: User) -> bool:
    """The regisseur records the household's consent for the specialist and invites them for two weeks."""
    if not specialist.organisation:
        specialist.organisation = SPECIALIST_ORGANISATION
        specialist.save(update_fields=["organisation"])
    dossier = (
        Dossier.objects.filter(regisseur=regisseur, status__in=(Status.UITVOERING, Status.PLAN, Status.IN_ONDERZOEK))
        .order_by("pk")
        .first()
    )
    if dossier is None:
        return False
    today = timezone.localdate()
    adult = (
        Inwoner.objects.filter(lidmaatschappen__huishouden_id=dossier.huishouden_id)
        .order_by("geboortedatum", "pk")
        .first()
    )
    if adult is None or adult.age_on(today) < 18:
        return False
    consent = consent_services.record_consent(
        dossier,
        adult,
        purpose="Afstemming behandeling",
        recipient=specialist.get_full_name(),
        given_on=today,
        how=ConsentHow.SCHRIFTELIJK,
        given_by_name=adult.full_name,
        given_by_capacity=ConsentCapacity.ZELF,
        recorded_by=regisseur,
        basis=AccessBasis.REGISSEUR,
    )
    consent_services.invite(
        dossier,
        specialist=specialist,
        invited_by=regisseur,
        sections=[Section.ONDERZOEK, Section.PLAN],
        mode=ConsultationMode.LEZEN_EN_NOTITIES,
        pseudonymised=False,
        ends_at=timezone.now() + timedelta(days=14),
        reason="Meedenken over de aanpak van de somberheid en de dagbesteding; afstemming met de behandeling.",
        consent=consent,
    )
    return True


def _reflection_sessions(facilitator: User, today: date, rng: random.Random) -> int:
    """A kwaliteitsscan with the first team three months ago and its follow-up last month, both closed."""
    gemeente = Gemeente.objects.order_by("pk").first()
    team = Team.objects.order_by("pk").first()
    themes = list(Theme.objects.filter(gemeente__isnull=True).order_by("order", "pk")[:THEMES_PER_SESSION])
    if gemeente is None or not themes:
        return 0
    previous: Session | None = None
    for days_ago, title, relief in ((90, "Kwaliteitsscan wijkteam", 0), (30, "Vervolgscan wijkteam", 2)):
        session = reflection_services.create_session(
            title=f"{title} {team.name if team else ''}".strip(),
            gemeente=gemeente,
            facilitator=facilitator,
            themes=themes,
            date=today - timedelta(days=days_ago),
            team=team,
            previous_session=previous,
        )
        for perspective, count in PARTICIPANTS:
            for _n in range(count):
                participant = reflection_services.join(session.join_code, perspective)
                for order, theme in enumerate(themes):
                    # Higher is more bottlenecks; the follow-up shows some relief.
                    value = min(10, max(1, 4 + order + rng.randint(-2, 2) - relief))
                    reflection_services.submit_score(participant, theme, value)
        previous = reflection_services.close_scoring(session)
    return 2
