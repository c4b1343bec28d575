"""ZRM scores: added per member and domain, never overwritten; the grid shows the change since last time."""

from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone

from assessments.models import Instrument, InstrumentDomain, Score
from assessments.selectors import dossier_sections
from dossiers import parts
from dossiers.models import TimelineEvent
from testsupport.factories import InwonerFactory, household_with


def _domains() -> list[InstrumentDomain]:
    return list(Instrument.objects.get(is_default=True).domains.order_by("order"))


def _member(dossier):
    return dossier.huishouden.members.first()


def _url(dossier, inwoner) -> str:
    return reverse("assessments:zrm_scoren", args=[dossier.pk, inwoner.pk])


def test_the_default_instrument_is_the_zrm_2017_seeded_as_data(db):
    instrument = Instrument.objects.get(is_default=True)

    assert instrument.code == "zrm-2017"
    assert instrument.domains.count() == 13
    assert list(instrument.levels.values_list("value", flat=True)) == [1, 2, 3, 4, 5]


def test_scoring_adds_rows_and_skipped_domains_stay_unscored(client, dossier):
    financien, werk = _domains()[:2]
    inwoner = _member(dossier)

    response = client.post(
        _url(dossier, inwoner),
        {
            "assessed_on": timezone.localdate().isoformat(),
            f"level_{financien.pk}": "2",
            f"motivation_{financien.pk}": "Betalingsachterstand huur.",
            f"level_{werk.pk}": "",
        },
    )

    assert response.status_code == 302
    score = Score.objects.get(dossier=dossier, inwoner=inwoner)
    assert (score.domain, score.level, score.motivation) == (financien, 2, "Betalingsachterstand huur.")
    assert dossier.timeline.filter(kind=TimelineEvent.Kind.ZRM).exists()


def test_a_new_score_keeps_the_history_and_the_grid_shows_the_change(client, dossier):
    financien = _domains()[0]
    inwoner = _member(dossier)
    earlier = timezone.localdate() - timedelta(days=90)
    for day, level in ((earlier, 3), (timezone.localdate(), 4)):
        client.post(_url(dossier, inwoner), {"assessed_on": day.isoformat(), f"level_{financien.pk}": str(level)})

    assert Score.objects.filter(dossier=dossier, inwoner=inwoner, domain=financien).count() == 2
    row = dossier_sections(dossier)["zrm_grid"][0]
    cell = row.cells[0]
    assert (cell.previous.level, cell.latest.level, cell.change) == (3, 4, "up")
    assert [score.level for score in row.history] == [4, 3]
    page = client.get(parts.tab_url(dossier.pk, parts.ONDERZOEK)).content.decode()
    assert '3 → <strong class="app-zrm-level app-zrm-level--4">4</strong>' in page


def test_the_change_is_down_or_same_by_level(client, dossier):
    financien, werk = _domains()[:2]
    inwoner = _member(dossier)
    for day, levels in ((date(2025, 1, 1), (4, 2)), (date(2025, 6, 1), (3, 2))):
        client.post(
            _url(dossier, inwoner),
            {"assessed_on": day.isoformat(), f"level_{financien.pk}": levels[0], f"level_{werk.pk}": levels[1]},
        )

    cells = dossier_sections(dossier)["zrm_grid"][0].cells

    assert (cells[0].change, cells[1].change, cells[2].change) == ("down", "same", "")


def test_a_level_outside_the_instrument_is_refused(client, dossier):
    financien = _domains()[0]

    response = client.post(
        _url(dossier, _member(dossier)),
        {"assessed_on": timezone.localdate().isoformat(), f"level_{financien.pk}": "7"},
    )

    assert response.status_code == 400
    assert "Kies een niveau van het instrument (1, 2, 3, 4, 5)." in response.content.decode()
    assert not Score.objects.exists()


def test_a_score_date_in_the_future_is_refused(client, dossier):
    financien = _domains()[0]

    response = client.post(
        _url(dossier, _member(dossier)),
        {"assessed_on": (timezone.localdate() + timedelta(days=1)).isoformat(), f"level_{financien.pk}": "3"},
    )

    assert response.status_code == 400
    assert "Deze datum ligt in de toekomst." in response.content.decode()
    assert not Score.objects.exists()


def test_scoring_nothing_is_refused(client, dossier):
    response = client.post(_url(dossier, _member(dossier)), {"assessed_on": timezone.localdate().isoformat()})

    assert response.status_code == 400
    assert "Kies voor minstens één leefdomein een niveau." in response.content.decode()


def test_scoring_someone_outside_the_household_gives_404(client, dossier):
    stranger = InwonerFactory()
    household_with(stranger)

    response = client.get(_url(dossier, stranger))

    assert response.status_code == 404
    assert client.post(_url(dossier, stranger), {}).status_code == 404
    assert not Score.objects.exists()


def test_the_grid_and_form_follow_whatever_instrument_is_the_default(client, dossier):
    Instrument.objects.update(is_default=False)
    positieve_gezondheid = Instrument.objects.create(code="pg", name="Positieve Gezondheid", is_default=True)
    for order, name in enumerate(["Lichaam", "Mentaal", "Zingeving", "Kwaliteit van leven", "Meedoen", "Dagelijks"]):
        positieve_gezondheid.domains.create(code=f"d{order}", name=name, order=order)
    for value in (0, 5, 10):
        positieve_gezondheid.levels.create(value=value, label=f"{value}")
    lichaam = positieve_gezondheid.domains.get(order=0)
    url = _url(dossier, _member(dossier))

    form_page = client.get(url).content.decode()
    refused = client.post(url, {"assessed_on": timezone.localdate().isoformat(), f"level_{lichaam.pk}": "3"})
    client.post(url, {"assessed_on": timezone.localdate().isoformat(), f"level_{lichaam.pk}": "10"})

    assert "Zingeving" in form_page and "Financiën" not in form_page
    assert refused.status_code == 400
    grid = dossier_sections(dossier)["zrm_grid"]
    assert len(grid[0].cells) == 6
    assert grid[0].cells[0].latest.level == 10
