"""The upload page and the queue of unmatched signals: who may use them, what they show, what they change."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.models import Role, User
from audit.models import AccessAction, AccessBasis, AccessLogEntry
from dossiers.tests.views_support import logged_in
from organisation.models import Buurt, Team
from residents.models import Inwoner
from testsupport.factories import BuurtFactory, InwonerFactory, UserFactory, household_with, member_of
from vroegsignalering.intake import import_rows
from vroegsignalering.models import ImportSource, SignaalCasus, SignalImport, Vroegsignaal
from vroegsignalering.testing import arrears_file, signal_partners

pytestmark = pytest.mark.django_db

IMPORT = reverse("vroegsignalering:import")
QUEUE = reverse("vroegsignalering:ongekoppeld")


def _signal_url(pk: int, name: str = "ongekoppeld_signaal") -> str:
    return reverse(f"vroegsignalering:{name}", kwargs={"pk": pk})


@pytest.fixture
def buurt(team: Team) -> Buurt:
    buurt: Buurt = BuurtFactory()  # type: ignore[assignment]
    team.wijken.add(buurt.wijk)
    return buurt


@pytest.fixture
def residents(buurt: Buurt) -> list[Inwoner]:
    signal_partners()
    people: list[Inwoner] = [InwonerFactory(buurt=buurt, postcode="3511AB") for _ in range(19)]  # type: ignore[misc]
    for inwoner in people:
        household_with(inwoner)
    return people


def _upload(client: Client, content: bytes, name: str = "achterstanden.csv") -> object:
    return client.post(IMPORT, {"bestand": SimpleUploadedFile(name, content, content_type="text/csv")}, follow=True)


# --- Upload ---------------------------------------------------------------------------------------------


def test_the_upload_page_is_for_the_functioneel_beheerder_not_a_generalist(generalist: User) -> None:
    assert logged_in(generalist).get(IMPORT).status_code == 403
    assert logged_in(generalist).post(IMPORT, {}).status_code == 403


def test_the_beheerder_uploads_twenty_rows_and_sees_18_accepted_and_2_row_errors(
    residents: list[Inwoner], functioneel_beheerder: User
) -> None:
    response = _upload(logged_in(functioneel_beheerder), arrears_file(residents))
    content = response.content.decode()  # type: ignore[attr-defined]
    assert "18 opgenomen, 0 al eerder ontvangen, 2 geweigerd" in content
    assert "dit BSN klopt niet (elfproef)." in content
    assert "deze partner is bij de gemeente niet bekend." in content
    assert Vroegsignaal.objects.count() == 18


def test_re_uploading_the_same_file_shows_18_already_received_and_creates_nothing(
    residents: list[Inwoner], functioneel_beheerder: User
) -> None:
    client = logged_in(functioneel_beheerder)
    _upload(client, arrears_file(residents))
    signals, casussen = Vroegsignaal.objects.count(), SignaalCasus.objects.count()
    response = _upload(client, arrears_file(residents))
    assert "0 opgenomen, 18 al eerder ontvangen, 2 geweigerd" in response.content.decode()  # type: ignore[attr-defined]
    assert (Vroegsignaal.objects.count(), SignaalCasus.objects.count()) == (signals, casussen)


def test_the_page_lists_earlier_imports(residents: list[Inwoner], functioneel_beheerder: User) -> None:
    client = logged_in(functioneel_beheerder)
    _upload(client, arrears_file(residents), name="oktober.csv")
    assert "oktober.csv" in client.get(IMPORT).content.decode()


def test_a_file_that_is_no_batch_shows_the_reason_and_changes_nothing(functioneel_beheerder: User) -> None:
    response = _upload(logged_in(functioneel_beheerder), b"a;b\n1;2\n")
    content = response.content.decode()  # type: ignore[attr-defined]
    assert "Het bestand is geweigerd" in content
    assert "mist de kolom" in content
    assert not Vroegsignaal.objects.exists()


def test_posting_without_a_file_re_renders_with_an_error(functioneel_beheerder: User) -> None:
    response = logged_in(functioneel_beheerder).post(IMPORT, {})
    assert response.status_code == 200
    assert "Kies een bestand." in response.content.decode()
    assert not SignalImport.objects.exists()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(content=st.binary(min_size=1, max_size=2048))
def test_arbitrary_bytes_never_give_a_500_nor_a_signal(content: bytes, functioneel_beheerder: User) -> None:
    client = logged_in(functioneel_beheerder)
    response = client.post(IMPORT, {"bestand": SimpleUploadedFile("x.csv", content)})
    assert response.status_code in (200, 302)
    assert not Vroegsignaal.objects.exists()


# --- The queue ------------------------------------------------------------------------------------------


def _unmatched(residents: list[Inwoner], **changes: object) -> Vroegsignaal:
    """A signal for someone unknown at the address of a known resident: in that team's queue."""
    neighbour = residents[0]
    row: dict[str, object] = {
        "partner": "woonstad",
        "kenmerk": f"HUUR-Q-{Vroegsignaal.objects.count()}",
        "soort": "huur",
        "gemeld_op": "2026-11-02",
        "bedrag": "640",
        "maanden": "2",
        "achternaam": "Nieuwkomer",
        "postcode": neighbour.postcode,
        "huisnummer": str(neighbour.huisnummer),
    }
    row.update(changes)
    actor: User = UserFactory(role=Role.FUNCTIONEEL_BEHEERDER)  # type: ignore[assignment]
    result = import_rows([row], source=ImportSource.API, actor=actor)
    return result.signals_by_row[1]


def test_the_queue_shows_the_teams_unmatched_signals(residents: list[Inwoner], generalist: User) -> None:
    signal = _unmatched(residents)
    response = logged_in(generalist).get(QUEUE)
    assert [row.pk for row in response.context["page"]] == [signal.pk]
    assert "Nieuwkomer" in response.content.decode()


def test_the_queue_is_not_for_a_functioneel_beheerder(functioneel_beheerder: User) -> None:
    assert logged_in(functioneel_beheerder).get(QUEUE).status_code == 403


def test_another_teams_unmatched_signal_is_a_404_and_the_refusal_is_logged(
    residents: list[Inwoner], other_team: Team
) -> None:
    signal = _unmatched(residents)
    outsider = member_of(other_team, UserFactory(role=Role.GENERALIST))  # type: ignore[arg-type]
    client = logged_in(outsider)
    assert signal.pk not in [row.pk for row in client.get(QUEUE).context["page"]]
    assert client.get(_signal_url(signal.pk)).status_code == 404
    assert client.post(_signal_url(signal.pk, "ongekoppeld_afsluiten"), {"toelichting": "x"}).status_code == 404
    assert (
        AccessLogEntry.objects.filter(
            action=AccessAction.DENIED, object_type="vroegsignaal", object_id=str(signal.pk)
        ).count()
        == 2
    )
    signal.refresh_from_db()
    assert signal.discarded_at is None


def test_a_signal_no_team_covers_is_seen_by_teamleiders_only(
    residents: list[Inwoner], generalist: User, teamleider: User
) -> None:
    signal = _unmatched(residents, postcode="9999ZZ", huisnummer="1")
    assert signal.queue_team is None
    assert logged_in(generalist).get(_signal_url(signal.pk)).status_code == 404
    assert logged_in(teamleider).get(_signal_url(signal.pk)).status_code == 200


def test_searching_by_bsn_finds_the_resident(residents: list[Inwoner], generalist: User) -> None:
    signal = _unmatched(residents)
    target = residents[4]
    response = logged_in(generalist).get(_signal_url(signal.pk), {"bsn": target.bsn})
    assert [inwoner.pk for inwoner in response.context["found"]] == [target.pk]


def test_linking_by_hand_attaches_the_signal_to_the_household_casus(residents: list[Inwoner], generalist: User) -> None:
    target = residents[4]
    import_rows(
        [
            {
                "partner": "energie-noord",
                "kenmerk": "EN-9",
                "soort": "energie",
                "gemeld_op": "2026-11-01",
                "bedrag": "300",
                "maanden": "2",
                "bsn": target.bsn,
                "achternaam": target.achternaam,
                "postcode": target.postcode,
                "huisnummer": str(target.huisnummer),
            }
        ],
        source=ImportSource.API,
        actor=generalist,
    )
    signal = _unmatched(residents)
    response = logged_in(generalist).post(
        _signal_url(signal.pk, "ongekoppeld_koppelen"),
        {"achternaam": target.achternaam, "geboortedatum": target.geboortedatum.isoformat(), "inwoner": target.pk},
    )
    assert response.status_code == 302
    signal.refresh_from_db()
    assert (signal.inwoner, signal.match_method) == (target, "hand")
    assert signal.casus is not None
    assert signal.casus.signal_count == 2
    assert AccessLogEntry.objects.filter(
        action=AccessAction.UPDATE, basis=AccessBasis.VROEGSIGNALERING, object_id=str(signal.pk)
    ).exists()


def test_only_a_resident_the_search_finds_can_be_linked(residents: list[Inwoner], generalist: User) -> None:
    signal = _unmatched(residents)
    stranger = residents[6]
    response = logged_in(generalist).post(
        _signal_url(signal.pk, "ongekoppeld_koppelen"), {"bsn": residents[4].bsn, "inwoner": stranger.pk}
    )
    assert response.status_code == 400
    signal.refresh_from_db()
    assert signal.inwoner is None


def test_niet_te_koppelen_closes_the_signal_without_a_casus(residents: list[Inwoner], generalist: User) -> None:
    signal = _unmatched(residents)
    client = logged_in(generalist)
    response = client.post(_signal_url(signal.pk, "ongekoppeld_afsluiten"), {"toelichting": "Woont hier niet."})
    assert response.status_code == 302
    signal.refresh_from_db()
    assert signal.discarded_by == generalist
    assert signal.casus is None
    assert list(client.get(QUEUE).context["page"]) == []


def test_closing_twice_gives_a_message_not_an_error(residents: list[Inwoner], generalist: User) -> None:
    signal = _unmatched(residents)
    client = logged_in(generalist)
    client.post(_signal_url(signal.pk, "ongekoppeld_afsluiten"), {"toelichting": "Woont hier niet."})
    again = client.post(_signal_url(signal.pk, "ongekoppeld_afsluiten"), {"toelichting": "Woont hier niet."})
    assert again.status_code == 302


def test_closing_needs_a_reason(residents: list[Inwoner], generalist: User) -> None:
    signal = _unmatched(residents)
    response = logged_in(generalist).post(_signal_url(signal.pk, "ongekoppeld_afsluiten"), {"toelichting": ""})
    assert response.status_code == 400
    signal.refresh_from_db()
    assert signal.discarded_at is None


def test_the_queue_takes_a_bounded_number_of_queries(
    residents: list[Inwoner], generalist: User, django_assert_max_num_queries: object
) -> None:
    for _ in range(12):
        _unmatched(residents)
    client = logged_in(generalist)
    with django_assert_max_num_queries(12):  # type: ignore[operator]
        response = client.get(QUEUE)
    assert len(response.context["page"]) == 12
