"""Mijn Wijkteam in the demo: one household to log in as, with something in every part of the portal.

The household is the demo generalist's first running dossier with a completed onderzoek. Through the apps' own
services this phase gives it what every part of the portal shows: a plan with an open action for the household,
the verslag of the onderzoek handed out as a PDF, the oldest member's consent with the specialist's consultation
based on it (withdrawing it in the portal ends the consultation), a sent beschikking with its letter and
allocation, a colleague's break-the-glass with reads on that ground, and a mantelzorger (a synthetic resident
elsewhere in town) who may read the plan. Like the roles phase (demo/roles.py) it runs only with the showcase,
on the real clock.

``demo_residents`` is what the "DigiD (demo)" page offers: these two first, then other synthetic residents.
"""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db.models import F, QuerySet
from django.utils import timezone

from accounts.models import User
from assessments import services as assessment_services
from assessments.models import Onderzoek
from audit.models import AccessAction, AccessBasis
from audit.services import log_access
from catalogue.codes import Law
from catalogue.models import Aanbieder, Voorziening
from consent import services as consent_services
from consent.models import ConsentCapacity, ConsentHow, Consultation, ConsultationMode
from decisions import services as decision_services
from decisions.models import Aanvraag, Outcome
from dossiers.models import Dossier
from dossiers.sections import Section
from dossiers.transitions import Status
from plans import services as plan_services
from plans.models import Actie, Plan, Uitvoerder
from portal.models import PortalContact, PortalScope, Representation, RepresentationKind, RepresentationSource
from residents.bsn import complete_bsn
from residents.models import Huishouden, HuishoudenLid, HuishoudenType, Inwoner, LidRol

#: The mantelzorger's name in the demo (a synthetic resident of another household).
MANTELZORGER = ("Mila", "de", "Boer")
#: The e-mail address the demo resident gave for notices: a reserved domain, nothing leaves the machine.
DEMO_EMAIL = "inwoner@voorbeeldstad.invalid"
BREAK_GLASS_REASON = (
    "De huisarts belde buiten kantoortijd: de inwoner is gevallen en de regisseur is niet bereikbaar. "
    "Ik moest weten wie de mantelzorger is en welke afspraken er zijn."
)


def showcase_resident() -> Inwoner | None:
    """The demo resident of Mijn Wijkteam: the one the demo mantelzorger represents."""
    first, _tussenvoegsel, last = MANTELZORGER
    link = (
        Representation.objects.filter(
            representative_bsn__in=Inwoner.objects.filter(voornamen=first, achternaam=last, is_synthetic=True)
            .exclude(bsn__isnull=True)
            .values("bsn")
        )
        .select_related("represented")
        .order_by("pk")
        .first()
    )
    return link.represented if link is not None else None


def _choose_dossier(regisseur: User, today: date) -> tuple[Dossier, Inwoner] | None:
    """The regisseur's first running dossier with a completed onderzoek whose oldest member is an adult."""
    candidates = (
        Dossier.objects.filter(regisseur=regisseur, status=Status.UITVOERING, onderzoeken__completed_on__isnull=False)
        .distinct()
        .order_by("pk")
    )
    for dossier in candidates[:20]:
        oldest = (
            Inwoner.objects.filter(lidmaatschappen__huishouden_id=dossier.huishouden_id, bsn__isnull=False)
            .order_by("geboortedatum", "pk")
            .first()
        )
        if oldest is not None and oldest.age_on(today) >= 18:
            return dossier, oldest
    return None


def seed_portal(today: date) -> dict[str, int]:
    """Fill the showcase household's portal; returns what was made, for the seeding report."""
    counts = {"portaal-huishoudens": 0}
    usernames = ("generalist", "generalist2", "consulent", "specialist")
    users = {user.username: user for user in User.objects.filter(username__in=usernames)}
    if "generalist" not in users:
        return counts
    regisseur = users["generalist"]
    chosen = _choose_dossier(regisseur, today)
    if chosen is None:
        return counts
    dossier, resident = chosen
    _plan(dossier, resident, regisseur, today)
    _verslag(dossier, regisseur, today)
    if "specialist" in users:
        _consultation(dossier, resident, regisseur, users["specialist"])
    if "consulent" in users:
        _decision(dossier, resident, users["consulent"], today)
    _reads(dossier, regisseur, users.get("generalist2"))
    _mantelzorger(resident, today)
    PortalContact.objects.update_or_create(inwoner=resident, defaults={"email": DEMO_EMAIL})
    counts["portaal-huishoudens"] = 1
    return counts


def _consultation(dossier: Dossier, resident: Inwoner, regisseur: User, specialist: User) -> None:
    """The resident's consent for the specialist, and the consultation based on it (withdrawable in the portal)."""
    if Consultation.objects.filter(dossier=dossier, specialist=specialist).exists():
        return
    consent = consent_services.record_consent(
        dossier,
        resident,
        purpose="Afstemming behandeling",
        recipient=specialist.get_full_name(),
        given_on=timezone.localdate(),
        how=ConsentHow.MONDELING,
        given_by_name=resident.full_name,
        given_by_capacity=ConsentCapacity.ZELF,
        recorded_by=regisseur,
        basis=AccessBasis.REGISSEUR,
    )
    consent_services.invite(
        dossier,
        specialist=specialist,
        invited_by=regisseur,
        sections=[Section.PLAN],
        mode=ConsultationMode.LEZEN,
        pseudonymised=False,
        ends_at=timezone.now() + timedelta(days=14),
        reason="Meedenken over de aanpak van de somberheid; afstemming met de behandeling bij de GGZ.",
        consent=consent,
    )


def _decision(dossier: Dossier, resident: Inwoner, consulent: User, today: date) -> None:
    """A sent Wmo beschikking with its letter and allocation, for "Mijn besluiten"."""
    if Aanvraag.objects.filter(dossier=dossier, inwoner=resident).exists():
        return
    voorziening = Voorziening.objects.filter(law=Law.WMO, name="Huishoudelijke ondersteuning").first()
    aanbieder = Aanbieder.objects.filter(agb_code="99990011").first()
    if voorziening is None or aanbieder is None:
        return
    try:
        aanvraag = decision_services.submit_aanvraag(
            dossier,
            consulent,
            inwoner=resident,
            law=Law.WMO,
            received_on=today,
            description="Redt het schoonhouden van het huis niet meer sinds het overlijden van de partner.",
            voorzieningen=[voorziening],
            consulent=consulent,
        )
        beschikking = decision_services.prepare_beschikking(
            aanvraag,
            consulent,
            outcome=Outcome.TOEKENNING,
            motivation=(
                "De inwoner kan het huis niet zelf schoonhouden; de dochter helpt met de administratie maar woont te "
                "ver weg om ook schoon te maken. Twee uur per week houdt de woning leefbaar."
            ),
            legal_basis=decision_services.DEFAULT_LEGAL_BASIS[Law.WMO],
            eigen_bijdrage=True,
            regels=[
                decision_services.RegelInput(
                    voorziening=voorziening,
                    volume=2,
                    start=today,
                    end=today + timedelta(weeks=52) - timedelta(days=1),
                    aanbieder=aanbieder,
                )
            ],
        )
        signed = decision_services.sign(beschikking, consulent, version=beschikking.version)
        decision_services.send(signed, consulent, sent_on=today, version=signed.version)
    except ValidationError:
        return


def _plan(dossier: Dossier, resident: Inwoner, regisseur: User, today: date) -> None:
    """A goal with an open action for the household itself, one for the network and one for the team."""
    plan = plan_services.plan_for_update(dossier)
    if not (plan.going_well or plan.worries):
        plan = plan_services.save_plan(
            dossier,
            going_well="Er is een vaste dagstructuur met de hond; de buurvrouw komt elke week langs.",
            worries="Somberheid sinds het overlijden van de partner; de post blijft liggen.",
            review_on=today + timedelta(weeks=8),
            version=plan.version,
            actor=regisseur,
            basis=AccessBasis.REGISSEUR,
        )
    if Actie.objects.filter(doel__plan=plan, uitvoerder=Uitvoerder.HUISHOUDEN).exists():
        return
    doel = plan_services.add_doel(
        dossier,
        description="Ik wil weer overzicht over mijn post en rekeningen.",
        domain=None,
        persons=[resident],
        actor=regisseur,
        basis=AccessBasis.REGISSEUR,
    )
    plan_services.add_actie(
        doel,
        description="Elke maandag de post openen en in de map leggen.",
        uitvoerder=Uitvoerder.HUISHOUDEN,
        uitvoerder_name=resident.voornamen,
        due_on=today + timedelta(days=14),
        actor=regisseur,
        basis=AccessBasis.REGISSEUR,
    )
    plan_services.add_actie(
        doel,
        description="Samen de rekeningen van deze maand doorlopen.",
        uitvoerder=Uitvoerder.NETWERK,
        uitvoerder_name=" ".join(part for part in MANTELZORGER if part) + " (dochter)",
        due_on=today + timedelta(days=21),
        actor=regisseur,
        basis=AccessBasis.REGISSEUR,
    )
    plan_services.add_actie(
        doel,
        description="Aanmelden bij de vrijwillige thuisadministratie.",
        uitvoerder=Uitvoerder.WIJKTEAM,
        uitvoerder_name=regisseur.get_full_name(),
        due_on=today + timedelta(days=10),
        actor=regisseur,
        basis=AccessBasis.REGISSEUR,
    )
    # The household agreed before these goals were added (an agreement without a version counts as current):
    # it agreed to the version before them, so the demo resident can agree to the plan as it is now.
    Plan.objects.filter(pk=plan.pk, agreed_on__isnull=False, agreed_version__isnull=True).update(
        agreed_version=F("version") - 1
    )


def _verslag(dossier: Dossier, regisseur: User, today: date) -> None:
    """Hand out the verslag of the completed onderzoek, so the portal has its PDF to show."""
    onderzoek = (
        Onderzoek.objects.filter(dossier=dossier, completed_on__isnull=False, verslag_pdf__isnull=True)
        .order_by("-completed_on", "-pk")
        .first()
    )
    if onderzoek is None or onderzoek.completed_on is None:
        return
    try:
        assessment_services.hand_over_verslag(
            onderzoek,
            on=max(onderzoek.completed_on, today - timedelta(days=3)),
            actor=regisseur,
            basis=AccessBasis.REGISSEUR,
        )
    except ValidationError:
        return


def _reads(dossier: Dossier, regisseur: User, colleague: User | None) -> None:
    """Who looked: the regisseur, and a colleague who used break-the-glass one evening, with what they read."""
    log_access(
        None,
        user=regisseur,
        action=AccessAction.VIEW,
        basis=AccessBasis.REGISSEUR,
        object_type="dossier",
        object_id=dossier.pk,
        dossier_id=dossier.pk,
        section=Section.PLAN,
    )
    if colleague is None:
        return
    try:
        consent_services.break_the_glass(dossier, user=colleague, reason=BREAK_GLASS_REASON)
    except ValidationError:
        return
    for section in (Section.HUISHOUDEN, Section.PLAN):
        log_access(
            None,
            user=colleague,
            action=AccessAction.VIEW,
            basis=AccessBasis.BREAK_THE_GLASS,
            object_type="dossier",
            object_id=dossier.pk,
            dossier_id=dossier.pk,
            section=section,
        )


def _mantelzorger(resident: Inwoner, today: date) -> Inwoner:
    """The resident's daughter, living elsewhere in town, who may read the plan (an accepted invitation)."""
    first, tussenvoegsel, last = MANTELZORGER
    carer = Inwoner.objects.filter(
        voornamen=first, tussenvoegsel=tussenvoegsel, achternaam=last, is_synthetic=True
    ).first()
    if carer is None:
        carer = Inwoner.objects.create(
            bsn=_free_bsn(),
            voornamen=first,
            tussenvoegsel=tussenvoegsel,
            achternaam=last,
            geboortedatum=date(1984, 3, 9),
            straat="Lindelaan",
            huisnummer=12,
            postcode="1234CD",
            woonplaats=resident.woonplaats or "Voorbeeldstad",
            buurt=resident.buurt,
            is_synthetic=True,
        )
        household = Huishouden.objects.create(type=HuishoudenType.ALLEENSTAAND)
        HuishoudenLid.objects.create(huishouden=household, inwoner=carer, rol=LidRol.HOOFD)
    if not Representation.objects.filter(represented=resident, representative_bsn=carer.bsn).exists():
        Representation.objects.create(
            represented=resident,
            kind=RepresentationKind.GEMACHTIGDE,
            source=RepresentationSource.UITNODIGING,
            representative_bsn=carer.bsn or "",
            representative_name=carer.full_name,
            scopes=[PortalScope.PLAN],
            accepted_at=timezone.now(),
            valid_from=today,
        )
    return carer


def _free_bsn() -> str:
    """A valid BSN no resident has: from a range the demo population does not use."""
    taken = set(Inwoner.objects.filter(bsn__startswith="99").values_list("bsn", flat=True))
    for number in range(99_000_000, 99_999_999):
        candidate = complete_bsn(f"{number:08d}")
        if candidate and candidate not in taken:
            return candidate
    raise RuntimeError("no free BSN")


def demo_residents(limit: int) -> list[Inwoner]:
    """Who the "DigiD (demo)" page offers: the showcase resident and the mantelzorger first, then others."""
    first: list[Inwoner] = [person for person in (showcase_resident(),) if person is not None]
    first += list(
        Inwoner.objects.filter(is_synthetic=True, voornamen=MANTELZORGER[0], achternaam=MANTELZORGER[2]).order_by("pk")[
            :1
        ]
    )
    seen = {person.pk for person in first}
    others: QuerySet[Inwoner] = (
        Inwoner.objects.filter(
            is_synthetic=True, bsn__isnull=False, lidmaatschappen__huishouden__dossiers__isnull=False
        )
        .exclude(pk__in=seen)
        .distinct()
        .order_by("pk")
    )
    today = timezone.localdate()
    rest = [person for person in others[: limit * 3] if person.age_on(today) >= 16]
    return (first + rest)[:limit]
