"""`manage.py berichten`: one line per file, exit code 0 when every file was read."""

import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from allocations.models import Bericht, BerichtStatus, DeliveryStatus, Direction, Toewijzing
from allocations.tests.test_incoming import INVALID_305, build_world, snapshot
from testsupport.istandaarden import EXAMPLE_MESSAGES, example, example_path, examples_dir, requires_istandaarden


def run(*args: str) -> list[str]:
    out = StringIO()
    call_command("berichten", *args, stdout=out)
    return out.getvalue().splitlines()


@pytest.fixture
def world(db: None):
    return build_world()


@requires_istandaarden(*EXAMPLE_MESSAGES, examples=EXAMPLE_MESSAGES)
def test_the_example_messages_are_read(world):
    lines = run("inlezen", str(examples_dir()))

    assert lines == [
        "WMO301.xml  afgewezen  WMO301  Een WMO301 stuurt de gemeente zelf; zo'n bericht wordt niet ontvangen.",
        "WMO305.xml  geaccepteerd  WMO305",
        "WMO307.xml  geaccepteerd  WMO307",
        "WMO315.xml  geaccepteerd  WMO315",
        "WMO317.xml  geaccepteerd  WMO317",
        "WMO319.xml  afgewezen  WMO319  Een WMO319 stuurt de gemeente zelf; zo'n bericht wordt niet ontvangen.",
        "WMO323.xml  geaccepteerd  WMO323",
    ]
    stopped = Toewijzing.objects.get(nummer="300201")
    assert (stopped.status, str(stopped.started_on), str(stopped.stopped_on)) == (
        DeliveryStatus.GESTOPT,
        "2025-04-03",
        "2025-07-18",
    )
    assert Bericht.objects.filter(direction=Direction.IN).count() == 7


@requires_istandaarden("WMO305")
def test_bad_files_are_refused_with_their_reasons_and_change_nothing(world, tmp_path):
    (tmp_path / "a-kapot.xml").write_bytes(b"<Bericht><Header>")
    (tmp_path / "b-geen-istandaard.xml").write_bytes(b"<?xml version='1.0'?><factuur><regel/></factuur>")
    (tmp_path / "c-ongeldig.xml").write_bytes(INVALID_305)
    (tmp_path / "leesmij.txt").write_text("wordt overgeslagen")
    before = snapshot()

    lines = run("inlezen", str(tmp_path))

    assert [line.split("  ")[:3] for line in lines] == [
        ["a-kapot.xml", "afgewezen", "?"],
        ["b-geen-istandaard.xml", "afgewezen", "?"],
        ["c-ongeldig.xml", "afgewezen", "WMO305"],
    ]
    assert "Geen geldige XML" in lines[0]
    assert "Onbekend berichttype: rootelement factuur" in lines[1]
    assert "Ongeldig volgens WMO305.xsd" in lines[2]
    assert snapshot() == before
    stored = Bericht.objects.order_by("pk")
    assert [(b.file_name, b.status) for b in stored] == [
        ("a-kapot.xml", BerichtStatus.AFGEWEZEN),
        ("b-geen-istandaard.xml", BerichtStatus.AFGEWEZEN),
        ("c-ongeldig.xml", BerichtStatus.AFGEWEZEN),
    ]


def test_one_file_can_be_read(world, tmp_path):
    path = tmp_path / "start.xml"
    path.write_bytes(example("WMO305"))

    assert run("inlezen", str(path)) == ["start.xml  geaccepteerd  WMO305"]


def test_a_path_that_does_not_exist_is_an_error(db, tmp_path):
    with pytest.raises(CommandError, match="bestaat niet"):
        run("inlezen", str(tmp_path / "nergens"))


@requires_istandaarden("WMO305", examples=["WMO305"])
def test_exchange_processes_the_inbox_and_delivers_the_outbox(world, tmp_path, settings):
    inbox, outbox = tmp_path / "in", tmp_path / "uit"
    inbox.mkdir()
    shutil.copy(example_path("WMO305"), inbox / "WMO305.xml")
    (inbox / "kapot.xml").write_bytes(b"<nee")
    settings.BERICHTEN_INBOX = inbox
    settings.BERICHTEN_OUTBOX = outbox
    ready = Bericht.objects.create(
        direction=Direction.OUT, kind="JW301", file_name="JW301_1.xml", content=b"<x/>", status=BerichtStatus.KLAAR
    )

    lines = run("uitwisselen")

    assert lines[0] == "WMO305.xml  geaccepteerd  WMO305"
    assert lines[1].startswith("kapot.xml  afgewezen  ?  Geen geldige XML")
    assert lines[2].startswith("Ontvangen: 2 (1 geaccepteerd, 1 afgewezen)")
    assert "verzonden: 1" in lines[2]
    assert (outbox / "JW301_1.xml").read_bytes() == b"<x/>"
    assert Path(inbox / "verwerkt" / "WMO305.xml").is_file()
    assert Path(inbox / "afgewezen" / "kapot.xml").is_file()
    ready.refresh_from_db()
    assert ready.status == BerichtStatus.VERZONDEN
