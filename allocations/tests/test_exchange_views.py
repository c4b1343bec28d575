"""The exchange screen for the functioneel beheerder: upload, overview without personal data, inspect, download."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from allocations.incoming import receive
from allocations.models import Bericht, BerichtStatus, Direction
from allocations.tests.test_incoming import build_world, example
from audit.models import AccessAction, AccessLogEntry
from dossiers.tests.views_support import logged_in


@pytest.fixture
def world(db: None):
    return build_world()


@pytest.mark.parametrize("role", ["generalist", "consulent", "teamleider", "beleidsmedewerker"])
def test_only_the_functioneel_beheerder_handles_the_exchange(world, role, request):
    user = request.getfixturevalue(role)
    bericht = receive("WMO305.xml", example("WMO305"))
    client = logged_in(user)

    for url in (
        reverse("allocations:uitwisseling"),
        reverse("allocations:bericht", args=[bericht.pk]),
        reverse("allocations:download", args=[bericht.pk]),
    ):
        assert client.get(url).status_code == 403


def test_the_overview_lists_messages_without_client_names_or_bsn(world, functioneel_beheerder):
    receive("WMO305.xml", example("WMO305"))
    receive("kapot.xml", b"<nee")

    response = logged_in(functioneel_beheerder).get(reverse("allocations:uitwisseling"))

    assert response.status_code == 200
    content = response.content.decode()
    assert "WMO305.xml" in content and "kapot.xml" in content and "Thuiszorg De Linde" in content
    assert "999900006" not in content and "Wit" not in content


def test_uploaded_files_are_received_one_by_one(world, functioneel_beheerder):
    files = [
        SimpleUploadedFile("WMO305.xml", example("WMO305"), content_type="text/xml"),
        SimpleUploadedFile("kapot.xml", b"<nee", content_type="text/xml"),
    ]

    response = logged_in(functioneel_beheerder).post(reverse("allocations:uitwisseling"), {"bestanden": files})

    assert response.status_code == 200
    results = response.context["results"]
    assert [(b.file_name, b.status) for b in results] == [
        ("WMO305.xml", BerichtStatus.GEACCEPTEERD),
        ("kapot.xml", BerichtStatus.AFGEWEZEN),
    ]
    assert results[0].created_by == functioneel_beheerder
    assert "Geen geldige XML" in response.content.decode()


def test_uitwisselen_runs_the_folder_exchange(world, functioneel_beheerder, settings, tmp_path):
    settings.BERICHTEN_INBOX = tmp_path / "in"
    settings.BERICHTEN_OUTBOX = tmp_path / "uit"
    settings.BERICHTEN_INBOX.mkdir()
    (settings.BERICHTEN_INBOX / "WMO315.xml").write_bytes(example("WMO315"))

    response = logged_in(functioneel_beheerder).post(
        reverse("allocations:uitwisseling"), {"actie": "uitwisselen"}, follow=True
    )

    assert "Uitgewisseld: 1 ontvangen (1 geaccepteerd, 0 afgewezen), 0 verzonden." in response.content.decode()
    assert (settings.BERICHTEN_INBOX / "verwerkt" / "WMO315.xml").is_file()


def test_a_message_can_be_inspected_and_downloaded_exactly(world, functioneel_beheerder):
    bericht = receive("kapot.xml", b"<nee \xff")
    client = logged_in(functioneel_beheerder)

    detail = client.get(reverse("allocations:bericht", args=[bericht.pk]))
    download = client.get(reverse("allocations:download", args=[bericht.pk]))

    assert detail.status_code == 200 and "Geen geldige XML" in detail.content.decode()
    assert download.content == b"<nee \xff"
    assert download["Content-Type"] == "application/xml"
    assert download["Content-Disposition"] == 'attachment; filename="kapot.xml"'
    logged = AccessLogEntry.objects.filter(user=functioneel_beheerder, object_type="bericht", object_id=str(bericht.pk))
    assert logged.filter(action=AccessAction.VIEW).count() == 2


def test_the_detail_links_a_reply_to_what_it_answers(world, functioneel_beheerder):
    original = receive("WMO305.xml", example("WMO305"))
    reply = Bericht.objects.create(
        direction=Direction.OUT, kind="WMO306", file_name="WMO306_1.xml", content=b"<x/>", status="klaar"
    )
    reply.in_reply_to = original
    reply.save()

    content = logged_in(functioneel_beheerder).get(reverse("allocations:bericht", args=[reply.pk])).content.decode()

    assert reverse("allocations:bericht", args=[original.pk]) in content


@pytest.mark.parametrize("name", ["allocations:bericht", "allocations:download"])
def test_an_unknown_message_is_404_and_logged(world, functioneel_beheerder, name):
    response = logged_in(functioneel_beheerder).get(reverse(name, args=[424242]))

    assert response.status_code == 404
    assert AccessLogEntry.objects.filter(
        user=functioneel_beheerder, action=AccessAction.DENIED, object_type="bericht", object_id="424242"
    ).exists()
