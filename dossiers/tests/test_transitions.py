from dossiers.transitions import TRANSITIONS, Status, is_allowed


def test_every_status_has_a_row_in_the_transition_table() -> None:
    assert set(TRANSITIONS) == set(Status)


def test_every_open_status_can_be_closed() -> None:
    for status in Status:
        if status != Status.AFGESLOTEN:
            assert is_allowed(status, Status.AFGESLOTEN), status


def test_a_closed_dossier_can_only_be_reopened() -> None:
    assert TRANSITIONS[Status.AFGESLOTEN] == {Status.HEROPEND}


def test_the_route_cannot_skip_the_onderzoek() -> None:
    assert not is_allowed(Status.IN_TRIAGE, Status.PLAN)
    assert not is_allowed(Status.AANGEMELD, Status.UITVOERING)
