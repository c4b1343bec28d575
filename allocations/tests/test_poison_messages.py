"""One poison message never stops the exchange: every file ends accepted or rejected with a reason.

A file with a declared encoding nobody knows, or a date in the year 99999, used to raise out of
``receive``: a 500 on upload, a traceback from ``berichten inlezen``, and an inbox run that
stopped there, leaving every later file and every outgoing 301 waiting.
"""

from __future__ import annotations

import logging
from io import StringIO
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from allocations import exchange as exchange_module
from allocations import incoming
from allocations.exchange import FolderExchange, run_exchange
from allocations.incoming import UNEXPECTED_REASON, receive
from allocations.models import Bericht, BerichtStatus, Direction
from allocations.tests.test_incoming import build_world, example, replace, snapshot
from dossiers.tests.views_support import logged_in
from istandaarden.tests.mutations import hostile


def unknown_encoding() -> bytes:
    return replace(example("WMO305"), 'encoding="UTF-8"', 'encoding="x-onbekend"')


def year_99999() -> bytes:
    return replace(example("WMO307"), "<wmo307:Einddatum>2025-07-18<", "<wmo307:Einddatum>99999-07-18<")


def year_of_twenty_digits() -> bytes:
    return replace(example("WMO307"), "<wmo307:Einddatum>2025-07-18<", "<wmo307:Einddatum>99999999999999999999-07-18<")


@pytest.fixture
def world(db: None):
    return build_world()


def ready_301(name: str = "JW301_1.xml") -> Bericht:
    return Bericht.objects.create(
        direction=Direction.OUT, kind="JW301", file_name=name, content=b"<x/>", status=BerichtStatus.KLAAR
    )


@pytest.mark.parametrize("poison", [unknown_encoding, year_99999, year_of_twenty_digits])
def test_poison_file_is_rejected_with_a_reason_and_changes_nothing(world, poison):
    before = snapshot()

    bericht = receive("gif.xml", poison())

    assert bericht.status == BerichtStatus.AFGEWEZEN
    assert bericht.reasons and all(bericht.reasons)
    assert bytes(bericht.content) == poison()
    assert snapshot() == before


def test_unknown_encoding_is_named_in_the_reason(world):
    [reason] = receive("gif.xml", unknown_encoding()).reasons
    assert reason.startswith("Geen geldige XML")
    assert "x-onbekend" in reason


def test_a_value_processing_cannot_hold_rejects_the_message_and_undoes_everything(world, monkeypatch):
    """E.g. a term counted from 9999-12-31: the XSD allows the date, the calendar cannot reach it."""
    process_start = incoming._PROCESSORS["305"]

    def overflow(received):
        process_start(received)  # changes toewijzingen and the timeline first ...
        raise OverflowError("date value out of range")  # ... then fails

    monkeypatch.setitem(incoming._PROCESSORS, "305", overflow)
    before = snapshot()

    bericht = receive("WMO305.xml", example("WMO305"))

    assert bericht.status == BerichtStatus.AFGEWEZEN
    assert bericht.kind == "WMO305"
    assert bericht.reasons == [
        "Een datum of getal in het bericht valt buiten wat verwerkt kan worden: date value out of range"
    ]
    assert snapshot() == before


def test_an_unforeseen_failure_is_stored_as_rejected_and_logged(world, monkeypatch, caplog):
    def broken(received):
        raise RuntimeError("programmeerfout")

    monkeypatch.setitem(incoming._PROCESSORS, "305", broken)
    before = snapshot()

    with caplog.at_level(logging.ERROR, logger="allocations.incoming"):
        bericht = receive("WMO305.xml", example("WMO305"))

    assert bericht.status == BerichtStatus.AFGEWEZEN
    assert bericht.reasons == [str(UNEXPECTED_REASON)]
    assert bytes(bericht.content) == example("WMO305")
    assert snapshot() == before
    [record] = [r for r in caplog.records if r.exc_info]
    assert "programmeerfout" in str(record.exc_info[1])


def test_a_nul_in_the_file_name_is_stored_without_it(world):
    bericht = receive("ge\x00vaar.xml", b"<nee")
    assert bericht.file_name == "gevaar.xml"


# --- the exchange keeps going -------------------------------------------------------------------


@pytest.fixture
def folders(tmp_path: Path) -> FolderExchange:
    inbox = tmp_path / "in"
    inbox.mkdir()
    return FolderExchange(inbox, tmp_path / "uit")


def test_poison_files_in_the_inbox_do_not_stop_later_files_or_the_outbox(world, folders):
    (folders.inbox / "a-encoding.xml").write_bytes(unknown_encoding())
    (folders.inbox / "b-jaar.xml").write_bytes(year_99999())
    (folders.inbox / "c-overflow.xml").write_bytes(year_of_twenty_digits())
    (folders.inbox / "d-goed.xml").write_bytes(example("WMO305"))
    outgoing = ready_301()

    result = run_exchange(folders)

    assert [(b.file_name, b.status) for b in result.received] == [
        ("a-encoding.xml", BerichtStatus.AFGEWEZEN),
        ("b-jaar.xml", BerichtStatus.AFGEWEZEN),
        ("c-overflow.xml", BerichtStatus.AFGEWEZEN),
        ("d-goed.xml", BerichtStatus.GEACCEPTEERD),
    ]
    assert sorted(p.name for p in (folders.inbox / "afgewezen").iterdir()) == [
        "a-encoding.xml",
        "b-jaar.xml",
        "c-overflow.xml",
    ]
    assert result.delivered == [outgoing]
    assert (folders.outbox / "JW301_1.xml").read_bytes() == b"<x/>"


def test_a_file_that_cannot_be_stored_stays_in_the_inbox_and_the_rest_goes_on(world, folders, monkeypatch):
    (folders.inbox / "a.xml").write_bytes(b"<nee")
    (folders.inbox / "b.xml").write_bytes(example("WMO305"))
    ready_301()
    real_receive = exchange_module.receive

    def database_gone(name, content, **kwargs):
        if name == "a.xml":
            raise ConnectionError("database weg")
        return real_receive(name, content, **kwargs)

    monkeypatch.setattr(exchange_module, "receive", database_gone)

    result = run_exchange(folders)

    assert [b.file_name for b in result.received] == ["b.xml"]
    assert (folders.inbox / "a.xml").is_file()
    assert len(result.delivered) == 1


def test_one_message_that_cannot_be_delivered_does_not_hold_up_the_others(world, folders, monkeypatch):
    first, second = ready_301("JW301_1.xml"), ready_301("JW301_2.xml")
    real_deliver = folders.deliver

    def full_disk(bericht):
        if bericht.pk == first.pk:
            raise OSError("schijf vol")
        real_deliver(bericht)

    monkeypatch.setattr(folders, "deliver", full_disk)

    result = run_exchange(folders)

    assert result.delivered == [second]
    first.refresh_from_db()
    assert first.status == BerichtStatus.KLAAR


def test_a_file_too_large_in_the_inbox_is_refused_with_its_real_size(world, folders):
    (folders.inbox / "groot.xml").write_bytes(b"<a>" + b" " * (30 * 1024 * 1024) + b"</a>")

    [bericht] = run_exchange(folders).received

    assert bericht.status == BerichtStatus.AFGEWEZEN
    assert bericht.reasons[0].startswith("Het bestand is 30,1 MB; een bericht mag ten hoogste 25 MB zijn.")


# --- the command and the upload report per file -------------------------------------------------


def test_berichten_inlezen_reports_every_file_of_a_poisoned_folder(world, tmp_path):
    (tmp_path / "a-encoding.xml").write_bytes(unknown_encoding())
    (tmp_path / "b-jaar.xml").write_bytes(year_99999())
    (tmp_path / "c-goed.xml").write_bytes(example("WMO305"))
    out = StringIO()

    call_command("berichten", "inlezen", str(tmp_path), stdout=out)

    lines = out.getvalue().splitlines()
    assert [line.split("  ")[:2] for line in lines] == [
        ["a-encoding.xml", "afgewezen"],
        ["b-jaar.xml", "afgewezen"],
        ["c-goed.xml", "geaccepteerd"],
    ]


def test_berichten_inlezen_reads_the_other_files_when_one_cannot_be_read(world, tmp_path, monkeypatch):
    (tmp_path / "a-onleesbaar.xml").write_bytes(b"<nee")
    (tmp_path / "b-goed.xml").write_bytes(example("WMO305"))
    real_open = Path.open

    def unreadable(self, *args, **kwargs):
        if self.name == "a-onleesbaar.xml":
            raise PermissionError("geen rechten")
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", unreadable)
    out, err = StringIO(), StringIO()

    with pytest.raises(CommandError, match="1 bestand"):
        call_command("berichten", "inlezen", str(tmp_path), stdout=out, stderr=err)

    assert out.getvalue().splitlines() == ["b-goed.xml  geaccepteerd  WMO305"]
    assert "a-onleesbaar.xml kan niet worden gelezen" in err.getvalue()


def test_berichten_uitwisselen_handles_a_poisoned_inbox(world, tmp_path, settings):
    settings.BERICHTEN_INBOX = tmp_path / "in"
    settings.BERICHTEN_OUTBOX = tmp_path / "uit"
    settings.BERICHTEN_INBOX.mkdir()
    (settings.BERICHTEN_INBOX / "a-encoding.xml").write_bytes(unknown_encoding())
    ready_301()
    out = StringIO()

    call_command("berichten", "uitwisselen", stdout=out)

    lines = out.getvalue().splitlines()
    assert lines[0].startswith("a-encoding.xml  afgewezen")
    assert "verzonden: 1" in lines[-1]


def test_uploading_poison_files_reports_each_of_them(world, functioneel_beheerder):
    files = [
        SimpleUploadedFile("a-encoding.xml", unknown_encoding(), content_type="text/xml"),
        SimpleUploadedFile("b-jaar.xml", year_99999(), content_type="text/xml"),
        SimpleUploadedFile("c-goed.xml", example("WMO305"), content_type="text/xml"),
    ]

    response = logged_in(functioneel_beheerder).post(reverse("allocations:uitwisseling"), {"bestanden": files})

    assert response.status_code == 200
    assert [(b.file_name, b.status) for b in response.context["results"]] == [
        ("a-encoding.xml", BerichtStatus.AFGEWEZEN),
        ("b-jaar.xml", BerichtStatus.AFGEWEZEN),
        ("c-goed.xml", BerichtStatus.GEACCEPTEERD),
    ]


def test_a_too_large_upload_is_refused_quoting_its_real_size_and_the_limit(world, functioneel_beheerder):
    big = SimpleUploadedFile("groot.xml", b"<a>" + b" " * (50 * 1024 * 1024 - 7) + b"</a>", content_type="text/xml")

    response = logged_in(functioneel_beheerder).post(reverse("allocations:uitwisseling"), {"bestanden": [big]})

    assert response.status_code == 200
    [bericht] = response.context["results"]
    assert bericht.reasons == [
        "Het bestand is 50 MB; een bericht mag ten hoogste 25 MB zijn. De inhoud is niet bewaard."
    ]
    assert "Het bestand is 50 MB" in response.content.decode()
    assert "elk ten hoogste 25 MB" in response.content.decode()


# --- property: whatever arrives, it is stored as accepted or rejected -------------------------------


@settings(
    max_examples=60,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_any_file_ends_accepted_or_rejected_with_reasons(world, data):
    originals = [example(name) for name in ("WMO305", "WMO307", "WMO315", "WMO317", "WMO323")]
    content = data.draw(hostile(originals))

    bericht = receive("willekeurig.xml", content)

    assert bericht.pk is not None
    assert bericht.status in (BerichtStatus.GEACCEPTEERD, BerichtStatus.AFGEWEZEN)
    if bericht.status == BerichtStatus.AFGEWEZEN:
        assert bericht.reasons and all(bericht.reasons)


def _files(count: int) -> list[SimpleUploadedFile]:
    return [SimpleUploadedFile(f"{n}.xml", b"<nee", content_type="text/xml") for n in range(count)]


def test_more_files_than_django_reads_get_a_dutch_refusal_not_a_bare_400(world, functioneel_beheerder):
    client = logged_in(functioneel_beheerder)

    response = client.post(reverse("allocations:uitwisseling"), {"bestanden": _files(101)})

    assert response.status_code == 200
    assert "Upload ten hoogste 50 bestanden tegelijk." in response.content.decode()
    assert not Bericht.objects.exists()


def test_the_400_page_explains_in_dutch_when_django_refuses_before_the_view(world, functioneel_beheerder):
    """With CSRF checks on, the middleware reads the upload first and Django answers 400 itself."""
    client = logged_in(functioneel_beheerder)
    client.handler.enforce_csrf_checks = True
    client.raise_request_exception = False
    page = client.get(reverse("allocations:uitwisseling"))
    token = page.context["csrf_token"]

    response = client.post(
        reverse("allocations:uitwisseling"), {"csrfmiddlewaretoken": str(token), "bestanden": _files(101)}
    )

    assert response.status_code == 400
    assert "te veel bestanden tegelijk" in response.content.decode()
