import pytest

from reflection.stats import change, perspective_gap, rank_for_discussion, summarise


def only(results, code):
    return next(r for r in results if r.theme_code == code)


def test_median_mean_and_population_spread_on_known_scores():
    scores = [("regelruimte", "professional", v) for v in (2, 4, 4, 4, 5, 5, 7, 9)]
    result = only(summarise(scores), "regelruimte")
    assert result.n == 8
    assert result.mean == 5.0
    assert result.median == 4.5
    assert result.spread == 2.0  # population standard deviation
    assert result.distribution == {1: 0, 2: 1, 3: 0, 4: 3, 5: 2, 6: 0, 7: 1, 8: 0, 9: 1, 10: 0}


def test_results_split_by_perspective():
    scores = [("samenspel", "professional", v) for v in (8, 8, 9)] + [("samenspel", "beleid", v) for v in (3, 4, 5)]
    result = only(summarise(scores), "samenspel")
    assert result.by_perspective["professional"].mean == pytest.approx(25 / 3)
    assert result.by_perspective["beleid"].median == 4.0
    assert perspective_gap(result) == pytest.approx(25 / 3 - 4)


def test_perspective_with_fewer_than_three_answers_shows_no_values():
    scores = [("samenspel", "professional", v) for v in (8, 8, 9)] + [("samenspel", "management_bestuur", 2)]
    result = only(summarise(scores), "samenspel")
    lone = result.by_perspective["management_bestuur"]
    assert lone.suppressed and lone.n == 1
    assert lone.mean is None and lone.median is None
    assert perspective_gap(result) is None  # only one perspective may be compared


def test_theme_with_fewer_than_three_answers_shows_no_values():
    result = only(summarise([("slim-geld", "beleid", 3), ("slim-geld", "professional", 9)]), "slim-geld")
    assert result.suppressed and result.n == 2
    assert result.distribution is None and result.mean is None and result.median is None and result.spread is None


def test_score_outside_scale_is_refused():
    with pytest.raises(ValueError):
        summarise([("slim-geld", "beleid", 11)])


def test_discussion_starts_with_most_frequent_bottlenecks_then_largest_disagreement_then_spread():
    scores = (
        [("laag", "professional", v) for v in (2, 2, 2)]
        + [("hoog", "professional", v) for v in (9, 9, 9)]
        # equal means of 6: 'verdeeld' has a perspective gap, 'breed' only a wide spread
        + [("verdeeld", "professional", v) for v in (8, 8, 8)]
        + [("verdeeld", "beleid", v) for v in (4, 4, 4)]
        + [("breed", "professional", v) for v in (2, 6, 10)]
        + [("gelijk", "professional", v) for v in (6, 6, 6)]
        + [("te-weinig", "beleid", 10)]
    )
    assert rank_for_discussion(summarise(scores)) == ["hoog", "verdeeld", "breed", "gelijk", "laag", "te-weinig"]


def test_change_compares_means_of_a_follow_up_session():
    before = summarise([("regelruimte", "professional", v) for v in (8, 8, 8)] + [("samenspel", "beleid", 5)])
    after = summarise(
        [("regelruimte", "professional", v) for v in (5, 6, 7)] + [("samenspel", "beleid", v) for v in (5, 5, 5)]
    )
    assert change(before, after) == {"regelruimte": -2.0, "samenspel": None}
