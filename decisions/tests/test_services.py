"""Aanvraag, beschikking, mandates and four eyes, sending, the free budget and boundary warnings."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from accounts.models import Role, User
from allocations.models import Toewijzing
from catalogue.codes import Law
from catalogue.models import Aanbieder, Voorziening
from decisions import services
from decisions.models import (
    AanvraagStatus,
    BeschikkingStatus,
    Letter,
    Leveringsvorm,
    OtherLawKind,
    Outcome,
    TeamBudget,
)
from decisions.selectors import dossier_decisions
from decisions.services import RegelInput
from dossiers.models import Dossier, Involvement, InvolvementRole
from dossiers.transitions import Status
from organisation.models import Team
from testsupport.decision_factories import VoorzieningFactory, aanvraag_for, priced, sent_beschikking
from testsupport.factories import InwonerFactory, UserFactory, dossier_for, member_of

pytestmark = pytest.mark.django_db


def _submit(dossier: Dossier, actor: User, voorziening: Voorziening, **kwargs: object) -> services.Aanvraag:  # type: ignore[name-defined]
    defaults: dict[str, object] = {
        "inwoner": dossier.huishouden.members.first(),
        "law": voorziening.law,
        "received_on": date(2026, 3, 2),
        "description": "Hulp om de dag door te komen",
        "voorzieningen": [voorziening],
    }
    defaults.update(kwargs)
    return services.submit_aanvraag(dossier, actor, **defaults)  # type: ignore[arg-type]


class TestAanvraag:
    def test_wmo_aanvraag_starts_the_two_week_term_and_brings_the_consulent_in(
        self, dossier: Dossier, generalist: User, consulent: User, begeleiding: Voorziening
    ) -> None:
        aanvraag = _submit(dossier, generalist, begeleiding, consulent=consulent)

        assert aanvraag.deadline is not None
        assert aanvraag.deadline.term_code == "WMO_BESCHIKKING"
        assert aanvraag.deadline.due == date(2026, 3, 16)
        assert Involvement.objects.filter(dossier=dossier, user=consulent, role=InvolvementRole.CONSULENT).exists()
        dossier.refresh_from_db()
        assert dossier.next_deadline is not None

    def test_jeugdwet_aanvraag_gets_the_awb_term_of_eight_weeks_with_atw(
        self, dossier: Dossier, generalist: User
    ) -> None:
        jeugdhulp = VoorzieningFactory(law=Law.JEUGDWET, product_category="45", product_code="45A01")
        # Thursday 5 March 2026 + 8 weeks is Thursday 30 April: an ordinary working day, no Atw shift.
        aanvraag = _submit(dossier, generalist, jeugdhulp, received_on=date(2026, 3, 5))
        assert aanvraag.deadline is not None
        assert aanvraag.deadline.term_code == "AWB_BESCHIKKING"
        assert aanvraag.deadline.due == date(2026, 4, 30)

    def test_wmo_aanvraag_before_the_onderzoek_is_refused_unless_urgent(
        self, team: Team, generalist: User, begeleiding: Voorziening
    ) -> None:
        dossier = dossier_for(team, status=Status.IN_ONDERZOEK, regisseur=generalist)
        with pytest.raises(ValidationError, match=r"art\. 2\.3\.2 lid 9"):
            _submit(dossier, generalist, begeleiding)
        with pytest.raises(ValidationError, match="waarom"):
            _submit(dossier, generalist, begeleiding, spoed=True)
        aanvraag = _submit(dossier, generalist, begeleiding, spoed=True, spoed_reason="Mantelzorger valt plots weg")
        assert aanvraag.spoed

    def test_refuses_a_person_outside_the_household_and_a_future_date(
        self, dossier: Dossier, generalist: User, begeleiding: Voorziening
    ) -> None:
        with pytest.raises(ValidationError, match="huishouden"):
            _submit(dossier, generalist, begeleiding, inwoner=InwonerFactory())
        with pytest.raises(ValidationError, match="toekomst"):
            _submit(dossier, generalist, begeleiding, received_on=date.today() + timedelta(days=1))
        assert not dossier.aanvragen.exists()

    def test_refuses_a_provision_of_another_law(
        self, dossier: Dossier, generalist: User, begeleiding: Voorziening
    ) -> None:
        with pytest.raises(ValidationError, match="maatwerkvoorziening onder deze wet"):
            _submit(dossier, generalist, begeleiding, law=Law.JEUGDWET)


def _granted(voorziening: Voorziening, aanbieder: Aanbieder | None, volume: int = 3, weeks: int = 10) -> RegelInput:
    start = date.today()
    return RegelInput(
        voorziening=voorziening,
        volume=volume,
        start=start,
        end=start + timedelta(weeks=weeks) - timedelta(days=1),
        aanbieder=aanbieder,
    )


def _prepare(aanvraag: object, actor: User, *regels: RegelInput, outcome: str = Outcome.TOEKENNING) -> object:
    return services.prepare_beschikking(
        aanvraag,  # type: ignore[arg-type]
        actor,
        outcome=outcome,
        motivation="Uit het onderzoek blijkt dat begeleiding nodig is om de administratie op orde te krijgen.",
        legal_basis="Wmo 2015 art. 2.3.5",
        eigen_bijdrage=aanvraag.law == Law.WMO,  # type: ignore[attr-defined]
        regels=list(regels),
    )


class TestBeschikking:
    def test_estimated_amount_is_tariff_times_volume_times_weeks(
        self, dossier: Dossier, generalist: User, begeleiding: Voorziening, aanbieder: Aanbieder
    ) -> None:
        aanvraag = aanvraag_for(dossier, begeleiding)
        beschikking = _prepare(aanvraag, generalist, _granted(begeleiding, aanbieder, volume=3, weeks=10))
        assert beschikking.regels.get().estimated_amount == Decimal("1800.00")  # type: ignore[attr-defined]
        assert beschikking.status == BeschikkingStatus.CONCEPT  # type: ignore[attr-defined]
        assert beschikking.number.startswith(f"B{date.today().year}-")  # type: ignore[attr-defined]

    def test_outcome_must_match_the_lines(
        self, dossier: Dossier, generalist: User, begeleiding: Voorziening, aanbieder: Aanbieder
    ) -> None:
        aanvraag = aanvraag_for(dossier, begeleiding)
        with pytest.raises(ValidationError, match="afwijzing"):
            _prepare(aanvraag, generalist, _granted(begeleiding, aanbieder), outcome=Outcome.AFWIJZING)
        refused = RegelInput(voorziening=begeleiding, granted=False, rejection_reason="Algemene voorziening volstaat")
        with pytest.raises(ValidationError, match="gedeeltelijke"):
            _prepare(aanvraag, generalist, refused, outcome=Outcome.GEDEELTELIJK)
        assert _prepare(aanvraag, generalist, refused, outcome=Outcome.AFWIJZING)

    def test_motivation_is_required(self, dossier: Dossier, generalist: User, begeleiding: Voorziening) -> None:
        aanvraag = aanvraag_for(dossier, begeleiding)
        with pytest.raises(ValidationError, match="motivering"):
            services.prepare_beschikking(
                aanvraag,
                generalist,
                outcome=Outcome.AFWIJZING,
                motivation="  ",
                legal_basis="Wmo 2015 art. 2.3.5",
                eigen_bijdrage=False,
                regels=[RegelInput(voorziening=begeleiding, granted=False, rejection_reason="x")],
            )

    def test_pgb_only_with_the_residents_recorded_choice(
        self, dossier: Dossier, generalist: User, begeleiding: Voorziening
    ) -> None:
        aanvraag = aanvraag_for(dossier, begeleiding)
        start = date.today()
        pgb = RegelInput(voorziening=begeleiding, volume=2, start=start, leveringsvorm=Leveringsvorm.PGB)
        with pytest.raises(ValidationError, match="pgb"):
            _prepare(aanvraag, generalist, pgb)
        chosen = RegelInput(
            voorziening=begeleiding,
            volume=2,
            start=start,
            leveringsvorm=Leveringsvorm.PGB,
            pgb_choice_recorded=True,
            pgb_choice_note="Wil de eigen buurvrouw inhuren, die het gezin al kent.",
        )
        assert _prepare(aanvraag, generalist, chosen)

    def test_in_kind_needs_a_contracted_provider(
        self, dossier: Dossier, generalist: User, begeleiding: Voorziening
    ) -> None:
        from testsupport.decision_factories import AanbiederFactory

        aanvraag = aanvraag_for(dossier, begeleiding)
        with pytest.raises(ValidationError, match="aanbieder"):
            _prepare(aanvraag, generalist, _granted(begeleiding, None))
        with pytest.raises(ValidationError, match="geen contract"):
            _prepare(aanvraag, generalist, _granted(begeleiding, AanbiederFactory()))

    def test_no_tariff_means_no_amount_and_no_decision(
        self, dossier: Dossier, generalist: User, aanbieder: Aanbieder
    ) -> None:
        from testsupport.decision_factories import contracted

        unpriced = VoorzieningFactory()
        contracted(aanbieder, unpriced)
        aanvraag = aanvraag_for(dossier, unpriced)
        with pytest.raises(ValidationError, match="geen tarief"):
            _prepare(aanvraag, generalist, _granted(unpriced, aanbieder))


@pytest.mark.usefixtures("mandates")
class TestMandateAndFourEyes:
    def _concept(self, dossier: Dossier, actor: User, begeleiding: Voorziening, aanbieder: Aanbieder, volume: int):
        aanvraag = aanvraag_for(dossier, begeleiding)
        return _prepare(aanvraag, actor, _granted(begeleiding, aanbieder, volume=volume, weeks=10))

    def test_within_the_mandate_one_signature_settles_it(
        self, dossier: Dossier, consulent: User, begeleiding: Voorziening, aanbieder: Aanbieder
    ) -> None:
        beschikking = self._concept(dossier, consulent, begeleiding, aanbieder, volume=3)  # € 1.800
        signed = services.sign(beschikking, consulent, version=beschikking.version)
        assert signed.status == BeschikkingStatus.VASTGESTELD
        assert signed.second_signer is None

    def test_above_the_mandate_a_second_signature_is_needed_and_the_reason_is_shown(
        self, dossier: Dossier, consulent: User, teamleider: User, begeleiding: Voorziening, aanbieder: Aanbieder
    ) -> None:
        beschikking = self._concept(dossier, consulent, begeleiding, aanbieder, volume=20)  # € 12.000
        check = services.mandate_check(consulent, beschikking)
        assert not check.covered
        assert "€ 12.000,00" in check.reasons[0] and "€ 10.000,00" in check.reasons[0]

        waiting = services.sign(beschikking, consulent, version=beschikking.version)
        assert waiting.status == BeschikkingStatus.TWEEDE_HANDTEKENING
        assert "€ 12.000,00" in waiting.four_eyes_reason

        with pytest.raises(ValidationError, match="iemand anders"):
            services.sign(waiting, consulent, version=waiting.version)
        other_consulent = member_of(dossier.team, UserFactory(role=Role.CONSULENT))
        with pytest.raises(ValidationError, match="mandaat"):
            services.sign(waiting, other_consulent, version=waiting.version)

        final = services.sign(waiting, teamleider, version=waiting.version)
        assert final.status == BeschikkingStatus.VASTGESTELD
        assert (final.first_signer, final.second_signer) == (consulent, teamleider)

    def test_a_role_without_any_mandate_for_the_law_or_category(
        self, dossier: Dossier, consulent: User, generalist: User
    ) -> None:
        verblijf = priced(VoorzieningFactory(law=Law.JEUGDWET, product_category="43", product_code="43A01"))
        aanvraag = aanvraag_for(dossier, verblijf, law=Law.JEUGDWET)
        beschikking = _prepare(
            aanvraag,
            consulent,
            RegelInput(voorziening=verblijf, granted=False, rejection_reason="Past in ambulante hulp"),
            outcome=Outcome.AFWIJZING,
        )
        assert "productcategorie 43" in services.mandate_check(consulent, beschikking).reasons[0]  # type: ignore[arg-type]
        assert "geen mandaat" in services.mandate_check(generalist, beschikking).reasons[0]  # type: ignore[arg-type]

    def test_a_stale_version_is_refused(
        self, dossier: Dossier, consulent: User, begeleiding: Voorziening, aanbieder: Aanbieder
    ) -> None:
        beschikking = self._concept(dossier, consulent, begeleiding, aanbieder, volume=3)
        with pytest.raises(ValidationError, match="intussen"):
            services.sign(beschikking, consulent, version=beschikking.version + 1)
        beschikking.refresh_from_db()
        assert beschikking.status == BeschikkingStatus.CONCEPT


@pytest.mark.usefixtures("mandates")
def test_sending_stores_the_letter_starts_the_objection_term_and_allocates(
    dossier: Dossier, consulent: User, begeleiding: Voorziening, aanbieder: Aanbieder
) -> None:
    aanvraag = _submit(dossier, consulent, begeleiding, received_on=date.today())
    beschikking = _prepare(aanvraag, consulent, _granted(begeleiding, aanbieder))
    signed = services.sign(beschikking, consulent, version=beschikking.version)  # type: ignore[arg-type]

    sent = services.send(signed, consulent, sent_on=date.today(), version=signed.version)

    assert sent.status == BeschikkingStatus.VERZONDEN
    assert sent.objection_until is not None and sent.objection_until >= date.today() + timedelta(weeks=6)
    assert Letter.objects.filter(beschikking=sent).count() == 1
    aanvraag.refresh_from_db()
    assert aanvraag.status == AanvraagStatus.BESLOTEN
    assert aanvraag.deadline is not None and aanvraag.deadline.met_on == date.today()
    toewijzing = Toewijzing.objects.get()
    assert (toewijzing.aanbieder, toewijzing.voorziening, toewijzing.volume) == (aanbieder, begeleiding, 3)


@pytest.mark.usefixtures("mandates")
def test_an_unsigned_beschikking_cannot_be_sent(
    dossier: Dossier, consulent: User, begeleiding: Voorziening, aanbieder: Aanbieder
) -> None:
    beschikking = _prepare(aanvraag_for(dossier, begeleiding), consulent, _granted(begeleiding, aanbieder))
    with pytest.raises(ValidationError, match="ondertekende"):
        services.send(beschikking, consulent, sent_on=date.today(), version=beschikking.version)  # type: ignore[arg-type]


class TestFreeBudget:
    @pytest.fixture
    def budget(self, team: Team) -> TeamBudget:
        return TeamBudget.objects.create(
            team=team, year=date.today().year, amount=Decimal("1000"), max_per_spend=Decimal("400")
        )

    def test_spends_within_the_limits_and_tracks_what_is_left(
        self, dossier: Dossier, generalist: User, budget: TeamBudget
    ) -> None:
        services.spend_budget(
            dossier, generalist, amount=Decimal("350"), description="Wasmachine", reason="Sneller dan een aanvraag"
        )
        services.spend_budget(
            dossier,
            generalist,
            amount=Decimal("400"),
            description="Schuldsanering-kosten",
            reason="Voorkomt afsluiting",
        )
        state = services.budget_state(dossier, date.today().year)
        assert (state.spent, state.remaining) == (Decimal("750"), Decimal("250"))

        with pytest.raises(ValidationError, match="ten hoogste"):
            services.spend_budget(dossier, generalist, amount=Decimal("401"), description="x", reason="y")
        with pytest.raises(ValidationError, match="nog € 250,00 over"):
            services.spend_budget(dossier, generalist, amount=Decimal("300"), description="x", reason="y")
        with pytest.raises(ValidationError, match="waarom"):
            services.spend_budget(dossier, generalist, amount=Decimal("10"), description="x", reason=" ")
        assert budget.spends.count() == 2

    def test_no_budget_no_spending(self, dossier: Dossier, generalist: User) -> None:
        with pytest.raises(ValidationError, match="geen vrij besteedbaar budget"):
            services.spend_budget(dossier, generalist, amount=Decimal("10"), description="x", reason="y")


class TestBoundaries:
    def test_wmo_provision_next_to_a_wlz_indication_warns(
        self, dossier: Dossier, generalist: User, begeleiding: Voorziening, aanbieder: Aanbieder
    ) -> None:
        aanvraag = aanvraag_for(dossier, begeleiding)
        sent_beschikking(aanvraag, aanbieder=aanbieder)
        assert dossier_decisions(dossier, date.today())["decision_warnings"] == []

        services.record_indication(
            dossier,
            generalist,
            inwoner=aanvraag.inwoner,
            kind=OtherLawKind.WLZ,
            valid_from=date.today() - timedelta(days=3),
            valid_to=None,
            note="CIZ-besluit",
        )
        warnings = dossier_decisions(dossier, date.today())["decision_warnings"]
        assert len(warnings) == 1
        assert "Wlz-indicatie" in warnings[0].message and "zorgkantoor" in warnings[0].message

    def test_jeugdhulp_past_the_eighteenth_birthday_warns(self, team: Team, generalist: User) -> None:
        teen = InwonerFactory(geboortedatum=date.today().replace(year=date.today().year - 18) + timedelta(days=60))
        from testsupport.factories import household_with

        dossier = Dossier.objects.create(huishouden=household_with(teen), team=team, regisseur=generalist)
        jeugdhulp = VoorzieningFactory(law=Law.JEUGDWET, product_category="45", product_code="45A02")
        sent_beschikking(aanvraag_for(dossier, jeugdhulp, law=Law.JEUGDWET, created_by=generalist), weeks=26)
        warnings = dossier_decisions(dossier, date.today())["decision_warnings"]
        assert [w for w in warnings if "achttiende" in w.message]
