"""The dossier page in tabs: one request shows one tab, offers only the tabs the user may open, refuses the others
(403, logged), and logs which tab and section it showed."""

import re

import pytest

from audit.models import AccessAction, AccessLogEntry
from consent.tests.support import consult, specialist
from dossiers import parts
from dossiers.sections import Section
from dossiers.tests.views_support import logged_in
from dossiers.transitions import Status
from testsupport.factories import dossier_for

#: The headings each tab shows (the "Toewijzingen" part of besluiten appears only once there are toewijzingen).
HEADINGS = {
    "overzicht": {"status-kop", "termijnen-kop"},
    "huishouden": {"huishouden-kop", "netwerk-kop"},
    "meldingen": {"meldingen-kop"},
    "onderzoek": {"onderzoek-kop", "zrm-kop"},
    "plan": {"plan-kop"},
    "besluiten": {"besluiten-kop"},
    "betrokkenen": {"betrokkenen-kop", "meekijken-kop"},
    "bijzonder": {"onderdeel-gezondheid-kop", "onderdeel-justitie-kop", "onderdeel-veiligheid-kop"},
    "tijdlijn": {"tijdlijn-kop"},
}

TAB_LINK = re.compile(r'<a class="app-tabs__link" href="([^"]+)"([^>]*)>')


def _offered(html: str) -> set[str]:
    """The tabs the page's tab menu links to, by key."""
    by_url = {parts.tab_url(0, tab).replace("/0/", "/{pk}/"): tab.key for tab in parts.tabs()}
    return {by_url[re.sub(r"/\d+/", "/{pk}/", href, count=1)] for href, _rest in TAB_LINK.findall(html)}


def _denied(user) -> int:
    return AccessLogEntry.objects.filter(user=user, action=AccessAction.DENIED).count()


def test_the_headings_name_every_tab() -> None:
    assert set(HEADINGS) == {tab.key for tab in parts.tabs()}


@pytest.mark.parametrize("tab", list(HEADINGS))
def test_each_tab_shows_its_own_parts_and_none_of_the_others(tab, team, generalist) -> None:
    dossier = dossier_for(team, status=Status.IN_ONDERZOEK, regisseur=generalist)
    page = logged_in(generalist).get(parts.tab_url(dossier.pk, tab)).content.decode()
    shown = set(re.findall(r'id="([a-z-]+-kop)"', page))
    others = set().union(*(headings for key, headings in HEADINGS.items() if key != tab))
    assert HEADINGS[tab] <= shown
    assert not shown & others


def test_a_consultation_for_the_plan_is_refused_the_besluiten_tab_and_the_refusal_is_logged(team, generalist) -> None:
    dossier = dossier_for(team, status=Status.UITVOERING, regisseur=generalist)
    who = specialist()
    consult(dossier, generalist, who, sections=(Section.PLAN,))
    client = logged_in(who)
    before = _denied(who)

    assert client.get(parts.tab_url(dossier.pk, parts.BESLUITEN)).status_code == 403

    assert _denied(who) == before + 1
    refusal = AccessLogEntry.objects.filter(user=who, action=AccessAction.DENIED).latest("id")
    assert (refusal.dossier_id, refusal.detail) == (dossier.pk, "onderdeel: besluiten")


def test_a_consultation_for_the_plan_is_offered_only_the_overview_the_plan_and_who_is_involved(
    team, generalist
) -> None:
    dossier = dossier_for(team, status=Status.UITVOERING, regisseur=generalist)
    who = specialist()
    consult(dossier, generalist, who, sections=(Section.PLAN,))
    page = logged_in(who).get(parts.tab_url(dossier.pk, parts.PLAN)).content.decode()
    assert _offered(page) == {"overzicht", "plan", "betrokkenen"}


def test_an_unknown_tab_is_not_found(team, generalist) -> None:
    dossier = dossier_for(team, status=Status.IN_ONDERZOEK, regisseur=generalist)
    response = logged_in(generalist).get(f"/dossiers/{dossier.pk}/onderdeel/geheim/")
    assert response.status_code == 404


def test_an_outsider_asking_for_an_unknown_tab_is_refused_and_logged(team, other_team, generalist) -> None:
    from testsupport.factories import UserFactory, member_of

    dossier = dossier_for(team, status=Status.IN_ONDERZOEK, regisseur=generalist)
    outsider = member_of(other_team, UserFactory(role=generalist.role))
    assert logged_in(outsider).get(f"/dossiers/{dossier.pk}/onderdeel/geheim/").status_code == 404
    assert AccessLogEntry.objects.filter(user=outsider, dossier_id=dossier.pk, action=AccessAction.DENIED).exists()


@pytest.mark.parametrize("section", [Section.HUISHOUDEN, Section.ONDERZOEK, Section.PLAN, Section.TIJDLIJN])
def test_a_tab_view_writes_one_view_line_naming_the_tab_and_its_section(section, team, generalist) -> None:
    dossier = dossier_for(team, status=Status.IN_ONDERZOEK, regisseur=generalist)
    client = logged_in(generalist)
    views = AccessLogEntry.objects.filter(user=generalist, action=AccessAction.VIEW)
    before = views.count()

    assert client.get(parts.tab_url(dossier.pk, section.value)).status_code == 200

    assert views.count() == before + 1
    line = views.latest("id")
    assert (line.dossier_id, line.section, line.detail) == (dossier.pk, section.value, f"onderdeel: {section.value}")


def test_a_team_member_in_triage_is_offered_the_overview_the_household_and_the_meldingen(team, colleague) -> None:
    dossier = dossier_for(team, status=Status.IN_TRIAGE)
    page = logged_in(colleague).get(parts.tab_url(dossier.pk, parts.OVERZICHT)).content.decode()
    assert _offered(page) == {"overzicht", "huishouden", "meldingen", "betrokkenen"}


@pytest.mark.parametrize("tab", ["overzicht", "plan", "tijdlijn"])
def test_the_tab_menu_marks_the_current_tab_and_only_that_one(tab, team, generalist) -> None:
    dossier = dossier_for(team, status=Status.IN_ONDERZOEK, regisseur=generalist)
    page = logged_in(generalist).get(parts.tab_url(dossier.pk, tab)).content.decode()
    current = [href for href, rest in TAB_LINK.findall(page) if 'aria-current="page"' in rest]
    assert current == [parts.tab_url(dossier.pk, tab)]


def _headings(html: str) -> str:
    return " ".join(re.findall(r"<h1[^>]*>(.*?)</h1>", html, flags=re.S) + re.findall(r"<title>(.*?)</title>", html))


def test_a_pseudonymised_consultation_sees_no_name_in_the_heading(team, generalist) -> None:
    dossier = dossier_for(team, status=Status.IN_ONDERZOEK, regisseur=generalist)
    surname = dossier.huishouden.members.get().achternaam
    who = specialist()
    consult(dossier, generalist, who, sections=(Section.HUISHOUDEN,), pseudonymised=True)
    assert surname in _headings(logged_in(generalist).get(parts.tab_url(dossier.pk, parts.OVERZICHT)).content.decode())

    for tab in (parts.OVERZICHT, parts.HUISHOUDEN):
        heading = _headings(logged_in(who).get(parts.tab_url(dossier.pk, tab)).content.decode())
        assert heading and surname not in heading, tab.key
