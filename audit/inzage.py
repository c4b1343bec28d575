"""The AVG art. 15 inzage export: everything the platform holds about one person, and who looked at it.

The privacy officer produces it on the resident's request, as JSON (machine-readable) and as a tagged
PDF (to hand over). Both come from the one dictionary `build_inzage` returns, so they never differ,
except in the access history: the JSON lists every line, the PDF summarises them (`audit.inzage_log`:
per professional, section and ground, break-the-glass and refusals one by one, the newest lines) and
the complete list goes with it as CSV. The PDF is made by a background job (`audit.exports`), not in
the web request: for a resident with thousands of log lines it took longer than a request may.

What counts as "about this person":
- household-level data is about every member: the dossiers of the person's households with their
  status, team, regisseur, onderzoek and plan, and the network of the household;
- person-level data only when it concerns this person: meldingen about them, their zelfredzaamheid
  scores, aanvragen and beschikkingen for them, toewijzingen for them, their consents, plan goals
  for the whole household or for them, and network relations for the household or for them.
Other members' own data (their meldingen, scores, aanvragen, BSN) is never included. The name of a
private reporter is left out (AVG art. 15 lid 4, the rights of others); the organisation is given.

The JSON structure is stable and versioned (`schema`, `versie`); its keys are Dutch, because the file
is for the resident. Version 1:

    {"schema": "open-wijkteam/inzage", "versie": 1, "opgesteld_op": ISO 8601, "opgesteld_door": str,
     "persoon": {...}, "huishoudens": [...], "netwerk": [...], "meldingen": [...], "dossiers": [...],
     "zelfredzaamheid": [...], "aanvragen": [...], "toewijzingen": [...], "toestemmingen": [...],
     "toegangshistorie": [...]}

The dossier's and residents' data is read here; the apps built on the dossier declare their lists and
their part of each dossier in `dossiers.records`, so this module imports none of them.

Dates are ISO 8601 (`YYYY-MM-DD`), moments ISO 8601 with the offset; empty values are null or "".
"""

import json
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import timezone, translation
from weasyprint import HTML

from accounts.models import User
from audit.inzage_log import HistorySummary, summarise
from audit.selectors import access_history
from decisions.letter import PDF_OPTIONS, DataOnlyFetcher
from dossiers import records
from dossiers.models import Dossier, DossierNote, Melding, TimelineEvent
from dossiers.sections import SENSITIVITY, Section, Sensitivity
from residents.models import HuishoudenLid, Inwoner, Netwerkrelatie

SCHEMA = "open-wijkteam/inzage"
SCHEMA_VERSION = 1
#: The export is for a Dutch resident; like a beschikking it is always in Dutch.
LANGUAGE = "nl"
TEMPLATE = "audit/inzage/inzage.html"

Data = dict[str, Any]

#: The dossier's and the residents' models this module exports itself; the apps above the dossier declare
#: theirs in `dossiers.records` (`InzageList`, `InzageDossierPart`).
OWN_MODELS: frozenset[type[models.Model]] = frozenset(
    {Inwoner, HuishoudenLid, Netwerkrelatie, Melding, Dossier, TimelineEvent, DossierNote}
)


_day = records.iso_day
_moment = records.iso_moment
_name = records.user_name


def _person(inwoner: Inwoner) -> Data:
    return {
        "inwonernummer": inwoner.pk,
        "bsn": inwoner.bsn or "",
        "voornamen": inwoner.voornamen,
        "tussenvoegsel": inwoner.tussenvoegsel,
        "achternaam": inwoner.achternaam,
        "geboortedatum": _day(inwoner.geboortedatum),
        "straat": inwoner.straat,
        "huisnummer": inwoner.huisnummer,
        "huisnummer_toevoeging": inwoner.huisnummer_toevoeging,
        "postcode": inwoner.postcode,
        "woonplaats": inwoner.woonplaats,
        "buurt": inwoner.buurt.name if inwoner.buurt else "",
        "telefoon": inwoner.telefoon,
    }


def _households(memberships: list[HuishoudenLid]) -> list[Data]:
    return [
        {
            "huishouden": lid.huishouden_id,
            "type": str(lid.huishouden.get_type_display()),
            "rol": str(lid.get_rol_display()),
            "begin": _day(lid.start),
            "einde": _day(lid.end),
        }
        for lid in memberships
    ]


def _network(inwoner: Inwoner, household_ids: list[int]) -> list[Data]:
    relations = (
        Netwerkrelatie.objects.filter(huishouden_id__in=household_ids)
        .filter(models.Q(for_inwoner__isnull=True) | models.Q(for_inwoner=inwoner))
        .order_by("name", "pk")
    )
    return [
        {
            "naam": relation.name,
            "relatie": str(relation.get_type_display()),
            "telefoon": relation.telefoon,
            "toelichting": relation.note,
        }
        for relation in relations
    ]


def _meldingen(inwoner: Inwoner) -> list[Data]:
    meldingen = Melding.objects.filter(inwoner=inwoner).select_related("dossier").order_by("received_at", "pk")
    return [
        {
            "dossier": str(melding.dossier),
            "ontvangen_op": _moment(melding.received_at),
            "route": str(melding.get_route_display()),
            "urgentie": str(melding.get_urgency_display()),
            "organisatie_melder": melding.reporter_organisation,
            "omschrijving": melding.description,
        }
        for melding in meldingen
    ]


#: In the export a resident makes themself (Mijn Wijkteam), instead of a note in a special section.
WITHHELD_NOTE = (
    "Deze notitie staat in een gevoelig onderdeel en kan ook over anderen in het huishouden gaan. Zij staat niet in "
    "het overzicht dat u zelf maakt. Vraag de privacyfunctionaris om inzage: die kijkt eerst of er gegevens van "
    "anderen in staan (AVG art. 15 lid 4) en geeft u dan de notitie."
)


def _note(note: DossierNote, withhold: bool) -> Data:
    """A note as the export shows it; a note in a special section only as a reference when `withhold`."""
    special = SENSITIVITY.get(Section(note.section)) == Sensitivity.BIJZONDER
    return {
        "moment": _moment(note.created_at),
        "onderdeel": str(note.get_section_display()),
        "door": _name(note.author),
        "tekst": WITHHELD_NOTE if withhold and special else note.text,
    }


def _dossiers(inwoner: Inwoner, household_ids: list[int], *, withhold_special: bool = False) -> list[Data]:
    """Every dossier of the person's households. With `withhold_special` (the resident's own export, which no
    privacy officer checks before it is handed over) notes in a special section are named but not quoted: they may be
    about another member of the household, whose rights the officer weighs first (AVG art. 15 lid 4)."""
    dossiers = list(
        Dossier.objects.filter(huishouden_id__in=household_ids)
        .select_related("team", "regisseur")
        .prefetch_related(
            Prefetch("timeline", queryset=TimelineEvent.objects.select_related("actor").order_by("at", "pk")),
            Prefetch("notes", queryset=DossierNote.objects.select_related("author").order_by("created_at", "pk")),
        )
        .order_by("opened_at", "pk")
    )
    dossier_ids = [dossier.pk for dossier in dossiers]
    # The apps' parts of each dossier (onderzoeken, plan), one lookup per part for all dossiers.
    parts = [(part, part.values(inwoner, dossier_ids)) for part in records.inzage_dossier_parts()]
    result = []
    for dossier in dossiers:
        entry: Data = {
            "dossier": str(dossier),
            "status": str(dossier.get_status_display()),
            "team": dossier.team.name,
            "regisseur": _name(dossier.regisseur),
            "geopend_op": _moment(dossier.opened_at),
            "gesloten_op": _moment(dossier.closed_at),
            "reden_afsluiten": str(dossier.get_close_reason_display()) if dossier.close_reason else "",
        }
        for part, values in parts:
            entry[part.key] = values[dossier.pk] if dossier.pk in values else part.empty()
        entry["tijdlijn"] = [
            {
                "moment": _moment(event.at),
                "soort": str(event.get_kind_display()),
                "door": _name(event.actor),
                "wat": event.summary,
                "reden": event.reason,
            }
            for event in dossier.timeline.all()
        ]
        entry["notities"] = [_note(note, withhold_special) for note in dossier.notes.all()]
        result.append(entry)
    return result


def _history(inwoner: Inwoner) -> list[Data]:
    return [
        {
            "tijdstip": _moment(entry.at),
            "medewerker": _name(entry.user) if entry.user else "",
            "functie": str(entry.user.get_role_display()) if entry.user else "",
            "handeling": str(entry.get_action_display()),
            "grondslag": str(entry.get_basis_display()),
            "onderdeel": str(entry.get_section_display()) if entry.section else "",
            "gegeven": entry.object_type,
            "dossier": entry.dossier_id,
        }
        for entry in access_history(inwoner)
    ]


#: Who made the export when the resident asked for it in Mijn Wijkteam (no privacy officer in between).
PORTAL_PREPARER = "Mijn Wijkteam, op uw eigen verzoek"


def build_inzage(inwoner: Inwoner, *, prepared_by: User | None, history: bool = True) -> Data:
    """The whole export as plain data (JSON-ready); without `history` the access lines are left out (the PDF summarises them).

    `prepared_by` is the privacy officer; None when the resident asked in Mijn Wijkteam."""
    with translation.override(LANGUAGE):
        memberships = list(
            HuishoudenLid.objects.filter(inwoner=inwoner).select_related("huishouden").order_by("start", "pk")
        )
        household_ids = [lid.huishouden_id for lid in memberships]
        data: Data = {
            "schema": SCHEMA,
            "versie": SCHEMA_VERSION,
            "opgesteld_op": _moment(timezone.now()),
            "opgesteld_door": _name(prepared_by) if prepared_by is not None else PORTAL_PREPARER,
            "persoon": _person(inwoner),
            "huishoudens": _households(memberships),
            "netwerk": _network(inwoner, household_ids),
            "meldingen": _meldingen(inwoner),
            "dossiers": _dossiers(inwoner, household_ids, withhold_special=prepared_by is None),
        }
        # What the apps above the dossier hold about the person (dossiers.records), in their declared order.
        for listing in records.inzage_lists():
            data[listing.key] = listing.rows(inwoner)
        data["toegangshistorie"] = _history(inwoner) if history else []
        return data


def render_json(data: Data) -> bytes:
    return json.dumps(data, ensure_ascii=False, indent=2, cls=DjangoJSONEncoder).encode("utf-8")


def render_pdf(data: Data, log: HistorySummary | None = None) -> bytes:
    """A tagged PDF (PDF/UA-1) of the same data with the access history summarised; nothing is fetched from outside.

    `log` is the summary of the person's access history; made here when not given.
    """
    if log is None:
        log = summarise(Inwoner.objects.get(pk=data["persoon"]["inwonernummer"]))
    with translation.override(LANGUAGE):
        html = render_to_string(TEMPLATE, {"data": data, "log": log, "full_name": _full_name(data["persoon"])})
    pdf: bytes = HTML(string=html, url_fetcher=DataOnlyFetcher()).write_pdf(**PDF_OPTIONS)
    return pdf


def _full_name(person: Data) -> str:
    return " ".join(part for part in (person["voornamen"], person["tussenvoegsel"], person["achternaam"]) if part)
