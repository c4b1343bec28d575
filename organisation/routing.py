"""Which team a household belongs to: the team working in the wijk where the person lives."""

from organisation.models import Team, Wijk


def wijk_of_buurt(buurt_id: int | None) -> Wijk | None:
    if buurt_id is None:
        return None
    return Wijk.objects.filter(buurten__pk=buurt_id).first()


def team_for_buurt(buurt_id: int | None) -> Team | None:
    """The team whose werkgebied holds the buurt (the lowest id when two share a wijk); None when no team does."""
    if buurt_id is None:
        return None
    return Team.objects.filter(wijken__buurten__pk=buurt_id).order_by("pk").first()
