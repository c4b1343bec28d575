"""Who a consent is for: an organisation on the platform, one person of it, or (older, or outside) a text.

A professional chooses the recipient from a list instead of typing it, so a consent no longer fails
on spelling ("Ruben Hoekstra, GGZ Voorbeeldstad" did not match Ruben Hoekstra). The rule in one place:

- a consent for an organisation covers every person whose account names that organisation;
- a consent naming a person covers only that person, while they work at that organisation;
- a consent with only a text (recorded before the list, or for a party not on the platform) matches
  as it always did: the text equals the person's name, username or organisation (case and surrounding
  spaces do not matter).

The organisations are the names staff accounts carry (`User.organisation`, free text kept in the
accounts app) plus the organisations earlier consents of the municipality named. They are names, not a
table of their own: the accounts are the source of which person works where, and a second list
would have to be kept in step with them by hand.
"""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from accounts.models import User
from consent.models import Consent


def normalised(text: str) -> str:
    """How two recipient names are compared: trimmed and without regard to case."""
    return text.strip().casefold()


def _unique(names: Iterable[str]) -> list[str]:
    """One spelling per name (the first seen), sorted as a reader expects."""
    seen: dict[str, str] = {}
    for name in names:
        if name and name.strip():
            seen.setdefault(normalised(name), name.strip())
    return sorted(seen.values(), key=normalised)


def staff_organisations() -> list[str]:
    """The organisations active staff accounts belong to."""
    names = User.objects.filter(is_active=True).exclude(organisation="").values_list("organisation", flat=True)
    return _unique(names.distinct())


def known_organisations(gemeente_id: int) -> list[str]:
    """The organisations a consent in this municipality can name: of staff accounts and of earlier consents."""
    named = (
        Consent.objects.filter(dossier__team__gemeente_id=gemeente_id)
        .exclude(recipient_organisation="")
        .values_list("recipient_organisation", flat=True)
        .distinct()
    )
    return _unique([*staff_organisations(), *named])


def people() -> QuerySet[User]:
    """Staff accounts that can be named as the person of an organisation."""
    return (
        User.objects.filter(is_active=True)
        .exclude(organisation="")
        .only("pk", "username", "first_name", "last_name", "organisation", "is_active")
        .order_by("organisation", "first_name", "last_name", "pk")
    )


def describe(organisation: str, person: User | None) -> str:
    """The register's text for a chosen recipient: "Ruben Hoekstra (GGZ Voorbeeldstad)" or the organisation."""
    if person is not None:
        return f"{person} ({organisation})"
    return organisation


def names_of(user: User) -> set[str]:
    """What an old free-text consent may have called this person."""
    return {normalised(name) for name in (user.get_full_name(), user.username, user.organisation) if name.strip()}


def covers(consent: Consent, user: User) -> bool:
    """Whether the consent's recipient includes this person (the purpose is not part of this rule)."""
    at_organisation = bool(user.organisation.strip()) and normalised(consent.recipient_organisation) == normalised(
        user.organisation
    )
    if consent.recipient_person_id is not None:
        # The household agreed to this person *at* that organisation: not after a move elsewhere.
        return consent.recipient_person_id == user.pk and at_organisation
    if consent.recipient_organisation:
        return at_organisation
    return normalised(consent.recipient) in names_of(user)


def resolve(gemeente_id: int, *, text: str, organisation: str, person: User | None) -> tuple[str, str]:
    """(register text, organisation) for what the form sent, or a ValidationError in Dutch.

    The organisation must be on the list and the person must work there; a typed text that is exactly
    an organisation on the list is linked to it, so it covers that organisation's people.
    """
    known = {normalised(name): name for name in known_organisations(gemeente_id)}
    text = text.strip()
    if person is not None and not organisation.strip():
        organisation = person.organisation
    if organisation.strip():
        if text:
            raise ValidationError(
                {"recipient": _("Kies een organisatie of vul een andere ontvanger in, niet allebei.")}
            )
        chosen = known.get(normalised(organisation))
        if chosen is None:
            raise ValidationError({"recipient_organisation": _("Kies een organisatie uit de lijst.")})
        if person is not None:
            if not person.is_active or normalised(person.organisation) != normalised(chosen):
                raise ValidationError(
                    {
                        "recipient_person": _("%(who)s werkt niet bij %(organisation)s.")
                        % {"who": person, "organisation": chosen}
                    }
                )
        return describe(chosen, person), chosen
    if not text:
        raise ValidationError(
            {
                "recipient_organisation": _(
                    "Kies de organisatie van de ontvanger, of vul een ontvanger in die niet in de lijst staat."
                )
            }
        )
    return text, known.get(normalised(text), "")
