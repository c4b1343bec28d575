"""Who consents for whom: the age rules of the WGBO (art. 7:450, 7:457, 7:465) as the Jeugdwet applies them.

Jeugdwet art. 7.3.4 lid 1 and 7.3.11 make the WGBO's consent rules apply to jeugdhulp and to sharing
what the team knows about a child:

- under 12: the parent(s) with authority or the guardian consent (art. 7:465 lid 1);
- from 12 up to 16: the child **and** the parent(s) with authority or the guardian (art. 7:450 lid 2);
- from 16: the young person alone (art. 7:447 and 7:450 lid 1); a parent's consent is then neither
  needed nor enough. An adult who cannot weigh their interests is represented by a curator or mentor
  (art. 7:465 lid 3).

Consent is about the act, not the paper: the combination must be right on the day the consent is
given *and* on the day it is used to share or to invite someone. A consent given by a parent alone
for an 11-year-old therefore stops being enough on the child's twelfth birthday; from then on the
child consents too. A consent the child gave together with a parent stays valid at 16, because it
includes the young person's own. Plain functions, no database: `consent.services` calls them.
"""

from collections.abc import Iterable

from django.utils.translation import gettext as _

#: From this age a child's own consent is needed, next to that of the parents (WGBO art. 7:450 lid 2).
OWN_CONSENT_AGE = 12
#: From this age the young person consents alone (WGBO art. 7:447, 7:450 lid 1).
SOLE_CONSENT_AGE = 16
#: From this age a curator or mentor may consent for someone who cannot (WGBO art. 7:465 lid 3).
ADULT_AGE = 18

SELF = "zelf"
PARENT = "ouder_met_gezag"
REPRESENTATIVE = "wettelijk_vertegenwoordiger"


def missing_consent(age: int, capacities: Iterable[str], name: str) -> str | None:
    """What is missing for a person of `age` whose consent was given in `capacities`; None when it is complete.

    The text is Dutch and names what is missing, so a screen can show it as it is.
    """
    given = set(capacities)
    has_self = SELF in given
    # A guardian (voogd) is the minor's legal representative in place of a parent with authority.
    has_parent = bool(given & {PARENT, REPRESENTATIVE})
    person = {"name": name, "age": age}
    if age >= SOLE_CONSENT_AGE:
        if has_self or (age >= ADULT_AGE and REPRESENTATIVE in given):
            return None
        return (
            _(
                "%(name)s is %(age)s jaar. Vanaf 16 jaar geeft de jongere zelf toestemming; toestemming van een ouder "
                "is dan niet genoeg. Ontbreekt: de toestemming van %(name)s zelf."
            )
            % person
        )
    if age >= OWN_CONSENT_AGE:
        if has_self and has_parent:
            return None
        if has_self:
            missing = _("de toestemming van een ouder met gezag (of de voogd)")
        elif has_parent:
            missing = _("de toestemming van %(name)s zelf") % person
        else:
            missing = _("de toestemming van %(name)s zelf én van een ouder met gezag (of de voogd)") % person
        return _(
            "%(name)s is %(age)s jaar. Van 12 tot 16 jaar geven het kind én een ouder met gezag (of de voogd) "
            "allebei toestemming. Ontbreekt: %(missing)s."
        ) % {**person, "missing": missing}
    if has_parent:
        return None
    return (
        _(
            "%(name)s is %(age)s jaar. Onder de 12 jaar geeft een ouder met gezag (of de voogd) toestemming; de "
            "toestemming van het kind alleen is niet genoeg. Ontbreekt: de toestemming van een ouder met gezag."
        )
        % person
    )
