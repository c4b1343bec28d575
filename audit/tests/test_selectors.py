from datetime import date, datetime

import pytest
from django.utils import timezone

from audit import selectors
from audit.models import AccessAction, AccessBasis
from audit.services import log_access
from testsupport.factories import UserFactory, dossier_for

pytestmark = pytest.mark.django_db


def _view(user, *, dossier_id=None, object_type="dossier", object_id="", basis=AccessBasis.REGISSEUR, **kwargs):
    return log_access(
        None,
        user=user,
        action=kwargs.pop("action", AccessAction.VIEW),
        basis=basis,
        object_type=object_type,
        object_id=object_id or dossier_id or "",
        dossier_id=dossier_id,
        **kwargs,
    )


def test_access_history_finds_entries_on_the_dossiers_of_the_persons_households(family, team, generalist) -> None:
    dossier, parent, child = family
    about_family = _view(generalist, dossier_id=dossier.pk)
    about_child = _view(generalist, object_type="inwoner", object_id=child.pk)
    elsewhere = _view(generalist, dossier_id=dossier_for(team).pk)

    child_history = list(selectors.access_history(child))
    assert child_history == [about_child, about_family]  # newest first
    assert elsewhere not in child_history
    assert list(selectors.access_history(parent)) == [about_family]


def test_access_history_includes_dossiers_of_a_household_the_person_left(family, team, generalist) -> None:
    dossier, _parent, child = family
    child.lidmaatschappen.update(end=date(2025, 1, 1))
    entry = _view(generalist, dossier_id=dossier.pk)
    assert list(selectors.access_history(child)) == [entry]


def test_search_by_person_and_by_dossier(family, team, generalist) -> None:
    dossier, parent, _child = family
    other = dossier_for(team)
    mine = _view(generalist, dossier_id=dossier.pk)
    theirs = _view(generalist, dossier_id=other.pk)
    assert list(selectors.search(selectors.LogQuery(person=parent))) == [mine]
    assert list(selectors.search(selectors.LogQuery(dossier_id=other.pk))) == [theirs]


def test_search_by_medewerker_name_or_username(team, generalist) -> None:
    someone = UserFactory(username="k.bakker", first_name="Karin", last_name="Bakker")
    hers = _view(someone, dossier_id=1)
    _view(generalist, dossier_id=1)
    assert list(selectors.search(selectors.LogQuery(medewerker="bakker"))) == [hers]
    assert list(selectors.search(selectors.LogQuery(medewerker="karin BAK"))) == [hers]


def test_search_by_period_action_and_basis(generalist, monkeypatch) -> None:
    # Written "last June" (log rows cannot be changed afterwards; on PostgreSQL a trigger refuses it).
    with monkeypatch.context() as past:
        past.setattr(timezone, "now", lambda: timezone.make_aware(datetime(2025, 6, 1, 12, 0)))
        old = _view(generalist, dossier_id=1)
    denied = _view(generalist, dossier_id=1, action=AccessAction.DENIED, basis=AccessBasis.NONE)
    glass = _view(generalist, dossier_id=1, basis=AccessBasis.BREAK_THE_GLASS)

    in_june = selectors.LogQuery(date_from=date(2025, 6, 1), date_to=date(2025, 6, 30))
    assert [entry.pk for entry in selectors.search(in_june)] == [old.pk]
    assert list(selectors.search(selectors.LogQuery(action=AccessAction.DENIED))) == [denied]
    assert list(selectors.search(selectors.LogQuery(basis=AccessBasis.BREAK_THE_GLASS))) == [glass]
    assert selectors.LogQuery().is_empty


def _written_at(monkeypatch, user, moment: datetime):
    with monkeypatch.context() as past:
        past.setattr(timezone, "now", lambda: timezone.make_aware(moment))
        return _view(user, dossier_id=1)


def test_search_by_period_counts_whole_local_days_at_both_ends(generalist, monkeypatch) -> None:
    """ "From 1 to 2 March" is from midnight on 1 March to midnight after 2 March, Amsterdam time."""
    before = _written_at(monkeypatch, generalist, datetime(2025, 2, 28, 23, 59, 59))
    first = _written_at(monkeypatch, generalist, datetime(2025, 3, 1, 0, 0))
    last = _written_at(monkeypatch, generalist, datetime(2025, 3, 2, 23, 59, 59))
    after = _written_at(monkeypatch, generalist, datetime(2025, 3, 3, 0, 0))

    found = {
        entry.pk for entry in selectors.search(selectors.LogQuery(date_from=date(2025, 3, 1), date_to=date(2025, 3, 2)))
    }
    assert found == {first.pk, last.pk}
    assert {entry.pk for entry in selectors.search(selectors.LogQuery(date_to=date(2025, 2, 28)))} == {before.pk}
    assert {entry.pk for entry in selectors.search(selectors.LogQuery(date_from=date(2025, 3, 3)))} == {after.pk}


def test_search_by_one_day_across_the_switch_to_summer_time(generalist, monkeypatch) -> None:
    # 30 March 2025 has 23 hours in Amsterdam.
    late = _written_at(monkeypatch, generalist, datetime(2025, 3, 30, 23, 30))
    _written_at(monkeypatch, generalist, datetime(2025, 3, 31, 0, 30))
    day = selectors.LogQuery(date_from=date(2025, 3, 30), date_to=date(2025, 3, 30))
    assert [entry.pk for entry in selectors.search(day)] == [late.pk]


def test_search_by_person_and_period_finds_dossier_and_person_entries(family, generalist, monkeypatch) -> None:
    dossier, _parent, child = family
    with monkeypatch.context() as past:
        past.setattr(timezone, "now", lambda: timezone.make_aware(datetime(2025, 5, 10, 9, 0)))
        about_family = _view(generalist, dossier_id=dossier.pk)
        about_child = _view(generalist, object_type="inwoner", object_id=child.pk)
    _view(generalist, dossier_id=dossier.pk)  # today, outside the period
    may = selectors.LogQuery(person=child, date_from=date(2025, 5, 1), date_to=date(2025, 5, 31))
    assert {entry.pk for entry in selectors.search(may)} == {about_family.pk, about_child.pk}
    assert selectors.search(may).count() == 2
