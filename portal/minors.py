"""What a representative may open in Mijn Wijkteam, by the kind of representation and the age of the person.

The ages are those of consent (consent/minors.py), applied to looking along:

- a parent with authority of a child **under 12** sees every part the representation names;
- of a child **from 12 up to 16**, the parent sees the plan, the regisseur, the messages and the consents
  (a consent for a child of that age is given by the child *and* a parent, so the parent must be able to
  see and withdraw it). The onderzoek, the decisions, the access history and the data export are
  about the child's own story (Jeugdwet art. 7.3.11 lid 4 lets a professional refuse a parent what
  harms the child's interests): the parent sees them only once the child agreed (``child_agreed_on``);
- of a young person **from 16**, a parent sees nothing without the young person's agreement: from 16
  they decide alone (WGBO art. 7:447), and parental authority ends at 18;
- a curator, mentor or bewindvoerder acts for an adult within what the court decided; a gemachtigde
  within what the resident chose. The representation's own list of parts is the limit for everyone.

docs/adr/0019-resident-portal.md explains the choice. Plain functions, no database.
"""

from consent.minors import ADULT_AGE, OWN_CONSENT_AGE, SOLE_CONSENT_AGE
from portal.models import ALL_SCOPES, PortalScope, RepresentationKind

#: What a parent sees of a child of 12 to 16 without the child's agreement.
PARENT_OF_TEEN_SCOPES: frozenset[str] = frozenset(
    {PortalScope.PLAN, PortalScope.REGISSEUR, PortalScope.BERICHTEN, PortalScope.TOESTEMMINGEN}
)
#: The youngest age at which someone logs in to Mijn Wijkteam themself.
OWN_LOGIN_AGE = SOLE_CONSENT_AGE


def allowed_scopes(kind: str, age: int, granted: frozenset[str], child_agreed: bool) -> frozenset[str]:
    """The parts a representative of `kind` may open for a person of `age`, within the `granted` ones."""
    granted = granted & ALL_SCOPES
    if kind != RepresentationKind.OUDER_MET_GEZAG:
        return granted
    if age >= ADULT_AGE:
        return frozenset()
    if age < OWN_CONSENT_AGE or child_agreed:
        return granted
    if age < SOLE_CONSENT_AGE:
        return granted & PARENT_OF_TEEN_SCOPES
    return frozenset()


def may_log_in_themself(age: int) -> bool:
    """Whether a person of `age` uses Mijn Wijkteam with their own DigiD (younger: through a parent)."""
    return age >= OWN_LOGIN_AGE
