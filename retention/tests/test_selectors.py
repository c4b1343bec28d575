"""Which closed dossiers are past their term: defaults from the migration, concrete dates, constant queries."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalogue.codes import Law
from decisions.models import BeschikkingRegel, BeschikkingStatus
from dossiers.transitions import Status
from retention.models import CountedFrom, RetentionRule, RuleKey
from retention.selectors import dossiers_past_retention
from retention.tests.conftest import closed_dossier, with_decision
from testsupport.factories import dossier_for

pytestmark = pytest.mark.django_db

TODAY = date(2026, 6, 1)


def ids(today: date = TODAY) -> list[int]:
    return [row.dossier_id for row in dossiers_past_retention(today)]


def test_the_defaults_follow_the_law_and_the_platform_choices() -> None:
    rules = {rule.key: (rule.years, rule.counted_from) for rule in RetentionRule.objects.all()}
    assert rules == {
        RuleKey.JEUGDWET: (20, CountedFrom.AFSLUITING),
        RuleKey.WMO: (15, CountedFrom.EINDE_LAATSTE_VOORZIENING),
        RuleKey.PARTICIPATIEWET: (10, CountedFrom.EINDE_LAATSTE_VOORZIENING),
        RuleKey.ZONDER_BESLUIT: (5, CountedFrom.AFSLUITING),
    }


def test_a_dossier_without_decision_is_listed_five_years_after_closing(team) -> None:
    due = closed_dossier(team, date(2021, 5, 31))
    not_yet = closed_dossier(team, date(2021, 6, 2))
    assert due.pk in ids() and not_yet.pk not in ids()
    (row,) = [row for row in dossiers_past_retention(TODAY) if row.dossier_id == due.pk]
    assert row.destroyable_since == date(2026, 5, 31)
    assert row.rule.key == RuleKey.ZONDER_BESLUIT
    assert row.team_name == team.name


def test_open_and_reopened_dossiers_are_never_listed(team) -> None:
    open_dossier = dossier_for(team, status=Status.UITVOERING)
    reopened = closed_dossier(team, date(2001, 1, 1))
    reopened.status = Status.HEROPEND
    reopened.save()
    assert open_dossier.pk not in ids() and reopened.pk not in ids()


def test_a_jeugdwet_decision_keeps_the_dossier_for_twenty_years(team, generalist) -> None:
    dossier = closed_dossier(team, date(2008, 3, 1), regisseur=generalist)
    with_decision(dossier, Law.JEUGDWET, start=date(2007, 6, 1))
    assert dossier.pk not in ids()
    assert dossier.pk not in ids(date(2028, 2, 29))
    assert dossier.pk in ids(date(2028, 3, 1))


def test_wmo_counts_from_the_end_of_the_last_provision(team, generalist) -> None:
    dossier = closed_dossier(team, date(2008, 3, 1), regisseur=generalist)
    beschikking = with_decision(dossier, Law.WMO, start=date(2008, 1, 1))
    BeschikkingRegel.objects.filter(beschikking=beschikking).update(end=date(2011, 12, 31))
    assert dossier.pk not in ids()  # 2008-03-01 + 15 = 2023 would be wrong: the provision ran until 2011
    assert dossier.pk not in ids(date(2026, 12, 30))
    (row,) = dossiers_past_retention(date(2026, 12, 31))
    assert row.dossier_id == dossier.pk and row.destroyable_since == date(2026, 12, 31)
    assert row.rule.key == RuleKey.WMO


def test_a_concept_beschikking_is_no_decision(team, generalist) -> None:
    dossier = closed_dossier(team, date(2015, 3, 1), regisseur=generalist)
    beschikking = with_decision(dossier, Law.JEUGDWET, start=date(2015, 1, 1))
    beschikking.status = BeschikkingStatus.CONCEPT
    beschikking.save()
    (row,) = dossiers_past_retention(TODAY)
    assert row.rule.key == RuleKey.ZONDER_BESLUIT


def test_a_provision_without_end_date_keeps_the_dossier(team, generalist) -> None:
    dossier = closed_dossier(team, date(2000, 3, 1), regisseur=generalist)
    beschikking = with_decision(dossier, Law.WMO, start=date(2000, 1, 1))
    BeschikkingRegel.objects.filter(beschikking=beschikking).update(end=None)
    assert dossier.pk not in ids()


def test_a_longer_term_set_in_beheer_takes_effect(team) -> None:
    dossier = closed_dossier(team, date(2020, 1, 10))
    assert dossier.pk in ids()
    RetentionRule.objects.filter(key=RuleKey.ZONDER_BESLUIT).update(years=7)
    assert dossier.pk not in ids()


def test_the_list_takes_the_same_number_of_queries_for_two_or_ten_dossiers(team, generalist) -> None:
    def make(count: int) -> None:
        for index in range(count):
            dossier = closed_dossier(team, date(2000, 1, 1 + index), regisseur=generalist)
            with_decision(dossier, Law.WMO if index % 2 else Law.JEUGDWET, start=date(1999, 6, 1))

    make(2)
    with CaptureQueriesContext(connection) as two:
        assert len(dossiers_past_retention(TODAY)) == 2
    make(8)
    with CaptureQueriesContext(connection) as ten:
        assert len(dossiers_past_retention(TODAY)) == 10
    assert len(two) == len(ten) <= 3


def test_the_functioneel_beheerder_may_change_but_not_delete_the_rules() -> None:
    from django.contrib.auth.models import Group

    codenames = set(Group.objects.get(name="Functioneel beheer").permissions.values_list("codename", flat=True))
    assert {"view_retentionrule", "change_retentionrule", "add_retentionrule"} <= codenames
    assert "delete_retentionrule" not in codenames
    assert not any(name.endswith(("destructionrequest", "destroyeddossierfact")) for name in codenames)
