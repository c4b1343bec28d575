"""The capacity forecast's model (monitor/forecast.py) on hand-made numbers: a team in balance stays in balance, more
inflow lengthens the waiting list, more FTE shortens it, the band always holds the expected value and nothing goes
below zero."""

from hypothesis import given, settings
from hypothesis import strategies as st

from monitor import forecast
from monitor.forecast import Band, TeamFigures, WhatIf, closing_rate, percentile, simulate, step

#: 20 new dossiers a month, a fifth of the caseload closes each month, 2.5 FTE × 40 = room for 100: in balance,
#: with the 10 of the last two weeks in triage.
BALANCED = TeamFigures(waiting=10, caseload=100, fte=2.5, inflow=(20,) * 12, closing_rate=0.2)
NORM = WhatIf(norm=40)


def test_a_team_in_balance_stays_in_balance() -> None:
    runs = simulate(BALANCED, NORM)
    assert [band.median for band in runs.waiting_bands()] == [10.0] * 13
    assert [band.median for band in runs.caseload_bands()] == [100.0] * 13


def test_without_spread_in_the_inflow_the_band_is_a_line() -> None:
    runs = simulate(BALANCED, NORM)
    assert len(runs.waiting) == 1
    assert all(band.low == band.median == band.high for band in runs.waiting_bands())


def test_more_inflow_makes_the_waiting_list_grow_by_what_does_not_fit() -> None:
    # 24 a month instead of 20: the team still starts 20 (what closes), so the list grows by 4 a month.
    bands = simulate(BALANCED, WhatIf(norm=40, inflow_percent=20)).waiting_bands()
    assert [round(bands[month].median, 6) for month in (1, 3, 6, 12)] == [14, 22, 34, 58]


def test_more_fte_shortens_the_waiting_list() -> None:
    backlog = TeamFigures(waiting=50, caseload=100, fte=2.5, inflow=(20,) * 12, closing_rate=0.2)
    as_now = simulate(backlog, NORM).waiting_bands()
    one_more = simulate(backlog, WhatIf(norm=40, fte_change=1)).waiting_bands()
    assert as_now[1].median == 50  # no room beyond what closes: the backlog stays
    # Room for 140: 80 left after closures, so 60 start: the 50 waiting and the 10 triaged of this month's 20.
    assert one_more[1].median == 10
    assert one_more[12].median == 10


def test_a_higher_caseload_norm_works_like_more_fte() -> None:
    backlog = TeamFigures(waiting=50, caseload=100, fte=2.5, inflow=(20,) * 12, closing_rate=0.2)
    assert simulate(backlog, WhatIf(norm=56)).waiting_bands()[1].median == 10


def test_a_team_losing_all_fte_starts_nobody() -> None:
    bands = simulate(BALANCED, WhatIf(norm=40, fte_change=-5)).waiting_bands()
    assert bands[12].median == 10 + 12 * 20


def test_one_month_step_in_order_closures_inflow_starts() -> None:
    # 100 in work, 20% close: 80; 30 arrive, 15 of them triaged; room for 10 of the 25 ready.
    assert step(waiting=10, caseload=100, inflow=30, rate=0.2, capacity=90) == (30, 90)


def test_the_closing_rate_is_closures_over_the_dossiers_open_at_the_start_of_each_month() -> None:
    assert closing_rate([100, 80], [20, 25]) == 45 / 180
    assert closing_rate([0, 0], [0, 0]) == 0.0


def test_percentile_by_nearest_rank() -> None:
    values = [float(v) for v in range(1, 11)]
    assert (percentile(values, 0.1), percentile(values, 0.5), percentile(values, 0.9)) == (1, 5, 9)


def test_the_same_inputs_give_the_same_band_and_a_spread_gives_a_band() -> None:
    team = TeamFigures(
        waiting=20, caseload=90, fte=2.5, inflow=(14, 25, 19, 30, 17, 22, 18, 26, 21, 15, 24, 29), closing_rate=0.2
    )
    first, again = simulate(team, NORM, seed=7), simulate(team, NORM, seed=7)
    assert first == again
    twelve = first.waiting_bands()[12]
    assert twelve.low < twelve.median < twelve.high
    assert len(first.waiting) == forecast.RUNS


def test_two_teams_together_add_up_run_by_run() -> None:
    spread = TeamFigures(waiting=20, caseload=90, fte=2.5, inflow=(14, 25, 19, 30), closing_rate=0.2)
    together = simulate(spread, NORM, runs=5) + simulate(BALANCED, NORM)
    alone = simulate(spread, NORM, runs=5)
    assert len(together.waiting) == 5
    assert together.waiting[3][12] == alone.waiting[3][12] + 10


@settings(max_examples=60, deadline=None)
@given(
    waiting=st.integers(0, 500),
    caseload=st.integers(0, 2000),
    fte=st.floats(0, 60, allow_nan=False),
    inflow=st.lists(st.integers(0, 400), min_size=1, max_size=12),
    rate=st.floats(0, 1, allow_nan=False),
    norm=st.floats(1, 200, allow_nan=False),
    inflow_percent=st.floats(-50, 100, allow_nan=False),
    fte_change=st.floats(-60, 50, allow_nan=False),
)
def test_the_band_holds_the_median_and_nothing_is_negative(
    waiting, caseload, fte, inflow, rate, norm, inflow_percent, fte_change
) -> None:
    team = TeamFigures(waiting=waiting, caseload=caseload, fte=fte, inflow=tuple(inflow), closing_rate=rate)
    runs = simulate(team, WhatIf(norm=norm, inflow_percent=inflow_percent, fte_change=fte_change), runs=30)
    for bands in (runs.waiting_bands(), runs.caseload_bands()):
        assert len(bands) == forecast.HORIZON + 1
        for band in bands:
            assert isinstance(band, Band)
            assert 0 <= band.low <= band.median <= band.high
    assert runs.waiting_bands()[0].median == waiting
