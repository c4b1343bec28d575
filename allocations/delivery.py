"""Start and stop of delivery (305 / 307): the aanbieder reports what it does with an allocation.

Each product is handled on its own: one that cannot be linked to a current allocation of this
client and aanbieder is rejected in the retour with its code, the others update the allocation and
the timeline of the client's open dossiers.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_stubs_ext import StrOrPromise

from allocations.answers import retour_task
from allocations.models import DeliveryStatus, Toewijzing
from allocations.received import (
    CODE_AL_ONTVANGEN,
    CODE_GEEN_START,
    CODE_GEEN_TOEWIJZING,
    CODE_TOEWIJZING_VERWIJDERD,
    Received,
    day,
    find_toewijzing,
    product_reason,
)
from dossiers.models import TimelineEvent
from dossiers.services import add_timeline_event
from istandaarden.retourcodes import position_key

#: Reden beëindiging (WMO588), for the timeline.
REDEN_BEEINDIGING: dict[str, StrOrPromise] = {
    "02": gettext_lazy("overlijden"),
    "19": gettext_lazy("volgens plan beëindigd"),
    "20": gettext_lazy("tijdelijk beëindigd"),
    "21": gettext_lazy("eenzijdig door cliënt"),
    "22": gettext_lazy("eenzijdig door aanbieder"),
    "23": gettext_lazy("in overeenstemming voortijdig"),
    "31": gettext_lazy("verhuizing"),
    "36": gettext_lazy("geïnitieerd door gemeente"),
    "37": gettext_lazy("in verband met wijzigingsverzoek"),
    "38": gettext_lazy("overstap naar andere aanbieder"),
    "39": gettext_lazy("uitstroom naar ander domein"),
}


def _timeline(received: Received, allocation: Toewijzing, summary: str, **data: object) -> None:
    """On the timeline of the dossier that owns the allocation only, not on every dossier of the person."""
    if allocation.dossier is None:
        return
    add_timeline_event(
        allocation.dossier,
        received.actor,
        TimelineEvent.Kind.TOEWIJZING,
        summary,
        "",
        bericht=received.bericht.pk,
        **data,
    )


def process_start(received: Received) -> None:
    done = 0
    total = 0
    for client in received.message.clients:
        inwoner = received.inwoners[client.bsn]
        for position, start in enumerate(client.starts, start=1):
            total += 1
            key = start.toewijzingnummer or position_key("StartProduct", position)
            toewijzing, why, code = find_toewijzing(received, start.toewijzingnummer, inwoner)
            if toewijzing is not None and start.status_aanlevering == "3":
                # StatusAanlevering 3: the provider withdraws an earlier start message.
                if toewijzing.status == DeliveryStatus.GESTART:
                    toewijzing.status = DeliveryStatus.TOEGEWEZEN
                    toewijzing.started_on = None
                    toewijzing.save(update_fields=["status", "started_on"])
                    _timeline(
                        received,
                        toewijzing,
                        _("%(aanbieder)s trekt de start van de levering in (%(toewijzing)s).")
                        % {"aanbieder": received.aanbieder.name, "toewijzing": toewijzing},
                        toewijzing=toewijzing.nummer,
                    )
                    done += 1
                    continue
                toewijzing, why, code = None, _("er is geen startbericht om in te trekken"), CODE_GEEN_START
            elif toewijzing is not None and toewijzing.status == DeliveryStatus.INGETROKKEN:
                toewijzing, why, code = None, _("de toewijzing is ingetrokken"), CODE_TOEWIJZING_VERWIJDERD
            elif toewijzing is not None and toewijzing.status == DeliveryStatus.GESTOPT:
                toewijzing, why, code = None, _("de levering is al gestopt"), CODE_AL_ONTVANGEN
            if toewijzing is None:
                received.reasons.append(product_reason(key, why, code))
                continue
            toewijzing.status = DeliveryStatus.GESTART
            toewijzing.started_on = start.begindatum
            toewijzing.save(update_fields=["status", "started_on"])
            _timeline(
                received,
                toewijzing,
                _("%(aanbieder)s is gestart met %(product)s (toewijzing %(nummer)s) op %(day)s.")
                % {
                    "aanbieder": received.aanbieder.name,
                    "product": toewijzing.voorziening.name,
                    "nummer": toewijzing.nummer,
                    "day": day(start.begindatum),
                },
                toewijzing=toewijzing.nummer,
            )
            done += 1
    received.summary = _("Start zorg: %(done)s van %(total)s producten verwerkt.") % {"done": done, "total": total}
    retour_task(received)


def process_stop(received: Received) -> None:
    done = 0
    total = 0
    for client in received.message.clients:
        inwoner = received.inwoners[client.bsn]
        for position, stop in enumerate(client.stops, start=1):
            total += 1
            key = stop.toewijzingnummer or position_key("StopProduct", position)
            toewijzing, why, code = find_toewijzing(received, stop.toewijzingnummer, inwoner)
            if toewijzing is not None and stop.status_aanlevering == "3":
                if toewijzing.status == DeliveryStatus.GESTOPT:
                    toewijzing.status = DeliveryStatus.GESTART
                    toewijzing.stopped_on = None
                    toewijzing.reden_beeindiging = ""
                    toewijzing.save(update_fields=["status", "stopped_on", "reden_beeindiging"])
                    _timeline(
                        received,
                        toewijzing,
                        _("%(aanbieder)s trekt de stop van de levering in (%(toewijzing)s).")
                        % {"aanbieder": received.aanbieder.name, "toewijzing": toewijzing},
                        toewijzing=toewijzing.nummer,
                    )
                    done += 1
                    continue
                toewijzing, why, code = None, _("er is geen stopbericht om in te trekken"), CODE_GEEN_TOEWIJZING
            elif toewijzing is not None and toewijzing.status not in (DeliveryStatus.GESTART, DeliveryStatus.GESTOPT):
                toewijzing, why, code = (
                    None,
                    _("er is geen startbericht voor deze toewijzing ontvangen"),
                    CODE_GEEN_START,
                )
            if toewijzing is None:
                received.reasons.append(product_reason(key, why, code))
                continue
            toewijzing.status = DeliveryStatus.GESTOPT
            toewijzing.stopped_on = stop.einddatum
            toewijzing.reden_beeindiging = stop.reden_beeindiging
            toewijzing.save(update_fields=["status", "stopped_on", "reden_beeindiging"])
            reden = REDEN_BEEINDIGING.get(stop.reden_beeindiging, stop.reden_beeindiging)
            _timeline(
                received,
                toewijzing,
                _("%(aanbieder)s is gestopt met %(product)s (toewijzing %(nummer)s) op %(day)s: %(reden)s.")
                % {
                    "aanbieder": received.aanbieder.name,
                    "product": toewijzing.voorziening.name,
                    "nummer": toewijzing.nummer,
                    "day": day(stop.einddatum),
                    "reden": reden,
                },
                toewijzing=toewijzing.nummer,
                reden_beeindiging=stop.reden_beeindiging,
            )
            done += 1
    received.summary = _("Stop zorg: %(done)s van %(total)s producten verwerkt.") % {"done": done, "total": total}
    retour_task(received)
