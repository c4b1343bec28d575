"""The demo history of the informatiepunt and erop af: questions and contacts per wijk and month, once."""

from datetime import date

import pytest

from catalogue.models import Voorziening
from organisation.models import Wijk
from outreach import demo_data
from outreach.models import Answer, EropAfContact, InformatieVraag

TODAY = date(2026, 11, 30)


@pytest.fixture
def months() -> int:
    return demo_data.MONTHS


def test_every_wijk_gets_questions_and_contacts_every_month(wijk: Wijk, other_wijk: Wijk, months: int) -> None:
    counts = demo_data.seed_history(TODAY, seed=11)

    assert counts == {
        "informatievragen": InformatieVraag.objects.count(),
        "erop-af-contacten": EropAfContact.objects.count(),
    }
    for each in (wijk, other_wijk):
        low, _high = demo_data.QUESTIONS_PER_WIJK_MONTH
        questions = InformatieVraag.objects.filter(wijk=each)
        assert questions.count() >= low * months
        assert len({day.replace(day=1) for day in questions.values_list("asked_on", flat=True)}) == months
        assert set(questions.values_list("team_id", flat=True)) == set(each.teams.values_list("pk", flat=True))
        contacts = EropAfContact.objects.filter(wijk=each)
        assert len({day.replace(day=1) for day in contacts.values_list("contact_on", flat=True)}) == months
    assert not InformatieVraag.objects.filter(asked_on__gt=TODAY).exists()
    assert not EropAfContact.objects.filter(contact_on__gt=TODAY).exists()


def test_a_referral_names_an_algemene_voorziening(wijk: Wijk, maaltijdservice: Voorziening) -> None:
    demo_data.seed_history(TODAY, seed=11)

    referred = InformatieVraag.objects.filter(answer=Answer.ALGEMENE_VOORZIENING)
    assert referred.exists()
    assert set(referred.values_list("voorziening_id", flat=True)) == {maaltijdservice.pk}


def test_without_an_algemene_voorziening_no_question_is_a_referral(wijk: Wijk) -> None:
    demo_data.seed_history(TODAY, seed=11)

    assert not InformatieVraag.objects.filter(answer=Answer.ALGEMENE_VOORZIENING).exists()


def test_only_reached_contacts_became_a_melding_and_older_ones_keep_only_the_day(wijk: Wijk) -> None:
    demo_data.seed_history(TODAY, seed=11)

    made = EropAfContact.objects.filter(melding_made_on__isnull=False)
    assert made.exists()
    assert not made.filter(reached=False).exists()
    # No outreach melding in this history to link: only contacts past the retention term carry the day.
    assert not EropAfContact.objects.filter(melding__isnull=False).exists()
    for contact in made:
        assert contact.melding_made_on is not None and contact.contact_on <= contact.melding_made_on <= TODAY


def test_a_second_run_adds_nothing(wijk: Wijk) -> None:
    demo_data.seed_history(TODAY, seed=11)
    before = InformatieVraag.objects.count(), EropAfContact.objects.count()

    assert demo_data.seed_history(TODAY, seed=11) == {"informatievragen": 0, "erop-af-contacten": 0}
    assert (InformatieVraag.objects.count(), EropAfContact.objects.count()) == before
