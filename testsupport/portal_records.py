"""A household with one of every record Mijn Wijkteam shows, for the portal's access matrix and browser tests."""

import hashlib
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone

from accounts.models import User
from allocations.models import Toewijzing
from assessments.models import Onderzoek
from audit.models import AccessAction, AccessBasis
from audit.services import log_access
from consent.models import Consent, ConsentCapacity, ConsentHow, Consultation
from decisions.models import Beschikking, Letter
from dossiers.models import Dossier
from dossiers.sections import Section
from messaging.services import send_from_staff
from organisation.models import Team
from plans.models import Actie, Doel, Plan, Uitvoerder
from portal.models import PortalScope, PrivacyQuestion, Representation
from residents.models import Inwoner
from surveys.tests.support import invitation_for
from testsupport.decision_factories import AanbiederFactory, VoorzieningFactory, aanvraag_for, sent_beschikking
from testsupport.factories import InwonerFactory, UserFactory
from testsupport.portal import household_dossier, representation

#: Enough of a PDF for a download test: the bytes must come back unchanged.
PDF = b"%PDF-1.4\n% Open Wijkteam test document\n%%EOF\n"


@dataclass
class FullHousehold:
    resident: Inwoner
    dossier: Dossier
    plan: Plan
    actie: Actie
    onderzoek: Onderzoek
    beschikking: Beschikking
    letter: Letter
    consent: Consent
    consultation: Consultation
    representation: Representation


def full_household(team: Team, regisseur: User) -> FullHousehold:
    resident = InwonerFactory()
    dossier = household_dossier(team, regisseur, resident)
    today = date.today()
    plan = Plan.objects.create(dossier=dossier, going_well="Vaste dagstructuur", worries="Post blijft liggen")
    doel = Doel.objects.create(plan=plan, description="Overzicht over de post")
    actie = Actie.objects.create(
        doel=doel,
        description="Post openen op maandag",
        uitvoerder=Uitvoerder.HUISHOUDEN,
        due_on=today + timedelta(days=7),
    )
    onderzoek = Onderzoek.objects.create(
        dossier=dossier,
        conversation_on=today - timedelta(days=20),
        completed_on=today - timedelta(days=10),
        verslag="Wat wij samen bespraken.",
        verslag_sent_on=today - timedelta(days=9),
        verslag_pdf=PDF,
    )
    voorziening = VoorzieningFactory()
    aanvraag = aanvraag_for(dossier, voorziening, created_by=regisseur)
    beschikking = sent_beschikking(aanvraag, aanbieder=AanbiederFactory())
    letter = Letter.objects.create(
        beschikking=beschikking, pdf=PDF, sha256=hashlib.sha256(PDF).hexdigest(), created_by=regisseur
    )
    regel = beschikking.regels.first()
    if regel is not None and regel.aanbieder is not None:
        Toewijzing.objects.create(
            gemeente=team.gemeente,
            law=aanvraag.law,
            nummer=f"{dossier.pk:08d}"[-8:],
            inwoner=resident,
            dossier=dossier,
            aanbieder=regel.aanbieder,
            voorziening=regel.voorziening,
            regel=regel,
            ingangsdatum=regel.start,
            einddatum=regel.end,
        )
    specialist = UserFactory(role="specialist", organisation="GGZ Voorbeeldstad")
    consent = Consent.objects.create(
        inwoner=resident,
        dossier=dossier,
        purpose="Afstemming behandeling",
        recipient=specialist.get_full_name(),
        recipient_person=specialist,
        how=ConsentHow.MONDELING,
        given_by_name=resident.full_name,
        given_by_capacity=ConsentCapacity.ZELF,
        recorded_by=regisseur,
    )
    consultation = Consultation.objects.create(
        dossier=dossier,
        specialist=specialist,
        invited_by=regisseur,
        sections=[Section.PLAN],
        reason="Meedenken",
        consent=consent,
        ends_at=timezone.now() + timedelta(days=7),
    )
    link = representation(resident, InwonerFactory().bsn, scopes=[PortalScope.PLAN])
    PrivacyQuestion.objects.create(inwoner=resident, dossier_id=dossier.pk, question="Wie is dit?", asked_by="test")
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
    invitation_for(resident, dossier)
    send_from_staff(dossier, body="Hoe gaat het met de post?", actor=regisseur, basis=AccessBasis.REGISSEUR)
    return FullHousehold(
        resident=resident,
        dossier=dossier,
        plan=plan,
        actie=actie,
        onderzoek=onderzoek,
        beschikking=beschikking,
        letter=letter,
        consent=consent,
        consultation=consultation,
        representation=link,
    )
