"""Read queries for messages: a dossier's thread, and the unread counts for the worklist. All bounded."""

from django.db.models import Count, Exists, Max, Min, OuterRef, Q, QuerySet

from accounts.models import User
from dossiers import selectors as dossier_selectors
from dossiers.models import Dossier
from messaging.models import Message

#: A thread shows its newest messages; older ones stay in the dossier and the inzage export.
THREAD_LIMIT = 100
#: The "Ongelezen berichten" list shows at most this many dossiers (the oldest waiting first).
UNREAD_LIST_LIMIT = 200

_UNREAD_BY_STAFF = Q(author__isnull=True, read_by_staff_at__isnull=True)


def thread(dossier: Dossier, limit: int = THREAD_LIMIT) -> tuple[list[Message], bool]:
    """The newest `limit` messages of the dossier, oldest first; and whether older ones were left out."""
    newest = list(
        Message.objects.filter(dossier=dossier).select_related("author").order_by("-sent_at", "-id")[: limit + 1]
    )
    return list(reversed(newest[:limit])), len(newest) > limit


def unread_counts(dossier_ids: list[int]) -> dict[int, int]:
    """Per dossier of `dossier_ids`: the household's messages nobody of the team has read yet (one query)."""
    if not dossier_ids:
        return {}
    rows = (
        Message.objects.filter(_UNREAD_BY_STAFF, dossier_id__in=dossier_ids)
        .order_by()
        .values("dossier_id")
        .annotate(count=Count("id"))
    )
    return {row["dossier_id"]: row["count"] for row in rows}


def dossiers_with_unread(user: User) -> QuerySet[Dossier]:
    """The user's own open dossiers (as on the worklist) with unread household messages, longest waiting first."""
    unread = Message.objects.filter(_UNREAD_BY_STAFF, dossier=OuterRef("pk"))
    return (
        dossier_selectors.worklist(user)
        .filter(Exists(unread))
        .annotate(
            unread=Count("messages", filter=Q(messages__author__isnull=True, messages__read_by_staff_at__isnull=True)),
            waiting_since=Min(
                "messages__sent_at", filter=Q(messages__author__isnull=True, messages__read_by_staff_at__isnull=True)
            ),
            last_message_at=Max("messages__sent_at"),
        )
        .select_related("regisseur")
        .order_by("waiting_since", "pk")[:UNREAD_LIST_LIMIT]
    )
