"""``manage.py bench`` on a tiny demo, and the arithmetic behind it (core/bench.py).

No timing is asserted here (speed is measured by ``make bench``, never by timed tests); budgets are set
out of reach (or, to see the run fail, below any possible time) so a slow test machine cannot decide.
"""

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import resolve
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import two_factor
from accounts.models import Role, User
from core import bench
from core.bench import BUDGET_P95_MS, Result

PAGES = set(BUDGET_P95_MS)
ROWS = {"residents", "dossiers", "meldingen", "timeline_events", "scores", "aanvragen", "beschikkingen", "access_log"}
GENEROUS = ["--requests", "2", "--budget-factor", "1000000", "--max-queries", "1000"]
#: Which role requests which page (issue 11): the role whose daily work the page is.
ROLE_OF_PAGE = {
    "werkvoorraad": Role.GENERALIST,
    "dossier": Role.GENERALIST,
    "zoeken_bsn": Role.GENERALIST,
    "zoeken_naam": Role.GENERALIST,
    "zoeken_postcode": Role.GENERALIST,
    "triage": Role.TEAMLEIDER,
    "besluiten": Role.CONSULENT,
    "berichttaken": Role.CONSULENT,
    "logboek": Role.PRIVACY_OFFICER,
    "inzage_export": Role.PRIVACY_OFFICER,
    "monitor_beleid": Role.BELEIDSMEDEWERKER,
    "monitor_team": Role.TEAMLEIDER,
    "monitor_wijk_kwartaal": Role.BELEIDSMEDEWERKER,
    "monitor_csv": Role.BELEIDSMEDEWERKER,
    "monitor_xlsx": Role.BELEIDSMEDEWERKER,
    "monitor_eerste_blik": Role.BELEIDSMEDEWERKER,
    "monitor_prognose": Role.BELEIDSMEDEWERKER,
    "monitor_raad": Role.BELEIDSMEDEWERKER,
    "vroegsignalen": Role.GENERALIST,
    "partnermeldingen": Role.GENERALIST,
    "informatiepunt": Role.GENERALIST,
}


@pytest.fixture
def demo(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("seed_demo", "--residents", "100", "--seed", "7", "--quiet", stdout=io.StringIO())


def run_bench(*args: str) -> str:
    out = io.StringIO()
    call_command("bench", *GENEROUS, *args, stdout=out)
    return out.getvalue()


def result(name: str, timings: list[float], queries: int | None = 5) -> Result:
    return Result(name, f"/{name}/", "generalist", timings, queries)


# --- The command on a tiny demo ---------------------------------------------------------------------


def test_the_report_holds_every_budgeted_page_with_timings_queries_rows_database_and_commit(demo, tmp_path) -> None:
    path = tmp_path / "run.json"
    output = run_bench("--report", str(path))

    assert "p95" in output.splitlines()[0] and "budget" in output.splitlines()[0]
    assert f"Rapport: {path}" in output
    report = json.loads(path.read_text(encoding="utf-8"))
    assert set(report) >= {"date", "mode", "commit", "database", "requests_per_page", "pages", "rows", "budget"}
    assert report["mode"] == "in-process" and report["requests_per_page"] == 2 and report["commit"]
    assert report["database"]["vendor"] in {"sqlite", "postgresql"} and report["database"]["version"]
    assert set(report["pages"]) == PAGES
    for name, page in report["pages"].items():
        assert page["p50_ms"] <= page["p95_ms"] <= page["max_ms"]
        assert page["queries"] > 0 and page["url"].startswith("/")
        assert page["budget_p95_ms"] == BUDGET_P95_MS[name] and page["cpu_p50_ms"] is not None
        assert page["requests"] == 2
    assert set(report["rows"]) == ROWS
    assert report["rows"]["residents"] > 0 and report["rows"]["dossiers"] > 0


def test_each_page_is_requested_by_the_role_whose_work_it_is(demo, tmp_path) -> None:
    path = tmp_path / "run.json"
    run_bench("--report", str(path))

    pages = json.loads(path.read_text(encoding="utf-8"))["pages"]
    for name, page in pages.items():
        assert User.objects.get(username=page["user"]).role == ROLE_OF_PAGE[name], name


def test_the_pages_resolve_to_the_views_the_issue_budgets(demo) -> None:
    pages = {page.name: page for page in bench.resolve_pages()}

    views = {name: resolve(page.url.split("?")[0]).view_name for name, page in pages.items() if page.url}
    assert views == {
        "werkvoorraad": "dossiers:werkvoorraad",
        "dossier": "dossiers:detail",
        "zoeken_bsn": "dossiers:zoeken",
        "zoeken_naam": "dossiers:zoeken",
        "zoeken_postcode": "dossiers:zoeken",
        "triage": "dossiers:triage",
        "besluiten": "decisions:werkvoorraad",
        "berichttaken": "allocations:taken",
        "logboek": "audit:logboek",
        "monitor_beleid": "monitor:monitor",
        "monitor_team": "monitor:monitor",
        "monitor_wijk_kwartaal": "monitor:monitor",
        "monitor_csv": "monitor:export_csv",
        "monitor_xlsx": "monitor:export_xlsx",
        "monitor_eerste_blik": "monitor:monitor",
        "monitor_prognose": "monitor:forecast",
        "monitor_raad": "monitor:report_concept",
        "vroegsignalen": "vroegsignalering:werklijst",
        "partnermeldingen": "partners:queue",
        "informatiepunt": "outreach:informatiepunt",
    }
    assert "wijk=" in pages["monitor_wijk_kwartaal"].url and "-K" in pages["monitor_wijk_kwartaal"].url
    assert "van=" in pages["logboek"].url and "tot=" in pages["logboek"].url, "the log is searched over a date range"
    assert pages["inzage_export"].prepare is not None and pages["inzage_export"].max_requests


def test_the_first_look_at_the_monitor_is_timed_with_nothing_cached_every_time(demo, monkeypatch, tmp_path) -> None:
    forgotten: list[str] = []
    monkeypatch.setattr(bench, "forget_suppression", lambda: forgotten.append("cache"))
    run_bench("--report", str(tmp_path / "run.json"))

    assert forgotten == ["cache", "cache"]  # before each of the two timed requests, not before the warm-up


def test_forgetting_the_suppression_empties_the_cache(db) -> None:
    from django.core.cache import cache

    cache.set("monitor:suppress:v1:test", [(0, 1)])
    bench.forget_suppression()
    assert cache.get("monitor:suppress:v1:test") is None


def test_the_searches_find_a_member_of_the_generalists_own_dossier(demo) -> None:
    pages = {page.name: page for page in bench.resolve_pages()}
    client = Client()
    client.force_login(User.objects.get(username="generalist"))  # conftest: with the second factor

    dossier_pk = resolve(pages["dossier"].url).kwargs["pk"]
    for name in ("zoeken_bsn", "zoeken_naam", "zoeken_postcode"):
        response = client.get(pages[name].url)
        assert response.status_code == 200
        assert f"/dossiers/{dossier_pk}/" in response.content.decode(), name


def test_without_report_the_report_goes_to_var_bench(demo, settings, tmp_path) -> None:
    settings.BASE_DIR = tmp_path
    output = run_bench()

    [path] = (tmp_path / "var" / "bench").glob("bench-*Z.json")
    assert f"Rapport: {path}" in output


def test_compare_prints_one_line_per_page(demo, tmp_path) -> None:
    old = tmp_path / "old.json"
    run_bench("--report", str(old))
    output = run_bench("--report", str(tmp_path / "new.json"), "--compare", str(old))

    lines = [line for line in output.splitlines() if line.split(" ", 1)[0] in PAGES and " p50 " in line]
    assert {line.split(" ", 1)[0] for line in lines} == PAGES and len(lines) == len(PAGES)
    assert all("p95" in line and "queries" in line and "->" in line for line in lines)


def test_an_unreadable_old_report_is_refused_before_measuring(demo, tmp_path) -> None:
    with pytest.raises(CommandError, match="oude rapport"):
        run_bench("--compare", str(tmp_path / "missing.json"))


def test_too_many_queries_still_writes_the_report_and_fails(demo, tmp_path) -> None:
    path = tmp_path / "run.json"
    with pytest.raises(CommandError, match="Boven budget"):
        call_command("bench", "--requests", "1", "--max-queries", "1", "--report", str(path), stdout=io.StringIO())

    assert json.loads(path.read_text(encoding="utf-8"))["over_budget"]


def test_a_p95_over_the_scaled_budget_fails_the_run(demo, tmp_path) -> None:
    path = tmp_path / "run.json"
    with pytest.raises(CommandError, match="p95"):
        call_command(
            "bench", "--requests", "1", "--budget-factor", "0.000001", "--report", str(path), stdout=io.StringIO()
        )

    failures = json.loads(path.read_text(encoding="utf-8"))["over_budget"]
    assert {failure.split(":", 1)[0] for failure in failures} == PAGES


def test_without_the_demo_the_bench_says_how_to_load_it(db) -> None:
    with pytest.raises(CommandError, match="make demo"):
        run_bench()


# --- The arithmetic ---------------------------------------------------------------------------------


def test_percentile_is_the_nearest_rank() -> None:
    values = [float(value) for value in range(20, 0, -1)]

    assert bench.percentile(values, 95) == 19
    assert bench.percentile(values, 50) == 10
    assert bench.percentile(values, 100) == 20
    assert bench.percentile([7.0], 95) == 7
    with pytest.raises(ValueError):
        bench.percentile([], 95)


def test_over_budget_uses_the_pages_p95_budget_times_the_factor() -> None:
    slow = result("werkvoorraad", [10.0] * 18 + [40.0, 40.0])  # p95 40 ms against a 30 ms budget

    assert bench.over_budget([slow]) == ["werkvoorraad: p95 40 ms > 30 ms"]
    assert bench.over_budget([slow], factor=2) == []
    assert bench.over_budget([result("werkvoorraad", [10.0] * 19 + [400.0])]) == [], "one slow request of 20"


def test_queries_count_only_when_measured() -> None:
    assert bench.over_budget([result("triage", [1.0], queries=50)], max_queries=40) == ["triage: 50 queries > 40"]
    assert bench.over_budget([result("triage", [1.0], queries=None)], max_queries=40) == []
    export = Result("inzage_export", "/x/", "privacy", [1.0], 80, query_limit_applies=False)
    assert bench.over_budget([export], max_queries=40) == [], "several requests per step: not one page view"


def test_a_monitor_page_has_its_own_query_limit_above_the_common_one() -> None:
    limit = bench.QUERY_LIMITS["monitor_beleid"]
    assert limit > 40
    assert bench.over_budget([result("monitor_beleid", [1.0], queries=limit)], max_queries=40) == []
    too_many = result("monitor_beleid", [1.0], queries=limit + 1)
    assert bench.over_budget([too_many], max_queries=40) == [f"monitor_beleid: {limit + 1} queries > {limit}"]
    assert bench.over_budget([too_many], max_queries=1000) == [], "a looser --max-queries still applies"


def test_compare_lines_show_changes_missing_pages_and_throughput() -> None:
    old = {
        "date": "2026-11-01T00:00:00+00:00",
        "commit": "abc",
        "pages": {"werkvoorraad": {"p50_ms": 10, "p95_ms": 20, "queries": 9}},
        "throughput": {"dossier": {"requests_per_s": 100, "errors": 0}},
    }
    new = {
        "pages": {
            "werkvoorraad": {"p50_ms": 5, "p95_ms": 10, "queries": None},
            "triage": {"p50_ms": 5, "p95_ms": 6, "queries": 7},
        },
        "throughput": {"dossier": {"requests_per_s": 150, "errors": 0}},
    }

    lines = bench.compare_lines(old, new)

    assert "p50 10 -> 5ms (-5.0, -50%)" in lines[1] and "queries -" in lines[1]
    assert lines[2].startswith("triage") and "nieuw" in lines[2]
    assert lines[3].startswith("dossier") and "100 -> 150 (+50, +50%)" in lines[3]


def test_a_used_totp_step_is_waited_out_instead_of_refused(demo) -> None:
    """django-otp refuses a code of a step already used; a refusal counts towards the lockout."""
    user = User.objects.get(username="generalist")
    device = two_factor.confirmed_device(user)
    clock = [1_800_000_010.0]  # 10 s into a 30-second step
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=int(clock[0] // 30))
    waits: list[float] = []

    def wait(seconds: float) -> None:
        waits.append(seconds)
        clock[0] += seconds

    code = bench.fresh_code(user, wait=wait, now=lambda: clock[0])

    assert waits == [20.5]
    assert code == two_factor.code_at(device, clock[0]) != two_factor.code_at(device, 1_800_000_010.0)
    assert bench.fresh_code(user, wait=wait, now=lambda: clock[0] + 60) and len(waits) == 1, "a fresh step: no wait"
