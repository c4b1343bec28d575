"""Toestemmingen and Wie keek in mijn gegevens: the resident's consent register and access history.

Whose consents: the person whose data the portal shows (the subject) and, when the user looks at their own
data, the minor children they represent as a parent with authority (when that representation lets them see
consents). Never a consent of anyone else, and only consents recorded in the dossiers of the subject's
households (a consent recorded in another household's dossier belongs to that household's story).

Who may give a consent online, by consent.minors:
- the resident themself (16 or older: they log in themselves and consent alone), as ZELF;
- a parent with authority for a child under 12, as OUDER_MET_GEZAG;
- a curator or mentor for an adult, as WETTELIJK_VERTEGENWOORDIGER.
A child of 12 to 16 consents together with a parent, so neither can do it alone online: the page explains
that the regisseur records it. A gemachtigde or bewindvoerder gives and withdraws no consent for someone.
"""

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import AccessAction, AccessLogEntry
from consent import recipients
from consent import services as consent_services
from consent.minors import OWN_CONSENT_AGE, SOLE_CONSENT_AGE
from consent.models import Consent, ConsentCapacity, Consultation
from dossiers.models import Dossier
from dossiers.sections import Section
from dossiers.transitions import Status
from portal import privacy_services
from portal.access import log_portal, log_portal_denied, log_portal_shown, portal_dossier_ids, portal_view
from portal.access_history import history_entries, lines_for
from portal.forms_privacy import GiveConsentForm, QuestionForm
from portal.models import PortalScope, PrivacyQuestion, RepresentationKind
from portal.principal import Principal, representations_of, scopes_for
from residents.models import HuishoudenLid, Inwoner

#: Lines of the access history per page: a phone scrolls through it; older lines are a page further.
HISTORY_PAGE_SIZE = 40


@dataclass
class RegisterPerson:
    """Someone whose consents the register shows, and what the user may do for them online."""

    inwoner: Inwoner
    #: The capacity in which the user gives a consent for this person online; "" when that is not possible.
    capacity: str
    #: Why a consent cannot be given online (B1), when `capacity` is empty.
    why_not: str
    may_withdraw: bool


def _person_rules(inwoner: Inwoner, relation: str) -> RegisterPerson:
    """`relation`: "zelf", or the kind of representation the user holds for `inwoner`."""
    age = inwoner.age_on(timezone.localdate())
    name = inwoner.voornamen or str(inwoner)
    if relation == "zelf":
        return RegisterPerson(inwoner, ConsentCapacity.ZELF, "", True)
    if relation == RepresentationKind.OUDER_MET_GEZAG:
        if age < OWN_CONSENT_AGE:
            return RegisterPerson(inwoner, ConsentCapacity.OUDER_MET_GEZAG, "", True)
        if age < SOLE_CONSENT_AGE:
            why = _(
                "%(name)s is %(age)s jaar. Dan geven %(name)s en een ouder samen toestemming. Dat kan niet online. "
                "Vraag de regisseur om de toestemming met u allebei vast te leggen."
            ) % {"name": name, "age": age}
            return RegisterPerson(inwoner, "", why, True)
        why = _("%(name)s is %(age)s jaar en geeft zelf toestemming.") % {"name": name, "age": age}
        return RegisterPerson(inwoner, "", why, False)
    if relation in {RepresentationKind.CURATOR, RepresentationKind.MENTOR}:
        return RegisterPerson(inwoner, ConsentCapacity.WETTELIJK_VERTEGENWOORDIGER, "", True)
    why = _("Alleen %(name)s zelf of een wettelijk vertegenwoordiger kan toestemming geven of intrekken.") % {
        "name": name
    }
    return RegisterPerson(inwoner, "", why, False)


def register_people(principal: Principal) -> list[RegisterPerson]:
    if principal.subject is None:
        return []
    if not principal.is_self:
        assert principal.representation is not None
        return [_person_rules(principal.subject, principal.representation.kind)]
    people = [_person_rules(principal.subject, "zelf")]
    for link in representations_of(principal.bsn):
        if (
            link.kind == RepresentationKind.OUDER_MET_GEZAG
            and link.represented_id != principal.subject.pk
            and PortalScope.TOESTEMMINGEN in scopes_for(link)
            and all(person.inwoner.pk != link.represented_id for person in people)
        ):
            people.append(_person_rules(link.represented, RepresentationKind.OUDER_MET_GEZAG))
    return people


def _consents(principal: Principal, people: list[RegisterPerson]) -> list[Consent]:
    consultations = Consultation.objects.select_related("specialist").order_by("-starts_at", "-pk")
    return list(
        Consent.objects.filter(
            inwoner_id__in=[person.inwoner.pk for person in people], dossier_id__in=portal_dossier_ids(principal)
        )
        .select_related("inwoner")
        .prefetch_related(Prefetch("consultations", queryset=consultations))
        .order_by("inwoner_id", "status", "-given_on", "-pk")
    )


def _dossier_for(principal: Principal, inwoner: Inwoner) -> Dossier | None:
    """The running dossier of a household of `inwoner` among the portal's dossiers: where a new consent goes."""
    households = HuishoudenLid.objects.filter(inwoner=inwoner).exclude(end__lt=timezone.localdate())
    return (
        Dossier.objects.filter(pk__in=portal_dossier_ids(principal), huishouden__in=households.values("huishouden"))
        .exclude(status=Status.AFGESLOTEN)
        .select_related("team")
        .order_by("-opened_at", "-pk")
        .first()
    )


def _giver_name(principal: Principal) -> str:
    if principal.representation is not None:
        return principal.representation.representative_name
    person = principal.person or principal.subject
    return person.full_name if person is not None else ""


@portal_view(PortalScope.TOESTEMMINGEN)
def toestemmingen(request: HttpRequest) -> HttpResponse:
    principal: Principal = request.portal  # type: ignore[attr-defined]
    people = register_people(principal)
    givable = [person for person in people if person.capacity]
    dossier = _dossier_for(principal, principal.subject) if principal.subject is not None else None
    organisations = recipients.known_organisations(dossier.team.gemeente_id) if dossier is not None else []
    choices = [(person.inwoner.pk, str(person.inwoner)) for person in givable]
    form = GiveConsentForm(people=choices, organisations=organisations)
    status = 200
    if request.method == "POST":
        form = GiveConsentForm(request.POST, people=choices, organisations=organisations)
        if form.is_valid():
            data = form.cleaned_data
            chosen = next(person for person in givable if person.inwoner.pk == data["person"])
            target = _dossier_for(principal, chosen.inwoner)
            if target is None:
                form.add_error(
                    None, _("Er is nu geen lopend dossier. Vraag het team om de toestemming vast te leggen.")
                )
            else:
                try:
                    consent_services.give_consent_online(
                        target,
                        chosen.inwoner,
                        purpose=data["purpose"],
                        recipient_organisation=data["recipient_organisation"],
                        given_by_name=_giver_name(principal),
                        given_by_capacity=chosen.capacity,
                        basis=principal.basis,
                        log_detail=principal.describe(),
                        request=request,
                    )
                except ValidationError as error:
                    for message in error.messages:
                        form.add_error(None, message)
                else:
                    messages.success(request, _("Uw toestemming is vastgelegd. Uw regisseur ziet het."))
                    return redirect("portal:toestemmingen")
        status = 400
    consents = _consents(principal, people)
    log_portal_shown(
        request,
        principal,
        dossier_ids=sorted(
            {consent.dossier_id for consent in consents if consent.dossier_id} or set(portal_dossier_ids(principal))
        ),
        object_type="toestemming",
        section=Section.HUISHOUDEN,
    )
    by_person = [
        (person, [consent for consent in consents if consent.inwoner_id == person.inwoner.pk]) for person in people
    ]
    return render(
        request,
        "portal/privacy/toestemmingen.html",
        {
            "principal": principal,
            "by_person": by_person,
            "form": form,
            "may_give": bool(givable) and dossier is not None and bool(organisations),
            "not_givable": [person for person in people if not person.capacity],
        },
        status=status,
    )


def _own_consent(request: HttpRequest, principal: Principal, consent_id: int) -> tuple[Consent, RegisterPerson]:
    """The consent when it is in the user's register; else a logged 404."""
    people = register_people(principal)
    found = (
        Consent.objects.filter(
            pk=consent_id,
            inwoner_id__in=[person.inwoner.pk for person in people],
            dossier_id__in=portal_dossier_ids(principal),
        )
        .select_related("inwoner")
        .first()
    )
    if found is None:
        log_portal_denied(request, principal, object_type="toestemming", object_id=consent_id)
        raise Http404
    return found, next(person for person in people if person.inwoner.pk == found.inwoner_id)


@portal_view(PortalScope.TOESTEMMINGEN)
def toestemming_intrekken(request: HttpRequest, consent_id: int) -> HttpResponse:
    principal: Principal = request.portal  # type: ignore[attr-defined]
    consent, person = _own_consent(request, principal, consent_id)
    if request.method == "POST":
        if not person.may_withdraw:
            messages.error(request, person.why_not)
            return redirect("portal:toestemmingen")
        try:
            consent_services.withdraw_consent(
                consent,
                by=None,
                by_name=_giver_name(principal),
                basis=principal.basis,
                log_detail=principal.describe(),
                request=request,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("De toestemming is ingetrokken. Vanaf nu geldt zij niet meer."))
        return redirect("portal:toestemmingen")
    consultations = list(consent.consultations.select_related("specialist").filter(revoked_at__isnull=True))
    log_portal(
        request,
        principal,
        object_type="toestemming",
        object_id=consent.pk,
        dossier_id=consent.dossier_id,
        section=Section.HUISHOUDEN,
    )
    return render(
        request,
        "portal/privacy/intrekken.html",
        {"consent": consent, "person": person, "consultations": [c for c in consultations if c.is_active]},
    )


def _entry_in_history(request: HttpRequest, principal: Principal, entry_id: int) -> AccessLogEntry:
    entry = history_entries(principal).filter(pk=entry_id).first()
    if entry is None:
        log_portal_denied(request, principal, object_type="toegangslog", object_id=entry_id)
        raise Http404
    return entry


@portal_view(PortalScope.INZAGE)
def inzage(request: HttpRequest) -> HttpResponse:
    principal: Principal = request.portal  # type: ignore[attr-defined]
    paginator = Paginator(history_entries(principal), HISTORY_PAGE_SIZE)
    page = paginator.get_page(request.GET.get("pagina"))
    lines = lines_for(list(page.object_list))
    questions = (
        list(PrivacyQuestion.objects.filter(inwoner=principal.subject).order_by("-asked_at", "-pk")[:50])
        if principal.subject is not None
        else []
    )
    log_portal_shown(
        request,
        principal,
        dossier_ids=portal_dossier_ids(principal),
        object_type="toegangslog",
        section=Section.TIJDLIJN,
    )
    return render(
        request,
        "portal/privacy/inzage.html",
        {"principal": principal, "page": page, "lines": lines, "questions": questions},
    )


@portal_view(PortalScope.INZAGE)
def inzage_vraag(request: HttpRequest, accesslogentry_id: int) -> HttpResponse:
    principal: Principal = request.portal  # type: ignore[attr-defined]
    entry = _entry_in_history(request, principal, accesslogentry_id)
    line = lines_for([entry])[0]
    form = QuestionForm()
    status = 200
    if request.method == "POST":
        form = QuestionForm(request.POST)
        if form.is_valid():
            try:
                privacy_services.ask_question(request, principal, entry, form.cleaned_data["question"])
            except ValidationError as error:
                for message in error.messages:
                    form.add_error(None, message)
            else:
                messages.success(request, _("Uw vraag is verstuurd naar de privacyfunctionaris."))
                return redirect("portal:inzage")
        status = 400
    else:
        log_portal(
            request,
            principal,
            action=AccessAction.VIEW,
            object_type="toegangslog",
            object_id=entry.pk,
            dossier_id=entry.dossier_id,
            section=Section.TIJDLIJN,
        )
    return render(request, "portal/privacy/vraag.html", {"line": line, "form": form}, status=status)
