"""The privacy officer's screens: search the access log, a person's access history, the inzage export.

The privacy officer checks who looked at what; they do not read case files. So these screens show
log lines only — never case notes, meldingen or plans. The one place personal case data leaves the
platform through here is the AVG art. 15 export, which the privacy officer produces when a resident
asks for it, and which goes to that resident.

A person is found only by BSN (posted, never in a URL), and only with a stated reason (`Aanleiding`)
and the reference of the request or complaint (`kenmerk`); both go into the access log. The person's
pages and the export then open through a signed, short-lived key issued to this officer for this
lookup: there are no person numbers in URLs, so nobody can walk through residents by number. The
export, which holds case content (also notes of sensitive sections), can only be made for a lookup
registered as an inzageverzoek, and every download is logged against each dossier it contains.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode

from django.core import signing
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import Role, User
from audit import inzage, selectors
from audit.forms import Aanleiding, LogSearchForm
from audit.models import AccessAction, AccessBasis, AccessLogEntry
from audit.object_types import object_type_label
from audit.services import log_access, log_denied, log_inzage_export
from core.access import staff_view
from dossiers.sections import Section
from residents.models import Inwoner

PAGE_SIZE = 50
PRIVACY_OFFICER = frozenset({Role.PRIVACY_OFFICER})

_PERSON_SALT = "audit.persoon.v2"
#: How long a key to a person, from one BSN lookup, stays valid: one sitting, not a bookmark.
PERSON_KEY_MAX_AGE = 60 * 60
#: Query parameters that are not filters of the log search.
_NOT_FILTERS = frozenset({"pagina", "csrfmiddlewaretoken", "persoon"})
#: Fields that identify a person or the request: only accepted in a POST, never carried in a URL.
_PERSON_FIELDS = ("bsn", "aanleiding", "kenmerk")


@dataclass(frozen=True)
class PersonLookup:
    """One person found by BSN by this officer, with the reason and reference they gave."""

    inwoner: Inwoner
    aanleiding: str
    kenmerk: str
    key: str

    @property
    def may_export(self) -> bool:
        """The export holds case content: only for a resident's own inzageverzoek."""
        return self.aanleiding == Aanleiding.INZAGEVERZOEK

    @property
    def aanleiding_label(self) -> str:
        return str(Aanleiding(self.aanleiding).label)

    @property
    def reason_text(self) -> str:
        return f"aanleiding: {self.aanleiding}; kenmerk: {self.kenmerk}"


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def person_key(user: User, inwoner: Inwoner, *, aanleiding: str, kenmerk: str) -> str:
    """A signed key to one person's pages, for the privacy officer who looked them up, with why."""
    return signing.dumps({"p": inwoner.pk, "u": user.pk, "a": aanleiding, "k": kenmerk}, salt=_PERSON_SALT)


def _lookup(request: HttpRequest, key: str) -> PersonLookup | None:
    """The lookup behind `key` when it is valid, recent and this user's; None otherwise."""
    try:
        payload = signing.loads(key, salt=_PERSON_SALT, max_age=PERSON_KEY_MAX_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(payload, dict) or payload.get("u") != _user(request).pk or not isinstance(payload.get("p"), int):
        return None
    inwoner = Inwoner.objects.filter(pk=payload["p"]).first()
    if inwoner is None or payload.get("a") not in Aanleiding.values:
        return None
    return PersonLookup(inwoner, str(payload["a"]), str(payload.get("k", "")), key)


def _get_lookup(request: HttpRequest, key: str) -> PersonLookup:
    lookup = _lookup(request, key)
    if lookup is None:
        log_denied(request, object_type="inwoner", detail="sleutel ongeldig, verlopen of van een ander")
        raise Http404(_("Zoek de persoon eerst (opnieuw) op BSN in het toegangslog."))
    return lookup


@dataclass(frozen=True)
class LogRow:
    """One line of the log table, its labels looked up once per page.

    The template's `get_FOO_display` per row and field rebuilt the field's choices (lazy translations,
    hashed one by one) every call: four per row made half of the page's CPU time.
    """

    at_iso: str
    at_text: str
    who: str
    action: str
    basis: str
    given: str
    dossier_id: int | None
    section: str
    ip_address: str | None
    path: str


def log_rows(entries: Iterable[AccessLogEntry]) -> list[LogRow]:
    actions, bases = dict(AccessAction.choices), dict(AccessBasis.choices)
    sections, roles = dict(Section.choices), dict(Role.choices)
    rows = []
    for entry in entries:
        local = timezone.localtime(entry.at)
        user = entry.user
        who = f"{user.get_full_name() or user.username} ({roles.get(user.role, user.role)})" if user else ""
        given = object_type_label(entry.object_type) + (f" #{entry.object_id}" if entry.object_id else "")
        rows.append(
            LogRow(
                at_iso=local.isoformat(),
                at_text=date_format(local, "j F Y H:i:s"),
                who=who,
                action=str(actions.get(entry.action, entry.action)),
                basis=str(bases.get(entry.basis, entry.basis)),
                given=given + (f" – {entry.detail}" if entry.detail else ""),
                dossier_id=entry.dossier_id,
                section=str(sections.get(entry.section, entry.section)),
                ip_address=entry.ip_address,
                path=entry.path,
            )
        )
    return rows


def _query_string(data: dict[str, object]) -> str:
    def text(value: object) -> str:
        return value.isoformat() if isinstance(value, date) else str(value)

    return urlencode({key: text(value) for key, value in data.items() if value not in (None, "")})


def _log_search(request: HttpRequest, query: selectors.LogQuery, lookup: PersonLookup | None) -> None:
    log_access(
        request,
        action=AccessAction.SEARCH,
        basis=AccessBasis.PRIVACY_TOEZICHT,
        object_type="inwoner" if lookup else "toegangslog",
        object_id=lookup.inwoner.pk if lookup else "",
        dossier_id=query.dossier_id,
        detail=f"toegangslog doorzocht voor persoon; {lookup.reason_text}"
        if lookup
        else "zoekopdracht in het toegangslog",
    )


def _refuse_invalid_search(request: HttpRequest, form: LogSearchForm) -> None:
    """A search the form refused (e.g. a 30-digit dossier number) is logged by field name, not by value."""
    log_denied(request, object_type="toegangslog", detail="ongeldige zoekopdracht: " + ", ".join(sorted(form.errors)))


def _find_by_bsn(request: HttpRequest, form: LogSearchForm) -> HttpResponse:
    """POST: swap the BSN for a signed key (so it never appears in a URL) and log why the person was looked up."""
    data = dict(form.cleaned_data)
    bsn, aanleiding, kenmerk = (data.pop(name, "") for name in _PERSON_FIELDS)
    person = selectors.find_person(bsn=bsn)
    log_access(
        request,
        action=AccessAction.SEARCH,
        basis=AccessBasis.PRIVACY_TOEZICHT,
        object_type="inwoner",
        object_id=person.pk if person else "",
        detail=f"persoon opgezocht op BSN{'' if person else ': geen inwoner gevonden'}; "
        f"aanleiding: {aanleiding}; kenmerk: {kenmerk}",
    )
    if person is None:
        form.add_error("bsn", _("Er is geen inwoner met dit BSN."))
        return render(request, "audit/logboek.html", {"form": form, "page": None, "lookup": None})
    data["persoon"] = person_key(_user(request), person, aanleiding=aanleiding, kenmerk=kenmerk)
    return redirect(reverse("audit:logboek") + "?" + _query_string(data))


@staff_view(PRIVACY_OFFICER)
def logboek(request: HttpRequest) -> HttpResponse:
    """Search the log; a person only through a BSN lookup with a stated reason (see the module docstring)."""
    if request.method == "POST":
        form = LogSearchForm(request.POST)
        if not form.is_valid():
            _refuse_invalid_search(request, form)
            return render(request, "audit/logboek.html", {"form": form, "page": None, "lookup": None})
        if form.cleaned_data.get("bsn"):
            return _find_by_bsn(request, form)
        filters = {key: value for key, value in form.cleaned_data.items() if key not in _PERSON_FIELDS}
        return redirect(reverse("audit:logboek") + "?" + _query_string(filters))

    source = request.GET.copy()
    for name in _PERSON_FIELDS:
        source.pop(name, None)  # a BSN in a URL is not accepted: it would end up in server logs
    lookup = None
    if source.get("persoon"):
        lookup = _get_lookup(request, str(source.get("persoon")))
    has_filters = lookup is not None or any(value for key, value in source.items() if key not in _NOT_FILTERS)
    form = LogSearchForm(source if has_filters else None)
    context: dict[str, object] = {"form": form, "page": None, "lookup": lookup}
    if not form.is_bound:
        return render(request, "audit/logboek.html", context)
    if not form.is_valid():
        _refuse_invalid_search(request, form)
        return render(request, "audit/logboek.html", context)

    data = form.cleaned_data
    query = selectors.LogQuery(
        person=lookup.inwoner if lookup else None,
        medewerker=data.get("medewerker") or "",
        date_from=data.get("van"),
        date_to=data.get("tot"),
        dossier_id=data.get("dossier"),
        action=data.get("handeling") or "",
        basis=data.get("grondslag") or "",
    )
    _log_search(request, query, lookup)
    page = selectors.CappedPaginator(selectors.search(query), PAGE_SIZE).get_page(request.GET.get("pagina"))
    filters = {key: value for key, value in data.items() if key not in _PERSON_FIELDS}
    if lookup:
        filters["persoon"] = lookup.key
    context.update(
        {
            "page": page,
            "rows": log_rows(page.object_list),
            "person_url": reverse("audit:persoon", kwargs={"key": lookup.key}) if lookup else "",
            "query": _query_string(filters),
        }
    )
    return render(request, "audit/logboek.html", context)


@staff_view(PRIVACY_OFFICER)
def persoon(request: HttpRequest, key: str) -> HttpResponse:
    """One person's access history: who looked, when, why and at which part — what the resident will see."""
    lookup = _get_lookup(request, key)
    log_access(
        request,
        action=AccessAction.VIEW,
        basis=AccessBasis.PRIVACY_TOEZICHT,
        object_type="inwoner",
        object_id=lookup.inwoner.pk,
        detail=f"toegangshistorie; {lookup.reason_text}",
    )
    page = selectors.CappedPaginator(selectors.access_history(lookup.inwoner), PAGE_SIZE).get_page(
        request.GET.get("pagina")
    )
    context = {
        "inwoner": lookup.inwoner,
        "lookup": lookup,
        "page": page,
        "rows": log_rows(page.object_list),
        "query": "",
        "logboek_url": reverse("audit:logboek") + "?" + urlencode({"persoon": key}),
        "json_url": reverse("audit:inzage_json", kwargs={"key": key}),
    }
    return render(request, "audit/persoon.html", context)


def _export(request: HttpRequest, key: str, kind: str) -> tuple[PersonLookup, dict[str, object]]:
    """The export data, for an inzageverzoek only; logged against every dossier whose content it holds."""
    lookup = _get_lookup(request, key)
    inwoner = lookup.inwoner
    if not lookup.may_export:
        log_denied(
            request, object_type="inzage", object_id=inwoner.pk, detail=f"geen inzageverzoek; {lookup.reason_text}"
        )
        raise PermissionDenied(
            _("Het inzage-overzicht kan alleen worden gemaakt voor een inzageverzoek van de inwoner.")
        )
    data = inzage.build_inzage(inwoner, prepared_by=_user(request))
    dossier_ids = list(selectors.dossier_ids_of(inwoner))
    sensitive = selectors.special_note_sections(dossier_ids)
    log_inzage_export(
        request,
        person_id=inwoner.pk,
        dossier_ids=dossier_ids,
        special_sections=list(sensitive),
        detail=f"inzage-export AVG art. 15 ({kind}); kenmerk: {lookup.kenmerk}",
    )
    return lookup, data


def _download(content: bytes, content_type: str, lookup: PersonLookup, extension: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    reference = "".join(char if char.isalnum() or char in "._-" else "-" for char in lookup.kenmerk)
    filename = f"inzage-{reference}-{timezone.localdate().isoformat()}.{extension}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@staff_view(PRIVACY_OFFICER)
def inzage_json(request: HttpRequest, key: str) -> HttpResponse:
    lookup, data = _export(request, key, "JSON")
    return _download(inzage.render_json(data), "application/json; charset=utf-8", lookup, "json")
