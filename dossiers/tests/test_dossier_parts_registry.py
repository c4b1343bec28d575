"""The dossier page's parts come from the apps through `dossiers.parts`; every part renders for whoever may see it."""

import ast
from pathlib import Path

import pytest

from consent.models import ConsultationMode
from consent.tests.support import consult, specialist
from dossiers import parts
from dossiers.sections import Section
from dossiers.tests.views_support import logged_in
from dossiers.transitions import Status
from testsupport.factories import dossier_for

#: The apps built on top of the dossier: the dossier's views must not import them (they register parts).
APPS_ABOVE = {"plans", "assessments", "decisions", "allocations", "consent"}


def test_the_dossier_views_import_none_of_the_apps_built_on_them() -> None:
    tree = ast.parse(Path(parts.__file__).with_name("views.py").read_text())
    imported = {(node.module or "").split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)} | {
        alias.name.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names
    }
    assert not imported & APPS_ABOVE


def test_each_app_above_the_dossier_registers_its_own_part() -> None:
    modules = {part.context.__module__.split(".")[0] for part in parts.registered() if part.context is not None}
    assert APPS_ABOVE <= modules


def test_every_tab_renders_for_the_regisseur(team, generalist) -> None:
    dossier = dossier_for(team, status=Status.UITVOERING, regisseur=generalist)
    client = logged_in(generalist)
    for tab in parts.tabs():
        response = client.get(parts.tab_url(dossier.pk, tab))
        assert response.status_code == 200, tab.key
        assert f'aria-current="page">{tab.title}<' in response.content.decode(), tab.key


def _full_access(user, dossier):
    from dossiers.selectors import dossier_access

    access = dossier_access(user, dossier)
    assert access is not None
    return access


@pytest.mark.parametrize("mode", [ConsultationMode.LEZEN, ConsultationMode.LEZEN_EN_NOTITIES])
def test_every_tab_a_consultation_is_offered_renders_and_every_other_tab_is_refused(team, generalist, mode) -> None:
    dossier = dossier_for(team, status=Status.UITVOERING, regisseur=generalist)
    who = specialist()
    consult(dossier, generalist, who, sections=(Section.ONDERZOEK, Section.BESLUITEN), mode=mode)
    client = logged_in(who)
    offered = {tab.key for tab in parts.tabs_for(_full_access(who, dossier))}
    assert offered == {"overzicht", "onderzoek", "besluiten", "betrokkenen"}
    for tab in parts.tabs():
        status = client.get(parts.tab_url(dossier.pk, tab)).status_code
        assert status == (200 if tab.key in offered else 403), tab.key


def test_a_pseudonymised_consultation_renders_every_offered_tab_without_names(team, generalist) -> None:
    dossier = dossier_for(team, status=Status.UITVOERING, regisseur=generalist)
    surname = dossier.huishouden.members.get().achternaam
    who = specialist()
    consult(dossier, generalist, who, sections=tuple(Section), pseudonymised=True)
    client = logged_in(who)
    for tab in parts.tabs_for(_full_access(who, dossier)):
        response = client.get(parts.tab_url(dossier.pk, tab))
        assert response.status_code == 200, tab.key
        assert surname not in response.content.decode(), tab.key


def test_a_team_member_in_triage_is_offered_the_household_and_the_meldingen(team, colleague) -> None:
    dossier = dossier_for(team, status=Status.IN_TRIAGE)
    client = logged_in(colleague)
    offered = {tab.key for tab in parts.tabs_for(_full_access(colleague, dossier))}
    assert offered == {"overzicht", "huishouden", "meldingen", "betrokkenen"}
    for tab in parts.tabs():
        status = client.get(parts.tab_url(dossier.pk, tab)).status_code
        assert status == (200 if tab.key in offered else 403), tab.key


def test_registering_another_part_under_a_taken_name_is_refused() -> None:
    taken = parts.registered()[0]
    with pytest.raises(parts.DuplicatePart):
        parts.register(parts.DossierPart(taken.key, parts.TIJDLIJN, 99, None, "dossiers/parts/betrokkenen.html"))
