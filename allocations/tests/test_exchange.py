"""The file exchange adapter: inbox files are archived after processing, ready messages are delivered once."""

from datetime import date

import pytest

from allocations.exchange import Exchange, FolderExchange, IncomingFile, default_exchange, run_exchange
from allocations.models import Bericht, BerichtStatus, Direction


@pytest.fixture
def folders(tmp_path):
    inbox, outbox = tmp_path / "in", tmp_path / "uit"
    inbox.mkdir()
    return FolderExchange(inbox, outbox)


def ready(name: str, content: bytes = b"<bericht/>") -> Bericht:
    return Bericht.objects.create(
        direction=Direction.OUT,
        kind="JW306",
        file_name=name,
        content=content,
        status=BerichtStatus.KLAAR,
        dagtekening=date(2025, 4, 1),
    )


def test_incoming_lists_the_xml_files_in_name_order(folders):
    (folders.inbox / "b.xml").write_bytes(b"2")
    (folders.inbox / "a.XML").write_bytes(b"1")
    (folders.inbox / "notitie.txt").write_text("geen bericht")
    (folders.inbox / "verwerkt").mkdir()

    files = list(folders.incoming())

    assert [(f.name, f.content) for f in files] == [("a.XML", b"1"), ("b.xml", b"2")]


def test_a_missing_inbox_has_nothing_waiting(tmp_path):
    assert list(FolderExchange(tmp_path / "nergens", tmp_path / "uit").incoming()) == []


def test_archive_moves_files_by_outcome_without_overwriting(folders):
    for name in ("goed.xml", "fout.xml"):
        (folders.inbox / name).write_bytes(name.encode())
    (folders.inbox / "afgewezen").mkdir()
    (folders.inbox / "afgewezen" / "fout.xml").write_bytes(b"eerder")
    good, bad = sorted(folders.incoming(), key=lambda f: f.name, reverse=True)

    folders.archive(good, accepted=True)
    folders.archive(bad, accepted=False)

    assert (folders.inbox / "verwerkt" / "goed.xml").read_bytes() == b"goed.xml"
    assert (folders.inbox / "afgewezen" / "fout.xml").read_bytes() == b"eerder"
    assert (folders.inbox / "afgewezen" / "fout.1.xml").read_bytes() == b"fout.xml"
    assert list(folders.incoming()) == []


def test_deliver_writes_the_exact_bytes_to_the_outbox(folders):
    bericht = Bericht(file_name="JW306_0384_306000000001.xml", content=b"<?xml version='1.0'?>\n<b>\xc3\xab</b>")

    folders.deliver(bericht)

    assert (folders.outbox / bericht.file_name).read_bytes() == bytes(bericht.content)
    assert [p.name for p in folders.outbox.iterdir()] == [bericht.file_name]  # no temporary file left


@pytest.mark.django_db
def test_run_exchange_marks_delivered_messages_sent_once(folders):
    first, second = ready("een.xml"), ready("twee.xml")
    Bericht.objects.create(direction=Direction.OUT, kind="JW306", file_name="al.xml", content=b"", status="verzonden")

    result = run_exchange(folders)
    again = run_exchange(folders)

    assert [b.pk for b in result.delivered] == [first.pk, second.pk]
    assert again.delivered == []
    for bericht in (first, second):
        bericht.refresh_from_db()
        assert bericht.status == BerichtStatus.VERZONDEN and bericht.sent_at is not None
    assert sorted(p.name for p in folders.outbox.iterdir()) == ["een.xml", "twee.xml"]


@pytest.mark.django_db
def test_any_channel_with_the_interface_can_be_used():
    class Mailbox:
        """What a GGk/VECOZO connector would look like to the application."""

        def __init__(self) -> None:
            self.archived: list[tuple[str, bool]] = []
            self.sent: list[str] = []

        def incoming(self):
            return [IncomingFile(name="kapot.xml", content=b"<", reference="mailbox-1")]

        def archive(self, file: IncomingFile, accepted: bool) -> None:
            self.archived.append((file.reference, accepted))

        def deliver(self, bericht: Bericht) -> None:
            self.sent.append(bericht.file_name)

    mailbox = Mailbox()
    channel: Exchange = mailbox
    ready("retour.xml")

    result = run_exchange(channel)

    assert (result.accepted, result.rejected) == (0, 1)
    assert mailbox.archived == [("mailbox-1", False)]
    assert mailbox.sent == ["retour.xml"]


def test_default_exchange_uses_the_settings(settings, tmp_path):
    settings.BERICHTEN_INBOX = tmp_path / "i"
    settings.BERICHTEN_OUTBOX = tmp_path / "o"

    exchange = default_exchange()

    assert (exchange.inbox, exchange.outbox) == (tmp_path / "i", tmp_path / "o")
