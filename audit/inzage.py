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

Dates are ISO 8601 (`YYYY-MM-DD`), moments ISO 8601 with the offset; empty values are null or "".
"""

import json
from datetime import date, datetime
from typing import Any

from django.apps import apps
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import timezone, translation
from weasyprint import HTML

from accounts.models import User
from allocations.models import Toewijzing
from assessments.models import WMO_TOPICS, Onderzoek, Score
from audit.inzage_log import HistorySummary, summarise
from audit.selectors import access_history
from decisions.letter import PDF_OPTIONS, DataOnlyFetcher
from decisions.models import Aanvraag
from dossiers.models import Dossier, DossierNote, Melding, TimelineEvent
from plans.models import Plan
from residents.models import HuishoudenLid, Inwoner, Netwerkrelatie

SCHEMA = "open-wijkteam/inzage"
SCHEMA_VERSION = 1
#: The export is for a Dutch resident; like a beschikking it is always in Dutch.
LANGUAGE = "nl"
TEMPLATE = "audit/inzage/inzage.html"

Data = dict[str, Any]


def _day(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _moment(value: datetime | None) -> str | None:
    return timezone.localtime(value).isoformat(timespec="seconds") if value else None


def _name(user: User | None) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


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


def _onderzoek(onderzoek: Onderzoek) -> Data:
    return {
        "datum_gesprek": _day(onderzoek.conversation_on),
        "onderwerpen": [
            {"onderwerp": str(label), "tekst": getattr(onderzoek, field)}
            for field, label in WMO_TOPICS
            if getattr(onderzoek, field)
        ],
        "uitkomst": str(onderzoek.get_outcome_display()) if onderzoek.outcome else "",
        "verslag": onderzoek.verslag,
        "verslag_verstrekt_op": _day(onderzoek.verslag_sent_on),
        "afgerond_op": _day(onderzoek.completed_on),
    }


def _plan(plan: Plan, inwoner: Inwoner) -> Data:
    goals = []
    for doel in plan.doelen.all():
        persons = list(doel.persons.all())
        if persons and inwoner not in persons:
            continue  # a goal for another member only is about them
        goals.append(
            {
                "leefdomein": doel.domain.name if doel.domain else "",
                "doel": doel.description,
                "status": str(doel.get_status_display()),
                "acties": [
                    {
                        "wat": actie.description,
                        "wie": actie.uitvoerder_name or str(actie.get_uitvoerder_display()),
                        "klaar_op": _day(actie.due_on),
                        "status": str(actie.get_status_display()),
                    }
                    for actie in doel.acties.all()
                ],
            }
        )
    return {
        "wat_goed_gaat": plan.going_well,
        "zorgen_en_prioriteiten": plan.worries,
        "evaluatiedatum": _day(plan.review_on),
        "akkoord_op": _day(plan.agreed_on),
        "akkoord_door": plan.agreed_by,
        "doelen": goals,
    }


def _dossiers(inwoner: Inwoner, household_ids: list[int]) -> list[Data]:
    dossiers = (
        Dossier.objects.filter(huishouden_id__in=household_ids)
        .select_related("team", "regisseur")
        .prefetch_related(
            "onderzoeken",
            Prefetch("timeline", queryset=TimelineEvent.objects.select_related("actor").order_by("at", "pk")),
            Prefetch("notes", queryset=DossierNote.objects.select_related("author").order_by("created_at", "pk")),
        )
        .order_by("opened_at", "pk")
    )
    plans = {
        plan.dossier_id: plan
        for plan in Plan.objects.filter(dossier__huishouden_id__in=household_ids).prefetch_related(
            "doelen__persons", "doelen__acties", "doelen__domain"
        )
    }
    result = []
    for dossier in dossiers:
        plan = plans.get(dossier.pk)
        result.append(
            {
                "dossier": str(dossier),
                "status": str(dossier.get_status_display()),
                "team": dossier.team.name,
                "regisseur": _name(dossier.regisseur),
                "geopend_op": _moment(dossier.opened_at),
                "gesloten_op": _moment(dossier.closed_at),
                "reden_afsluiten": str(dossier.get_close_reason_display()) if dossier.close_reason else "",
                "onderzoeken": [_onderzoek(onderzoek) for onderzoek in dossier.onderzoeken.all()],
                "plan": _plan(plan, inwoner) if plan is not None else None,
                "tijdlijn": [
                    {
                        "moment": _moment(event.at),
                        "soort": str(event.get_kind_display()),
                        "door": _name(event.actor),
                        "wat": event.summary,
                        "reden": event.reason,
                    }
                    for event in dossier.timeline.all()
                ],
                "notities": [
                    {
                        "moment": _moment(note.created_at),
                        "onderdeel": str(note.get_section_display()),
                        "door": _name(note.author),
                        "tekst": note.text,
                    }
                    for note in dossier.notes.all()
                ],
            }
        )
    return result


def _scores(inwoner: Inwoner) -> list[Data]:
    scores = (
        Score.objects.filter(inwoner=inwoner)
        .select_related("dossier", "domain__instrument")
        .order_by("assessed_on", "domain__order", "pk")
    )
    return [
        {
            "dossier": str(score.dossier),
            "instrument": score.domain.instrument.name,
            "leefdomein": score.domain.name,
            "niveau": score.level,
            "datum": _day(score.assessed_on),
            "motivering": score.motivation,
        }
        for score in scores
    ]


def _aanvragen(inwoner: Inwoner) -> list[Data]:
    aanvragen = (
        Aanvraag.objects.filter(inwoner=inwoner)
        .select_related("dossier")
        .prefetch_related("producten__voorziening", "beschikkingen__regels__voorziening", "beschikkingen__bezwaren")
        .order_by("received_on", "pk")
    )
    return [
        {
            "dossier": str(aanvraag.dossier),
            "wet": str(aanvraag.get_law_display()),
            "ontvangen_op": _day(aanvraag.received_on),
            "omschrijving": aanvraag.description,
            "status": str(aanvraag.get_status_display()),
            "gevraagd": [product.voorziening.name for product in aanvraag.producten.all()],
            "beschikkingen": [
                {
                    "nummer": beschikking.number,
                    "besluit": str(beschikking.get_outcome_display()),
                    "status": str(beschikking.get_status_display()),
                    "verzonden_op": _day(beschikking.sent_on),
                    "bezwaar_mogelijk_tot": _day(beschikking.objection_until),
                    "motivering": beschikking.motivation,
                    "wettelijke_grondslag": beschikking.legal_basis,
                    "regels": [
                        {
                            "voorziening": regel.voorziening.name,
                            "toegekend": regel.granted,
                            "ingangsdatum": _day(regel.start),
                            "einddatum": _day(regel.end),
                            "reden_afwijzing": regel.rejection_reason,
                        }
                        for regel in beschikking.regels.all()
                    ],
                    "bezwaren": [
                        {
                            "ontvangen_op": _day(bezwaar.received_on),
                            "status": str(bezwaar.get_status_display()),
                            "uitkomst": str(bezwaar.get_outcome_display()) if bezwaar.outcome else "",
                            "beslist_op": _day(bezwaar.decided_on),
                        }
                        for bezwaar in beschikking.bezwaren.all()
                    ],
                }
                for beschikking in aanvraag.beschikkingen.all()
            ],
        }
        for aanvraag in aanvragen
    ]


def _toewijzingen(inwoner: Inwoner) -> list[Data]:
    toewijzingen = (
        Toewijzing.objects.filter(inwoner=inwoner)
        .select_related("aanbieder", "voorziening")
        .order_by("ingangsdatum", "pk")
    )
    return [
        {
            "nummer": toewijzing.nummer,
            "wet": str(toewijzing.get_law_display()),
            "aanbieder": toewijzing.aanbieder.name,
            "voorziening": toewijzing.voorziening.name,
            "ingangsdatum": _day(toewijzing.ingangsdatum),
            "einddatum": _day(toewijzing.einddatum),
            "status": str(toewijzing.get_status_display()),
        }
        for toewijzing in toewijzingen
    ]


def _plain_value(instance: models.Model, field: "models.Field[Any, Any]") -> Any:
    if field.choices:
        return str(getattr(instance, f"get_{field.name}_display")())
    if field.is_relation:
        related = getattr(instance, field.name)
        return str(related) if related is not None else None
    value = field.value_from_object(instance)
    if isinstance(value, datetime):
        return _moment(value)
    if isinstance(value, date):
        return _day(value)
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    return str(value)


def _consents(inwoner: Inwoner) -> list[Data]:
    """Rows of the consent register about this person, whatever its exact shape; none if it is not there yet."""
    if not apps.is_installed("consent"):
        return []
    rows: list[Data] = []
    for model in apps.get_app_config("consent").get_models():
        person_fields = [
            field.name for field in model._meta.concrete_fields if field.is_relation and field.related_model is Inwoner
        ]
        if not person_fields:
            continue
        condition = models.Q()
        for name in person_fields:
            condition |= models.Q(**{name: inwoner})
        for instance in model._default_manager.filter(condition).order_by("pk"):
            row: Data = {"soort": str(model._meta.verbose_name)}
            for field in model._meta.concrete_fields:
                if field.primary_key:
                    continue
                row[str(field.verbose_name)] = _plain_value(instance, field)
            rows.append(row)
    return rows


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


def build_inzage(inwoner: Inwoner, *, prepared_by: User, history: bool = True) -> Data:
    """The whole export as plain data (JSON-ready); without `history` the access lines are left out (the PDF summarises them)."""
    with translation.override(LANGUAGE):
        memberships = list(
            HuishoudenLid.objects.filter(inwoner=inwoner).select_related("huishouden").order_by("start", "pk")
        )
        household_ids = [lid.huishouden_id for lid in memberships]
        return {
            "schema": SCHEMA,
            "versie": SCHEMA_VERSION,
            "opgesteld_op": _moment(timezone.now()),
            "opgesteld_door": _name(prepared_by),
            "persoon": _person(inwoner),
            "huishoudens": _households(memberships),
            "netwerk": _network(inwoner, household_ids),
            "meldingen": _meldingen(inwoner),
            "dossiers": _dossiers(inwoner, household_ids),
            "zelfredzaamheid": _scores(inwoner),
            "aanvragen": _aanvragen(inwoner),
            "toewijzingen": _toewijzingen(inwoner),
            "toestemmingen": _consents(inwoner),
            "toegangshistorie": _history(inwoner) if history else [],
        }


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
