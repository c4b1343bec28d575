"""What a received message is, once it passed the checks, and the look-ups its processors share.

``allocations.incoming`` checks a file and builds a ``Received``; the processors per message type
(``incoming``, ``delivery``, ``declaraties``) and the answers (``answers``) work from it. Keeping
these shared pieces here lets each of those modules import them without importing each other.

Product-level rejections are kept in ``Bericht.reasons`` as "<key>: <text> (retourcode NNNN)"
so a retour that could not be written the first time can be written later with the same codes.
That frame is a stored format that ``codes_from_reasons`` parses back, so only its text is
translated.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import User
from allocations.models import Bericht, Toewijzing
from allocations.schemas import current_schemas
from catalogue.codes import Law
from catalogue.models import Aanbieder
from deadlines.calendar_source import current_calendar
from deadlines.terms import compute_deadline
from istandaarden.messages import Message
from istandaarden.schemas import SchemaSet
from organisation.models import Gemeente
from residents.models import Inwoner

STANDARD_LAW: dict[str, str] = {"WMO": Law.WMO, "JW": Law.JEUGDWET}

# Retour codes (LDT_RetourCode) the checks use.
CODE_GEEN_TOEWIJZING = "9019"  # regiebericht kan niet gekoppeld worden aan een toewijzing
CODE_GEEN_START = "9069"  # geen actueel startbericht
CODE_AL_ONTVANGEN = "9074"  # al een eerder bericht met dezelfde sleutel
CODE_NIET_BIJ_CLIENT = "8187"  # prestatie hoort niet bij deze client
CODE_BEGIN_BUITEN_TOEWIJZING = "9307"
CODE_EIND_BUITEN_TOEWIJZING = "9308"
CODE_VOLUME_TE_HOOG = "9321"
CODE_GEEN_TOEGEWEZEN_PRODUCT = "9338"
CODE_ANDERE_CATEGORIE = "9339"
CODE_ANDERE_PRODUCTCODE = "9340"
CODE_ANDERE_EENHEID = "9341"
CODE_TOEWIJZING_VERWIJDERD = "9384"
CODE_TEWIJZIGEN_ONBEKEND = "9351"
CODE_ONGEWIJZIGD_ONBEKEND = "9350"

_REASON = re.compile(r"^(?P<key>[^:\s]+): .*\(retourcode (?P<code>\d{4})\)$")


@dataclass
class Received:
    """A message that passed every check, with what the checks looked up."""

    message: Message
    bericht: Bericht
    gemeente: Gemeente
    aanbieder: Aanbieder
    law: str
    inwoners: dict[str, Inwoner]
    actor: User | None
    received_on: date
    original: Bericht | None = None  # for a retour: our message it answers
    reasons: list[str] = field(default_factory=list)
    summary: str = ""


def schemas() -> SchemaSet:
    """The official XSDs from ``settings.ISTANDAARDEN_XSD_DIR`` (shared with the outgoing side)."""
    return current_schemas()


def due_date(term_code: str, start: date) -> date:
    """The last day of a message term (working days, Atw applied)."""
    return compute_deadline(term_code, start, current_calendar()).due


def day(value: date) -> str:
    return date_format(value)


def product_reason(key: str, text: str, code: str) -> str:
    """A readable product-level rejection that still carries its key and retour code."""
    return f"{key}: {text} (retourcode {code})"


def codes_from_reasons(reasons: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """Key → retour codes, from reasons written by ``product_reason`` (others are ignored)."""
    codes: dict[str, tuple[str, ...]] = {}
    for reason in reasons:
        match = _REASON.match(reason)
        if match:
            codes[match["key"]] = (*codes.get(match["key"], ()), match["code"])
    return codes


def gemeente_codes() -> dict[str, Gemeente]:
    """Gemeentecode as used in messages ("0363") → Gemeente; there may be more than one."""
    return {gemeente.cbs_code[2:]: gemeente for gemeente in Gemeente.objects.all()}


def find_toewijzing(received: Received, nummer: str | None, inwoner: Inwoner) -> tuple[Toewijzing | None, str, str]:
    """The allocation a start/stop/prestatie is about, or (None, reason, code)."""
    if not nummer:
        return None, _("het product noemt geen toewijzingnummer"), CODE_GEEN_TOEWIJZING
    toewijzing = (
        Toewijzing.objects.select_related("voorziening", "inwoner", "dossier")
        .filter(gemeente=received.gemeente, law=received.law, nummer=nummer)
        .first()
    )
    if toewijzing is None or toewijzing.aanbieder_id != received.aanbieder.pk:
        return None, _("toewijzing onbekend bij de gemeente voor deze aanbieder"), CODE_GEEN_TOEWIJZING
    if toewijzing.inwoner_id != inwoner.pk:
        return None, _("de toewijzing hoort bij een andere cliënt"), CODE_NIET_BIJ_CLIENT
    return toewijzing, "", ""
