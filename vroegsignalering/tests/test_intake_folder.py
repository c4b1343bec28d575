"""The drop folder: every file ends in verwerkt/ or geweigerd/, read as the system account, never outside the folder."""

import os
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from accounts.models import User
from audit.models import AccessLogEntry
from organisation.models import Buurt, Team
from residents.models import Inwoner
from testsupport.factories import BuurtFactory, InwonerFactory, household_with
from vroegsignalering.intake_folder import SYSTEM_USERNAME, import_folder
from vroegsignalering.jobs import import_drop_folder
from vroegsignalering.models import ImportSource, SignalImport, Vroegsignaal
from vroegsignalering.testing import arrears_file, signal_partners

pytestmark = pytest.mark.django_db


@pytest.fixture
def inbox(tmp_path: Path, settings: Any) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    settings.VROEGSIGNALEN_INBOX = folder
    return folder


@pytest.fixture
def residents(team: Team) -> list[Inwoner]:
    buurt: Buurt = BuurtFactory()  # type: ignore[assignment]
    team.wijken.add(buurt.wijk)
    signal_partners()
    people: list[Inwoner] = [InwonerFactory(buurt=buurt) for _ in range(19)]  # type: ignore[misc]
    for inwoner in people:
        household_with(inwoner)
    return people


def _names(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir()) if folder.is_dir() else []


def test_a_good_file_is_imported_and_moved_to_verwerkt(inbox: Path, residents: list[Inwoner]) -> None:
    (inbox / "woonstad-november.csv").write_bytes(arrears_file(residents))
    run = import_folder()
    assert [(batch.rows_accepted, batch.rows_rejected) for batch in run.imported] == [(18, 2)]
    assert _names(inbox) == ["verwerkt"]
    assert _names(inbox / "verwerkt") == ["woonstad-november.csv"]
    assert run.imported[0].source == ImportSource.MAP


def test_a_file_that_is_no_batch_is_moved_to_geweigerd(inbox: Path) -> None:
    (inbox / "rommel.json").write_bytes(b"{niet: json")
    import_folder()
    assert _names(inbox / "geweigerd") == ["rommel.json"]
    assert SignalImport.objects.get().refused


def test_the_folder_acts_as_its_own_inactive_system_account(inbox: Path, residents: list[Inwoner]) -> None:
    (inbox / "a.csv").write_bytes(arrears_file(residents))
    import_folder()
    batch = SignalImport.objects.get()
    assert batch.imported_by.username == SYSTEM_USERNAME
    assert not batch.imported_by.is_active
    assert not batch.imported_by.has_usable_password()
    assert AccessLogEntry.objects.get(object_type="vroegsignaal-import").user == batch.imported_by


def test_the_same_file_delivered_twice_changes_nothing_the_second_time(inbox: Path, residents: list[Inwoner]) -> None:
    content = arrears_file(residents)
    (inbox / "a.csv").write_bytes(content)
    import_folder()
    (inbox / "a.csv").write_bytes(content)
    run = import_folder()
    assert (run.imported[0].rows_accepted, run.imported[0].rows_unchanged) == (0, 18)
    assert Vroegsignaal.objects.count() == 18
    assert _names(inbox / "verwerkt") == ["a.1.csv", "a.csv"]


def test_other_files_are_left_alone(inbox: Path) -> None:
    (inbox / "lees-mij.txt").write_text("hallo")
    (inbox / ".a.csv.part").write_text("half")
    import_folder()
    assert _names(inbox) == [".a.csv.part", "lees-mij.txt"]


def test_a_link_to_a_file_outside_the_folder_is_refused_unread(
    inbox: Path, tmp_path: Path, residents: list[Inwoner]
) -> None:
    secret = tmp_path / "elders.csv"
    secret.write_bytes(arrears_file(residents))
    os.symlink(secret, inbox / "link.csv")
    run = import_folder()
    assert run.refused_unread == ["link.csv"]
    assert not Vroegsignaal.objects.exists()
    assert (inbox / "geweigerd" / "link.csv").is_symlink()
    assert secret.exists()


def test_a_hostile_name_is_stored_without_control_characters(inbox: Path, residents: list[Inwoner]) -> None:
    (inbox / "a\nb\x1b[31m.csv").write_bytes(arrears_file(residents))
    import_folder()
    assert SignalImport.objects.get().filename == "ab[31m.csv"
    assert _names(inbox) == ["verwerkt"]


def test_a_folder_named_like_a_batch_is_left_alone(inbox: Path) -> None:
    (inbox / "map.csv").mkdir()
    import_folder()
    assert not SignalImport.objects.exists()
    assert (inbox / "map.csv").is_dir()


def test_the_command_reports_each_file(inbox: Path, residents: list[Inwoner]) -> None:
    (inbox / "a.csv").write_bytes(arrears_file(residents))
    (inbox / "b.json").write_bytes(b"[]")
    out = StringIO()
    call_command("import_vroegsignalen", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0] == "a.csv  verwerkt  18 opgenomen, 0 al eerder ontvangen, 2 geweigerd"
    assert lines[1].startswith("b.json  geweigerd  ")


def test_the_command_can_act_as_a_named_beheerder(inbox: Path, functioneel_beheerder: User) -> None:
    (inbox / "b.json").write_bytes(b"[]")
    call_command("import_vroegsignalen", als=functioneel_beheerder.username, stdout=StringIO())
    assert SignalImport.objects.get().imported_by == functioneel_beheerder


def test_the_scheduled_job_reads_the_folder(inbox: Path, residents: list[Inwoner]) -> None:
    (inbox / "a.csv").write_bytes(arrears_file(residents))
    assert import_drop_folder() == {"verwerkt": 1, "geweigerd": 0}
    assert Vroegsignaal.objects.count() == 18
