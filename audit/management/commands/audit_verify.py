"""``manage.py audit_verify``: check that the access log is complete and unchanged (see audit/chain.py).

Checks the chain of seals, then walks every lane in id order in batches (audit/verify.py), so memory
stays constant however long the log is. Prints a line per lane and one for the seals, and ends with
``Toegangslog intact: N regels, laatste hash H``: H is the newest seal's hash (without seals yet: the
newest row's). Exits 1 and names the first broken row or seal otherwise.

Keep the printed hash outside the system and pass it the next time with ``--expect-last``: the check
then also fails when that hash no longer occurs, which is the one thing the log cannot show by itself
(its newest seals, and the rows after them, removed). A hash of a row (what this command printed before
the log had lanes and seals) is accepted as well.
"""

import re
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from audit.chain import GENESIS, ChainReport
from audit.verify import LogReport, verify

_PROBLEMS = {
    "hash": "de inhoud van deze regel is gewijzigd (de hash klopt niet, of AUDIT_CHAIN_KEY is een andere sleutel)",
    "koppeling": "de koppeling met de vorige regel klopt niet (een regel ervoor is verwijderd of vervangen)",
    "versie": "een regel zonder sleutel na regels met sleutel of buiten baan 0 (de regel is vervangen)",
    "ontbreekt": "verzegeling #{seal} noemt deze regel, maar hij ontbreekt (de nieuwste regels zijn verwijderd)",
    "verzegeld": "deze regel of het aantal regels tot hier verschilt van verzegeling #{seal} (regels vervangen of "
    "verwijderd)",
}
_SEAL_PROBLEMS = {
    "hash": "de verzegeling is gewijzigd (de hash klopt niet, of AUDIT_CHAIN_KEY is een andere sleutel)",
    "koppeling": "de koppeling met de vorige verzegeling klopt niet (een verzegeling ervoor is verwijderd of "
    "vervangen)",
    "terug": "een baan staat hier verder terug dan in de verzegeling ervoor (niet door de toepassing geschreven)",
}
_HASH = re.compile(r"^[0-9a-f]{64}$")


def _when(moment: Any) -> str:
    return timezone.localtime(moment).strftime("%d-%m-%Y %H:%M:%S") if moment else ""


def _legacy(count: int) -> str:
    return f" (waarvan {count} van voor de sleutel)" if count else ""


def _lane_line(lane: int, report: ChainReport) -> str:
    if not report.intact:
        return f"Baan {lane}: GEBROKEN bij regel #{report.broken_id}"
    if report.last_id is None:
        return f"Baan {lane}: 0 regels"
    sealed = f", verzegeld tot en met {report.sealed_count} regels" if report.seal_id is not None else ""
    return (
        f"Baan {lane}: {report.count} regels{_legacy(report.legacy_count)}{sealed}; "
        f"nieuwste regel #{report.last_id} met hash {report.last_hash}"
    )


def _lane_error(lane: int, report: ChainReport) -> str:
    when = f" van {_when(report.broken_at)}" if report.broken_at else ""
    problem = _PROBLEMS[report.problem].format(seal=report.seal_id)
    return f"Toegangslog gebroken bij regel #{report.broken_id}{when} (baan {lane}): {problem}"


class Command(BaseCommand):
    help = "Controleert de verzegelingen en de hashketen van elke baan van het toegangslog."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--expect-last",
            default="",
            metavar="HASH",
            help="De laatste hash van een eerdere controle (van een verzegeling, of van een regel), buiten het "
            "systeem bewaard: die moet nog in het log staan.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        expect = str(options.get("expect_last") or "").strip().lower()
        if expect and not _HASH.match(expect):
            raise CommandError("--expect-last moet een hash van 64 hexadecimale tekens zijn.", returncode=2)
        report = verify(expect)
        self._report(report)
        seals = report.seals
        if not seals.intact:
            raise CommandError(
                f"Verzegelingen van het toegangslog gebroken bij verzegeling #{seals.broken_id}: "
                f"{_SEAL_PROBLEMS[seals.problem]}",
                returncode=1,
            )
        broken = [
            _lane_error(lane, lane_report) for lane, lane_report in report.lanes.items() if not lane_report.intact
        ]
        if broken:
            raise CommandError("\n".join(broken), returncode=1)
        if expect and expect != GENESIS and report.anchor is None:
            raise CommandError(
                f"De bewaarde hash {expect} staat niet (meer) in het toegangslog: regels of verzegelingen zijn "
                f"verwijderd of de keten is opnieuw opgebouwd. Laatste hash nu {report.last_hash}",
                returncode=1,
            )
        self.stdout.write(
            f"Toegangslog intact: {report.count} regels{_legacy(report.legacy_count)}, laatste hash {report.last_hash}"
        )
        if expect and report.anchor is not None:
            _kind, pk, lane = report.anchor
            where = f"verzegeling #{pk}" if lane is None else f"regel #{pk} (baan {lane})"
            self.stdout.write(f"De bewaarde hash is gevonden bij {where}; alles daarna klopt.")

    def _report(self, report: LogReport) -> None:
        for lane, lane_report in report.lanes.items():
            self.stdout.write(_lane_line(lane, lane_report))
        seals = report.seals
        if not seals.intact:
            return
        if seals.last_id is None:
            if len([lane for lane in report.lanes.values() if lane.last_id is not None]) > 1:
                self.stdout.write(
                    "Nog geen verzegeling: de laatste hash hieronder dekt maar één baan. "
                    "Verzegel eerst (manage.py audit_seal) en bewaar dan de hash."
                )
            else:
                self.stdout.write("Nog geen verzegeling.")
            return
        unsealed = report.count - report.sealed_count
        self.stdout.write(
            f"Verzegelingen: {seals.count}; de nieuwste (#{seals.last_id} van {_when(seals.last_at)}) dekt "
            f"{report.sealed_count} regels, {max(unsealed, 0)} regels zijn nog niet verzegeld."
        )
