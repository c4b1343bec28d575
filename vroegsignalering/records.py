"""What vroegsignalering holds about a person, for the inzage export (AVG art. 15; dossiers.records).

A resident may ask what the municipality holds about them; the payment arrears a partner reported about them are
part of it: who reported what, when, how it was matched, and what the team did (attempts and outcome). The
signals a casus holds about other members of the household are theirs, not this person's.

Destruction of a dossier needs no step of its own: the registry sweep (retention.destruction) removes every row
that points at a person or household that goes. Signals that led to nothing go earlier, after the Wgs term
(vroegsignalering.retention).
"""

from core.translations import in_record_language
from dossiers.records import Data, Holdings, InzageList, iso_day, iso_moment, user_name
from residents.models import Inwoner
from vroegsignalering.models import ContactPoging, SignaalCasus, Vroegsignaal


def signals_about(inwoner: Inwoner) -> list[Data]:
    rows = []
    signals = (
        Vroegsignaal.objects.filter(inwoner=inwoner)
        .select_related("partner", "casus__outcome_by")
        .prefetch_related("casus__pogingen__by")
        .order_by("received_at", "pk")
    )
    with in_record_language():
        for signal in signals:
            casus = signal.casus
            rows.append(
                {
                    "partner": signal.partner.name,
                    "soort": str(signal.get_kind_display()),
                    "gemeld_op": iso_day(signal.reported_on),
                    "ontvangen_op": iso_moment(signal.received_at),
                    "achterstand_euro": str(signal.arrears_amount),
                    "maanden_achterstand": signal.arrears_months,
                    "dreigende_situatie": str(signal.get_threat_display()) if signal.threat else "",
                    "gekoppeld": str(signal.get_match_method_display()) if signal.match_method else "",
                    "casus": _casus(casus) if casus is not None else None,
                }
            )
    return rows


def _casus(casus: SignaalCasus) -> Data:
    return {
        "nummer": casus.pk,
        "uitkomst": str(casus.get_outcome_display()),
        "uitkomst_op": iso_day(casus.outcome_on),
        "uitkomst_door": user_name(casus.outcome_by),
        "toelichting": casus.outcome_note,
        "contact_gelegd_op": iso_day(casus.contacted_on),
        "contactpogingen": [
            {
                "datum": iso_day(attempt.on),
                "hoe": str(attempt.get_method_display()),
                "dagdeel": str(attempt.get_daypart_display()),
                "resultaat": str(attempt.get_result_display()),
                "notitie": attempt.note,
                "door": user_name(attempt.by),
            }
            for attempt in casus.pogingen.all()
        ],
    }


HOLDINGS = Holdings(
    app="vroegsignalering",
    inzage=(
        InzageList("vroegsignalen", order=97, rows=signals_about, models=(Vroegsignaal, SignaalCasus, ContactPoging)),
    ),
)
