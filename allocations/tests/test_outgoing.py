"""Allocating to providers and the outgoing 301: OP275, OP259, OP043, OP380 and OP087."""

from dataclasses import dataclass
from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format

from accounts.models import User
from allocations import outgoing, toewijzingbericht
from allocations.models import Bericht, BerichtStatus, BerichtTaak, DeliveryStatus, Direction, TaakSoort, Toewijzing
from allocations.schemas import current_schemas
from catalogue.codes import Frequency, Law, Unit
from catalogue.models import Aanbieder, Voorziening
from decisions.models import BeschikkingRegel, Leveringsvorm
from dossiers.models import Dossier
from istandaarden.reading import read, validate
from organisation.models import Gemeente, Team
from residents.models import Inwoner
from testsupport.decision_factories import (
    AanbiederFactory,
    VoorzieningFactory,
    aanvraag_for,
    contracted,
    priced,
    sent_beschikking,
)
from testsupport.factories import TeamFactory, dossier_for
from testsupport.istandaarden import requires_istandaarden

START = date(2026, 1, 1)
#: Einddatums that are still in the future when the tests run (a 301 carries current allocations).
FAR = date(2099, 12, 31)
FAR_SHORTER = date(2098, 12, 31)


@dataclass
class Household:
    dossier: Dossier
    inwoner: Inwoner
    voorziening: Voorziening
    aanbieder: Aanbieder
    actor: User


@pytest.fixture
def household(team: Team, generalist: User) -> Household:
    dossier = dossier_for(team, regisseur=generalist)
    inwoner = dossier.huishouden.members.get()
    voorziening = priced(VoorzieningFactory())
    aanbieder = contracted(AanbiederFactory(), voorziening)
    return Household(dossier, inwoner, voorziening, aanbieder, generalist)


def _allocate(h: Household, **overrides: object) -> Toewijzing:
    values: dict[str, object] = {
        "inwoner": h.inwoner,
        "aanbieder": h.aanbieder,
        "voorziening": h.voorziening,
        "law": h.voorziening.law,
        "ingangsdatum": START,
        "einddatum": START + timedelta(days=180),
        "volume": 3,
        "unit": Unit.UUR,
        "frequency": Frequency.PER_WEEK,
        "actor": h.actor,
        "dossier": h.dossier,
    }
    values.update(overrides)
    return outgoing.allocate(**values)  # type: ignore[arg-type]


def _jeugd_product() -> Voorziening:
    return priced(VoorzieningFactory(law=Law.JEUGDWET, product_category="45", product_code="45A01"))


# --- OP275 ----------------------------------------------------------------------------------------


def test_toewijzingnummers_count_up_per_gemeente_and_law(household: Household) -> None:
    jeugd = _jeugd_product()
    contracted(household.aanbieder, jeugd)

    first = _allocate(household)
    second = _allocate(household, ingangsdatum=START + timedelta(days=200), einddatum=None)
    youth = _allocate(household, voorziening=jeugd, law=Law.JEUGDWET)

    assert (first.nummer, second.nummer) == ("1", "2")
    assert youth.nummer == "1"  # Jeugdwet numbers run on their own
    assert first.gemeente == household.dossier.team.gemeente
    assert outgoing.next_toewijzingnummer(first.gemeente, Law.WMO) == "3"


def test_another_gemeente_has_its_own_numbers(household: Household, generalist: User) -> None:
    _allocate(household)
    elsewhere = Gemeente.objects.create(name="Andersdorp", cbs_code="GM0001")
    assert outgoing.next_toewijzingnummer(elsewhere, Law.WMO) == "1"


def test_numbers_compare_as_numbers_not_text(household: Household) -> None:
    gemeente = household.dossier.team.gemeente
    toewijzing = _allocate(household)
    Toewijzing.objects.filter(pk=toewijzing.pk).update(nummer="9")
    _allocate(household, ingangsdatum=START + timedelta(days=200), einddatum=START + timedelta(days=210))
    assert outgoing.next_toewijzingnummer(gemeente, Law.WMO) == "11"


def test_the_database_refuses_a_number_twice(household: Household) -> None:
    toewijzing = _allocate(household)
    toewijzing.pk = None
    toewijzing.ingangsdatum = START + timedelta(days=400)
    toewijzing.einddatum = None
    with pytest.raises(IntegrityError), transaction.atomic():
        toewijzing.save(force_insert=True)


def test_a_number_taken_concurrently_is_retried(household: Household, monkeypatch: pytest.MonkeyPatch) -> None:
    taken = _allocate(household)
    real = outgoing.next_toewijzingnummer
    answers = iter([taken.nummer])  # a concurrent allocation got there first

    def racing(gemeente: Gemeente, law: str) -> str:
        return next(answers, None) or real(gemeente, law)

    monkeypatch.setattr(outgoing, "next_toewijzingnummer", racing)
    again = _allocate(household, ingangsdatum=START + timedelta(days=200), einddatum=None)
    assert again.nummer == "2"


def test_participatiewet_has_no_istandaard(household: Household) -> None:
    bijstand = VoorzieningFactory(law=Law.PARTICIPATIEWET, product_category="", product_code="")
    with pytest.raises(ValidationError, match="geen iStandaard"):
        _allocate(household, voorziening=bijstand, law=Law.PARTICIPATIEWET)
    with pytest.raises(ValidationError, match="geen iStandaard"):
        outgoing.next_toewijzingnummer(household.dossier.team.gemeente, Law.PARTICIPATIEWET)
    assert not Toewijzing.objects.exists()


# --- contract, OP259, OP043 --------------------------------------------------------------------------


def test_no_allocation_without_a_contract_on_the_ingangsdatum(household: Household) -> None:
    uncontracted = AanbiederFactory()
    with pytest.raises(ValidationError, match="geen \\(actief\\) contract"):
        _allocate(household, aanbieder=uncontracted)
    with pytest.raises(ValidationError, match="contract"):
        _allocate(household, ingangsdatum=date(2019, 12, 31))  # the contract starts in 2020


def test_new_allocation_waits_for_the_next_301(household: Household) -> None:
    toewijzing = _allocate(household)
    assert toewijzing.pending_send
    assert toewijzing.status == DeliveryStatus.TOEGEWEZEN
    assert household.dossier.timeline.filter(kind="toewijzing").exists()


def test_op259_the_same_product_is_not_stacked_at_any_provider(household: Household) -> None:
    existing = _allocate(household)
    other_provider = contracted(AanbiederFactory(), household.voorziening)
    with pytest.raises(ValidationError, match="OP259"):
        _allocate(household, aanbieder=other_provider, ingangsdatum=START + timedelta(days=30), einddatum=None)
    with pytest.raises(ValidationError, match=existing.nummer):
        _allocate(household, ingangsdatum=START - timedelta(days=30), einddatum=START)


def test_op259_adjacent_periods_are_allowed(household: Household) -> None:
    first = _allocate(household)
    assert first.einddatum is not None
    second = _allocate(household, ingangsdatum=first.einddatum + timedelta(days=1), einddatum=None)
    assert second.nummer != first.nummer


def test_op259_an_open_ended_allocation_blocks_everything_after_it(household: Household) -> None:
    _allocate(household, einddatum=None)
    with pytest.raises(ValidationError, match="onbepaalde tijd"):
        _allocate(household, ingangsdatum=START + timedelta(days=3000), einddatum=None)


def test_op259_a_withdrawn_allocation_does_not_block(household: Household) -> None:
    withdrawn = _allocate(household)
    outgoing.change_toewijzing(withdrawn, household.actor, einddatum=None, reden_wijziging="13", version=1)
    assert _allocate(household).nummer == "2"


def test_op259_another_product_may_overlap(household: Household) -> None:
    _allocate(household)
    other = priced(VoorzieningFactory())
    contracted(household.aanbieder, other)
    assert _allocate(household, voorziening=other).voorziening == other


def test_op043_no_allocation_in_kind_while_a_pgb_is_granted(household: Household) -> None:
    aanvraag = aanvraag_for(household.dossier, household.voorziening)
    pgb = sent_beschikking(aanvraag, leveringsvorm=Leveringsvorm.PGB, sent_on=START, weeks=10)
    with pytest.raises(ValidationError, match="OP043"):
        _allocate(household, ingangsdatum=START + timedelta(weeks=5))
    regel = pgb.regels.get()
    assert regel.end is not None
    after = _allocate(household, ingangsdatum=regel.end + timedelta(days=1))
    assert after.pk is not None


def test_op043_a_refused_pgb_line_does_not_block(household: Household) -> None:
    aanvraag = aanvraag_for(household.dossier, household.voorziening)
    pgb = sent_beschikking(aanvraag, leveringsvorm=Leveringsvorm.PGB, sent_on=START)
    BeschikkingRegel.objects.filter(beschikking=pgb).update(granted=False)
    assert _allocate(household).pk is not None


def test_only_maatwerk_with_a_product_code_under_its_own_law(household: Household) -> None:
    with pytest.raises(ValidationError, match="geen maatwerkvoorziening"):
        _allocate(household, law=Law.JEUGDWET)


# --- allocate_beschikking ----------------------------------------------------------------------------


def test_a_sent_beschikking_allocates_its_zin_lines(household: Household) -> None:
    aanvraag = aanvraag_for(household.dossier, household.voorziening)
    beschikking = sent_beschikking(aanvraag, aanbieder=household.aanbieder, sent_on=START, volume=4)

    [toewijzing] = outgoing.allocate_beschikking(beschikking, household.actor)

    regel = beschikking.regels.get()
    assert toewijzing.regel == regel
    assert (toewijzing.ingangsdatum, toewijzing.einddatum) == (regel.start, regel.end)
    assert (toewijzing.volume, toewijzing.unit, toewijzing.frequency) == (4, regel.unit, regel.frequency)
    assert toewijzing.aanbieder == household.aanbieder


def test_pgb_and_refused_lines_are_not_allocated(household: Household) -> None:
    other = priced(VoorzieningFactory())
    aanvraag = aanvraag_for(household.dossier, household.voorziening, other)
    beschikking = sent_beschikking(aanvraag, aanbieder=household.aanbieder, sent_on=START)
    BeschikkingRegel.objects.filter(beschikking=beschikking, voorziening=other).update(granted=False)
    pgb = sent_beschikking(aanvraag_for(household.dossier, household.voorziening), leveringsvorm=Leveringsvorm.PGB)

    assert len(outgoing.allocate_beschikking(beschikking, household.actor)) == 1
    assert outgoing.allocate_beschikking(pgb, household.actor) == []


def test_participatiewet_beschikking_allocates_nothing(household: Household) -> None:
    bijstand = VoorzieningFactory(law=Law.PARTICIPATIEWET, product_category="", product_code="")
    aanvraag = aanvraag_for(household.dossier, bijstand, law=Law.PARTICIPATIEWET)
    beschikking = sent_beschikking(aanvraag, aanbieder=household.aanbieder)
    assert outgoing.allocate_beschikking(beschikking, household.actor) == []
    assert not Toewijzing.objects.exists()


def test_a_replacing_beschikking_withdraws_what_the_old_one_allocated(household: Household) -> None:
    aanvraag = aanvraag_for(household.dossier, household.voorziening)
    old = sent_beschikking(aanvraag, aanbieder=household.aanbieder, sent_on=START)
    [before] = outgoing.allocate_beschikking(old, household.actor)
    new = sent_beschikking(aanvraag, aanbieder=household.aanbieder, sent_on=START, volume=6)
    new.replaces = old
    new.save()

    [after] = outgoing.allocate_beschikking(new, household.actor)

    before.refresh_from_db()
    assert (before.status, before.reden_wijziging, before.einddatum) == ("ingetrokken", "13", before.ingangsdatum)
    assert before.pending_send
    assert after.volume == 6


# --- OP380 --------------------------------------------------------------------------------------------


def test_op380_extension_moves_the_einddatum_on_the_same_number(household: Household) -> None:
    toewijzing = _allocate(household)
    toewijzing.pending_send = False
    toewijzing.save()
    new_end = START + timedelta(days=365)

    changed = outgoing.change_toewijzing(
        toewijzing, household.actor, einddatum=new_end, reden_wijziging="04", version=toewijzing.version
    )

    assert (changed.nummer, changed.einddatum, changed.reden_wijziging) == (toewijzing.nummer, new_end, "04")
    assert changed.pending_send
    assert changed.version == 2
    assert Toewijzing.objects.count() == 1


def test_op380_shortening_must_move_the_einddatum_earlier(household: Household) -> None:
    toewijzing = _allocate(household)
    with pytest.raises(ValidationError, match="verkorting"):
        outgoing.change_toewijzing(
            toewijzing, household.actor, einddatum=START + timedelta(days=200), reden_wijziging="05", version=1
        )
    shorter = outgoing.change_toewijzing(
        toewijzing, household.actor, einddatum=START + timedelta(days=30), reden_wijziging="05", version=1
    )
    assert shorter.einddatum == START + timedelta(days=30)


def test_op380_a_reden_wijziging_is_required(household: Household) -> None:
    toewijzing = _allocate(household)
    for reden in ("", "01", "99"):
        with pytest.raises(ValidationError, match="reden"):
            outgoing.change_toewijzing(
                toewijzing, household.actor, einddatum=START + timedelta(days=30), reden_wijziging=reden, version=1
            )


def test_stale_version_is_refused(household: Household) -> None:
    toewijzing = _allocate(household)
    outgoing.change_toewijzing(
        toewijzing, household.actor, einddatum=START + timedelta(days=30), reden_wijziging="05", version=1
    )
    with pytest.raises(ValidationError, match="Iemand anders heeft deze toewijzing intussen gewijzigd"):
        outgoing.change_toewijzing(
            toewijzing, household.actor, einddatum=START + timedelta(days=20), reden_wijziging="05", version=1
        )
    toewijzing.refresh_from_db()
    assert toewijzing.einddatum == START + timedelta(days=30)


def test_einddatum_not_before_ingangsdatum_nor_before_delivery_started(household: Household) -> None:
    toewijzing = _allocate(household)
    with pytest.raises(ValidationError, match="vóór de ingangsdatum"):
        outgoing.change_toewijzing(
            toewijzing, household.actor, einddatum=START - timedelta(days=1), reden_wijziging="05", version=1
        )
    Toewijzing.objects.filter(pk=toewijzing.pk).update(status=DeliveryStatus.GESTART, started_on=START.replace(day=20))
    with pytest.raises(ValidationError, match=f"gestart op {date_format(START.replace(day=20))}"):
        outgoing.change_toewijzing(
            toewijzing, household.actor, einddatum=START.replace(day=10), reden_wijziging="05", version=1
        )
    ended = outgoing.change_toewijzing(
        toewijzing, household.actor, einddatum=START.replace(day=20), reden_wijziging="05", version=1
    )
    assert ended.einddatum == START.replace(day=20)


def test_verwijderd_withdraws_an_allocation_that_has_not_started(household: Household) -> None:
    toewijzing = _allocate(household)
    withdrawn = outgoing.change_toewijzing(toewijzing, household.actor, einddatum=None, reden_wijziging="13", version=1)
    assert (withdrawn.status, withdrawn.einddatum) == (DeliveryStatus.INGETROKKEN, withdrawn.ingangsdatum)
    with pytest.raises(ValidationError, match="ingetrokken"):
        outgoing.change_toewijzing(
            withdrawn, household.actor, einddatum=START, reden_wijziging="14", version=withdrawn.version
        )


def test_a_started_allocation_cannot_be_removed(household: Household) -> None:
    toewijzing = _allocate(household)
    Toewijzing.objects.filter(pk=toewijzing.pk).update(status=DeliveryStatus.GESTART, started_on=START)
    with pytest.raises(ValidationError, match="verwijderd"):
        outgoing.change_toewijzing(toewijzing, household.actor, einddatum=None, reden_wijziging="13", version=1)


def test_extension_may_not_run_into_the_next_allocation(household: Household) -> None:
    first = _allocate(household)
    assert first.einddatum is not None
    _allocate(household, ingangsdatum=first.einddatum + timedelta(days=1), einddatum=None)
    with pytest.raises(ValidationError, match="OP259"):
        outgoing.change_toewijzing(
            first, household.actor, einddatum=first.einddatum + timedelta(days=5), reden_wijziging="04", version=1
        )


def test_volume_only_changes_before_delivery_started(household: Household) -> None:
    toewijzing = _allocate(household)
    corrected = outgoing.change_toewijzing(
        toewijzing, household.actor, einddatum=toewijzing.einddatum, reden_wijziging="14", volume=5, version=1
    )
    assert corrected.volume == 5
    Toewijzing.objects.filter(pk=toewijzing.pk).update(status=DeliveryStatus.GESTART, started_on=START)
    with pytest.raises(ValidationError, match="nieuwe toewijzing"):
        outgoing.change_toewijzing(
            toewijzing, household.actor, einddatum=toewijzing.einddatum, reden_wijziging="14", volume=7, version=2
        )


# --- OP087: the 301 -------------------------------------------------------------------------------------


@requires_istandaarden("WMO301")
def test_the_301_validates_and_reads_back_as_the_same_toewijzingen(household: Household) -> None:
    household.inwoner.tussenvoegsel = "van der"
    household.inwoner.voornamen = "Fatima Zohra"
    household.inwoner.save()
    toewijzing = _allocate(household)

    [bericht] = toewijzingbericht.build_301s(household.inwoner, household.actor, dossier=household.dossier)

    content = bytes(bericht.content)
    assert validate(content, current_schemas()) == []
    message = read(content, current_schemas())
    assert str(message.kind) == "WMO301"
    assert (message.header.afzender, message.header.ontvanger) == ("9999", household.aanbieder.agb_code)
    assert message.header.identificatie == bericht.identificatie
    assert len(bericht.identificatie) <= 12
    [client] = message.clients
    assert client.bsn == household.inwoner.bsn
    [read_back] = client.toewijzingen
    assert read_back.toewijzingnummer == toewijzing.nummer
    assert read_back.product is not None
    assert (read_back.product.categorie, read_back.product.code) == ("02", household.voorziening.product_code)
    assert (read_back.ingangsdatum, read_back.einddatum) == (toewijzing.ingangsdatum, toewijzing.einddatum)
    assert read_back.omvang is not None
    assert (read_back.omvang.volume, read_back.omvang.eenheid, read_back.omvang.frequentie) == (3, "04", "2")
    assert b"<iwmo:Voorvoegsel>van der</iwmo:Voorvoegsel>" in content
    assert b"<iwmo:Voorletters>FZ</iwmo:Voorletters>" in content


@requires_istandaarden("WMO301")
def test_the_301_is_stored_ready_to_send(household: Household) -> None:
    toewijzing = _allocate(household)
    [bericht] = toewijzingbericht.build_301s(household.inwoner, household.actor, dossier=household.dossier)
    assert (bericht.direction, bericht.status, bericht.kind) == (Direction.OUT, BerichtStatus.KLAAR, "WMO301")
    assert bericht.file_name == f"WMO301_{bericht.identificatie}.xml"
    assert (bericht.afzender, bericht.ontvanger) == ("9999", household.aanbieder.agb_code)
    assert (bericht.aanbieder, bericht.inwoner, bericht.created_by) == (
        household.aanbieder,
        household.inwoner,
        household.actor,
    )
    assert bericht.dagtekening == timezone.localdate()
    toewijzing.refresh_from_db()
    assert not toewijzing.pending_send


@requires_istandaarden("WMO301")
def test_nothing_pending_means_no_301(household: Household) -> None:
    _allocate(household)
    toewijzingbericht.build_301s(household.inwoner, household.actor, dossier=household.dossier)
    assert toewijzingbericht.build_301s(household.inwoner, household.actor, dossier=household.dossier) == []


@requires_istandaarden("WMO301")
def test_op087_a_second_301_holds_the_unchanged_and_the_changed_toewijzing(household: Household) -> None:
    other = priced(VoorzieningFactory())
    contracted(household.aanbieder, other)
    unchanged = _allocate(household, einddatum=None)
    changed = _allocate(household, voorziening=other, einddatum=FAR)
    toewijzingbericht.build_301s(household.inwoner, household.actor, dossier=household.dossier)
    outgoing.change_toewijzing(changed, household.actor, einddatum=FAR_SHORTER, reden_wijziging="05", version=1)

    [second] = toewijzingbericht.build_301s(household.inwoner, household.actor, dossier=household.dossier)

    [client] = read(bytes(second.content), current_schemas()).clients
    by_number = {t.toewijzingnummer: t for t in client.toewijzingen}
    assert set(by_number) == {unchanged.nummer, changed.nummer}
    assert by_number[changed.nummer].reden_wijziging == "05"
    assert by_number[changed.nummer].einddatum == FAR_SHORTER
    assert by_number[unchanged.nummer].reden_wijziging is None


@requires_istandaarden("WMO301")
def test_op087_a_withdrawn_toewijzing_is_sent_once_more_then_left_out(household: Household) -> None:
    kept = _allocate(household, einddatum=None)
    other = priced(VoorzieningFactory())
    contracted(household.aanbieder, other)
    gone = _allocate(household, voorziening=other)
    toewijzingbericht.build_301s(household.inwoner, household.actor, dossier=household.dossier)
    outgoing.change_toewijzing(gone, household.actor, einddatum=None, reden_wijziging="13", version=1)

    [with_withdrawal] = toewijzingbericht.build_301s(household.inwoner, household.actor, dossier=household.dossier)
    numbers = [
        t.toewijzingnummer for t in read(bytes(with_withdrawal.content), current_schemas()).clients[0].toewijzingen
    ]
    assert sorted(numbers) == sorted([kept.nummer, gone.nummer])

    outgoing.change_toewijzing(
        kept, household.actor, einddatum=START + timedelta(days=9000), reden_wijziging="05", version=kept.version
    )
    [later] = toewijzingbericht.build_301s(household.inwoner, household.actor, dossier=household.dossier)
    numbers = [t.toewijzingnummer for t in read(bytes(later.content), current_schemas()).clients[0].toewijzingen]
    assert numbers == [kept.nummer]


@requires_istandaarden("WMO301", "JW301")
def test_one_301_per_provider_and_law(household: Household) -> None:
    other_provider = AanbiederFactory()
    other = priced(VoorzieningFactory())
    contracted(other_provider, other)
    jeugd = _jeugd_product()
    contracted(household.aanbieder, jeugd)
    _allocate(household)
    _allocate(household, voorziening=other, aanbieder=other_provider)
    _allocate(household, voorziening=jeugd, law=Law.JEUGDWET)

    berichten = toewijzingbericht.build_301s(household.inwoner, household.actor, dossier=household.dossier)

    assert sorted((b.kind, b.ontvanger) for b in berichten) == sorted(
        [
            ("WMO301", household.aanbieder.agb_code),
            ("WMO301", other_provider.agb_code),
            ("JW301", household.aanbieder.agb_code),
        ]
    )
    assert len({b.identificatie for b in berichten}) == 3
    for bericht in berichten:
        assert validate(bytes(bericht.content), current_schemas()) == []


@requires_istandaarden("WMO301")
def test_build_for_one_provider_only(household: Household) -> None:
    other_provider = AanbiederFactory()
    other = priced(VoorzieningFactory())
    contracted(other_provider, other)
    _allocate(household)
    waiting = _allocate(household, voorziening=other, aanbieder=other_provider)

    [bericht] = toewijzingbericht.build_301s(
        household.inwoner, household.actor, dossier=household.dossier, aanbieder=household.aanbieder
    )

    assert bericht.aanbieder == household.aanbieder
    waiting.refresh_from_db()
    assert waiting.pending_send


@requires_istandaarden("WMO301")
def test_the_301_expects_a_302_within_3_working_days(household: Household, monkeypatch: pytest.MonkeyPatch) -> None:
    christmas_eve = date(2026, 12, 24)  # a Thursday; 25 and 26 December do not count
    monkeypatch.setattr(
        toewijzingbericht,
        "timezone",
        SimpleNamespace(localdate=lambda: christmas_eve, now=timezone.now, localtime=timezone.localtime),
    )
    _allocate(household)

    [bericht] = toewijzingbericht.build_301s(household.inwoner, household.actor, dossier=household.dossier)

    task = BerichtTaak.objects.get(bericht=bericht)
    assert (task.soort, task.term_code, task.inwoner) == (TaakSoort.RETOUR_VERWACHT, "ISTD_RETOUR", household.inwoner)
    assert bericht.dagtekening == christmas_eve
    assert task.due == date(2026, 12, 30)
    assert task.is_open


def test_a_refused_message_changes_nothing(household: Household, settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    toewijzing = _allocate(household)
    settings.ISTANDAARDEN_XSD_DIR = str(tmp_path)  # no XSD there: the writer refuses

    with pytest.raises(ValidationError, match="kan niet worden gemaakt"):
        toewijzingbericht.build_301s(household.inwoner, household.actor, dossier=household.dossier)

    assert not Bericht.objects.exists()
    assert not BerichtTaak.objects.exists()
    toewijzing.refresh_from_db()
    assert toewijzing.pending_send


@requires_istandaarden("WMO301")
def test_a_301_in_reply_to_a_request_links_it(household: Household) -> None:
    request = Bericht.objects.create(
        direction=Direction.IN, kind="WMO315", file_name="x.xml", content=b"", status=BerichtStatus.GEACCEPTEERD
    )
    _allocate(household, referentie_aanbieder="REF-1")
    [bericht] = toewijzingbericht.build_301s(
        household.inwoner, household.actor, dossier=household.dossier, in_reply_to=request
    )
    assert bericht.in_reply_to == request
    [read_back] = read(bytes(bericht.content), current_schemas()).clients[0].toewijzingen
    assert read_back.toewijzingnummer


@requires_istandaarden("WMO301")
def test_other_team_dossier_gemeente_is_used(generalist: User) -> None:
    team = TeamFactory(gemeente=Gemeente.objects.create(name="Elders", cbs_code="GM0363"))
    dossier = dossier_for(team, regisseur=generalist)
    voorziening = priced(VoorzieningFactory())
    household = Household(
        dossier, dossier.huishouden.members.get(), voorziening, contracted(AanbiederFactory(), voorziening), generalist
    )
    _allocate(household)
    [bericht] = toewijzingbericht.build_301s(household.inwoner, generalist, dossier=dossier)
    assert bericht.afzender == "0363"
