"""The aggregate delivery of vroegsignalering figures per gemeente and period (a month or a quarter).

Counts only: no person, no address, no amount of one household, no free text. Every export is checked against
our JSON Schema (schemas/vroegsignalering-aggregaat.schema.json, draft 2020-12) before it is served, so a change
in the code that breaks the format is refused rather than delivered. The schema is our own description of the
fields we produce; the official DDAS exchange model of VNG Realisatie is a person-level delivery without a licence
we could ship under (docs/vroegsignalering.md).
"""

import functools
import json
from datetime import datetime, time, timedelta
from pathlib import Path
from statistics import median
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.functions import TruncDate
from django.utils import timezone
from jsonschema import Draft202012Validator, FormatChecker

from monitor.periods import Period
from organisation.models import Gemeente
from partners.models import PartnerKind
from vroegsignalering.models import CasusOutcome, ContactPoging, ContactResult, SignaalCasus, SignalKind, Vroegsignaal

SCHEMA_PATH = Path(__file__).parent / "schemas" / "vroegsignalering-aggregaat.schema.json"
SCHEMA_NAME = "open-wijkteam/vroegsignalering-aggregaat"
SCHEMA_VERSION = 1

#: The partner kinds the Wgs lets report arrears, with their key in the export.
PARTNER_KEYS = {
    PartnerKind.WONINGVERHUURDER: "woningverhuurder",
    PartnerKind.ENERGIE: "energie",
    PartnerKind.WATER: "water",
    PartnerKind.ZORGVERZEKERAAR: "zorgverzekeraar",
}
KIND_KEYS = {
    SignalKind.HUUR: "huur",
    SignalKind.ENERGIE: "energie",
    SignalKind.WATER: "water",
    SignalKind.ZORGVERZEKERING: "zorgverzekering",
}
OUTCOME_KEYS = {
    CasusOutcome.GEACCEPTEERD: "geaccepteerd",
    CasusOutcome.GEWEIGERD: "geweigerd",
    CasusOutcome.NIET_BEREIKT: "nietBereikt",
    CasusOutcome.AL_GEHOLPEN: "alGeholpen",
}


class InvalidExport(Exception):
    """The export does not match its schema: it is not served. The message names the field, never a value."""


@functools.cache
def schema() -> dict[str, Any]:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def validate(document: dict[str, Any]) -> None:
    validator = Draft202012Validator(schema(), format_checker=FormatChecker())
    errors = sorted(validator.iter_errors(document), key=lambda error: list(error.absolute_path))
    if errors:
        where = ", ".join("/".join(str(part) for part in error.absolute_path) or "(hoofdniveau)" for error in errors)
        raise InvalidExport(f"De export voldoet niet aan het schema bij: {where}")


def _aware_bounds(period: Period) -> tuple[datetime, datetime]:
    """The period as moments in local time: a signal received at 00:30 on the first belongs to that month."""
    return (
        timezone.make_aware(datetime.combine(period.start, time.min)),
        timezone.make_aware(datetime.combine(period.end, time.min)),
    )


def build(gemeente: Gemeente, period: Period) -> dict[str, Any]:
    """The figures of `gemeente` for `period`, as the schema describes them (not yet validated)."""
    start, end = _aware_bounds(period)
    signals = Vroegsignaal.objects.filter(received_at__gte=start, received_at__lt=end).filter(
        Q(casus__team__gemeente=gemeente) | Q(casus__isnull=True, queue_team__gemeente=gemeente)
    )
    per_partner = dict(signals.values_list("partner__kind").annotate(n=Count("pk")).order_by())
    per_kind = dict(signals.values_list("kind").annotate(n=Count("pk")).order_by())
    matched = signals.filter(inwoner__isnull=False).count()
    total = sum(per_kind.values())

    casussen = SignaalCasus.objects.filter(team__gemeente=gemeente)
    opened = casussen.filter(opened_at__gte=start, opened_at__lt=end)
    opened_counts = opened.aggregate(
        total=Count("pk"),
        stacked=Count("pk", filter=Q(signal_count__gt=1)),
        threatened=Count("pk", filter=~Q(threat="")),
    )
    opened_counts["tried"] = opened.filter(Exists(ContactPoging.objects.filter(casus=OuterRef("pk")))).count()
    opened_counts["reached"] = opened.filter(
        Exists(ContactPoging.objects.filter(casus=OuterRef("pk"), result=ContactResult.BEREIKT))
    ).count()
    outcomes = dict(
        casussen.filter(outcome_on__gte=period.start, outcome_on__lt=period.end)
        .exclude(outcome=CasusOutcome.OPEN)
        .values_list("outcome")
        .annotate(n=Count("pk"))
        .order_by()
    )
    contact_days = [
        (contacted - opened_on).days
        for contacted, opened_on in casussen.filter(contacted_on__gte=period.start, contacted_on__lt=period.end)
        .annotate(opened_on=TruncDate("opened_at"))
        .values_list("contacted_on", "opened_on")
    ]
    return {
        "schema": SCHEMA_NAME,
        "versie": SCHEMA_VERSION,
        "gemeente": {"cbsCode": gemeente.cbs_code, "naam": gemeente.name},
        "periode": {
            "soort": "kwartaal" if "-K" in period.key else "maand",
            "code": period.key,
            "startdatum": period.start.isoformat(),
            "einddatum": (period.end - timedelta(days=1)).isoformat(),
        },
        "aangemaaktOp": timezone.localtime().isoformat(timespec="seconds"),
        "signalen": {
            "totaal": total,
            "perSoortPartner": {key: per_partner.get(kind, 0) for kind, key in PARTNER_KEYS.items()},
            "perSoortAchterstand": {key: per_kind.get(kind, 0) for kind, key in KIND_KEYS.items()},
            "gekoppeld": matched,
            "nietGekoppeld": total - matched,
        },
        "casussen": {
            "totaal": opened_counts["total"],
            "gestapeld": opened_counts["stacked"],
            "dreigendeSituatie": opened_counts["threatened"],
            "contactGezocht": opened_counts["tried"],
            "bereikt": opened_counts["reached"],
        },
        "uitkomsten": {key: outcomes.get(outcome, 0) for outcome, key in OUTCOME_KEYS.items()},
        "medianeDagenTotContact": _median(contact_days),
    }


def _median(days: list[int]) -> float | int | None:
    if not days:
        return None
    value = median(max(day, 0) for day in days)
    return int(value) if float(value).is_integer() else float(value)


def export(gemeente: Gemeente, period: Period) -> dict[str, Any]:
    """The validated export; raises InvalidExport instead of returning a document that breaks the schema."""
    document = build(gemeente, period)
    validate(document)
    return document


def filename(gemeente: Gemeente, period: Period) -> str:
    return f"vroegsignalering-{gemeente.cbs_code}-{period.key}.json"
