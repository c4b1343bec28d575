"""Read queries of erop af and the informatiepunt, always within the user's own team(s)."""

from datetime import date

from django.db.models import Count, QuerySet

from accounts.models import User
from catalogue.models import Voorziening
from dossiers.selectors import active_team_ids
from organisation.models import Team, Wijk
from outreach.models import ALGEMENE_VOORZIENINGEN, EropAfContact, InformatieVraag, Topic


def user_teams(user: User) -> QuerySet[Team]:
    return Team.objects.filter(pk__in=active_team_ids(user)).order_by("name")


def team_wijken(user: User) -> QuerySet[Wijk]:
    """The wijken the user's own teams work in: a contact or a question is counted in one of them."""
    return Wijk.objects.filter(teams__in=active_team_ids(user)).distinct().order_by("name")


def algemene_voorzieningen() -> QuerySet[Voorziening]:
    return Voorziening.objects.filter(ALGEMENE_VOORZIENINGEN, active=True).order_by("name")


def contacts_for(
    user: User, *, wijk: Wijk | None = None, start: date | None = None, end: date | None = None
) -> QuerySet[EropAfContact]:
    """The contacts of the user's own teams, newest first; another team's contacts never."""
    contacts = EropAfContact.objects.filter(team__in=active_team_ids(user)).select_related("team", "wijk")
    if wijk is not None:
        contacts = contacts.filter(wijk=wijk)
    if start is not None:
        contacts = contacts.filter(contact_on__gte=start)
    if end is not None:
        contacts = contacts.filter(contact_on__lte=end)
    return contacts.order_by("-contact_on", "-pk")


def contact_for(user: User, pk: int) -> EropAfContact | None:
    """One contact of the user's own teams, or None (another team's, or none at all: the view answers 404)."""
    return contacts_for(user).filter(pk=pk).first()


def question_counts(user: User, *, start: date, end: date) -> tuple[list[tuple[str, int]], list[tuple[str, int]]]:
    """Questions of the user's teams in a period, counted per topic and per wijk (the page's two small tables)."""
    questions = InformatieVraag.objects.filter(
        team__in=active_team_ids(user), asked_on__gte=start, asked_on__lte=end
    ).order_by()
    per_topic = [
        (str(Topic(row["topic"]).label), row["n"])
        for row in questions.values("topic").annotate(n=Count("pk")).order_by("-n", "topic")
    ]
    per_wijk = [
        (row["wijk__name"], row["n"])
        for row in questions.values("wijk__name").annotate(n=Count("pk")).order_by("-n", "wijk__name")
    ]
    return per_topic, per_wijk


def gemeente_wijken(user: User) -> QuerySet[Wijk]:
    """Every wijk of the municipality of the user's teams: a question may come from anywhere in it."""
    return Wijk.objects.filter(gemeente__teams__in=active_team_ids(user)).distinct().order_by("name")
