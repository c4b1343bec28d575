"""Which team a household belongs to: the team working in the wijk where the person lives."""

from organisation.models import Team, TeamKind, Wijk


def wijk_of_buurt(buurt_id: int | None) -> Wijk | None:
    if buurt_id is None:
        return None
    return Wijk.objects.filter(buurten__pk=buurt_id).first()


def team_for_buurt(buurt_id: int | None) -> Team | None:
    """The wijkteam whose werkgebied holds the buurt (the lowest id when two share a wijk); None when no team does.

    A regieteam may work city-wide, but a household only reaches it by escalation, never by its address.
    """
    if buurt_id is None:
        return None
    return Team.objects.filter(wijken__buurten__pk=buurt_id, kind=TeamKind.WIJKTEAM).order_by("pk").first()
