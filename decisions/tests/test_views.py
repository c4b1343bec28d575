"""The consulent's screens: aanvraag, beschikking form, signing with four eyes, the worklist, budget and indications."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.formats import date_format

from accounts.models import User
from audit.models import AccessAction, AccessLogEntry
from catalogue.models import Aanbieder, Voorziening
from decisions.models import Aanvraag, Beschikking, BeschikkingStatus, OtherLawIndication, TeamBudget
from dossiers import parts
from dossiers.models import Dossier
from organisation.models import Team
from testsupport.decision_factories import aanvraag_for
from testsupport.factories import UserFactory, dossier_for, member_of

pytestmark = pytest.mark.django_db


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_registering_an_aanvraag_from_the_dossier(
    dossier: Dossier, generalist: User, consulent: User, begeleiding: Voorziening
) -> None:
    client = _client(generalist)
    url = reverse("decisions:aanvraag_nieuw", args=[dossier.pk])
    assert client.get(url).status_code == 200
    inwoner = dossier.huishouden.members.get()

    response = client.post(
        url,
        {
            "inwoner": inwoner.pk,
            "law": "wmo",
            "voorzieningen": [begeleiding.pk],
            "description": "Ondersteuning bij de post en afspraken",
            "received_on": date.today().isoformat(),
            "consulent": consulent.pk,
        },
    )

    aanvraag = Aanvraag.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("decisions:aanvraag", args=[aanvraag.pk])
    assert aanvraag.consulent == consulent
    page = _client(consulent).get(reverse("decisions:werkvoorraad"))
    assert aanvraag.inwoner.achternaam in page.content.decode()


def test_bad_aanvraag_input_gives_dutch_errors_and_saves_nothing(
    dossier: Dossier, generalist: User, begeleiding: Voorziening
) -> None:
    response = _client(generalist).post(
        reverse("decisions:aanvraag_nieuw", args=[dossier.pk]),
        {"law": "wmo", "description": "", "received_on": (date.today() + timedelta(days=3)).isoformat()},
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "De datum van ontvangst ligt in de toekomst." in content
    assert "Dit veld is verplicht." in content
    assert not Aanvraag.objects.exists()


def test_other_teams_and_policy_advisors_are_refused(
    dossier: Dossier, other_team: Team, beleidsmedewerker: User
) -> None:
    outsider = member_of(other_team, UserFactory())
    url = reverse("decisions:aanvraag_nieuw", args=[dossier.pk])
    assert _client(outsider).get(url).status_code == 404
    assert AccessLogEntry.objects.filter(user=outsider, action=AccessAction.DENIED).exists()
    assert _client(beleidsmedewerker).get(url).status_code == 403


def _regel_post(aanvraag: Aanvraag, aanbieder: Aanbieder, volume: int) -> dict[str, object]:
    product = aanvraag.producten.get()
    prefix = f"product-{product.pk}"
    start = date.today()
    return {
        "outcome": "toekenning",
        "motivation": "Het huishouden redt het niet zonder wekelijkse begeleiding bij geldzaken.",
        "legal_basis": "Wmo 2015 art. 2.3.5",
        "eigen_bijdrage": "on",
        f"{prefix}-granted": "on",
        f"{prefix}-volume": volume,
        f"{prefix}-start": start.isoformat(),
        f"{prefix}-end": (start + timedelta(weeks=10) - timedelta(days=1)).isoformat(),
        f"{prefix}-leveringsvorm": "zin",
        f"{prefix}-aanbieder": aanbieder.pk,
    }


@pytest.mark.usefixtures("mandates")
def test_four_eyes_in_the_browser_flow(
    dossier: Dossier,
    generalist: User,
    consulent: User,
    teamleider: User,
    begeleiding: Voorziening,
    aanbieder: Aanbieder,
) -> None:
    aanvraag = aanvraag_for(dossier, begeleiding, consulent=consulent)
    from dossiers.models import Involvement, InvolvementRole

    Involvement.objects.create(dossier=dossier, user=consulent, role=InvolvementRole.CONSULENT)
    client = _client(consulent)
    form_url = reverse("decisions:beschikking_nieuw", args=[aanvraag.pk])
    assert client.get(form_url).status_code == 200
    response = client.post(form_url, _regel_post(aanvraag, aanbieder, volume=20))  # € 12.000 > € 10.000
    beschikking = Beschikking.objects.get()
    assert response.status_code == 302

    page = client.get(reverse("decisions:beschikking", args=[beschikking.pk])).content.decode()
    assert "Uw mandaat dekt dit besluit niet" in page
    client.post(reverse("decisions:ondertekenen", args=[beschikking.pk]), {"version": beschikking.version})
    beschikking.refresh_from_db()
    assert beschikking.status == BeschikkingStatus.TWEEDE_HANDTEKENING

    # Sending is not possible yet, and the same person cannot sign twice.
    client.post(reverse("decisions:ondertekenen", args=[beschikking.pk]), {"version": beschikking.version})
    beschikking.refresh_from_db()
    assert beschikking.second_signer is None

    leader = _client(teamleider)
    assert "Vier ogen" in leader.get(reverse("decisions:beschikking", args=[beschikking.pk])).content.decode()
    assert beschikking.number in leader.get(reverse("decisions:werkvoorraad")).content.decode()
    leader.post(reverse("decisions:ondertekenen", args=[beschikking.pk]), {"version": beschikking.version})
    beschikking.refresh_from_db()
    assert beschikking.status == BeschikkingStatus.VASTGESTELD
    assert beschikking.second_signer == teamleider


@pytest.mark.usefixtures("mandates")
def test_a_stale_form_does_not_sign(
    dossier: Dossier, generalist: User, begeleiding: Voorziening, aanbieder: Aanbieder
) -> None:
    aanvraag = aanvraag_for(dossier, begeleiding)
    client = _client(generalist)
    client.post(reverse("decisions:beschikking_nieuw", args=[aanvraag.pk]), _regel_post(aanvraag, aanbieder, volume=1))
    beschikking = Beschikking.objects.get()
    response = client.post(
        reverse("decisions:ondertekenen", args=[beschikking.pk]), {"version": beschikking.version + 5}, follow=True
    )
    assert "intussen gewijzigd" in response.content.decode()
    beschikking.refresh_from_db()
    assert beschikking.first_signer is None


def test_budget_spend_and_indication_show_on_the_dossier(dossier: Dossier, generalist: User) -> None:
    TeamBudget.objects.create(
        team=dossier.team, year=date.today().year, amount=Decimal("500"), max_per_spend=Decimal("200")
    )
    client = _client(generalist)
    response = client.post(
        reverse("decisions:budget", args=[dossier.pk]),
        {"amount": "150.00", "description": "Fiets voor werk", "reason": "Kan morgen beginnen"},
    )
    assert response.status_code == 302
    refused = client.post(
        reverse("decisions:budget", args=[dossier.pk]), {"amount": "250.00", "description": "x", "reason": "y"}
    )
    assert "ten hoogste € 200,00" in refused.content.decode()

    inwoner = dossier.huishouden.members.get()
    client.post(
        reverse("decisions:indicatie", args=[dossier.pk]),
        {"inwoner": inwoner.pk, "kind": "wlz", "valid_from": date.today().isoformat()},
    )
    assert OtherLawIndication.objects.filter(inwoner=inwoner).exists()
    page = client.get(parts.tab_url(dossier.pk, parts.BESLUITEN)).content.decode()
    assert "Fiets voor werk" in page and "Wlz-indicatie" in page


def test_dossier_page_query_count_does_not_grow_with_decisions(
    team: Team, generalist: User, begeleiding: Voorziening, aanbieder: Aanbieder, django_assert_max_num_queries: object
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from testsupport.decision_factories import sent_beschikking

    def count_for(aanvragen: int) -> int:
        dossier = dossier_for(team, regisseur=generalist)
        for _ in range(aanvragen):
            sent_beschikking(aanvraag_for(dossier, begeleiding), aanbieder=aanbieder)
        client = _client(generalist)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(parts.tab_url(dossier.pk, parts.BESLUITEN)).status_code == 200
        return len(queries)

    assert count_for(1) == count_for(6)


def test_decisions_worklist_query_count_does_not_grow(
    team: Team, generalist: User, begeleiding: Voorziening, aanbieder: Aanbieder
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count_with(extra: int) -> int:
        for _ in range(extra):
            dossier = dossier_for(team, regisseur=generalist)
            aanvraag_for(dossier, begeleiding)
        client = _client(generalist)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("decisions:werkvoorraad")).status_code == 200
        return len(queries)

    assert count_with(1) == count_with(8)


def test_decisions_worklist_with_running_terms_costs_the_same_number_of_queries(
    team: Team, generalist: User, begeleiding: Voorziening
) -> None:
    # Each aanvraag's term state needs its running suspensions: read per list, not per row.
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from catalogue.codes import Law
    from decisions import services

    def count_with(extra: int) -> tuple[int, str]:
        for _ in range(extra):
            dossier = dossier_for(team, regisseur=generalist)
            services.submit_aanvraag(
                dossier,
                generalist,
                inwoner=dossier.huishouden.members.get(),
                law=Law.WMO,
                received_on=date.today(),
                description="Hulp",
                voorzieningen=[begeleiding],
                spoed=True,
                spoed_reason="Mantelzorger valt weg",
            )
        with CaptureQueriesContext(connection) as queries:
            response = _client(generalist).get(reverse("decisions:werkvoorraad"))
        assert response.status_code == 200
        return len(queries), response.content.decode()

    count_with(0)  # once-per-process lookups (e.g. the calendar) are not what this test is about
    few, _ = count_with(1)
    many, content = count_with(5)
    assert many == few
    for aanvraag in Aanvraag.objects.all():
        assert aanvraag.deadline is not None
        assert f'href="{reverse("decisions:aanvraag", args=[aanvraag.pk])}">{aanvraag}</a>' in content
        assert date_format(aanvraag.deadline.due) in content
