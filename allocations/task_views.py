"""The message worklist ("Berichttaken") and the screen to handle one task.

Every task is a term the iStandaarden set on a message (answer a 315/317 within 5 working days,
a retour within 3, a 325 within 10). A task belongs to the dossier of its message
(``allocations.ownership``): whoever may work on that dossier's decisions handles it — the
involved consulent, the team leader of the dossier's team. A message without a dossier (a client
the teams do not know yet, a declaration about many clients) goes to the gemeente's consulenten.
The screen shows who the client is, because the answer needs it, and every look is logged against
the dossier. The rules live in ``allocations.tasks``; the views only collect input and show the outcome.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.contrib import messages
from django.core.paginator import Page, Paginator
from django.db.models import Count, Q, QuerySet, Window
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import Role, User
from allocations import tasks as task_actions
from allocations.delivery import REDEN_BEEINDIGING
from allocations.models import Bericht, BerichtTaak, TaakSoort
from allocations.received import STANDARD_LAW
from allocations.task_forms import AFGEHANDELD, OPEN, AfhandelForm, AntwoordForm, TaskFilterForm
from audit.models import AccessAction, AccessBasis
from audit.services import log_access, log_denied
from catalogue.codes import Frequency, Unit
from catalogue.models import Voorziening
from core.access import staff_view
from core.links import url_for_pk
from deadlines.atw import AtwCalendar
from deadlines.calendar_source import current_calendar
from deadlines.terms import Deadline, DeadlineState, LegalTerm, UnknownTerm, get_term
from decisions.selectors import decisions_workable
from dossiers import policy
from dossiers.sections import Section
from dossiers.selectors import deadline_state
from istandaarden.messages import Message, Omvang, Product
from istandaarden.reading import MessageError

#: Who handles message tasks: the gemeente's consulenten and the teamleiders.
TASK_ROLES = frozenset({Role.CONSULENT, Role.TEAMLEIDER})
PAGE_SIZE = 50


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _basis(user: User) -> str:
    return AccessBasis.TEAMLEIDER if user.role == Role.TEAMLEIDER else AccessBasis.BETROKKEN


def _term(code: str) -> LegalTerm | None:
    try:
        return get_term(code)
    except UnknownTerm:
        return None


def task_state(task: BerichtTaak, today: date, calendar: AtwCalendar) -> DeadlineState | None:
    """Open: op tijd / dreigt te verlopen / verlopen, as for dossier terms; done: gehaald or too late."""
    if task.done_at is None:
        return deadline_state(task.due, task.term_code, today, calendar)
    term = _term(task.term_code)
    if term is None:
        return None
    done_on = timezone.localdate(task.done_at)
    return Deadline(term=term, start=task.due, due=task.due, adjustments=(), met_on=done_on).state(today, calendar)


@dataclass(frozen=True)
class TaskRow:
    task: BerichtTaak
    state: DeadlineState | None
    term: LegalTerm | None
    #: What the row prints, made once per page in the view (see `_rows`).
    url: str = ""
    soort: str = ""
    client: str = ""
    due: str = ""
    done_on: str = ""
    #: The note while the task is open, the message type ("?"), the provider ("–"), the client's BSN ("–"; empty:
    #: no client) and the term as "duration, basis" (else its code).
    note: str = ""
    kind: str = ""
    provider: str = ""
    bsn: str = ""
    term_text: str = ""


def _rows(tasks: Iterable[BerichtTaak], today: date, calendar: AtwCalendar) -> list[TaskRow]:
    """The page's rows with their texts and links: per row, `get_soort_display` rebuilt the translated choices,
    {% url %} resolved its pattern again and the date filters converted every date; the template's lookups through
    the task, its message and its provider cost more than the page's queries."""
    url, soorten = url_for_pk("allocations:taak"), dict(TaakSoort.choices)
    rows = []
    for task in tasks:
        term, bericht, inwoner = _term(task.term_code), task.bericht, task.inwoner
        rows.append(
            TaskRow(
                task,
                task_state(task, today, calendar),
                term,
                url=url(task.pk),
                soort=str(soorten.get(task.soort, task.soort)),
                client=inwoner.full_name if inwoner else "",
                due=f"{date_format(task.due)}",
                done_on=date_format(timezone.localtime(task.done_at)) if task.done_at else "",
                note=task.note if task.done_at is None else "",
                kind=bericht.kind or "?",
                provider=(bericht.aanbieder.name if bericht.aanbieder else "") or "–",
                bsn=(inwoner.bsn or "–") if inwoner else "",
                term_text=f"{term.duration_label}, {term.basis}" if term else task.term_code,
            )
        )
    return rows


#: What a worklist row reads (`.only()`): the task, its message's type and provider, the client's name and BSN.
_ROW_FIELDS = (
    "soort",
    "term_code",
    "due",
    "done_at",
    "note",
    "bericht__kind",
    "bericht__aanbieder__name",
    "inwoner__voornamen",
    "inwoner__tussenvoegsel",
    "inwoner__achternaam",
    "inwoner__bsn",
)


def _tasks(user: User, status: str) -> QuerySet[BerichtTaak]:
    """The tasks `user` may handle: of dossiers whose decisions they work on, and for a consulent the
    tasks of messages without a dossier."""
    tasks = BerichtTaak.objects.select_related("bericht__aanbieder", "inwoner").only(*_ROW_FIELDS)
    # Asked per task (index lookups on the task's dossier), not as the set of every dossier the user may work in:
    # next to "or no dossier" the database built that whole set first, which read every dossier of the city
    # (and for a team leader, inside a per-task EXISTS, still the whole team's).
    owned = decisions_workable(user)("bericht__dossier")
    tasks = tasks.filter(owned | Q(bericht__dossier__isnull=True)) if _handles_unowned(user) else tasks.filter(owned)
    if status == AFGEHANDELD:
        return tasks.filter(done_at__isnull=False).order_by("-done_at", "-pk")
    return tasks.filter(done_at__isnull=True).order_by("due", "pk")


def _page(tasks: QuerySet[BerichtTaak], number: str | None) -> Page:
    """The page `number` of `tasks` as `Paginator.get_page` gives it, with the total counted in the page's own
    query (a window column) instead of a COUNT query of its own: the count repeated the whole access check.
    Only a page past the end (an old link) falls back to the paginator, which then counts as before."""
    try:
        wanted = int(number) if number is not None else 1
    except ValueError:
        wanted = 1
    if wanted >= 1:
        start = (wanted - 1) * PAGE_SIZE
        rows = list(tasks.annotate(total=Window(Count("pk")))[start : start + PAGE_SIZE])
        if rows or wanted == 1:
            paginator = Paginator(tasks, PAGE_SIZE)
            paginator.count = rows[0].total if rows else 0
            return Page(rows, wanted, paginator)
    return Paginator(tasks, PAGE_SIZE).get_page(number)


@staff_view(TASK_ROLES)
def tasks(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = TaskFilterForm(request.GET or None)
    status = (form.cleaned_data.get("status") if form.is_valid() else None) or OPEN
    page = _page(_tasks(user, status), request.GET.get("pagina"))
    today = timezone.localdate()
    calendar = current_calendar()
    rows = _rows(page.object_list, today, calendar)
    log_access(
        request,
        action=AccessAction.VIEW,
        basis=_basis(user),
        object_type="berichttaken",
        detail=f"werkvoorraad berichten ({status}), pagina {page.number}",
    )
    query = request.GET.copy()
    query.pop("pagina", None)
    context = {"form": form, "rows": rows, "page": page, "status": status, "query": query.urlencode()}
    return render(request, "allocations/tasks.html", context)


# --- one task ----------------------------------------------------------------------------------


def _handles_unowned(user: User) -> bool:
    return user.role == Role.CONSULENT


_TASKS = BerichtTaak.objects.select_related("bericht__aanbieder", "bericht__dossier", "inwoner", "answer", "done_by")


@dataclass(frozen=True)
class _Found:
    task: BerichtTaak
    dossier_id: int | None
    basis: str


def _get_task(request: HttpRequest, pk: int, *, write: bool) -> _Found:
    """The task if its dossier lets the user work on decisions (or, without a dossier, for a consulent)."""
    user = _user(request)
    unowned = _TASKS.defer("answer__content").filter(pk=pk, bericht__dossier__isnull=True).first()
    if unowned is not None:
        if not _handles_unowned(user):
            log_denied(request, object_type="berichttaak", object_id=pk, detail="bericht zonder dossier")
            raise Http404(_("Deze taak bestaat niet of u heeft er geen toegang toe."))
        return _Found(unowned, None, AccessBasis.BETROKKEN)
    found = policy.authorize(request, _TASKS.defer("answer__content"), pk, write=write)
    return _Found(found.record, found.dossier.pk, found.basis)


def _log(request: HttpRequest, found: _Found, action: str, detail: str = "") -> None:
    log_access(
        request,
        action=action,
        basis=found.basis,
        object_type="berichttaak",
        object_id=found.task.pk,
        dossier_id=found.dossier_id,
        detail=detail,
        section=Section.BESLUITEN,
    )


@dataclass(frozen=True)
class RequestLine:
    """One product in a 315/317, as the screen shows it."""

    soort: str
    referentie: str
    product: str
    periode: str
    omvang: str


def _omvang(omvang: Omvang | None) -> str:
    if omvang is None:
        return "–"
    unit = dict(Unit.choices).get(omvang.eenheid, omvang.eenheid)
    frequency = dict(Frequency.choices).get(omvang.frequentie, omvang.frequentie)
    return f"{omvang.volume} {unit} {frequency}"


def _period(start: date | None, end: date | None) -> str:
    if start is None:
        return "–"
    if end is None:
        return _("vanaf %(day)s") % {"day": f"{date_format(start)}"}
    return f"{date_format(start)} – {date_format(end)}"


def _product(product: Product | None, law: str) -> str:
    if product is None:
        return _("geen product genoemd")
    label = f"{product.categorie} {product.code or ''}".strip()
    known = Voorziening.objects.filter(
        law=law, product_category=product.categorie, product_code=product.code or ""
    ).first()
    if known is None:
        return _("%(label)s (niet in de catalogus)") % {"label": label}
    return f"{label} – {known.name}"


def request_lines(message: Message) -> list[RequestLine]:
    law = STANDARD_LAW[message.kind.standard]
    lines: list[RequestLine] = []
    for client in message.clients:
        for asked in client.aangevraagd:
            lines.append(
                RequestLine(
                    soort=_("Gevraagd product"),
                    referentie=asked.referentie_aanbieder,
                    product=_product(asked.product, law),
                    periode=_period(asked.toewijzing_ingangsdatum, asked.toewijzing_einddatum),
                    omvang=_omvang(asked.omvang),
                )
            )
        verzoek = client.verzoek
        if verzoek is None:
            continue
        for change in verzoek.te_wijzigen:
            lines.append(
                RequestLine(
                    soort=_("Te wijzigen toewijzing %(nummer)s") % {"nummer": change.toewijzingnummer},
                    referentie=verzoek.referentie_aanbieder,
                    product="–",
                    periode=_period(change.gewenste_ingangsdatum, change.einddatum),
                    omvang=_omvang(change.omvang),
                )
            )
        for new in verzoek.nieuw:
            lines.append(
                RequestLine(
                    soort=_("Nieuw product"),
                    referentie=verzoek.referentie_aanbieder,
                    product=_product(new.product, law),
                    periode=_period(new.gewenste_ingangsdatum, new.einddatum),
                    omvang=_omvang(new.omvang),
                )
            )
        for nummer in verzoek.ongewijzigd:
            lines.append(
                RequestLine(
                    soort=_("Ongewijzigd: toewijzing %(nummer)s") % {"nummer": nummer},
                    referentie=verzoek.referentie_aanbieder,
                    product="–",
                    periode="–",
                    omvang="–",
                )
            )
    return lines


def _context(task: BerichtTaak, request: HttpRequest, **forms: object) -> dict[str, object]:
    today = timezone.localdate()
    message: Message | None = None
    read_error = ""
    if task.soort == TaakSoort.ANTWOORD_VERZOEK:
        try:
            message = task_actions.read_request(task.bericht)
        except MessageError as exc:
            read_error = str(exc)
    replies = Bericht.objects.filter(in_reply_to=task.bericht).defer("content").order_by("created_at", "pk")
    others = BerichtTaak.objects.filter(bericht=task.bericht).exclude(pk=task.pk).order_by("due", "pk")
    return {
        "task": task,
        "bericht": task.bericht,
        "state": task_state(task, today, current_calendar()),
        "term": _term(task.term_code),
        "lines": request_lines(message) if message else [],
        "reden_beeindiging": REDEN_BEEINDIGING,
        "read_error": read_error,
        "replies": list(replies),
        "others": list(others),
        "is_request": task.soort == TaakSoort.ANTWOORD_VERZOEK,
        "is_change_request": task.bericht.kind.endswith("317"),
        "can_retry": task.soort in (TaakSoort.RETOUR_STUREN, TaakSoort.DECLARATIE),
        "antwoord_form": forms.get("antwoord_form") or AntwoordForm(auto_id="antwoord_%s"),
        "afhandel_form": forms.get("afhandel_form") or AfhandelForm(auto_id="afhandel_%s"),
    }


@staff_view(TASK_ROLES)
def task_detail(request: HttpRequest, pk: int) -> HttpResponse:
    found = _get_task(request, pk, write=request.method == "POST")
    if request.method == "POST":
        return _act(request, found)
    _log(request, found, AccessAction.VIEW)
    return render(request, "allocations/task.html", _context(found.task, request))


def _act(request: HttpRequest, found: _Found) -> HttpResponse:
    """One handling of the task; rule violations come back as a Dutch message, nothing half done."""
    user = _user(request)
    task = found.task
    action = request.POST.get("actie", "")
    try:
        if action == "antwoord":
            form = AntwoordForm(request.POST, auto_id="antwoord_%s")
            if not form.is_valid():
                return render(request, "allocations/task.html", _context(task, request, antwoord_form=form), status=400)
            answers = task_actions.answer_with_319(
                task,
                user,
                verzoek_antwoord=form.cleaned_data["verzoek_antwoord"],
                reden_afwijzing=form.cleaned_data["reden_afwijzing"] or None,
            )
            done = _("Antwoordbericht gemaakt (%(count)s× 319); het staat klaar voor verzending.") % {
                "count": len(answers)
            }
        elif action in ("toewijzen", "wijzigen"):
            berichten = task_actions.allocate_request(task, user)
            done = _("Toegewezen; %(files)s staat klaar voor verzending.") % {
                "files": ", ".join(bericht.file_name for bericht in berichten)
            }
        elif action == "opnieuw":
            answer = task_actions.retry_answer(task, user)
            done = _("%(kind)s gemaakt; het staat klaar voor verzending.") % {"kind": answer.kind}
        elif action == "afhandelen":
            afhandel = AfhandelForm(request.POST, auto_id="afhandel_%s")
            if not afhandel.is_valid():
                context = _context(task, request, afhandel_form=afhandel)
                return render(request, "allocations/task.html", context, status=400)
            task_actions.close_without_message(task, user, note=afhandel.cleaned_data["toelichting"])
            done = _("De taak is afgehandeld.")
        else:
            messages.error(request, _("Onbekende handeling."))
            return redirect("allocations:taak", pk=task.pk)
    except task_actions.TaskError as exc:
        messages.error(request, str(exc))
        return redirect("allocations:taak", pk=task.pk)
    _log(request, found, AccessAction.UPDATE, detail=action)
    messages.success(request, done)
    return redirect("allocations:taak", pk=task.pk)
