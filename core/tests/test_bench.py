"""``manage.py bench`` on a tiny demo: the JSON report has its fields and ``--compare`` reads it back.

No timing is asserted here (speed is measured by ``make bench``, never by timed tests); the budget is
set out of reach so a slow test machine cannot fail these tests.
"""

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

PAGES = {"werkvoorraad", "triage", "dossier", "besluiten"}
ROWS = {"residents", "dossiers", "meldingen", "timeline_events", "scores", "aanvragen", "beschikkingen", "access_log"}
GENEROUS = ["--requests", "2", "--budget-ms", "1000000", "--max-queries", "1000"]


@pytest.fixture
def demo(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("seed_demo", "--residents", "100", "--seed", "7", "--quiet", stdout=io.StringIO())


def bench(*args: str) -> str:
    out = io.StringIO()
    call_command("bench", *GENEROUS, *args, stdout=out)
    return out.getvalue()


def test_the_report_holds_timings_queries_rows_database_and_commit(demo, tmp_path) -> None:
    path = tmp_path / "run.json"
    output = bench("--report", str(path))

    assert "p95" in output.splitlines()[0], "the table shows p95 next to the median and max"
    assert f"Rapport: {path}" in output
    report = json.loads(path.read_text(encoding="utf-8"))
    assert set(report) >= {"date", "commit", "database", "requests_per_page", "pages", "rows"}
    assert report["requests_per_page"] == 2
    assert report["commit"]
    assert report["database"]["vendor"] in {"sqlite", "postgresql"} and report["database"]["version"]
    assert set(report["pages"]) == PAGES
    for page in report["pages"].values():
        assert set(page) == {"url", "p50_ms", "p95_ms", "max_ms", "queries"}
        assert page["p50_ms"] <= page["p95_ms"] <= page["max_ms"]
        assert page["queries"] > 0 and page["url"].startswith("/")
    assert set(report["rows"]) == ROWS
    assert report["rows"]["residents"] > 0 and report["rows"]["dossiers"] > 0


def test_without_report_the_report_goes_to_var_bench(demo, settings, tmp_path) -> None:
    settings.BASE_DIR = tmp_path
    output = bench()

    [path] = (tmp_path / "var" / "bench").glob("bench-*Z.json")
    assert f"Rapport: {path}" in output


def test_compare_prints_one_line_per_page(demo, tmp_path) -> None:
    old = tmp_path / "old.json"
    bench("--report", str(old))
    output = bench("--report", str(tmp_path / "new.json"), "--compare", str(old))

    lines = [line for line in output.splitlines() if line.split(" ", 1)[0] in PAGES and " p50 " in line]
    assert {line.split(" ", 1)[0] for line in lines} == PAGES and len(lines) == len(PAGES)
    assert all("p95" in line and "queries" in line and "->" in line for line in lines)


def test_an_unreadable_old_report_is_refused_before_measuring(demo, tmp_path) -> None:
    missing = tmp_path / "missing.json"
    with pytest.raises(CommandError, match="oude rapport"):
        bench("--compare", str(missing))


def test_over_budget_still_writes_the_report_and_fails(demo, tmp_path) -> None:
    path = tmp_path / "run.json"
    with pytest.raises(CommandError, match="Boven budget"):
        call_command("bench", "--requests", "1", "--max-queries", "1", "--report", str(path), stdout=io.StringIO())

    assert json.loads(path.read_text(encoding="utf-8"))["over_budget"]
