"""The access log of the demo's history: views and changes by the professionals, chained like the real log.

The history generator notes each log line as it draws a dossier (`LogSpool.add`), in dossier order.
A real log is in time order, and its hash chain runs in id order, so the lines are spooled to one
temporary file per month, and each month is then sorted, numbered, chained and written in one go:
memory stays at one month of lines, however many years are generated.

Hashing tens of millions of lines with ``json.dumps`` would cost minutes, so each kind of line has a
fixed template of ``audit.chain.canonical``'s output, derived from that very function (see
`_canonical_template`): the values the demo writes are plain text that JSON never escapes, and a
test checks byte for byte that the template gives what ``canonical`` gives.
"""

from __future__ import annotations

import hmac
import os
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import IO, Any

from django.db import connection

from audit.chain import CURRENT_VERSION, GENESIS, canonical, chain_key
from audit.models import AccessAction, AccessBasis, AccessLogEntry
from demo.bulk import BATCH_SIZE, BULK_LOAD_FROM, BackgroundWriter, bulk_load, copy_text
from demo.workers import ChunkPool, default_workers
from dossiers.sections import Section


@dataclass(frozen=True)
class LineKind:
    """One kind of log line: what the app's views and services write for one page or change."""

    action: str
    basis: str
    object_type: str
    section: str
    detail: str
    #: The request path; ``{d}`` is the dossier id, ``{o}`` the object id.
    path: str
    #: Where object_id comes from: "dossier", "object" or "" (empty).
    object_from: str


def _kinds() -> list[LineKind]:
    view, create, update = AccessAction.VIEW.value, AccessAction.CREATE.value, AccessAction.UPDATE.value
    kinds: list[LineKind] = []
    full_bases = (AccessBasis.REGISSEUR.value, AccessBasis.BETROKKEN.value, AccessBasis.TEAMLEIDER.value)
    for basis in full_bases:
        kinds += [
            LineKind(view, basis, "dossier", "", "", "/dossiers/{d}/", "dossier"),
            LineKind(view, basis, "dossier", Section.TIJDLIJN.value, "tijdlijn", "/dossiers/{d}/tijdlijn/", "dossier"),
            LineKind(view, basis, "onderzoek", Section.ONDERZOEK.value, "", "/onderzoek/{d}/", "object"),
            LineKind(update, basis, "onderzoek", "", "", "/onderzoek/{d}/", "object"),
            LineKind(create, basis, "zrm_score", "", "13 scores", "/onderzoek/{d}/zrm/{o}/", "object"),
            LineKind(view, basis, "plan", Section.PLAN.value, "", "/plan/{d}/", ""),
            LineKind(update, basis, "plan", "", "", "/plan/{d}/akkoord/", ""),
            LineKind(
                create,
                basis,
                "aanvraag",
                Section.BESLUITEN.value,
                "",
                "/besluiten/dossier/{d}/aanvraag/nieuw/",
                "object",
            ),
            LineKind(view, basis, "aanvraag", Section.BESLUITEN.value, "", "/besluiten/aanvraag/{o}/", "object"),
            LineKind(
                update,
                basis,
                "beschikking",
                Section.BESLUITEN.value,
                "",
                "/besluiten/beschikking/{o}/verzenden/",
                "object",
            ),
            LineKind(view, basis, "beschikking", Section.BESLUITEN.value, "", "/besluiten/beschikking/{o}/", "object"),
            LineKind(update, basis, "dossier", "", "status afgesloten", "/dossiers/{d}/status/", "dossier"),
            LineKind(update, basis, "dossier", "", "status in_onderzoek", "/dossiers/{d}/status/", "dossier"),
            LineKind(update, basis, "dossier", "", "status plan", "/dossiers/{d}/status/", "dossier"),
            LineKind(update, basis, "dossier", "", "status uitvoering", "/dossiers/{d}/status/", "dossier"),
            LineKind(update, basis, "dossier", "", "status evaluatie", "/dossiers/{d}/status/", "dossier"),
        ]
    kinds += [
        LineKind(view, AccessBasis.BETROKKEN.value, "dossier", "", "op de eigen werkvoorraad", "/dossiers/", "dossier"),
        LineKind(
            view,
            AccessBasis.TEAMLEIDER.value,
            "dossier",
            "",
            "op de werkvoorraad van het team",
            "/dossiers/",
            "dossier",
        ),
        LineKind(
            view, AccessBasis.TEAM_TRIAGE.value, "dossier", "", "op het triagebord", "/dossiers/triage/", "dossier"
        ),
        LineKind(
            view, AccessBasis.TEAMLEIDER.value, "dossier", "", "op het triagebord", "/dossiers/triage/", "dossier"
        ),
        LineKind(
            update,
            AccessBasis.TEAMLEIDER.value,
            "dossier",
            "",
            "regisseur toegewezen",
            "/dossiers/{d}/toewijzen/",
            "dossier",
        ),
        LineKind(
            update,
            AccessBasis.TEAM_TRIAGE.value,
            "dossier",
            "",
            "regisseur toegewezen",
            "/dossiers/{d}/toewijzen/",
            "dossier",
        ),
        LineKind(
            view,
            AccessBasis.BETROKKEN.value,
            "dossier",
            Section.BESLUITEN.value,
            "op de werklijst besluiten",
            "/besluiten/",
            "dossier",
        ),
    ]
    return kinds


KINDS: list[LineKind] = _kinds()
_INDEX = {(k.action, k.basis, k.object_type, k.detail, k.path): i for i, k in enumerate(KINDS)}


def kind(action: str, basis: str, object_type: str, path: str, detail: str = "") -> int:
    """The index of a line kind (looked up once per generator, not per line)."""
    return _INDEX[(action, basis, object_type, detail, path)]


def ip_of(user_id: int) -> str:
    """A fixed workstation address per professional, as REMOTE_ADDR would give it."""
    return f"10.{20 + user_id // 62500 % 200}.{user_id // 250 % 250}.{user_id % 250 + 2}"


# -- the canonical form ------------------------------------------------------------------------------
_SENTINEL_AT = datetime(1999, 12, 31, 23, 59, 58, 123457, tzinfo=UTC)
_SENTINELS = {
    "at": "1999-12-31T23:59:58.123457+00:00",
    "dossier_id": "987654321987654321",
    "ip_address": "QqIpQq",
    "object_id": "QqObjQq",
    "path": "QqPathQq",
    "prev_hash": "QqPrevQq",
    "user_id": "876543219876543219",
}
_SLOTS = ("at", "dossier_id", "ip_address", "object_id", "path", "prev_hash", "user_id")


def _canonical_template(line: LineKind) -> str:
    """``canonical()`` of this kind as a ``str.format`` template; the fields are numbered as in _SLOTS.

    Built by calling ``audit.chain.canonical`` with recognisable values and cutting them out, so a
    change to the canonical form (a new key, another order) is followed without a change here.
    """
    fields: dict[str, Any] = {
        "at": _SENTINEL_AT,
        "user_id": int(_SENTINELS["user_id"]),
        "action": line.action,
        "basis": line.basis,
        "object_type": line.object_type,
        "object_id": _SENTINELS["object_id"],
        "dossier_id": int(_SENTINELS["dossier_id"]),
        "section": line.section,
        "detail": line.detail,
        "path": _SENTINELS["path"],
        "ip_address": _SENTINELS["ip_address"],
    }
    text = canonical(fields, _SENTINELS["prev_hash"], CURRENT_VERSION).decode("utf-8")
    text = text.replace("{", "{{").replace("}", "}}")
    for number, slot in enumerate(_SLOTS):
        sentinel = _SENTINELS[slot]
        if text.count(sentinel) != 1:
            raise RuntimeError(f"audit.chain.canonical changed: cannot place {slot} in {text}")
        text = text.replace(sentinel, "{" + str(number) + "}")
    return text


def _plain(value: str) -> str:
    """Refuse text that JSON would escape or COPY would misread: the templates assume plain values."""
    if any(c in value for c in '"\\\t\n\r') or any(ord(c) < 32 for c in value):
        raise ValueError(f"Not plain text for the access log template: {value!r}")
    return value


@dataclass(frozen=True)
class _Compiled:
    template: str
    path: str
    object_from: str
    copy_prefix: str  # action, basis, object_type as COPY text (after the user column)
    detail: str
    section: str
    action: str
    basis: str
    object_type: str


def _compile(line: LineKind) -> _Compiled:
    for value in (line.action, line.basis, line.object_type, line.section, line.detail, line.path):
        _plain(value)
    return _Compiled(
        template=_canonical_template(line),
        path=line.path,
        object_from=line.object_from,
        copy_prefix=f"{line.action}\t{line.basis}\t{line.object_type}",
        detail=line.detail,
        section=line.section,
        action=line.action,
        basis=line.basis,
        object_type=line.object_type,
    )


def canonical_line(
    kind_index: int, at: datetime, user_id: int, dossier_id: int, object_id: str, prev_hash: str
) -> bytes:
    """The canonical bytes of one demo line, built from the template (what the tests compare)."""
    compiled = _compile(KINDS[kind_index])
    path = compiled.path.format(d=dossier_id, o=object_id)
    at_text = at.astimezone(UTC).isoformat(timespec="microseconds")
    return compiled.template.format(at_text, dossier_id, ip_of(user_id), object_id, path, prev_hash, user_id).encode()


# -- spooling ----------------------------------------------------------------------------------------
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


class LineBuffer:
    """Lines of one chunk per month in memory, in `LogSpool`'s format, for a process without the spool."""

    def __init__(self) -> None:
        self.lines: dict[int, list[str]] = {}

    def add(self, micros: int, month: int, user_id: int, kind_index: int, dossier_id: int, object_id: int = 0) -> None:
        lines = self.lines.get(month)
        if lines is None:
            lines = self.lines[month] = []
        lines.append(f"{micros:017d}\t{dossier_id}\t{kind_index}\t{user_id}\t{object_id}\n")

    def texts(self) -> dict[int, tuple[str, int]]:
        """Per month the lines as one text, and how many."""
        return {month: ("".join(lines), len(lines)) for month, lines in self.lines.items()}


class LogSpool:
    """Lines noted in any order, kept on disk per month until `write_log` puts them in time order."""

    def __init__(self) -> None:
        self._dir = tempfile.TemporaryDirectory(prefix="seed-demo-log-")
        self._files: dict[int, IO[str]] = {}
        self._counts: dict[int, int] = {}
        self.count = 0

    def add(self, micros: int, month: int, user_id: int, kind_index: int, dossier_id: int, object_id: int = 0) -> None:
        """`micros` since the epoch (UTC), `month` any key that grows with time; lines sort by time, then the rest."""
        handle = self._files.get(month)
        if handle is None:
            handle = open(os.path.join(self._dir.name, f"{month}.txt"), "w", buffering=1 << 20)
            self._files[month] = handle
        handle.write(f"{micros:017d}\t{dossier_id}\t{kind_index}\t{user_id}\t{object_id}\n")
        self.count += 1
        self._counts[month] = self._counts.get(month, 0) + 1

    def add_lines(self, month: int, text: str, count: int) -> None:
        """Lines a `LineBuffer` gathered for `month` (e.g. in a worker process), `count` of them."""
        handle = self._files.get(month)
        if handle is None:
            handle = open(os.path.join(self._dir.name, f"{month}.txt"), "w", buffering=1 << 20)
            self._files[month] = handle
        handle.write(text)
        self.count += count
        self._counts[month] = self._counts.get(month, 0) + count

    def months(self) -> Iterator[list[str]]:
        """Each month's lines, sorted, oldest month first; each file is removed once read."""
        for month in sorted(self._files):
            handle = self._files.pop(month)
            handle.close()
            with open(handle.name) as reader:
                lines = reader.readlines()
            os.remove(handle.name)
            lines.sort()
            yield lines

    def month_files(self) -> list[tuple[str, int]]:
        """Each month's file (unsorted) and its number of lines, oldest month first; removed by `close`."""
        files = []
        for month in sorted(self._files):
            handle = self._files.pop(month)
            handle.close()
            files.append((handle.name, self._counts[month]))
        return files

    def close(self) -> None:
        for handle in self._files.values():
            handle.close()
        self._files.clear()
        self._dir.cleanup()


# -- writing -----------------------------------------------------------------------------------------
_COLUMNS = (
    "id",
    "at",
    "user_id",
    "action",
    "basis",
    "object_type",
    "object_id",
    "dossier_id",
    "detail",
    "path",
    "ip_address",
    "section",
    "prev_hash",
    "entry_hash",
    "chain_version",
)


def _chain_start() -> tuple[int, str]:
    """The next id and the hash to link to: after the newest row of the original chain (lane 0), if any."""
    rows = AccessLogEntry.objects.all()
    if any(f.name == "lane" for f in AccessLogEntry._meta.concrete_fields):
        rows = rows.filter(lane=0)
    last = rows.order_by("-id").values_list("entry_hash", flat=True).first()
    top = AccessLogEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0
    return top + 1, last or GENESIS


def write_log(
    spool: LogSpool, on_written: Callable[[int], object] = lambda _n: None, workers: int | None = None
) -> int:
    """Number, chain and insert the spooled lines in time order; returns the count.

    On PostgreSQL `workers` processes (default: `default_workers` for a large log) prepare the months;
    the rows are the same for any number of them."""
    compiled = [_compile(k) for k in KINDS]
    key = chain_key()
    next_id, prev = _chain_start()
    first_id = next_id
    postgres = connection.vendor == "postgresql"
    table = connection.ops.quote_name(AccessLogEntry._meta.db_table)
    by_attname = {f.attname: f for f in AccessLogEntry._meta.concrete_fields}
    names = ", ".join(connection.ops.quote_name(by_attname[c].column) for c in _COLUMNS)
    sql = f"INSERT INTO {table} ({names}) VALUES ({', '.join(['%s'] * len(_COLUMNS))})"  # noqa: S608
    if postgres:
        if workers is None:
            workers = default_workers() if spool.count >= BULK_LOAD_FROM else 0
        return _write_log_copy(spool, compiled, key, next_id, prev, names, on_written, workers)
    day_cache: dict[int, str] = {}
    ips: dict[str, str] = {}
    with BackgroundWriter() as background:
        for lines in spool.months():
            next_id, prev = _write_month(
                lines, compiled, key, next_id, prev, postgres, table, names, sql, day_cache, ips, background.submit
            )
            on_written(len(lines))
    return next_id - first_id


@dataclass
class _MonthDrawing:
    """What `_month_parts` needs, set before the workers fork."""

    compiled: list[_Compiled]
    day_cache: dict[int, str]
    ips: dict[str, str]


_month_drawing: _MonthDrawing | None = None
_SEPARATOR = "\x00"


def _month_parts(_index: int, job: tuple[str, int]) -> tuple[bytes, bytes, str]:
    """A month's lines, sorted and numbered from the id given, as all of each line but the link: its
    canonical form before and after the link, and its COPY columns up to the link; each joined by
    NUL (which no value holds). Needs no database and nothing of the other months (a worker may call it)."""
    drawing = _month_drawing
    assert drawing is not None
    path, next_id = job
    with open(path) as reader:
        lines = reader.readlines()
    lines.sort()
    day_cache, ips = drawing.day_cache, drawing.ips
    kinds: list[tuple[_Compiled, Callable[..., str], Callable[..., str], bool, str]] = []
    for c in drawing.compiled:
        # The template split at the link (slot 5): before it the time and the slots 1-4, after it slot 6
        # (the canonical form's keys are sorted, and so are _SLOTS).
        head, tail = c.template.split("{5}")
        if "{6}" in head or any(f"{{{n}}}" in tail for n in range(5)):
            raise RuntimeError(f"The canonical template no longer has the link between the other slots: {c.template}")
        kinds.append((c, head.format, tail.format, "{" in c.path, c.object_from))
    minutes: dict[int, tuple[str, str]] = {}
    heads: list[str] = []
    tails: list[str] = []
    copies: list[str] = []
    for line in lines:
        micros_text, dossier_text, kind_text, user_text, object_text = line[:-1].split("\t")
        c, before, after, formatted_path, object_from = kinds[int(kind_text)]
        minute, rest = divmod(int(micros_text), 60_000_000)
        stamp = minutes.get(minute)
        if stamp is None:
            day, into_day = divmod(minute, 1440)
            prefix = day_cache.get(day)
            if prefix is None:
                prefix = day_cache[day] = (_EPOCH + timedelta(days=day)).date().isoformat()
            hh_mm = f"{into_day // 60:02d}:{into_day % 60:02d}:"
            stamp = minutes[minute] = (f"{prefix}T{hh_mm}", f"{prefix} {hh_mm}")
        seconds = f"{rest // 1_000_000:02d}.{rest % 1_000_000:06d}"
        object_id = dossier_text if object_from == "dossier" else object_text if object_from == "object" else ""
        path_text = c.path.format(d=dossier_text, o=object_text) if formatted_path else c.path
        ip = ips.get(user_text)
        if ip is None:
            ip = ips[user_text] = ip_of(int(user_text))
        heads.append(before(f"{stamp[0]}{seconds}+00:00", dossier_text, ip, object_id, path_text))
        tails.append(after(None, None, None, None, None, None, user_text))
        copies.append(
            f"{next_id}\t{stamp[1]}{seconds}+00\t{user_text}\t{c.copy_prefix}\t{object_id}\t{dossier_text}\t"
            f"{c.detail}\t{path_text}\t{ip}\t{c.section}\t"
        )
        next_id += 1
    return _SEPARATOR.join(heads).encode(), _SEPARATOR.join(tails).encode(), _SEPARATOR.join(copies)


def _write_log_copy(
    spool: LogSpool,
    compiled: list[_Compiled],
    key: bytes,
    next_id: int,
    prev: str,
    names: str,
    on_written: Callable[[int], object],
    workers: int,
) -> int:
    """PostgreSQL: worker processes sort and format the months (`_month_parts`); here only the links
    are made, one HMAC per line in id order, and a second thread COPYs each month while the next is
    chained. Returns the count."""
    global _month_drawing
    first_id = next_id
    jobs = []
    for path, count in spool.month_files():
        jobs.append((path, next_id))
        next_id += count
    next_id = first_id
    digest = _hmac_digest
    version = f"\t{CURRENT_VERSION}\n"
    _month_drawing = _MonthDrawing(compiled, {}, {})
    try:
        with (
            bulk_load(spool.count >= BULK_LOAD_FROM),
            ChunkPool(_month_parts, workers) as pool,
            BackgroundWriter() as background,
        ):
            for heads, tails, copies in pool.results(jobs):
                out = []
                link = prev.encode()
                for head, tail, copy in zip(
                    heads.split(b"\x00"), tails.split(b"\x00"), copies.split(_SEPARATOR), strict=True
                ):
                    entry = digest(key, head + link + tail, "sha256").hex()
                    out.append(f"{copy}{prev}\t{entry}{version}")
                    prev, link = entry, entry.encode()
                next_id += len(out)
                blocks = ["".join(out[i : i + BATCH_SIZE]) for i in range(0, len(out), BATCH_SIZE)]
                background.submit(partial(copy_text, AccessLogEntry, names, blocks))
                on_written(len(out))
    finally:
        _month_drawing = None
    return next_id - first_id


def _python_hmac_digest(key: bytes, message: bytes, digest: str) -> bytes:
    return hmac.digest(key, message, digest)


_hmac_digest: Callable[[bytes, bytes, str], bytes] = _python_hmac_digest
try:  # OpenSSL's one-shot HMAC without the Python wrapper of hmac.digest
    from _hashlib import hmac_digest

    _hmac_digest = hmac_digest
except ImportError:  # pragma: no cover - Python built without OpenSSL
    pass


def _write_month(
    lines: list[str],
    compiled: list[_Compiled],
    key: bytes,
    next_id: int,
    prev: str,
    postgres: bool,
    table: str,
    names: str,
    sql: str,
    day_cache: dict[int, str],
    ips: dict[str, str],
    submit: Callable[[Callable[[], object]], None],
) -> tuple[int, str]:
    """One month of sorted lines: numbered from `next_id`, chained from `prev`; returns both for the next."""
    digest = _hmac_digest
    out: list[Any] = []
    # Per kind what does not change per line; per minute the text of the time up to the seconds.
    kinds = [(c, c.template.format, "{" in c.path, c.object_from) for c in compiled]
    minutes: dict[int, tuple[str, str]] = {}
    for line in lines:
        micros_text, dossier_text, kind_text, user_text, object_text = line[:-1].split("\t")
        micros = int(micros_text)
        c, template, formatted_path, object_from = kinds[int(kind_text)]
        minute, rest = divmod(micros, 60_000_000)
        stamp = minutes.get(minute)
        if stamp is None:
            day, into_day = divmod(minute, 1440)
            prefix = day_cache.get(day)
            if prefix is None:
                prefix = (_EPOCH + timedelta(days=day)).date().isoformat()
                day_cache[day] = prefix
            hh_mm = f"{into_day // 60:02d}:{into_day % 60:02d}:"
            stamp = minutes[minute] = (f"{prefix}T{hh_mm}", f"{prefix} {hh_mm}")
        seconds = f"{rest // 1_000_000:02d}.{rest % 1_000_000:06d}"
        object_id = dossier_text if object_from == "dossier" else object_text if object_from == "object" else ""
        path = c.path.format(d=dossier_text, o=object_text) if formatted_path else c.path
        ip = ips.get(user_text)
        if ip is None:
            ip = ips[user_text] = ip_of(int(user_text))
        message = template(f"{stamp[0]}{seconds}+00:00", dossier_text, ip, object_id, path, prev, user_text).encode()
        entry = digest(key, message, "sha256").hex()
        if postgres:
            out.append(
                f"{next_id}\t{stamp[1]}{seconds}+00\t{user_text}\t{c.copy_prefix}\t{object_id}\t{dossier_text}\t"
                f"{c.detail}\t{path}\t{ip}\t{c.section}\t{prev}\t{entry}\t{CURRENT_VERSION}\n"
            )
        else:
            out.append(
                (
                    next_id, f"{stamp[1]}{seconds}", int(user_text), c.action, c.basis, c.object_type, object_id,
                    int(dossier_text), c.detail, path, ip, c.section, prev, entry, CURRENT_VERSION,
                )
            )  # fmt: skip
        prev = entry
        next_id += 1
    if postgres:
        blocks = ["".join(out[i : i + BATCH_SIZE]) for i in range(0, len(out), BATCH_SIZE)]
        submit(lambda: copy_text(AccessLogEntry, names, blocks))
    else:

        def insert() -> None:
            with connection.cursor() as cursor:
                for i in range(0, len(out), BATCH_SIZE):
                    cursor.executemany(sql, out[i : i + BATCH_SIZE])

        submit(insert)
    return next_id, prev
