"""Which dossier a provider's message belongs to: only one that is certain, else none.

A received message names a client by BSN. The person may sit in two households (co-parenting, a
move), each with a dossier of its own team, so "the dossier of the person's household" is a guess
that can hand one team's client to another. A message belongs to a dossier only when that is
unambiguous: the allocations it names are all owned by one dossier, or (for a new request) the
client's allocations at this provider are, or the client has exactly one open dossier. Otherwise it
has no owner, and its task goes to the gemeente's consulenten (``allocations.task_views``), who
handle provider requests for clients without a dossier anyway.
"""

from collections.abc import Iterable

from allocations.models import Toewijzing
from catalogue.models import Aanbieder
from dossiers.models import Dossier
from dossiers.transitions import OPEN_STATUSES
from istandaarden.messages import Message
from residents.models import Inwoner


def named_allocations(message: Message) -> set[str]:
    """Every ToewijzingNummer a message refers to (start, stop, change request, declaration)."""
    numbers: set[str] = set()
    for client in message.clients:
        numbers.update(t.toewijzingnummer for t in client.toewijzingen)
        numbers.update(s.toewijzingnummer for s in client.starts if s.toewijzingnummer)
        numbers.update(s.toewijzingnummer for s in client.stops if s.toewijzingnummer)
        numbers.update(p.toewijzingnummer for p in client.prestaties)
        if client.verzoek is not None:
            numbers.update(c.toewijzingnummer for c in client.verzoek.te_wijzigen)
            numbers.update(client.verzoek.ongewijzigd)
    return numbers


def _single(owners: Iterable[int | None]) -> int | None:
    distinct = set(owners)
    return distinct.pop() if len(distinct) == 1 else None


def owning_dossier_id(inwoner: Inwoner, aanbieder: Aanbieder | None, numbers: set[str]) -> int | None:
    """The one dossier a message about `inwoner` belongs to, or None when that is not certain."""
    allocations = Toewijzing.objects.filter(inwoner=inwoner)
    if numbers:
        return _single(allocations.filter(nummer__in=numbers).values_list("dossier_id", flat=True))
    if aanbieder is not None:
        owner = _single(allocations.filter(aanbieder=aanbieder).values_list("dossier_id", flat=True))
        if owner is not None:
            return owner
    open_dossiers = Dossier.objects.filter(
        huishouden__leden__inwoner=inwoner, huishouden__leden__end__isnull=True, status__in=OPEN_STATUSES
    )
    return _single(open_dossiers.values_list("pk", flat=True))
