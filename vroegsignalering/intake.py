"""The intake of vroegsignalen: a batch in, each new signal matched and stacked on its household's casus.

The only place that creates signals and casussen. Whatever arrives (an uploaded file, a file in the drop
folder, an API batch) ends as one ``SignalImport`` with its counts and an error per refused row: nothing is
lost silently. A partner delivers the same signal again when its own system retries; the pair (partner,
kenmerk) makes that harmless: the second delivery counts as "al eerder ontvangen" and changes nothing, not
even the casus.

A new signal is matched to a resident (``residents.matching``); a match joins the open casus of the person's
household, or opens one (with the norm terms of ``vroegsignalering.norms``) in the team of the household's open
dossier, else the team of the buurt. A signal without a match waits in the queue of the team of the reported
address until a team member links it by hand or closes it as "niet te koppelen".
"""

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from hashlib import sha256

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from audit.models import AccessAction, AccessBasis
from audit.services import log_access
from dossiers.models import Dossier
from dossiers.transitions import OPEN_STATUSES
from organisation.models import Team
from organisation.routing import team_for_buurt, wijk_of_buurt
from partners.models import Partner, PartnerKind
from residents.matching import Match, PersonAsReported, match_resident
from residents.models import Huishouden, Inwoner
from residents.selectors import households_of
from vroegsignalering.formats import FileRefused, RowError, SignalRow, parse_row, read_batch
from vroegsignalering.models import (
    CasusOutcome,
    ImportSource,
    MatchMethod,
    SignaalCasus,
    SignalImport,
    SignalKind,
    Vroegsignaal,
)
from vroegsignalering.norms import casus_terms, urgent_contact_due

#: Which arrears each kind of partner may report (Besluit Wgs art. 2-5): a landlord reports rent, not energy.
KINDS_BY_PARTNER: dict[str, frozenset[str]] = {
    PartnerKind.WONINGVERHUURDER: frozenset({SignalKind.HUUR}),
    PartnerKind.ENERGIE: frozenset({SignalKind.ENERGIE}),
    PartnerKind.WATER: frozenset({SignalKind.WATER}),
    PartnerKind.ZORGVERZEKERAAR: frozenset({SignalKind.ZORGVERZEKERING}),
}

IMPORT_OBJECT = "vroegsignaal-import"
SIGNAL_OBJECT = "vroegsignaal"
#: What a partner's code can look like (Partner.code is a slug of at most 40 characters).
PARTNER_CODE = re.compile(r"[-a-zA-Z0-9_]{1,40}")


class NotInQueue(ValueError):
    """The signal was linked or closed in the meantime (another team member was quicker)."""


@dataclass
class ImportResult:
    batch: SignalImport
    #: Per accepted or already received row (by its number): the signal, so the API can report its id.
    signals_by_row: dict[int, Vroegsignaal] = field(default_factory=dict)
    errors: list[RowError] = field(default_factory=list)


# --- A batch ----------------------------------------------------------------------------------------


def import_file(
    content: bytes,
    *,
    source: str,
    actor: User,
    filename: str = "",
    request: HttpRequest | None = None,
) -> ImportResult:
    """A delivered file (upload or drop folder): refused as a whole when it is no batch, else ``import_rows``."""
    digest = sha256(content).hexdigest()
    try:
        batch = read_batch(content)
    except FileRefused as refusal:
        return _refuse_file(str(refusal), source=source, actor=actor, filename=filename, digest=digest, request=request)
    return import_rows(
        list(batch.rows),
        source=source,
        actor=actor,
        filename=filename,
        request=request,
        file_format=batch.file_format,
        digest=digest,
    )


@transaction.atomic
def import_rows(
    rows: Sequence[Mapping[str, object] | tuple[int, Mapping[str, object]]],
    *,
    source: str,
    actor: User,
    partner: Partner | None = None,
    filename: str = "",
    request: HttpRequest | None = None,
    file_format: str = "",
    digest: str = "",
) -> ImportResult:
    """Import already-read rows; each row is a dict of the documented keys, or (row number, dict).

    ``partner`` (the API: the partner that authenticated) makes every row that partner's: a row naming another
    partner is refused. Rows are numbered from 1 unless their number is given.
    """
    batch = SignalImport.objects.create(
        source=source,
        filename=_safe_filename(filename),
        sha256=digest,
        file_format=file_format or ("json" if source == ImportSource.API else ""),
        imported_by=actor,
        rows_total=len(rows),
    )
    result = ImportResult(batch=batch)
    partners = _partners_named(rows, partner)
    seen: set[tuple[int, str]] = set()
    for index, item in enumerate(rows, start=1):
        number, raw = item if isinstance(item, tuple) else (index, item)
        parsed = parse_row(number, raw)
        if isinstance(parsed, SignalRow):
            parsed = _check_partner(parsed, partners, partner)
        if isinstance(parsed, RowError):
            result.errors.append(parsed)
            continue
        sender = partners[parsed.partner]
        if (sender.pk, parsed.kenmerk) in seen:
            result.errors.append(RowError(number, "kenmerk", _("dit kenmerk staat al eerder in deze levering.")))
            continue
        seen.add((sender.pk, parsed.kenmerk))
        signal, created = _receive(parsed, sender, batch)
        result.signals_by_row[number] = signal
        if created:
            batch.rows_accepted += 1
        else:
            batch.rows_unchanged += 1
    batch.rows_rejected = len(result.errors)
    batch.errors = [error.as_dict() for error in result.errors]
    batch.save(update_fields=["rows_accepted", "rows_unchanged", "rows_rejected", "errors"])
    _log_batch(request, actor, batch)
    return result


def _refuse_file(
    reason: str, *, source: str, actor: User, filename: str, digest: str, request: HttpRequest | None
) -> ImportResult:
    batch = SignalImport.objects.create(
        source=source,
        filename=_safe_filename(filename),
        sha256=digest,
        imported_by=actor,
        file_error=reason[:300],
    )
    _log_batch(request, actor, batch)
    return ImportResult(batch=batch)


def _safe_filename(filename: str) -> str:
    """The name as shown: no folders, no control characters (a drop-folder name is not to be trusted)."""
    name = filename.replace("\\", "/").rsplit("/", 1)[-1]
    return "".join(character for character in name if character.isprintable())[:255]


def _log_batch(request: HttpRequest | None, actor: User, batch: SignalImport) -> None:
    log_access(
        request,
        user=actor,
        action=AccessAction.CREATE,
        basis=AccessBasis.VROEGSIGNALERING,
        object_type=IMPORT_OBJECT,
        object_id=batch.pk,
        detail=(
            f"{batch.get_source_display()}: geweigerd bestand"
            if batch.refused
            else f"{batch.get_source_display()}: {batch.rows_accepted} nieuw, {batch.rows_unchanged} al ontvangen, "
            f"{batch.rows_rejected} geweigerd"
        ),
    )


def _partners_named(
    rows: Sequence[Mapping[str, object] | tuple[int, Mapping[str, object]]], forced: Partner | None
) -> dict[str, Partner]:
    """The partners the rows name, by lower-case code, in one query."""
    codes: set[str] = set()
    for item in rows:
        raw = item[1] if isinstance(item, tuple) else item
        value = raw.get("partner") if isinstance(raw, Mapping) else None
        # Only what could be a partner's code (a slug) is looked up: a NUL or other stray character in a
        # hostile row would otherwise reach the database (PostgreSQL refuses NUL in text with an error).
        if isinstance(value, str) and PARTNER_CODE.fullmatch(value.strip()):
            codes.add(value.strip().lower())
    named = Q()
    for code in codes:
        named |= Q(code__iexact=code)
    found = {p.code.lower(): p for p in Partner.objects.filter(named)} if codes else {}
    if forced is not None:
        found[forced.code.lower()] = forced
    return found


def _check_partner(row: SignalRow, partners: Mapping[str, Partner], forced: Partner | None) -> SignalRow | RowError:
    sender = partners.get(row.partner)
    if forced is not None and (sender is None or sender.pk != forced.pk):
        return RowError(row.row, "partner", _("u kunt alleen signalen van uw eigen organisatie insturen."))
    if sender is None:
        return RowError(row.row, "partner", _("deze partner is bij de gemeente niet bekend."))
    if not sender.active:
        return RowError(row.row, "partner", _("deze partner is niet (meer) actief."))
    if not sender.gives_signals:
        return RowError(row.row, "partner", _("deze soort organisatie mag geen vroegsignalen afgeven (Wgs art. 3)."))
    if row.soort not in KINDS_BY_PARTNER.get(sender.kind, frozenset()):
        return RowError(row.row, "soort", _("deze soort achterstand past niet bij de soort partner."))
    return row


def _receive(row: SignalRow, sender: Partner, batch: SignalImport) -> tuple[Vroegsignaal, bool]:
    """The new signal, matched and placed; or the one already received under this kenmerk, untouched."""
    existing = Vroegsignaal.objects.filter(partner=sender, partner_signal_id=row.kenmerk).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            signal = Vroegsignaal.objects.create(
                partner=sender,
                partner_signal_id=row.kenmerk,
                import_batch=batch,
                kind=row.soort,
                reported_on=row.gemeld_op,
                arrears_amount=row.bedrag,
                arrears_months=row.maanden,
                threat=row.dreiging,
                bsn=row.bsn,
                voorletters=row.voorletters,
                tussenvoegsel=row.tussenvoegsel,
                achternaam=row.achternaam,
                geboortedatum=row.geboortedatum,
                postcode=row.postcode,
                huisnummer=row.huisnummer,
                huisnummer_toevoeging=row.toevoeging,
            )
    except IntegrityError:  # the same signal arrived at the same moment through another batch
        return Vroegsignaal.objects.get(partner=sender, partner_signal_id=row.kenmerk), False
    _place(signal, match_resident(_as_reported(signal)))
    return signal, True


def _as_reported(signal: Vroegsignaal) -> PersonAsReported:
    return PersonAsReported(
        achternaam=signal.achternaam,
        postcode=signal.postcode,
        huisnummer=signal.huisnummer,
        huisnummer_toevoeging=signal.huisnummer_toevoeging,
        geboortedatum=signal.geboortedatum,
        bsn=signal.bsn,
    )


# --- Matching and stacking ----------------------------------------------------------------------------


def _place(signal: Vroegsignaal, match: Match, *, fallback_team: Team | None = None) -> None:
    """Attach a matched signal to its casus; an unmatched one (or one no team covers) goes to the queue.

    A signal linked from the queue keeps its ``queue_team``: it tells who handled it (and may see that it was).
    """
    if match.inwoner is not None:
        signal.inwoner = match.inwoner
        signal.match_method = match.method
        casus = _casus_for(match.inwoner, signal, fallback_team)
        if casus is not None:
            signal.casus = casus
            signal.save(update_fields=["inwoner", "match_method", "casus"])
            _stack(casus, signal)
            return
    signal.queue_team = queue_team_for(signal.postcode, signal.huisnummer) or fallback_team
    signal.save(update_fields=["inwoner", "match_method", "queue_team"])


def _casus_for(inwoner: Inwoner, signal: Vroegsignaal, fallback_team: Team | None) -> SignaalCasus | None:
    """The household's open casus, or a new one; None when no team covers the person (then the queue)."""
    household = households_of(inwoner).first()
    open_cases = SignaalCasus.objects.select_for_update().filter(outcome=CasusOutcome.OPEN)
    if household is not None:
        casus = open_cases.filter(huishouden=household).order_by("pk").first()
    else:
        casus = open_cases.filter(huishouden=None, signalen__inwoner=inwoner).order_by("pk").first()
    if casus is not None:
        return casus
    team = _team_of(household, inwoner) or fallback_team
    if team is None:
        return None
    terms = casus_terms(signal.reported_on, threatened=bool(signal.threat))
    return SignaalCasus.objects.create(
        huishouden=household,
        team=team,
        wijk=wijk_of_buurt(inwoner.buurt_id),
        contact_due=terms.contact_due,
        analysis_due=terms.analysis_due,
    )


def _team_of(household: Huishouden | None, inwoner: Inwoner) -> Team | None:
    """The team of the household's open dossier (it already knows them), else the wijkteam of the buurt."""
    if household is not None:
        dossier = (
            Dossier.objects.filter(huishouden=household, status__in=OPEN_STATUSES)
            .select_related("team")
            .order_by("-opened_at", "-pk")
            .first()
        )
        if dossier is not None:
            return dossier.team
    return team_for_buurt(inwoner.buurt_id)


def _stack(casus: SignaalCasus, signal: Vroegsignaal) -> None:
    """Keep the casus in step with its signals: how many, and whether any tells of a threatening situation."""
    casus.signal_count = casus.signalen.count()
    fields = ["signal_count"]
    if signal.threat and not casus.threat:
        casus.threat = signal.threat
        fields.append("threat")
        if casus.contacted_on is None:
            urgent = urgent_contact_due(signal.reported_on)
            if casus.contact_due is None or urgent < casus.contact_due:
                casus.contact_due = urgent
                fields.append("contact_due")
    casus.save(update_fields=fields)


def queue_team_for(postcode: str, huisnummer: int | None) -> Team | None:
    """The team whose queue an unmatched signal waits in: from the address the partner reported.

    A resident known at that postcode and house number gives the buurt; else any resident in that postcode
    (a postcode rarely crosses a buurt); no buurt known, no team: then only teamleiders see the signal.
    """
    at_address = Inwoner.objects.filter(postcode=postcode, buurt__isnull=False)
    buurt_id = (
        at_address.filter(huisnummer=huisnummer).values_list("buurt_id", flat=True).first()
        or at_address.values_list("buurt_id", flat=True).first()
    )
    return team_for_buurt(buurt_id)


# --- The queue: by hand --------------------------------------------------------------------------------


def _in_queue(signal_id: int) -> Vroegsignaal:
    signal = (
        Vroegsignaal.objects.select_for_update()
        .filter(pk=signal_id, casus__isnull=True, discarded_at__isnull=True)
        .first()
    )
    if signal is None:
        raise NotInQueue(_("Dit signaal is intussen al gekoppeld of afgesloten."))
    return signal


@transaction.atomic
def link_by_hand(
    signal: Vroegsignaal, inwoner: Inwoner, *, actor: User, team: Team | None, request: HttpRequest | None = None
) -> Vroegsignaal:
    """A team member found the person: the signal joins the household's casus (stacking applies as always).

    ``team`` (the team member's own) opens the casus when neither a dossier nor the buurt names a team.
    """
    current = _in_queue(signal.pk)
    _place(current, Match(inwoner, MatchMethod.HAND), fallback_team=team)
    log_access(
        request,
        user=actor,
        action=AccessAction.UPDATE,
        basis=AccessBasis.VROEGSIGNALERING,
        object_type=SIGNAL_OBJECT,
        object_id=current.pk,
        detail=f"met de hand gekoppeld aan inwoner {inwoner.pk}, casus {current.casus_id or '-'}",
    )
    return current


@transaction.atomic
def discard(signal: Vroegsignaal, *, actor: User, note: str, request: HttpRequest | None = None) -> Vroegsignaal:
    """Close the signal without a casus: the person does not live here or cannot be identified."""
    current = _in_queue(signal.pk)
    current.discarded_at = timezone.now()
    current.discarded_by = actor
    current.discard_note = note.strip()
    current.save(update_fields=["discarded_at", "discarded_by", "discard_note"])
    log_access(
        request,
        user=actor,
        action=AccessAction.UPDATE,
        basis=AccessBasis.VROEGSIGNALERING,
        object_type=SIGNAL_OBJECT,
        object_id=current.pk,
        detail="niet te koppelen",
    )
    return current


def open_queue_q() -> Q:
    return Q(casus__isnull=True, discarded_at__isnull=True)
