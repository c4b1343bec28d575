"""The Royal Decrees shipped as data, and the beheerder who adds the next one in /beheer/."""

from datetime import date

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError

from deadlines.calendar_source import current_calendar
from deadlines.models import EquatedDay, EquatedDayDecree
from deadlines.tests.decrees import KNOWN_DECREES

pytestmark = pytest.mark.django_db


def test_the_shipped_decrees_are_the_published_ones() -> None:
    shipped = {
        (decree.reference, decree.first_year, decree.last_year): {day.date: day.name for day in decree.days.all()}
        for decree in EquatedDayDecree.objects.prefetch_related("days")
    }
    assert shipped == {
        (decree.reference, decree.first_year, decree.last_year): dict(decree.days) for decree in KNOWN_DECREES
    }


def test_the_calendar_knows_decrees_up_to_2028() -> None:
    calendar = current_calendar()
    assert calendar.last_decreed_year == 2028
    assert calendar.is_working_day(date(2026, 5, 4))
    assert calendar.is_working_day(date(2027, 4, 26))
    assert calendar.is_rest_day(date(2028, 4, 28))


def test_a_decree_day_outside_the_decrees_years_is_refused() -> None:
    decree = EquatedDayDecree.objects.get(first_year=2026)
    with pytest.raises(ValidationError):
        EquatedDay(decree=decree, date=date(2029, 5, 11), name="Vrijdag na Hemelvaartsdag").full_clean()


def test_two_decrees_for_the_same_year_are_refused() -> None:
    with pytest.raises(ValidationError):
        EquatedDayDecree(title="Dubbel", reference="x", first_year=2028, last_year=2030).full_clean()


def test_functioneel_beheer_may_maintain_decrees_and_their_days() -> None:
    granted = set(Group.objects.get(name="Functioneel beheer").permissions.values_list("codename", flat=True))
    assert {
        "add_equateddaydecree",
        "change_equateddaydecree",
        "view_equateddaydecree",
        "add_equatedday",
        "change_equatedday",
        "view_equatedday",
    } <= granted


def test_a_beheerder_adds_the_next_decree_with_its_days_in_beheer() -> None:
    from django.test import Client
    from django.urls import reverse

    from accounts.models import Role
    from testsupport.factories import UserFactory

    beheerder = UserFactory(username="ingrid", role=Role.FUNCTIONEEL_BEHEERDER, is_staff=True)
    beheerder.groups.add(Group.objects.get(name="Functioneel beheer"))
    client = Client()
    client.force_login(beheerder)
    url = reverse("admin:deadlines_equateddaydecree_add")
    assert client.get(url).status_code == 200

    response = client.post(
        url,
        {
            "title": "Besluit gelijkstelling 2029–2031",
            "reference": "Stcrt. 2028, 12345",
            "first_year": "2029",
            "last_year": "2031",
            "days-TOTAL_FORMS": "2",
            "days-INITIAL_FORMS": "0",
            "days-MIN_NUM_FORMS": "0",
            "days-MAX_NUM_FORMS": "1000",
            "days-0-date": "2029-05-11",
            "days-0-name": "Vrijdag na Hemelvaartsdag",
            "days-1-date": "2032-05-07",
            "days-1-name": "Buiten de jaren van het besluit",
        },
    )
    assert response.status_code == 200, "a day outside the decree's years is refused with the form shown again"
    assert not EquatedDayDecree.objects.filter(first_year=2029).exists()

    response = client.post(
        url,
        {
            "title": "Besluit gelijkstelling 2029–2031",
            "reference": "Stcrt. 2028, 12345",
            "first_year": "2029",
            "last_year": "2031",
            "days-TOTAL_FORMS": "1",
            "days-INITIAL_FORMS": "0",
            "days-MIN_NUM_FORMS": "0",
            "days-MAX_NUM_FORMS": "1000",
            "days-0-date": "2029-05-11",
            "days-0-name": "Vrijdag na Hemelvaartsdag",
        },
    )
    assert response.status_code == 302
    calendar = current_calendar()
    assert calendar.last_decreed_year == 2031
    assert (
        calendar.rest_day_reason(date(2029, 5, 11)) == "Vrijdag na Hemelvaartsdag (gelijkgesteld, Stcrt. 2028, 12345)"
    )
    assert calendar.provisional_reason(date(2029, 4, 26), date(2029, 5, 14)) == ""
