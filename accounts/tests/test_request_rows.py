"""Every page reads its session, user and second-factor device without compiling a query, and the rules stay.

The three reads go through accounts.rows (built once per process) instead of the ORM; these tests pin that a
near-empty page does only those three reads, and that what they decide is unchanged: an expired session ends,
a deactivated account is logged out, and a device that was removed or is not the user's no longer counts.
"""

from collections.abc import Iterator
from datetime import timedelta
from unittest import mock

import pytest
from django.contrib.sessions.models import Session
from django.db.models.sql.compiler import SQLCompiler
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import User
from accounts.rows import fetch_one
from testsupport.factories import UserFactory

NEAR_EMPTY_PAGE = "/start/"
LOGIN = reverse("accounts:login")
CODE_STEP = reverse("accounts:second_factor")


@pytest.fixture
def compiled() -> Iterator[list[str]]:
    """The SELECT statements the ORM compiles while the block runs."""
    statements: list[str] = []
    original = SQLCompiler.as_sql

    def as_sql(self: SQLCompiler, *args: object, **kwargs: object) -> tuple[str, tuple[object, ...]]:
        sql, params = original(self, *args, **kwargs)
        statements.append(sql)
        return sql, params

    with mock.patch.object(SQLCompiler, "as_sql", as_sql):
        yield statements


def test_a_near_empty_page_reads_session_user_and_device_without_compiling_a_query(
    client: Client, generalist: User, compiled: list[str], django_assert_num_queries
) -> None:
    client.force_login(generalist)
    compiled.clear()
    with django_assert_num_queries(3):
        response = client.get(NEAR_EMPTY_PAGE)
    assert response.status_code == 200
    assert compiled == []


def test_fetch_one_gives_the_row_as_the_orm_does(generalist: User) -> None:
    found = fetch_one(User, id=generalist.pk)
    expected = User.objects.get(pk=generalist.pk)
    assert found is not None
    for field in User._meta.concrete_fields:
        value, orm_value = getattr(found, field.attname), getattr(expected, field.attname)
        assert value == orm_value and type(value) is type(orm_value), field.name
    assert found._state.adding is False and found._state.db == "default"


def test_fetch_one_finds_nothing_for_an_unknown_row(db: None) -> None:
    assert fetch_one(User, id=987654) is None


def test_a_session_past_its_expiry_ends_and_its_key_is_not_revived(client: Client, generalist: User) -> None:
    client.force_login(generalist)
    key = client.session.session_key
    Session.objects.filter(session_key=key).update(expire_date=timezone.now() - timedelta(seconds=1))

    response = client.get("/dossiers/")

    assert response.status_code == 302 and response["Location"].startswith(LOGIN)
    assert not Session.objects.filter(session_key=key, expire_date__gt=timezone.now()).exists()


def test_a_deactivated_account_is_logged_out_on_its_next_page(client: Client, generalist: User) -> None:
    client.force_login(generalist)
    User.objects.filter(pk=generalist.pk).update(is_active=False)

    response = client.get("/dossiers/")

    assert response.status_code == 302 and response["Location"].startswith(LOGIN)


def test_a_removed_device_no_longer_counts_as_second_factor(client: Client, generalist: User) -> None:
    client.force_login(generalist)
    TOTPDevice.objects.filter(user=generalist).delete()

    response = client.get("/dossiers/")

    assert response.status_code == 302 and response["Location"].startswith(CODE_STEP)


def test_another_users_device_in_the_session_does_not_count(client: Client, generalist: User) -> None:
    client.force_login(generalist)
    other = TOTPDevice.objects.create(user=UserFactory(), name="Telefoon", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = other.persistent_id
    session.save()

    response = client.get("/dossiers/")

    assert response.status_code == 302 and response["Location"].startswith(CODE_STEP)


def test_an_unconfirmed_device_in_the_session_does_not_count(client: Client, generalist: User) -> None:
    client.force_login(generalist)
    TOTPDevice.objects.filter(user=generalist).update(confirmed=False)

    response = client.get("/dossiers/")

    assert response.status_code == 302 and response["Location"].startswith(CODE_STEP)
