"""The council report (monitor.report): a policy advisor previews and publishes it, the public reads the frozen
page and PDF without logging in, nothing else changes it and nobody else may publish."""

import hashlib
import threading
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import IntegrityError, connection, transaction
from django.test import Client, RequestFactory
from django.utils import timezone

from accounts.models import Role, User
from audit.models import AccessAction, AccessBasis, AccessLogEntry
from consent.tests.support import logged_in
from dossiers.models import Route
from dossiers.transitions import Status
from monitor import report
from monitor.facts import rebuild
from monitor.indicators import registered
from monitor.models import PublishedReport
from monitor.tests.test_monitor import _meldingen
from reflection.tests.test_report import pdf_objects
from residents.models import Inwoner
from testsupport.factories import (
    TeamFactory,
    UserFactory,
    WijkFactory,
    dossier_for,
    member_of,
)

pytestmark = pytest.mark.django_db
AMSTERDAM = ZoneInfo("Europe/Amsterdam")
PERIOD = "2026-K2"
CONCEPT = f"/monitor/raad/{PERIOD}/"
PUBLISH = f"/monitor/raad/{PERIOD}/publiceren/"
PUBLIC = f"/raad/{PERIOD}/"


@pytest.fixture
def town():
    north, south = WijkFactory(name="Noord"), WijkFactory(name="Zuid")
    team_north, team_south = TeamFactory(name="Team Noord"), TeamFactory(name="Team Zuid")
    spring = datetime(2026, 4, 10, 10, tzinfo=AMSTERDAM)
    _meldingen(team_north, north, Route.HUISARTS, 12, spring)
    _meldingen(team_north, north, Route.SCHOOL, 3, spring, born=2014)  # small: "< 5"
    _meldingen(team_south, south, Route.HUISARTS, 9, spring)
    _meldingen(team_south, south, Route.SCHOOL, 8, spring, born=2012)
    regisseur = member_of(team_south, UserFactory(role=Role.GENERALIST, first_name="Joost", last_name="Pietersma"))
    dossier_for(team_south, status=Status.UITVOERING, regisseur=regisseur)
    Inwoner.objects.update(voornamen="Fatima")  # one first name that no report text contains by chance
    rebuild()
    return {"north": north, "south": south, "team_north": team_north, "team_south": team_south}


@pytest.fixture
def advisor():
    return UserFactory(role=Role.BELEIDSMEDEWERKER)


@pytest.fixture
def quick_pdf(monkeypatch):
    """Most tests are about the page and the versions; rendering the real PDF is tested on its own."""
    monkeypatch.setattr(report, "render_pdf", lambda context: b"%PDF-1.7 test")


def _row(html: str, label: str, table: str = "instroom-wijk") -> str:
    """The row `label` of the table with key `table` (by default the meldingen per wijk)."""
    section = html[html.index(f'id="titel-{table}"') :]
    row = section[section.index(f'<th scope="row" class="utrecht-table__header-cell">{label}</th>') :]
    return row[: row.index("</tr>")]


def test_a_policy_advisor_previews_the_concept_with_every_indicator_explained(town, advisor) -> None:
    response = logged_in(advisor).get(CONCEPT)
    assert response.status_code == 200
    html = response.content.decode()
    for indicator in registered():
        assert f"{indicator.number}. {indicator.title}" in html
    assert html.count("Wat het cijfer niet zegt:") == len(registered())
    # Exactly the figures the monitor shows a policy advisor for the whole municipality, suppressed the same way.
    monitor = logged_in(advisor).get("/monitor/", {"periode": PERIOD}).content.decode()
    for wijk in ("Noord", "Zuid"):
        assert _row(html, wijk) == _row(monitor, wijk)
    assert "&lt; 5" in html
    assert "Publiceren" in html
    assert not PublishedReport.objects.exists()
    entry = AccessLogEntry.objects.filter(object_type="raadsrapport").get()
    assert (entry.action, entry.basis) == (AccessAction.VIEW, AccessBasis.GEAGGREGEERD)
    assert entry.detail == f"concept periode={PERIOD}"


def test_publishing_freezes_the_report_for_the_public_without_login(town, advisor, quick_pdf) -> None:
    response = logged_in(advisor).post(PUBLISH, {"confirm": "on", "replaces": ""})
    assert response.status_code == 302
    assert response["Location"] == PUBLIC
    published = PublishedReport.objects.get()
    assert (published.period_key, published.version, published.current) == (PERIOD, 1, True)
    assert published.published_by == advisor
    assert _row(published.html, "Zuid") == _row(logged_in(advisor).get(CONCEPT).content.decode(), "Zuid")
    entry = AccessLogEntry.objects.get(object_type="raadsrapport", action=AccessAction.CREATE)
    assert entry.detail == f"gepubliceerd periode={PERIOD} versie=1"

    public = Client()
    listing = public.get("/raad/").content.decode()
    assert "2e kwartaal 2026" in listing
    page = public.get(PUBLIC)
    assert page.status_code == 200
    assert published.html in page.content.decode()
    pdf = public.get(f"/raad/{PERIOD}/rapport.pdf")
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content if pdf.streaming else [pdf.content]) == b"%PDF-1.7 test"


def test_the_published_pdf_is_tagged_with_a_title_language_and_alt_texts(town, advisor) -> None:
    logged_in(advisor).post(PUBLISH, {"confirm": "on", "replaces": ""})
    pdf = Client().get(f"/raad/{PERIOD}/rapport.pdf").content
    assert pdf.startswith(b"%PDF")
    assert PublishedReport.objects.get().sha256 == hashlib.sha256(pdf).hexdigest()
    objects = pdf_objects(pdf)
    assert b"/StructTreeRoot" in objects
    assert b"/MarkInfo" in objects
    assert b"/Lang (nl)" in objects
    assert b"/Title (Monitor Sociaal Domein 2e kwartaal 2026)" in objects
    # The charts are figures with a text alternative that gives their numbers.
    assert b"/Alt (Gestapeld staafdiagram van de tabel " in objects


def test_without_the_confirmation_nothing_is_published(town, advisor, quick_pdf) -> None:
    response = logged_in(advisor).post(PUBLISH, {"replaces": ""})
    assert response.status_code == 400
    assert "Vink aan dat u het rapport openbaar wilt maken." in response.content.decode()
    assert not PublishedReport.objects.exists()


def test_a_rebuild_after_publishing_does_not_change_the_published_figures(town, advisor, quick_pdf) -> None:
    client = logged_in(advisor)
    client.post(PUBLISH, {"confirm": "on", "replaces": ""})
    published = _row(Client().get(PUBLIC).content.decode(), "Zuid")
    _meldingen(town["team_south"], town["south"], Route.ZELFMELDER, 10, datetime(2026, 5, 2, 9, tzinfo=AMSTERDAM))
    rebuild()
    assert _row(Client().get(PUBLIC).content.decode(), "Zuid") == published
    # The concept follows the new figures: ten more meldingen in Zuid.
    assert _row(client.get(CONCEPT).content.decode(), "Zuid") != published


def test_publishing_again_makes_a_new_version_and_the_old_one_stays_listed_as_replaced(
    town, advisor, quick_pdf
) -> None:
    client = logged_in(advisor)
    client.post(PUBLISH, {"confirm": "on", "replaces": ""})
    client.post(PUBLISH, {"confirm": "on", "replaces": "1"})
    first, second = PublishedReport.objects.order_by("version")
    assert (first.current, second.current, second.version) == (False, True, 2)
    listing = Client().get("/raad/").content.decode()
    assert f'href="/raad/{PERIOD}/versie/1/"' in listing
    old = Client().get(f"/raad/{PERIOD}/versie/1/").content.decode()
    assert "vervangen door een nieuwere" in old
    assert "Versie 2," in Client().get(PUBLIC).content.decode()


def test_a_second_click_on_the_same_concept_publishes_nothing_more(town, advisor, quick_pdf) -> None:
    client = logged_in(advisor)
    client.post(PUBLISH, {"confirm": "on", "replaces": ""})
    again = client.post(PUBLISH, {"confirm": "on", "replaces": ""}, follow=True)
    assert "intussen al gepubliceerd" in again.content.decode()
    assert PublishedReport.objects.count() == 1


def test_the_database_refuses_a_second_current_version_of_a_period(advisor) -> None:
    fields = {"period_key": PERIOD, "published_at": timezone.now(), "published_by": advisor, "html": "", "pdf": b""}
    PublishedReport.objects.create(version=1, **fields)
    with pytest.raises(IntegrityError), transaction.atomic():
        PublishedReport.objects.create(version=2, **fields)


def test_a_publication_that_loses_the_race_is_refused(town, advisor, quick_pdf, rf) -> None:
    """Two advisors pass the form with no current version; the one that commits second changes nothing."""
    request = rf.post(PUBLISH)
    request.user = advisor
    period = report.report_period(PERIOD, timezone.localdate())
    assert period is not None
    report.publish(request, period, advisor, replaces=None)
    with pytest.raises(report.StalePublication):
        report.publish(request, period, advisor, replaces=None)
    assert PublishedReport.objects.filter(replaced_at__isnull=True).count() == 1


def test_an_unpublished_period_is_not_found_for_the_public(town, advisor, quick_pdf) -> None:
    logged_in(advisor).post(PUBLISH, {"confirm": "on", "replaces": ""})
    public = Client()
    for url in ["/raad/2026-K3/", "/raad/2026-K3/rapport.pdf", f"/raad/{PERIOD}/versie/2/", "/raad/2026/"]:
        assert public.get(url).status_code == 404, url


@pytest.mark.parametrize("role", [Role.TEAMLEIDER, Role.GENERALIST, Role.CONSULENT, Role.PRIVACY_OFFICER])
def test_other_roles_may_not_preview_or_publish(town, quick_pdf, role) -> None:
    client = logged_in(UserFactory(role=role))
    assert client.get(CONCEPT).status_code == 403
    assert client.get("/monitor/raad/").status_code == 403
    assert client.post(PUBLISH, {"confirm": "on", "replaces": ""}).status_code == 403
    assert not PublishedReport.objects.exists()
    assert AccessLogEntry.objects.filter(action=AccessAction.DENIED).count() == 3


def test_anyone_not_logged_in_is_sent_to_the_login_for_the_concept(town) -> None:
    response = Client().post(PUBLISH, {"confirm": "on", "replaces": ""})
    assert response.status_code == 302
    assert "/account/" in response["Location"]
    assert not PublishedReport.objects.exists()


@pytest.mark.parametrize(
    "key",
    [
        "2026-05",
        "2026-13",
        "2026-K5",
        "2026-K0",
        "1999",
        "2999",
        "2027-K1",
        "2026%0A",
        "2026-K2%0A",
        "x" * 300,
        "2026-K2'%20OR%201=1",
        "%3Cscript%3E",
        "..",
        "-1",
        "２０２６",
    ],
)
def test_hostile_period_keys_are_not_found_and_never_an_error(town, advisor, quick_pdf, key) -> None:
    client = logged_in(advisor)
    assert client.get(f"/monitor/raad/{key}/").status_code == 404
    assert client.post(f"/monitor/raad/{key}/publiceren/", {"confirm": "on", "replaces": ""}).status_code == 404
    assert Client().get(f"/raad/{key}/").status_code == 404
    assert Client().get(f"/raad/{key}/rapport.pdf").status_code == 404
    assert not PublishedReport.objects.exists()


def test_no_person_is_named_in_the_report(town, advisor, quick_pdf) -> None:
    logged_in(advisor).post(PUBLISH, {"confirm": "on", "replaces": ""})
    published = PublishedReport.objects.get()
    public = Client().get(PUBLIC).content.decode()
    concept = logged_in(advisor).get(CONCEPT).content.decode()
    for inwoner in Inwoner.objects.all():
        for text in (published.html, public, concept):
            assert not inwoner.bsn or inwoner.bsn not in text
            assert inwoner.achternaam not in text
    for text in (published.html, public):
        assert "Pietersma" not in text
        assert "Joost" not in text
        assert "Fatima" not in text
        assert "/dossiers/" not in text


def test_the_public_pages_read_only_the_stored_report(town, advisor, quick_pdf, django_assert_max_num_queries) -> None:
    logged_in(advisor).post(PUBLISH, {"confirm": "on", "replaces": ""})
    public = Client()
    with django_assert_max_num_queries(4):
        assert public.get(PUBLIC).status_code == 200
    with django_assert_max_num_queries(4):
        assert public.get("/raad/").status_code == 200


def test_the_monitor_links_to_the_council_report_for_policy_advisors_only(town, advisor) -> None:
    assert 'href="/monitor/raad/"' in logged_in(advisor).get("/monitor/").content.decode()
    leader = member_of(town["team_north"], UserFactory(role=Role.TEAMLEIDER), leader=True)
    assert 'href="/monitor/raad/"' not in logged_in(leader).get("/monitor/").content.decode()


def test_the_advisor_lists_the_periods_and_what_was_published(town, advisor, quick_pdf) -> None:
    client = logged_in(advisor)
    client.post(PUBLISH, {"confirm": "on", "replaces": ""})
    html = client.get("/monitor/raad/").content.decode()
    assert f'href="/monitor/raad/{PERIOD}/"' in html
    assert 'href="/monitor/raad/2026/"' in html
    assert 'href="/monitor/raad/2027/"' not in html
    assert f'href="/raad/{PERIOD}/"' in html


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="two publishers at the same moment need PostgreSQL")
def test_two_advisors_publishing_at_the_same_moment_leave_one_current_version(transactional_db, monkeypatch) -> None:
    """Both pass the form's check (nothing published yet) and render side by side; only one version is made."""
    both_rendered = threading.Barrier(2, timeout=20)

    def render_pdf(context: object) -> bytes:
        both_rendered.wait()
        return b"%PDF-1.7 test"

    monkeypatch.setattr(report, "report_context", lambda period, now: {"figures_of": None})
    monkeypatch.setattr(report, "render_body", lambda context: "<p>rapport</p>")
    monkeypatch.setattr(report, "render_pdf", render_pdf)
    advisors = [UserFactory(role=Role.BELEIDSMEDEWERKER), UserFactory(role=Role.BELEIDSMEDEWERKER)]
    period = report.report_period(PERIOD, timezone.localdate())
    assert period is not None
    outcomes: list[str] = []

    def publish(user: User) -> None:
        request = RequestFactory().post(PUBLISH)
        request.user = user
        try:
            report.publish(request, period, user, replaces=None)
            outcomes.append("published")
        except report.StalePublication:
            outcomes.append("stale")
        finally:
            connection.close()

    threads = [threading.Thread(target=publish, args=(user,)) for user in advisors]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["published", "stale"]
    assert PublishedReport.objects.filter(period_key=PERIOD, replaced_at__isnull=True).count() == 1
    assert PublishedReport.objects.count() == 1
