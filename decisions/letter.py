"""The beschikking letter: the decision as the household receives it, as a PDF (WeasyPrint, see ADR 0005).

The letter is the legal act itself, so it carries everything the Awb asks of a decision: who decides,
for whom, what, why, on which basis, and how and until when one can object (Awb 3:45, 3:46, 4:16, 6:7).
It is always written in Dutch (Awb 2:6), whatever language the member of staff uses the platform in.

Once sent, the exact bytes are kept (`Letter`, with a SHA-256) so the dossier shows what the household
received, not a re-rendering that would change when the template or the catalogue changes.
"""

import hashlib
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.template.loader import render_to_string
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from weasyprint import HTML, URLFetcher

from accounts.models import User
from core.formatting import euro
from core.translations import in_record_language
from deadlines.calendar_source import current_calendar
from deadlines.terms import compute_deadline
from decisions.models import Beschikking, BeschikkingRegel, Letter, Leveringsvorm, Outcome
from residents.models import Inwoner

#: Awb art. 2:6: a bestuursorgaan writes in Dutch (the record language, see core.translations.in_record_language).
LETTER_LANGUAGE = "nl"
TEMPLATE = "decisions/letter/beschikking.html"

#: Tagged PDF (PDF/UA-1) so screen readers can read the letter; it also carries the title and language.
PDF_OPTIONS: dict[str, Any] = {"pdf_variant": "pdf/ua-1"}

#: Below this age the letter is addressed to the parents or carers (Jeugdwet: from 16 the young person decides).
AGE_OF_OWN_LETTER = 16

_OUTCOME_SENTENCE = {
    Outcome.TOEKENNING: gettext_lazy("Wij kennen uw aanvraag toe."),
    Outcome.GEDEELTELIJK: gettext_lazy("Wij kennen uw aanvraag gedeeltelijk toe. Een deel wijzen wij af."),
    Outcome.AFWIJZING: gettext_lazy("Wij wijzen uw aanvraag af."),
}


class LetterNotReady(ValueError):
    """A final letter needs the day of sending and the last day to object."""


class DataOnlyFetcher(URLFetcher):  # type: ignore[misc]
    """Refuse every resource that is not inline (`data:`): the letter never reaches out to the network or disk.

    A letter with personal data must not leak a request to a third party, and must look the same whenever it
    is rendered; so fonts, styles and images all come from the template itself.
    """

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> Any:
        if not url.lower().startswith("data:"):
            raise ValueError(f"De brief laadt geen externe bronnen: {url[:80]}")
        return super().fetch(url, headers)


@dataclass(frozen=True)
class LetterLine:
    """One product as the letter states it, already worded, so the template only lays it out."""

    voorziening: str
    granted: bool
    omvang: str
    period: str
    leveringsvorm: str
    is_pgb: bool
    budget: str
    rejection_reason: str


def long_date(day: date) -> str:
    """E.g. "3 april 2026"."""
    return formats.date_format(day, "j F Y")


def day_and_date(day: date) -> str:
    """E.g. "vrijdag 3 april 2026": the weekday makes a deadline hard to misread."""
    return formats.date_format(day, "l j F Y")


def _postcode(value: str) -> str:
    return f"{value[:4]} {value[4:]}" if len(value) == 6 else value


def _is_for_parents(inwoner: Inwoner, on: date) -> bool:
    return inwoner.age_on(on) < AGE_OF_OWN_LETTER


def _salutation(inwoner: Inwoner, on: date) -> str:
    if _is_for_parents(inwoner, on):
        return _("Beste ouder(s) of verzorger(s) van %(name)s,") % {"name": inwoner.full_name}
    return _("Beste %(name)s,") % {"name": inwoner.full_name}


def _addressee(inwoner: Inwoner, on: date) -> list[str]:
    name = inwoner.full_name
    if _is_for_parents(inwoner, on):
        name = _("De ouder(s) of verzorger(s) van %(name)s") % {"name": name}
    number = f"{inwoner.huisnummer or ''}{inwoner.huisnummer_toevoeging}"
    street = " ".join(part for part in (inwoner.straat, number) if part)
    place = " ".join(part for part in (_postcode(inwoner.postcode), inwoner.woonplaats) if part)
    return [line for line in (name, street, place) if line]


def _omvang(regel: BeschikkingRegel) -> str:
    parts = [
        str(regel.volume) if regel.volume is not None else "",
        str(regel.get_unit_display()) if regel.unit else "",
        str(regel.get_frequency_display()) if regel.frequency else "",
    ]
    return " ".join(part for part in parts if part)


def _period(regel: BeschikkingRegel) -> str:
    if regel.start and regel.end:
        return _("%(start)s tot en met %(end)s") % {"start": long_date(regel.start), "end": long_date(regel.end)}
    if regel.start:
        return _("vanaf %(start)s") % {"start": long_date(regel.start)}
    if regel.end:
        return _("tot en met %(end)s") % {"end": long_date(regel.end)}
    return ""


def _line(regel: BeschikkingRegel) -> LetterLine:
    is_pgb = regel.granted and regel.leveringsvorm == Leveringsvorm.PGB
    if not regel.granted:
        leveringsvorm = ""
    elif is_pgb:
        leveringsvorm = _("Persoonsgebonden budget (pgb)")
    elif regel.aanbieder is not None:
        leveringsvorm = _("Zorg in natura, geleverd door %(aanbieder)s") % {"aanbieder": regel.aanbieder.name}
    else:
        leveringsvorm = _("Zorg in natura")
    return LetterLine(
        voorziening=regel.voorziening.name,
        granted=regel.granted,
        omvang=_omvang(regel) if regel.granted else "",
        period=_period(regel) if regel.granted else "",
        leveringsvorm=leveringsvorm,
        is_pgb=is_pgb,
        budget=euro(regel.estimated_amount) if is_pgb else "",
        rejection_reason=regel.rejection_reason,
    )


def _signers(beschikking: Beschikking) -> list[str]:
    signers: list[User | None] = [beschikking.first_signer, beschikking.second_signer]
    return [str(signer) for signer in signers if signer is not None]


def _objection_day(beschikking: Beschikking, *, draft: bool, today: date) -> tuple[date, bool]:
    """The last day to object and whether it is provisional (a draft: counted as if sent today)."""
    if beschikking.objection_until is not None:
        return beschikking.objection_until, False
    if not draft:
        raise LetterNotReady("Een verzonden brief heeft een laatste dag voor bezwaar nodig.")
    return compute_deadline("AWB_BEZWAARTERMIJN", today, current_calendar()).due, True


def _undecreed_years_note(counted_from: date, objection_until: date) -> str:
    """Say so when the last day to object depends on a year without a known Royal Decree (Atw art. 3 lid 3).

    Checked against the calendar when the letter is rendered; a sent letter is stored as it was sent,
    so the note stays exactly as the household received it.
    """
    years = current_calendar().undecreed_years(counted_from, objection_until)
    if not years:
        return ""
    return _(
        "Deze datum is voorlopig: welke dagen in %(years)s gelijkstaan aan een feestdag, is nog niet "
        "vastgesteld bij Koninklijk Besluit (Algemene termijnenwet, artikel 3 lid 3)."
    ) % {"years": _(" en ").join(str(year) for year in years)}


def letter_context(beschikking: Beschikking, *, draft: bool) -> dict[str, object]:
    """Everything the letter says, worded in Dutch; call inside `in_record_language()`."""
    if not draft and beschikking.sent_on is None:
        raise LetterNotReady("Een verzonden brief heeft een verzenddatum nodig.")
    today = timezone.localdate()
    aanvraag = beschikking.aanvraag
    dossier = aanvraag.dossier
    gemeente = dossier.team.gemeente
    letter_day = beschikking.sent_on if not draft and beschikking.sent_on else today
    objection_until, provisional = _objection_day(beschikking, draft=draft, today=today)
    counted_from = beschikking.sent_on if beschikking.objection_until is not None and beschikking.sent_on else today
    regels = list(beschikking.regels.select_related("voorziening", "aanbieder"))
    lines = [_line(regel) for regel in regels]
    contact = aanvraag.consulent or beschikking.prepared_by
    return {
        "draft": draft,
        "title": _("Beschikking %(number)s") % {"number": beschikking.number},
        "gemeente": gemeente.name,
        "postal_address": gemeente.postal_address,
        "phone": gemeente.phone,
        "college": _("het college van burgemeester en wethouders van %(gemeente)s") % {"gemeente": gemeente.name},
        "team": dossier.team.name,
        "addressee": _addressee(aanvraag.inwoner, letter_day),
        "salutation": _salutation(aanvraag.inwoner, letter_day),
        "letter_date": None if draft else long_date(letter_day),
        "number": beschikking.number,
        "law": aanvraag.get_law_display(),
        "received_on": long_date(aanvraag.received_on),
        "requested": [product.voorziening.name for product in aanvraag.producten.select_related("voorziening")],
        "inwoner": aanvraag.inwoner.full_name,
        "outcome": beschikking.get_outcome_display(),
        "outcome_sentence": _OUTCOME_SENTENCE.get(Outcome(beschikking.outcome), ""),
        "lines": lines,
        "granted_lines": [line for line in lines if line.granted],
        "refused_lines": [line for line in lines if not line.granted],
        "pgb_lines": [line for line in lines if line.is_pgb],
        "motivation": beschikking.motivation,
        "legal_basis": beschikking.legal_basis,
        "eigen_bijdrage": beschikking.eigen_bijdrage,
        "objection_until": day_and_date(objection_until),
        "objection_provisional": provisional,
        "objection_undecreed_note": _undecreed_years_note(counted_from, objection_until),
        "signers": _signers(beschikking),
        "contact": str(contact) if contact else "",
    }


def render_letter_html(beschikking: Beschikking, *, draft: bool) -> str:
    """The letter as a self-contained HTML document (the CSS is inline; nothing is loaded from elsewhere)."""
    with in_record_language():  # Awb art. 2:6: a bestuursorgaan writes in Dutch
        return render_to_string(TEMPLATE, letter_context(beschikking, draft=draft))


def render_letter_pdf(beschikking: Beschikking, *, draft: bool) -> bytes:
    html = render_letter_html(beschikking, draft=draft)
    pdf: bytes = HTML(string=html, url_fetcher=DataOnlyFetcher()).write_pdf(**PDF_OPTIONS)
    return pdf


def store_letter(beschikking: Beschikking, actor: User) -> Letter:
    """Render the final letter and keep its exact bytes with a checksum; called by `send` inside its transaction."""
    pdf = render_letter_pdf(beschikking, draft=False)
    return Letter.objects.create(
        beschikking=beschikking, pdf=pdf, sha256=hashlib.sha256(pdf).hexdigest(), created_by=actor
    )


def latest_letter(beschikking: Beschikking) -> Letter | None:
    return beschikking.letters.order_by("-created_at", "-id").first()
