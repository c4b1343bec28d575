"""Finding the resident a partner's report is about: the same rules for vroegsignalen and partner meldingen.

On BSN first: a valid BSN that is known names one person. Otherwise the address (postcode and house number,
with the addition when the partner gave one), the surname and the birth date together must point at exactly
one resident: any doubt (none, or more than one) leaves the report for a team member to match by hand, since
linking a report about arrears to the wrong household would be worse than a moment's delay.
"""

from dataclasses import dataclass
from datetime import date

from residents.models import Inwoner
from residents.selectors import normalise_postcode


@dataclass(frozen=True)
class PersonAsReported:
    """The person as a partner described them; any field may be empty except the address and surname."""

    achternaam: str
    postcode: str
    huisnummer: int | None
    huisnummer_toevoeging: str = ""
    geboortedatum: date | None = None
    bsn: str = ""


@dataclass(frozen=True)
class Match:
    inwoner: Inwoner | None
    #: "bsn", "adres" or "" (not matched): the values of vroegsignalering.models.MatchMethod.
    method: str


NO_MATCH = Match(None, "")


def match_resident(person: PersonAsReported) -> Match:
    if person.bsn:
        by_bsn = Inwoner.objects.filter(bsn=person.bsn).first()
        if by_bsn is not None:
            return Match(by_bsn, "bsn")
    if not (person.achternaam.strip() and person.postcode and person.huisnummer and person.geboortedatum):
        return NO_MATCH
    candidates = Inwoner.objects.filter(
        postcode=normalise_postcode(person.postcode),
        huisnummer=person.huisnummer,
        achternaam__iexact=person.achternaam.strip(),
        geboortedatum=person.geboortedatum,
    )
    if person.huisnummer_toevoeging.strip():
        candidates = candidates.filter(huisnummer_toevoeging__iexact=person.huisnummer_toevoeging.strip())
    found = list(candidates[:2])
    return Match(found[0], "adres") if len(found) == 1 else NO_MATCH
