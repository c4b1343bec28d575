"""ZRM in our own words, with a colour per level, and each person's scores over time as a chart with a table."""

import html
import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Role
from assessments.models import Instrument, InstrumentDomain, Score
from audit.models import AccessAction, AccessLogEntry
from consent.tests.support import consult, specialist
from dossiers import parts
from dossiers.sections import Section
from testsupport.factories import InwonerFactory, UserFactory, member_of


def _instrument() -> Instrument:
    return Instrument.objects.get(is_default=True)


def _domains() -> list[InstrumentDomain]:
    return list(_instrument().domains.order_by("order"))


def _member(dossier):
    return dossier.huishouden.members.first()


def _verloop(dossier, inwoner_pk: int) -> str:
    return reverse("assessments:zrm_verloop", args=[dossier.pk, inwoner_pk])


def _score(dossier, inwoner, domain, level: int, on: date, assessor) -> Score:
    return Score.objects.create(
        dossier=dossier, inwoner=inwoner, domain=domain, level=level, assessed_on=on, assessor=assessor
    )


def _main(response) -> str:
    html = response.content.decode()
    return html.split("<main", 1)[1].split("</main>", 1)[0]


def test_every_domain_and_level_of_the_default_zrm_has_a_description_of_our_own(db):
    instrument = _instrument()

    assert all(domain.description for domain in instrument.domains.all())
    assert (
        instrument.levels.get(value=1).description == "De situatie is onveilig of onhoudbaar. Er is direct hulp nodig."
    )


def test_the_scoring_form_explains_each_domain_and_shows_the_levels_as_a_legend(client, dossier):
    financien = _domains()[0]

    main = _main(client.get(reverse("assessments:zrm_scoren", args=[dossier.pk, _member(dossier).pk])))

    assert financien.description in main
    assert f'aria-describedby="id_level_{financien.pk}_help"' in main
    for level in _instrument().levels.all():
        assert level.description in main
        assert f'<span class="app-zrm-level app-zrm-level--{level.value}">{level.value}</span> {level.label}' in main


def test_the_zrm_grid_shows_the_legend_and_colours_each_latest_score_by_its_level(client, dossier, generalist):
    financien = _domains()[0]
    inwoner = _member(dossier)
    _score(dossier, inwoner, financien, 2, date(2026, 3, 1), generalist)

    main = _main(client.get(parts.tab_url(dossier.pk, parts.ONDERZOEK)))

    assert '<strong class="app-zrm-level app-zrm-level--2">2</strong>' in main
    assert "Wat betekenen de niveaus?" in main
    assert "Het lukt helemaal zelf. Er is geen hulp nodig." in main
    assert _verloop(dossier, inwoner.pk) in main


def test_the_chart_page_shows_an_svg_labelled_by_its_title_and_a_table_with_the_same_numbers(
    client, dossier, generalist
):
    financien, werk = _domains()[:2]
    inwoner = _member(dossier)
    _score(dossier, inwoner, financien, 2, date(2026, 1, 15), generalist)
    _score(dossier, inwoner, financien, 4, date(2026, 6, 1), generalist)
    _score(dossier, inwoner, werk, 3, date(2026, 6, 1), generalist)

    response = client.get(_verloop(dossier, inwoner.pk))

    assert response.status_code == 200
    main = _main(response)
    assert re.search(r'<svg[^>]*role="img"[^>]*aria-labelledby="zrm-verloop-kop"', main)
    assert 'id="zrm-verloop-kop"' in main
    point_labels = re.findall(r'class="mark-text role-mark[^"]*"[^>]*>(.*?)</g>', main, re.S)
    assert [re.findall(r">(\d)</text>", group) for group in point_labels] == [["2", "4"], ["3"]]
    table = main.split("<table", 1)[1]
    rows = [
        (html.unescape(name), on, level)
        for name, on, level in re.findall(
            r"<th scope=\"row\"[^>]*>(.*?)</th>.*?<td[^>]*>(.*?)</td>.*?app-zrm-level--(\d)", table, re.S
        )
    ]
    assert rows == [
        (financien.name, "15 januari 2026", "2"),
        (financien.name, "1 juni 2026", "4"),
        (werk.name, "1 juni 2026", "3"),
    ]
    assert AccessLogEntry.objects.filter(
        action=AccessAction.VIEW, dossier_id=dossier.pk, object_type="inwoner", object_id=str(inwoner.pk)
    ).exists()


def test_the_chart_page_runs_the_same_number_of_queries_whatever_the_number_of_scores(client, dossier, generalist):
    inwoner = _member(dossier)
    domains = _domains()
    _score(dossier, inwoner, domains[0], 3, date(2026, 1, 1), generalist)
    url = _verloop(dossier, inwoner.pk)
    client.get(url)  # warm the per-process caches
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for month in range(1, 10):
        for domain in domains:
            _score(dossier, inwoner, domain, 1 + month % 5, date(2025, month, 1), generalist)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)

    assert response.context["rows"] and len(response.context["rows"]) == 1 + 9 * len(domains)
    assert len(many) == len(few)


def test_a_generalist_of_another_team_gets_404_on_the_chart_and_the_denial_is_logged(dossier, other_team, client_for):
    outsider = member_of(other_team, UserFactory(role=Role.GENERALIST))

    response = client_for(outsider).get(_verloop(dossier, _member(dossier).pk))

    assert response.status_code == 404
    assert AccessLogEntry.objects.filter(user=outsider, action=AccessAction.DENIED, dossier_id=dossier.pk).exists()


@pytest.mark.parametrize("hostile", ["unknown", "elsewhere"])
def test_a_person_outside_the_household_gives_404_and_a_denial_line(client, dossier, generalist, hostile):
    inwoner_pk = 999_999 if hostile == "unknown" else InwonerFactory().pk

    response = client.get(_verloop(dossier, inwoner_pk))

    assert response.status_code == 404
    assert AccessLogEntry.objects.filter(
        user=generalist, action=AccessAction.DENIED, object_type="inwoner", object_id=str(inwoner_pk)
    ).exists()


def test_a_consultation_without_the_onderzoek_section_is_refused_the_chart(dossier, generalist, client_for):
    who = specialist()
    consult(dossier, generalist, who, sections=(Section.HUISHOUDEN,))

    response = client_for(who).get(_verloop(dossier, _member(dossier).pk))

    assert response.status_code == 404
    assert AccessLogEntry.objects.filter(user=who, action=AccessAction.DENIED, dossier_id=dossier.pk).exists()


def test_a_consultation_with_the_onderzoek_section_reads_the_chart(dossier, generalist, client_for):
    who = specialist()
    consult(dossier, generalist, who, sections=(Section.ONDERZOEK,))
    _score(dossier, _member(dossier), _domains()[0], 3, date(2026, 2, 1), generalist)

    response = client_for(who).get(_verloop(dossier, _member(dossier).pk))

    assert response.status_code == 200
    assert "zrm/" not in _main(response).split("</table>", 1)[1]  # no link to scoring


def test_a_pseudonymised_consultation_gets_no_chart_and_no_link_to_it(dossier, generalist, client_for):
    who = specialist()
    consult(dossier, generalist, who, sections=(Section.ONDERZOEK,), pseudonymised=True)
    inwoner = _member(dossier)
    _score(dossier, inwoner, _domains()[0], 3, date(2026, 2, 1), generalist)
    client = client_for(who)

    tab = _main(client.get(parts.tab_url(dossier.pk, parts.ONDERZOEK)))

    assert _verloop(dossier, inwoner.pk) not in tab
    assert inwoner.achternaam not in tab
    assert client.get(_verloop(dossier, inwoner.pk)).status_code == 404


def test_a_domain_name_with_markup_is_text_in_the_chart(client, dossier, generalist):
    domain = _domains()[0]
    domain.name = "<script>alert(1)</script>"
    domain.save()
    _score(dossier, _member(dossier), domain, 3, date(2026, 2, 1), generalist)

    main = _main(client.get(_verloop(dossier, _member(dossier).pk)))

    assert "<script>alert(1)</script>" not in main
