"""The privacy officer's screens: search the access log, a person's access history, the inzage export.

The privacy officer checks who looked at what; they do not read case files. So these screens show
log lines only — never case notes, meldingen or plans. The one place personal case data leaves the
platform through here is the AVG art. 15 export, which the privacy officer produces when a resident
asks for it, and which goes to that resident.

A person's page and export open only through a link from a logged search by the same privacy officer
(a signed key in the URL, like the resident search for a melding): nobody browses people by number,
and every look at a person is preceded by a recorded search.
"""

from datetime import date
from urllib.parse import urlencode

from django.core import signing
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role, User
from audit import inzage, selectors
from audit.forms import LogSearchForm
from audit.models import AccessAction, AccessBasis
from audit.services import log_access, log_denied
from core.access import staff_view
from residents.models import Inwoner

PAGE_SIZE = 50
PRIVACY_OFFICER = frozenset({Role.PRIVACY_OFFICER})

_PERSON_SALT = "audit.persoon"
#: How long a link to a person, found in a search, stays valid.
PERSON_KEY_MAX_AGE = 8 * 60 * 60


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def person_key(user: User, inwoner: Inwoner) -> str:
    """A signed key to one person's pages, for the privacy officer who searched for them."""
    return signing.dumps({"p": inwoner.pk, "u": user.pk}, salt=_PERSON_SALT)


def _person_url(name: str, user: User, inwoner: Inwoner) -> str:
    return reverse(name, kwargs={"pk": inwoner.pk}) + "?" + urlencode({"sleutel": person_key(user, inwoner)})


def _get_person(request: HttpRequest, pk: int) -> Inwoner:
    """The person, when the key was issued to this user for this pk; otherwise 404 and a log line."""
    try:
        payload = signing.loads(request.GET.get("sleutel", ""), salt=_PERSON_SALT, max_age=PERSON_KEY_MAX_AGE)
    except signing.BadSignature:
        payload = None
    inwoner = Inwoner.objects.filter(pk=pk).first()
    if inwoner is None or payload != {"p": pk, "u": _user(request).pk}:
        log_denied(request, object_type="inwoner", object_id=pk)
        raise Http404(_("Deze persoon bestaat niet, of zoek de persoon eerst op in het toegangslog."))
    return inwoner


def _query_string(data: dict[str, object]) -> str:
    def text(value: object) -> str:
        return value.isoformat() if isinstance(value, date) else str(value)

    return urlencode({key: text(value) for key, value in data.items() if value not in (None, "")})


def _log_search(request: HttpRequest, query: selectors.LogQuery) -> None:
    person = query.person
    log_access(
        request,
        action=AccessAction.SEARCH,
        basis=AccessBasis.PRIVACY_TOEZICHT,
        object_type="inwoner" if person else "toegangslog",
        object_id=person.pk if person else "",
        dossier_id=query.dossier_id,
        # Never the BSN: the person's number in the platform is enough to trace the search.
        detail=f"zoekopdracht op persoon #{person.pk}" if person else "zoekopdracht in het toegangslog",
    )


@staff_view(PRIVACY_OFFICER)
def logboek(request: HttpRequest) -> HttpResponse:
    """Search the log. A BSN is swapped for the person's number first, so it never appears in a URL."""
    user = _user(request)
    source = request.POST if request.method == "POST" else request.GET
    has_filters = any(value for key, value in source.items() if key not in {"pagina", "csrfmiddlewaretoken"})
    form = LogSearchForm(source if has_filters else None)
    context: dict[str, object] = {"form": form, "page": None, "person": None}
    if not form.is_bound or not form.is_valid():
        return render(request, "audit/logboek.html", context)

    data = dict(form.cleaned_data)
    bsn = data.pop("bsn", "")
    if bsn or request.method == "POST":
        person = selectors.find_person(bsn=bsn) if bsn else None
        if bsn and person is None:
            log_access(
                request,
                action=AccessAction.SEARCH,
                basis=AccessBasis.PRIVACY_TOEZICHT,
                object_type="inwoner",
                detail="zoekopdracht op BSN: geen inwoner gevonden",
            )
            form.add_error("bsn", _("Er is geen inwoner met dit BSN."))
            return render(request, "audit/logboek.html", context)
        if person is not None:
            data["inwoner"] = person.pk
        return redirect(reverse("audit:logboek") + "?" + _query_string(data))

    person = selectors.find_person(pk=data["inwoner"]) if data.get("inwoner") else None
    if data.get("inwoner") and person is None:
        log_denied(request, object_type="inwoner", object_id=data["inwoner"])
        form.add_error("inwoner", _("Er is geen inwoner met dit nummer."))
        return render(request, "audit/logboek.html", context)
    query = selectors.LogQuery(
        person=person,
        medewerker=data.get("medewerker") or "",
        date_from=data.get("van"),
        date_to=data.get("tot"),
        dossier_id=data.get("dossier"),
        action=data.get("handeling") or "",
        basis=data.get("grondslag") or "",
    )
    _log_search(request, query)
    page = Paginator(selectors.search(query), PAGE_SIZE).get_page(request.GET.get("pagina"))
    context.update(
        {
            "page": page,
            "person": person,
            "person_url": _person_url("audit:persoon", user, person) if person else "",
            "query": _query_string(data),
        }
    )
    return render(request, "audit/logboek.html", context)


@staff_view(PRIVACY_OFFICER)
def persoon(request: HttpRequest, pk: int) -> HttpResponse:
    """One person's access history: who looked, when, why and at which part — what the resident will see."""
    user = _user(request)
    inwoner = _get_person(request, pk)
    log_access(
        request,
        action=AccessAction.VIEW,
        basis=AccessBasis.PRIVACY_TOEZICHT,
        object_type="inwoner",
        object_id=inwoner.pk,
        detail="toegangshistorie",
    )
    page = Paginator(selectors.access_history(inwoner), PAGE_SIZE).get_page(request.GET.get("pagina"))
    context = {
        "inwoner": inwoner,
        "page": page,
        "query": urlencode({"sleutel": request.GET.get("sleutel", "")}),
        "json_url": _person_url("audit:inzage_json", user, inwoner),
        "pdf_url": _person_url("audit:inzage_pdf", user, inwoner),
    }
    return render(request, "audit/persoon.html", context)


def _export(request: HttpRequest, pk: int, kind: str) -> tuple[Inwoner, dict[str, object]]:
    inwoner = _get_person(request, pk)
    log_access(
        request,
        action=AccessAction.VIEW,
        basis=AccessBasis.PRIVACY_TOEZICHT,
        object_type="inzage",
        object_id=inwoner.pk,
        detail=f"inzage-export AVG art. 15 ({kind})",
    )
    return inwoner, inzage.build_inzage(inwoner, prepared_by=_user(request))


def _download(content: bytes, content_type: str, inwoner: Inwoner, extension: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    filename = f"inzage-{inwoner.pk}-{timezone.localdate().isoformat()}.{extension}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@staff_view(PRIVACY_OFFICER)
def inzage_json(request: HttpRequest, pk: int) -> HttpResponse:
    inwoner, data = _export(request, pk, "JSON")
    return _download(inzage.render_json(data), "application/json; charset=utf-8", inwoner, "json")


@staff_view(PRIVACY_OFFICER)
def inzage_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    inwoner, data = _export(request, pk, "PDF")
    return _download(inzage.render_pdf(data), "application/pdf", inwoner, "pdf")
