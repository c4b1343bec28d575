"""Two years of informatiepunt questions and erop-af contacts for the demo municipality, so indicator 14 has figures.

Both records are anonymous by construction (outreach.models), so the history is a matter of counts per wijk and
month: questions with a topic, a channel and how they were answered (a referral to an algemene voorziening names
one from the catalogue), and contacts with a setting, topics and whether someone was reached. Some reached
contacts became a melding. Within the retention term such a contact links the melding, as outreach.services does:
an outreach melding of a resident of that wijk received in the days after the contact, when the history has one.
Past the term the link is gone (clear_old_contacts) and only the day it became a melding stays, so an older
contact keeps that day without a link.

Volumes follow the number of wijken and months, not of residents. Deterministic from the seed. Safe to run twice:
nothing is made when there are questions or contacts already.
"""

import random
from collections import defaultdict
from datetime import date, timedelta

from django.utils import timezone

from catalogue.models import Voorziening
from demo.months import month_spans, pick_weighted
from dossiers.models import Melding, Route
from organisation.models import Team, TeamKind, Wijk
from outreach.models import ALGEMENE_VOORZIENINGEN, Answer, Channel, EropAfContact, InformatieVraag, Setting, Topic
from outreach.services import retention_days

MONTHS = 24
QUESTIONS_PER_WIJK_MONTH = (10, 40)
CONTACTS_PER_WIJK_MONTH = (5, 20)
#: Of every 100 reached contacts, how many became a melding.
MELDING_RATE = 12
TOPIC_WEIGHTS: dict[str, int] = {
    Topic.GELD: 24,
    Topic.WONEN: 16,
    Topic.EENZAAMHEID: 14,
    Topic.OPVOEDEN: 14,
    Topic.GEZONDHEID: 12,
    Topic.WERK: 10,
    Topic.OVERIG: 10,
}
ANSWER_WEIGHTS: dict[str, int] = {
    Answer.INFORMATIE: 50,
    Answer.ALGEMENE_VOORZIENING: 25,
    Answer.ANDERE_ORGANISATIE: 18,
    Answer.MELDING: 7,
}
CHANNEL_WEIGHTS: dict[str, int] = {Channel.BALIE: 35, Channel.TELEFOON: 35, Channel.INLOOP: 20, Channel.EMAIL: 10}
SETTING_WEIGHTS: dict[str, int] = {
    Setting.DEUR_AAN_DEUR: 35,
    Setting.BUURTHUIS: 25,
    Setting.SCHOOL: 15,
    Setting.STRAAT: 18,
    Setting.OVERIG: 7,
}


def _outreach_meldingen(wijk_id: int, since: date) -> dict[date, list[int]]:
    """The outreach meldingen about residents of the wijk since ``since``, per day received (oldest first)."""
    per_day: dict[date, list[int]] = defaultdict(list)
    rows = (
        Melding.objects.filter(route=Route.OUTREACH, inwoner__buurt__wijk_id=wijk_id, received_at__date__gte=since)
        .order_by("received_at", "pk")
        .values_list("pk", "received_at")
    )
    for pk, received_at in rows:
        per_day[timezone.localtime(received_at).date()].append(pk)
    return per_day


def seed_history(today: date, seed: int) -> dict[str, int]:
    """Questions and contacts for the last MONTHS months per wijk; returns how many of each."""
    counts = {"informatievragen": 0, "erop-af-contacten": 0}
    if InformatieVraag.objects.exists() or EropAfContact.objects.exists():
        return counts
    rng = random.Random(seed * 7919 + 14)
    voorzieningen = list(Voorziening.objects.filter(ALGEMENE_VOORZIENINGEN).order_by("pk").values_list("pk", flat=True))
    linked_from = today - timedelta(days=retention_days())
    linked: set[int] = set(EropAfContact.objects.exclude(melding=None).values_list("melding_id", flat=True))
    questions: list[InformatieVraag] = []
    contacts: list[EropAfContact] = []
    for wijk in Wijk.objects.order_by("pk"):
        team = Team.objects.filter(wijken=wijk, kind=TeamKind.WIJKTEAM).order_by("pk").first()
        if team is None:
            continue
        meldingen = _outreach_meldingen(wijk.pk, linked_from)
        for first, last in month_spans(today, MONTHS):
            span = (last - first).days
            for _ in range(rng.randint(*QUESTIONS_PER_WIJK_MONTH)):
                answer = pick_weighted(rng, ANSWER_WEIGHTS)
                if answer == Answer.ALGEMENE_VOORZIENING and not voorzieningen:
                    answer = Answer.INFORMATIE
                questions.append(
                    InformatieVraag(
                        asked_on=first + timedelta(days=rng.randint(0, span)),
                        team=team,
                        wijk=wijk,
                        topic=pick_weighted(rng, TOPIC_WEIGHTS),
                        channel=pick_weighted(rng, CHANNEL_WEIGHTS),
                        answer=answer,
                        voorziening_id=rng.choice(voorzieningen) if answer == Answer.ALGEMENE_VOORZIENING else None,
                    )
                )
            for _ in range(rng.randint(*CONTACTS_PER_WIJK_MONTH)):
                contact_on = first + timedelta(days=rng.randint(0, span))
                setting = pick_weighted(rng, SETTING_WEIGHTS)
                # At the door or in the street fewer people are reached than in a buurthuis or at school.
                reached = rng.random() < (0.55 if setting in (Setting.DEUR_AAN_DEUR, Setting.STRAAT) else 0.85)
                topics = sorted({pick_weighted(rng, TOPIC_WEIGHTS) for _ in range(rng.choice((1, 1, 2, 3)))})
                contact = EropAfContact(
                    team=team, wijk=wijk, contact_on=contact_on, setting=setting, topics=topics, reached=reached
                )
                if reached and rng.randint(1, 100) <= MELDING_RATE:
                    _became_melding(rng, contact, today, linked_from, meldingen, linked)
                contacts.append(contact)
    InformatieVraag.objects.bulk_create(questions, batch_size=2000)
    EropAfContact.objects.bulk_create(contacts, batch_size=2000)
    counts["informatievragen"] = len(questions)
    counts["erop-af-contacten"] = len(contacts)
    return counts


def _became_melding(
    rng: random.Random,
    contact: EropAfContact,
    today: date,
    linked_from: date,
    meldingen: dict[date, list[int]],
    linked: set[int],
) -> None:
    """Mark the contact as having become a melding: linked within the retention term, the day only before it."""
    if contact.contact_on < linked_from:
        made_on = min(today, contact.contact_on + timedelta(days=rng.choice((0, 0, 1, 3, 7))))
        contact.melding_made_on = made_on
        return
    for offset in range(15):
        day = contact.contact_on + timedelta(days=offset)
        free = [pk for pk in meldingen.get(day, []) if pk not in linked]
        if free:
            contact.melding_id = free[0]
            contact.melding_made_on = day
            linked.add(free[0])
            return
