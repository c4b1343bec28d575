"""The verslag of the onderzoek as the resident receives it (Wmo 2015 art. 2.3.2 lid 8): a Dutch PDF.

Made like the beschikking letter (ADR 0005): an HTML template rendered by WeasyPrint as a tagged PDF
(PDF/UA-1), always in Dutch whatever language the screen shows (ADR 0016: a document for the resident is part of
the record), loading nothing from outside. Before it is handed over it is a draft with a
CONCEPT mark; when it is handed over the exact bytes are kept on the onderzoek, so the dossier shows what
the resident received, not a re-rendering.
"""

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from weasyprint import HTML

from assessments.models import WMO_TOPICS, Onderzoek, not_applicable_field
from core.translations import in_record_language
from decisions.letter import PDF_OPTIONS, DataOnlyFetcher, long_date
from residents.models import Inwoner

TEMPLATE = "assessments/verslag/verslag.html"


def _about(onderzoek: Onderzoek) -> list[Inwoner]:
    """The people the meldingen are about, else the household's members."""
    people: dict[int, Inwoner] = {}
    for melding in onderzoek.meldingen.select_related("inwoner").order_by("received_at", "pk"):
        people.setdefault(melding.inwoner_id, melding.inwoner)
    return list(people.values()) or list(onderzoek.dossier.huishouden.members.order_by("pk"))


def _topics(onderzoek: Onderzoek) -> list[dict[str, str]]:
    rows = []
    for name, label in WMO_TOPICS:
        text = getattr(onderzoek, name).strip()
        reason = getattr(onderzoek, not_applicable_field(name)).strip()
        if text or reason:
            rows.append({"label": str(label), "text": text, "not_applicable": reason})
    return rows


def verslag_context(onderzoek: Onderzoek, *, draft: bool) -> dict[str, object]:
    """Everything the verslag says; call inside `in_record_language()`."""
    dossier = onderzoek.dossier
    gemeente = dossier.team.gemeente
    people = _about(onderzoek)
    handed_over = onderzoek.verslag_sent_on if not draft else None
    return {
        "draft": draft,
        "title": _("Verslag van het onderzoek"),
        "gemeente": gemeente.name,
        "postal_address": gemeente.postal_address,
        "phone": gemeente.phone,
        "team": dossier.team.name,
        "people": [person.full_name for person in people],
        "address": people[0].address if people else "",
        "date": long_date(handed_over or timezone.localdate()),
        "meldingen": [
            long_date(timezone.localdate(m.received_at)) for m in onderzoek.meldingen.order_by("received_at")
        ],
        "conversation_on": long_date(onderzoek.conversation_on) if onderzoek.conversation_on else "",
        "participants": [str(user) for user in onderzoek.participants.all()],
        "other_participants": onderzoek.other_participants,
        "topics": _topics(onderzoek),
        "clientondersteuning_on": (
            long_date(onderzoek.clientondersteuning_offered_on) if onderzoek.clientondersteuning_offered_on else ""
        ),
        "clientondersteuning_offered": onderzoek.clientondersteuning_offered,
        "pgb_information_given": onderzoek.pgb_information_given,
        "persoonlijk_plan_on": (
            long_date(onderzoek.persoonlijk_plan_received_on) if onderzoek.persoonlijk_plan_received_on else ""
        ),
        "outcome": onderzoek.get_outcome_display(),
        "verslag": onderzoek.verslag,
        "completed_on": long_date(onderzoek.completed_on) if onderzoek.completed_on else "",
    }


def render_verslag_html(onderzoek: Onderzoek, *, draft: bool) -> str:
    with in_record_language():
        return render_to_string(TEMPLATE, verslag_context(onderzoek, draft=draft))


def render_verslag_pdf(onderzoek: Onderzoek, *, draft: bool) -> bytes:
    html = render_verslag_html(onderzoek, draft=draft)
    pdf: bytes = HTML(string=html, url_fetcher=DataOnlyFetcher()).write_pdf(**PDF_OPTIONS)
    return pdf


def verslag_pdf(onderzoek: Onderzoek) -> tuple[bytes, bool]:
    """The PDF to show and whether it is a draft: the stored bytes once handed over, else a fresh draft."""
    if onderzoek.verslag_pdf:
        return bytes(onderzoek.verslag_pdf), False
    return render_verslag_pdf(onderzoek, draft=True), True
