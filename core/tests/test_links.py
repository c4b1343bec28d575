"""`url_for_pk` gives the same path as `reverse`, once per table instead of once per row."""

import pytest
from django.urls import reverse, set_script_prefix
from hypothesis import given
from hypothesis import strategies as st

from core.links import url_for_pk


@given(pk=st.integers(min_value=1, max_value=10**12))
def test_the_same_path_as_reverse_for_every_pk(pk: int) -> None:
    assert url_for_pk("dossiers:detail")(pk) == reverse("dossiers:detail", args=[pk])


def test_the_script_prefix_is_kept() -> None:
    set_script_prefix("/gemeente/")
    try:
        assert url_for_pk("dossiers:detail")(7) == reverse("dossiers:detail", args=[7])
        assert url_for_pk("dossiers:detail")(7).startswith("/gemeente/")
    finally:
        set_script_prefix("/")


def test_a_view_without_a_pk_argument_is_refused() -> None:
    with pytest.raises(Exception):  # noqa: B017 - NoReverseMatch from Django
        url_for_pk("dossiers:werkvoorraad")
